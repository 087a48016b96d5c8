-- "You said, we did" for consultations: an outcome may belong to a
-- consultation (what the city made of its result) or to one of its
-- proposals. Outcomes name their input by kind and id without a foreign key,
-- so triggers remove an outcome when its input is erased: a proposal when its
-- row goes (the resident erases the answer, or takes the proposal back) or
-- stops being a proposal, a consultation when it is deleted.
-- Twin of the SQLite file.

CREATE FUNCTION consultation_comments_drop_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM participation_outcomes WHERE input_kind = 'proposal' AND input_id = OLD.id;
    RETURN OLD;
END;
$$;
CREATE TRIGGER consultation_comments_drop_outcome AFTER DELETE ON consultation_comments
    FOR EACH ROW EXECUTE FUNCTION consultation_comments_drop_outcome();
CREATE TRIGGER consultation_comments_drop_outcome_on_kind AFTER UPDATE OF kind ON consultation_comments
    FOR EACH ROW WHEN (NEW.kind <> 'proposal') EXECUTE FUNCTION consultation_comments_drop_outcome();

CREATE FUNCTION consultations_drop_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM participation_outcomes WHERE input_kind = 'consultation' AND input_id = OLD.id;
    DELETE FROM participation_outcomes WHERE input_kind = 'proposal'
        AND input_id NOT IN (SELECT id FROM consultation_comments);
    RETURN OLD;
END;
$$;
CREATE TRIGGER consultations_drop_outcome AFTER DELETE ON consultations
    FOR EACH ROW EXECUTE FUNCTION consultations_drop_outcome();
