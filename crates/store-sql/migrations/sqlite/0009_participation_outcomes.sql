-- Participation, second part: "you said, we did" (what the city decided about
-- a resident's input, the roadmap action it led to, and a dated timeline of
-- that outcome's status) and the retention of residents' personal data.
-- Twin of the PostgreSQL file.

-- One outcome per input. An input is named generically by its kind and id
-- (a service request now; consultation proposals and consultations later),
-- so it carries no foreign key to the input's table: a trigger per input
-- table removes the outcome when the input is erased.
CREATE TABLE participation_outcomes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    input_kind TEXT NOT NULL CHECK (input_kind IN ('request', 'proposal', 'consultation')),
    input_id BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'under-consideration', 'planned',
        'in-progress', 'done', 'declined')),
    roadmap_action_id BIGINT REFERENCES roadmap_actions (id) ON DELETE SET NULL,
    decision TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (input_kind, input_id)
);
CREATE INDEX participation_outcomes_by_city ON participation_outcomes (city_id, updated_at);

CREATE TABLE participation_outcome_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    outcome_id BIGINT NOT NULL REFERENCES participation_outcomes (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    status TEXT NOT NULL,
    note TEXT
);
CREATE INDEX participation_outcome_events_by_outcome ON participation_outcome_events (outcome_id);

CREATE TRIGGER service_requests_drop_outcome AFTER DELETE ON service_requests
BEGIN
    DELETE FROM participation_outcomes WHERE input_kind = 'request' AND input_id = OLD.id;
END;

-- How long a city keeps residents' personal data (contact details,
-- demographics) after the input is closed; without a row, the default.
CREATE TABLE participation_retention (
    city_id BIGINT PRIMARY KEY REFERENCES cities (id) ON DELETE CASCADE,
    months BIGINT NOT NULL CHECK (months BETWEEN 1 AND 120),
    updated_at BIGINT NOT NULL
);

-- When the retention sweep deleted a request's contact details (the
-- anonymised request stays).
ALTER TABLE service_requests ADD COLUMN personal_data_deleted_at BIGINT;
