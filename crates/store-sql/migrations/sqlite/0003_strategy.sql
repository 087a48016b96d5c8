-- Strategy: maturity self-assessment rounds (respondents answer through a
-- private link, the city agrees a level per element) and the people-centred
-- digital roadmap (actions, stakeholders and their roles). Twin of the PostgreSQL file.

CREATE TABLE maturity_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    framework TEXT NOT NULL,
    default_target BIGINT NOT NULL CHECK (default_target BETWEEN 0 AND 5),
    created_at BIGINT NOT NULL,
    closed_at BIGINT,
    UNIQUE (city_id, name)
);

CREATE TABLE maturity_respondents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id BIGINT NOT NULL REFERENCES maturity_rounds (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('department', 'external')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    submitted_at BIGINT,
    UNIQUE (round_id, name)
);

CREATE TABLE maturity_answers (
    respondent_id BIGINT NOT NULL REFERENCES maturity_respondents (id) ON DELETE CASCADE,
    element TEXT NOT NULL,
    level BIGINT CHECK (level BETWEEN 0 AND 5),
    evidence TEXT NOT NULL DEFAULT '',
    evidence_url TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (respondent_id, element)
);

CREATE TABLE maturity_consensus (
    round_id BIGINT NOT NULL REFERENCES maturity_rounds (id) ON DELETE CASCADE,
    element TEXT NOT NULL,
    level BIGINT NOT NULL CHECK (level BETWEEN 0 AND 5),
    target BIGINT CHECK (target BETWEEN 0 AND 5),
    note TEXT NOT NULL DEFAULT '',
    agreed_by TEXT NOT NULL,
    agreed_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, element)
);

CREATE TABLE stakeholders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('municipal', 'regional', 'national', 'international')),
    sector TEXT NOT NULL CHECK (sector IN ('government', 'civil-society', 'private', 'academia')),
    UNIQUE (city_id, name)
);

CREATE TABLE roadmap_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL,
    budget DOUBLE PRECISION,
    currency TEXT,
    funding_source TEXT NOT NULL CHECK (funding_source IN
        ('municipal-budget', 'national-programme', 'grant', 'ppp', 'bond', 'loan', 'other')),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'done', 'delayed', 'cancelled')),
    updated_at BIGINT NOT NULL
);
CREATE INDEX roadmap_actions_by_city ON roadmap_actions (city_id);

CREATE TABLE roadmap_dependencies (
    action_id BIGINT NOT NULL REFERENCES roadmap_actions (id) ON DELETE CASCADE,
    depends_on BIGINT NOT NULL REFERENCES roadmap_actions (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, depends_on)
);

CREATE TABLE roadmap_action_elements (
    action_id BIGINT NOT NULL REFERENCES roadmap_actions (id) ON DELETE CASCADE,
    element TEXT NOT NULL,
    PRIMARY KEY (action_id, element)
);

CREATE TABLE roadmap_action_kpis (
    action_id BIGINT NOT NULL REFERENCES roadmap_actions (id) ON DELETE CASCADE,
    kpi TEXT NOT NULL,
    data_point TEXT NOT NULL DEFAULT '',
    target DOUBLE PRECISION,
    target_year BIGINT,
    PRIMARY KEY (action_id, kpi, data_point)
);

CREATE TABLE roadmap_action_roles (
    action_id BIGINT NOT NULL REFERENCES roadmap_actions (id) ON DELETE CASCADE,
    stakeholder_id BIGINT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('responsible', 'accountable', 'consulted', 'informed')),
    PRIMARY KEY (action_id, stakeholder_id, role)
);
