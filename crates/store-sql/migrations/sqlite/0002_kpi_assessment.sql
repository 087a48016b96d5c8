-- KPI assessments: one per city and year, with shared city inputs, one entry per
-- KPI or data point, the verifier's notes, evidence files, city target sets and
-- framework versions loaded by a platform admin. Twin of the PostgreSQL file.

CREATE TABLE kpi_frameworks (
    key TEXT PRIMARY KEY,
    toml TEXT NOT NULL,
    loaded_at BIGINT NOT NULL,
    loaded_by TEXT NOT NULL
);

CREATE TABLE kpi_target_sets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    framework TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (city_id, name)
);

CREATE TABLE kpi_targets (
    target_set_id BIGINT NOT NULL REFERENCES kpi_target_sets (id) ON DELETE CASCADE,
    kpi TEXT NOT NULL,
    data_point TEXT NOT NULL DEFAULT '',
    value DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (target_set_id, kpi, data_point)
);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    year BIGINT NOT NULL CHECK (year BETWEEN 1990 AND 2200),
    revision BIGINT NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'verified')),
    framework TEXT NOT NULL,
    target_set TEXT NOT NULL DEFAULT 'default',
    verifier_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    currency TEXT,
    compare_with_peers BIGINT NOT NULL DEFAULT 0 CHECK (compare_with_peers IN (0, 1)),
    created_at BIGINT NOT NULL,
    submitted_at BIGINT,
    verified_at BIGINT,
    revision_reason TEXT,
    UNIQUE (city_id, year)
);

CREATE TABLE assessment_city_inputs (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    input TEXT NOT NULL,
    value DOUBLE PRECISION,
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, input)
);

CREATE TABLE kpi_entries (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    kpi TEXT NOT NULL,
    data_point TEXT NOT NULL DEFAULT '',
    numerator DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    value DOUBLE PRECISION,
    source TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    quality TEXT,
    not_reported BIGINT NOT NULL DEFAULT 0 CHECK (not_reported IN (0, 1)),
    not_reported_reason TEXT NOT NULL DEFAULT '',
    verified BIGINT CHECK (verified IN (0, 1)),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, kpi, data_point)
);

CREATE TABLE kpi_verification_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    kpi TEXT NOT NULL,
    data_point TEXT NOT NULL DEFAULT '',
    author_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    author_label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('question', 'answer', 'verified', 'not-verified', 'reopened')),
    body TEXT NOT NULL,
    revision BIGINT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX kpi_verification_notes_by_assessment ON kpi_verification_notes (assessment_id, id);

CREATE TABLE kpi_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    kpi TEXT NOT NULL,
    data_point TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL,
    uploaded_at BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX kpi_evidence_by_assessment ON kpi_evidence (assessment_id);
