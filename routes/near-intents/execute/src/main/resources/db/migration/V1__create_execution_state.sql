-- Camel's JDBC idempotent repository (JdbcMessageIdRepository): the first gate, keyed on
-- command_id, one row per (processor, message id).
create table camel_messageprocessed (
    processorname varchar(255) not null,
    messageid     varchar(100) not null,
    createdat     timestamp    not null,
    constraint camel_messageprocessed_pk primary key (processorname, messageid)
);

-- The execution record: explicit states, the source of truth for what was sent to the venue.
-- RECEIVED -> EXECUTING (committed before anything is sent) -> SUCCEEDED | FAILED | REJECTED
-- | EXPIRED, and IN_DOUBT when a process died between sending and recording the answer.
create table execution (
    command_id      text primary key,
    idempotency_key text        not null unique,
    execution_key   text        not null,
    quote_id        text        not null,
    mode            text        not null check (mode in ('paper', 'live')),
    state           text        not null check (state in ('RECEIVED', 'EXECUTING', 'SUCCEEDED', 'FAILED',
                                                          'REJECTED', 'EXPIRED', 'IN_DOUBT')),
    command         text        not null,
    nonce           text,
    quote_hash      text,
    result          text,
    owner           text,
    lease_until     timestamptz,
    expires_at      timestamptz not null,
    deliveries      integer     not null default 1,
    error_code      text,
    error_reason    text,
    received_at     timestamptz not null default now(),
    executing_at    timestamptz,
    finished_at     timestamptz
);

create index execution_open_idx on execution (state, lease_until) where state in ('EXECUTING', 'IN_DOUBT');
