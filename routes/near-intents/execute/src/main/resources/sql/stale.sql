-- The executions reconciliation asks the venue about: EXECUTING past its owner's lease (the owner died mid-execution), and IN_DOUBT.
-- Parameters: limit.
select command_id, state, command, result, owner, lease_until, expires_at, nonce, mode, deliveries from execution
where (state = 'EXECUTING' and lease_until < now()) or state = 'IN_DOUBT' order by received_at limit ?
