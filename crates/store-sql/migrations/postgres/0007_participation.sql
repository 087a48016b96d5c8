-- Participation: the services residents report problems to (Open311
-- GeoReport v2), their requests with a dated timeline of status changes and
-- moderation, contact details kept apart from the public record, and the
-- client apps trusted to submit through the API (keys hashed).
-- Twin of the SQLite file.

CREATE TABLE participation_services (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '',
    service_group TEXT NOT NULL DEFAULT '',
    notice TEXT NOT NULL DEFAULT '',
    agency TEXT NOT NULL DEFAULT '',
    UNIQUE (city_id, code)
);

CREATE TABLE client_apps (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE service_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    service_id BIGINT NOT NULL REFERENCES participation_services (id),
    description TEXT NOT NULL,
    address TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    status_notes TEXT,
    hidden BIGINT NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    hidden_reason TEXT,
    channel TEXT NOT NULL,
    client_app_id BIGINT REFERENCES client_apps (id) ON DELETE SET NULL,
    fingerprint TEXT NOT NULL,
    receipt_hash TEXT NOT NULL UNIQUE,
    requested_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX service_requests_by_city ON service_requests (city_id, requested_at);
CREATE INDEX service_requests_by_fingerprint ON service_requests (city_id, fingerprint);

CREATE TABLE service_request_contacts (
    request_id BIGINT PRIMARY KEY REFERENCES service_requests (id) ON DELETE CASCADE,
    email TEXT,
    first_name TEXT,
    last_name TEXT,
    phone TEXT
);

CREATE TABLE service_request_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('submitted', 'status', 'hidden', 'shown')),
    status TEXT NOT NULL,
    note TEXT
);
CREATE INDEX service_request_events_by_request ON service_request_events (request_id);
