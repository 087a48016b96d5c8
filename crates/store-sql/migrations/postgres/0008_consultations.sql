-- Priority consultations: a question with options the city publishes, the
-- residents' ballots (a vote for one option or a ranking), their optional
-- proposal or comment (moderated with a reason the author sees), and the
-- optional demographics kept in a table of their own. A ballot points to its
-- demographics only through a random key, with no foreign key, so either can
-- be erased without the other and the demographics never sit in the answer's
-- row. The population profile the city compares participation with.
-- Twin of the SQLite file.

CREATE TABLE consultations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL CHECK (mode IN ('vote', 'rank')),
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX consultations_by_city ON consultations (city_id, opens_at);

CREATE TABLE consultation_options (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    label TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consultation_options_by_consultation ON consultation_options (consultation_id, position);

CREATE TABLE consultation_ballots (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'paper', 'phone', 'in-person')),
    receipt_hash TEXT NOT NULL UNIQUE,
    -- SHA-256 of the random token in the browser's cookie, to notice a
    -- second answer from the same browser; NULL for assisted entry.
    device_hash TEXT,
    -- The random key of this ballot's demographics, if any were given.
    demographics_key TEXT UNIQUE,
    -- The staff member who entered a paper, phone or in-person answer.
    recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    submitted_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX consultation_ballots_by_consultation ON consultation_ballots (consultation_id);
CREATE INDEX consultation_ballots_by_device ON consultation_ballots (consultation_id, device_hash);

CREATE TABLE consultation_choices (
    ballot_id BIGINT NOT NULL REFERENCES consultation_ballots (id) ON DELETE CASCADE,
    option_id BIGINT NOT NULL REFERENCES consultation_options (id) ON DELETE CASCADE,
    -- 1 for the option voted for; 1, 2, 3 … in a ranking.
    choice_rank BIGINT NOT NULL CHECK (choice_rank >= 1),
    PRIMARY KEY (ballot_id, option_id)
);

CREATE TABLE consultation_demographics (
    demographics_key TEXT PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    age_band TEXT,
    gender TEXT,
    district_id BIGINT REFERENCES districts (id) ON DELETE SET NULL,
    disability TEXT,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX consultation_demographics_by_consultation ON consultation_demographics (consultation_id);

CREATE TABLE consultation_comments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    ballot_id BIGINT NOT NULL UNIQUE REFERENCES consultation_ballots (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('proposal', 'comment')),
    body TEXT NOT NULL,
    hidden BIGINT NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    hidden_reason TEXT,
    submitted_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX consultation_comments_by_consultation ON consultation_comments (consultation_id, submitted_at);

CREATE TABLE population_profiles (
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL CHECK (dimension IN ('age_band', 'gender', 'disability')),
    group_code TEXT NOT NULL,
    share_percent DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (city_id, dimension, group_code)
);
