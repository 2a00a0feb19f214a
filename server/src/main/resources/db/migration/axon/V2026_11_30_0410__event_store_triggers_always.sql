-- ENABLE ALWAYS: the append-only triggers fire also in sessions with
-- session_replication_role = replica, which otherwise skips ordinary triggers.
ALTER TABLE domain_event_entry ENABLE ALWAYS TRIGGER domain_event_entry_no_update_or_delete;
ALTER TABLE domain_event_entry ENABLE ALWAYS TRIGGER domain_event_entry_no_truncate;
