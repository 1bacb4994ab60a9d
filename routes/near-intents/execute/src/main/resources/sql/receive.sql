-- RECEIVED, or a redelivery counted: one statement, one round trip; the row says which it was.
-- Parameters: command_id, idempotency_key, execution_key, quote_id, mode, command, expires_at.
insert into execution as e (command_id, idempotency_key, execution_key, quote_id, mode, state, command, expires_at)
values (?, ?, ?, ?, ?, 'RECEIVED', ?, ?)
on conflict (command_id) do update set deliveries = e.deliveries + 1
returning (xmax = 0) as inserted, state, result, owner, deliveries
