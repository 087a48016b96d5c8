-- Procurement (U4SSC procurement guidelines, 2023): plan, inform the market,
-- evaluate and award, manage delivery. Criteria, price formula and AHP
-- judgements are the engine's JSON. Twin of the PostgreSQL file.

CREATE TABLE procurements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    roadmap_action_id BIGINT REFERENCES roadmap_actions (id) ON DELETE SET NULL,
    need TEXT NOT NULL DEFAULT '',
    end_users TEXT NOT NULL DEFAULT '',
    procedure TEXT NOT NULL CHECK (procedure IN ('open', 'restricted', 'competitive-dialogue', 'negotiated', 'direct-award')),
    payment_approach TEXT NOT NULL CHECK (payment_approach IN ('fixed-price', 'time-and-materials', 'outcome-based')),
    budget DOUBLE PRECISION,
    currency TEXT,
    outcomes TEXT NOT NULL DEFAULT '[]',
    stage TEXT NOT NULL CHECK (stage IN ('plan', 'inform-market', 'evaluate-award', 'manage-delivery', 'closed')),
    notice_published BIGINT NOT NULL DEFAULT 0 CHECK (notice_published IN (0, 1)),
    notice TEXT NOT NULL DEFAULT '',
    questions_deadline TEXT,
    submission_deadline TEXT,
    criteria TEXT,
    price_formula TEXT NOT NULL,
    abnormally_low_ratio DOUBLE PRECISION NOT NULL,
    ahp TEXT,
    criteria_frozen_at BIGINT,
    bids_opened_at BIGINT,
    awarded_bid_id BIGINT,
    award_note TEXT NOT NULL DEFAULT '',
    awarded_at BIGINT,
    go_live_date TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX procurements_by_city ON procurements (city_id);

CREATE TABLE procurement_criteria_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id BIGINT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    changed_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    old_criteria TEXT,
    new_criteria TEXT
);
CREATE INDEX procurement_criteria_changes_by_procurement ON procurement_criteria_changes (procurement_id);

CREATE TABLE procurement_requirements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id BIGINT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    ordinal BIGINT NOT NULL,
    checklist_id TEXT,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'not-met')),
    status_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX procurement_requirements_by_procurement ON procurement_requirements (procurement_id);

CREATE TABLE procurement_engagements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id BIGINT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('event', 'meeting', 'questions', 'request-for-information', 'other')),
    participants TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX procurement_engagements_by_procurement ON procurement_engagements (procurement_id);

CREATE TABLE procurement_evaluators (
    procurement_id BIGINT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    declared_at BIGINT,
    conflict BIGINT NOT NULL DEFAULT 0 CHECK (conflict IN (0, 1)),
    declaration TEXT NOT NULL DEFAULT '',
    submitted_at BIGINT,
    PRIMARY KEY (procurement_id, user_id)
);

CREATE TABLE procurement_bids (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id BIGINT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    bidder TEXT NOT NULL,
    price DOUBLE PRECISION NOT NULL CHECK (price > 0),
    received_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (procurement_id, bidder)
);

CREATE TABLE procurement_scores (
    procurement_id BIGINT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    bid_id BIGINT NOT NULL REFERENCES procurement_bids (id) ON DELETE CASCADE,
    evaluator_user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    criterion TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL CHECK (score >= 0 AND score <= 100),
    justification TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (bid_id, evaluator_user_id, criterion)
);
CREATE INDEX procurement_scores_by_procurement ON procurement_scores (procurement_id);

CREATE TABLE procurement_consensus (
    procurement_id BIGINT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    bid_id BIGINT NOT NULL REFERENCES procurement_bids (id) ON DELETE CASCADE,
    criterion TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL CHECK (score >= 0 AND score <= 100),
    note TEXT NOT NULL,
    PRIMARY KEY (bid_id, criterion)
);
CREATE INDEX procurement_consensus_by_procurement ON procurement_consensus (procurement_id);

CREATE TABLE procurement_milestones (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id BIGINT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'delivered', 'accepted', 'rejected')),
    acceptance_note TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);
CREATE INDEX procurement_milestones_by_procurement ON procurement_milestones (procurement_id);
