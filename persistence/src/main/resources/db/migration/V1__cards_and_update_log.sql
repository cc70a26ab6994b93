-- The schema's one source (DESIGN.md "Storage"): Flyway applies it, jOOQ generates its classes from it.
-- Strings are varchar without a length (the same as text in PostgreSQL): jOOQ's DDLDatabase simulates the
-- DDL on H2, where text is a CLOB that cannot be a key (jOOQ issue #9336).

create table workspaces (
    id          varchar     primary key,
    created_at  timestamptz not null default now()
);

create table cards (
    pk          bigint      generated always as identity primary key,
    workspace   varchar     not null references workspaces (id),
    name        varchar     not null,
    title       varchar     not null default '',
    created_by  varchar     not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    deleted_at  timestamptz,
    unique (workspace, name)
);

-- Append-only log of the Yjs v1 updates applied to a card. seq orders a card's rows; updates commute,
-- so a row that commits "late" is still correct to apply in seq order.
create table card_updates (
    card        bigint      not null references cards (pk),
    seq         bigint      generated always as identity,
    data        bytea       not null,
    created_at  timestamptz not null default now(),
    primary key (card, seq)
);

-- A card's merged full state up to last_seq. A compaction writes a new snapshot and deletes the log
-- rows it merged (and older snapshots) in the same transaction.
create table card_snapshots (
    card          bigint      not null references cards (pk),
    last_seq      bigint      not null,
    state         bytea       not null,
    state_vector  bytea       not null,
    created_at    timestamptz not null default now(),
    primary key (card, last_seq)
);
