-- RECEIVED -> EXECUTING, committed before anything is sent; wins only where the row was still RECEIVED.
-- Parameters: owner, lease_until, nonce, quote_hash, command_id.
update execution set state = 'EXECUTING', owner = ?, lease_until = ?, nonce = ?, quote_hash = ?, executing_at = now()
where command_id = ? and state = 'RECEIVED'
