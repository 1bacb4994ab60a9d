-- A transition to its next state; only where the row is still in the state it leaves (and owned by owner, when given).
-- Parameters: state, result, error_code, error_reason, command_id, from state, owner, owner.
update execution set state = ?, result = ?, error_code = ?, error_reason = ?, finished_at = now(), lease_until = null
where command_id = ? and state = ? and (?::text is null or owner = ?)
