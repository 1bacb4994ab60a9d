-- One row per result_id (= one per command): what ops query. A re-published result updates the
-- row and counts the delivery; it never adds a second outcome.
create table trade_result (
    result_id    text primary key,
    command_id   text        not null unique,
    status       text        not null,
    mode         text        not null,
    quote_id     text,
    quote_hash   text,
    nonce        text,
    error_code   text,
    error_reason text,
    observed_at  timestamptz,
    received_at  timestamptz,
    latency_ms   bigint,
    deliveries   integer     not null default 1,
    republished  integer     not null default 0,
    event        text        not null,
    first_seen   timestamptz not null default now(),
    last_seen    timestamptz not null default now()
);
create index trade_result_status_idx on trade_result (status);
