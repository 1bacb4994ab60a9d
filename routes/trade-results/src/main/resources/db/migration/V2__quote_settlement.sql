-- Settlement: the venue reports (norm.quote_status) that a quote was used in a published intent.
-- A status whose quote_hash is one of our results settles that result: when (the status's
-- observed_at), by which intent and which transaction.
alter table trade_result
    add column settled_at  timestamptz,
    add column intent_hash text,
    add column tx_hash     text;
-- Statuses are matched to results by quote_hash, from both sides (sql/apply-settlements.sql).
create index trade_result_quote_hash_idx on trade_result (quote_hash) where quote_hash is not null;
-- The win ratio reads the answered results of a recent window only (sql/win-ratio.sql).
create index trade_result_answered_idx on trade_result (first_seen) where status = 'SUCCEEDED' and mode = 'live';

-- Every quote status, once per quote_hash, kept until it can be matched: a status may arrive
-- before the result it is about (two topics, two consumers), and whether it is ours is known
-- only then. Most statuses are other solvers'; those no result claims are dropped after a while
-- (sql/prune-quote-settlements.sql). Written idempotently: a redelivered status changes nothing.
create table quote_settlement (
    quote_hash      text primary key,
    intent_hash     text        not null,
    tx_hash         text,
    settled_at      timestamptz not null,
    status_event_id text        not null,
    received_at     timestamptz not null default now()
);
create index quote_settlement_received_at_idx on quote_settlement (received_at);
