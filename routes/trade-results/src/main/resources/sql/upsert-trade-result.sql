-- One row per result_id: a first delivery inserts it, a re-published or redelivered result
-- updates it and counts the delivery; it never becomes a second outcome. Parameters are the keys
-- of the row map TradeResultMetrics.read builds (camel-sql named parameters).
insert into trade_result (result_id, command_id, status, mode, quote_id, quote_hash, nonce, error_code, error_reason,
                          observed_at, received_at, latency_ms, republished, event)
values (:#resultId, :#commandId, :#status, :#mode, :#quoteId, :#quoteHash, :#nonce, :#errorCode, :#errorReason,
        :#observedAt, :#receivedAt, :#latencyMs, :#republished, :#event)
on conflict (result_id) do update set
    status = excluded.status,
    error_code = excluded.error_code,
    error_reason = excluded.error_reason,
    event = excluded.event,
    deliveries = trade_result.deliveries + 1,
    republished = trade_result.republished + excluded.republished,
    last_seen = now()
