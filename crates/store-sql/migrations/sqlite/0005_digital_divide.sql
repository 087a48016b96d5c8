-- Digital divide: household survey files with their declared design and
-- indicator mapping (the microdata stay here, never published), district
-- boundaries, and the digital inclusion plan. Twin of the PostgreSQL file.

CREATE TABLE survey_datasets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    year BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    columns TEXT NOT NULL,
    design TEXT,
    mapping TEXT,
    published BIGINT NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    bytes BLOB NOT NULL,
    uploaded_at BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    UNIQUE (city_id, name)
);

CREATE TABLE district_boundaries (
    city_id BIGINT PRIMARY KEY REFERENCES cities (id) ON DELETE CASCADE,
    geojson TEXT NOT NULL,
    name_property TEXT,
    uploaded_at BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL
);

CREATE TABLE inclusion_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    gap TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL,
    budget DOUBLE PRECISION,
    currency TEXT,
    delivery TEXT NOT NULL CHECK (delivery IN ('government-network', 'public-private-partnership', 'community-network')),
    finance_model TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    indicator TEXT NOT NULL,
    target DOUBLE PRECISION,
    status TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'done', 'delayed', 'cancelled')),
    updated_at BIGINT NOT NULL
);
CREATE INDEX inclusion_actions_by_city ON inclusion_actions (city_id);
