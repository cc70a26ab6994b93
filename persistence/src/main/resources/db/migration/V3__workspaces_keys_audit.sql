-- Workspaces for teams and integrators (issue 15): names and quotas, members, API keys and the audit log.
-- Same rules as V1: strings are varchar without a length, JSON is text holding JSON (the store writes and
-- reads it; PostgreSQL never looks inside).

-- A workspace's display name ('' for the workspaces V1 and V2 created as a name in a token) and its quotas;
-- null is unlimited. The cost is in US dollars, numeric so that a monthly sum is exact.
alter table workspaces add column name varchar not null default '';
alter table workspaces add column max_cards integer;
alter table workspaces add column max_connections integer;
alter table workspaces add column max_runs_per_day integer;
alter table workspaces add column max_cost_per_month_usd numeric(18, 6);

-- Who belongs to a workspace (a token's subject) and with which role.
create table workspace_members (
    workspace  varchar     not null references workspaces (id),
    subject    varchar     not null,
    role       varchar     not null,
    added_at   timestamptz not null default now(),
    primary key (workspace, subject),
    constraint workspace_members_role check (role in ('admin', 'editor', 'viewer'))
);

-- A workspace's API keys. The key itself is never stored, only its SHA-256 as 64 lowercase hex digits (hash;
-- varchar, not bytea: DDLDatabase simulates bytea as an H2 BLOB, which cannot be indexed); see ApiKeyStore
-- for why a fast hash is right for 256-bit random keys. The unique index on hash is authenticate's lookup.
create table api_keys (
    id            varchar     primary key,
    workspace     varchar     not null references workspaces (id),
    name          varchar     not null,
    role          varchar     not null,
    hash          varchar     not null unique,
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    constraint api_keys_role check (role in ('admin', 'editor', 'viewer'))
);

create index api_keys_by_workspace on api_keys (workspace, created_at, id);

-- Who did what, per workspace, as a hash chain: hash = SHA-256(prev_hash, the row's canonical content),
-- prev_hash the hash of the workspace's previous row (AuditLog defines both). Hashes are 64 lowercase hex
-- digits. detail is JSON text or null.
create table audit_log (
    id          bigint      generated always as identity primary key,
    workspace   varchar     not null references workspaces (id),
    at          timestamptz not null,
    actor_kind  varchar     not null,
    actor       varchar     not null,
    action      varchar     not null,
    target      varchar,
    detail      varchar,
    prev_hash   varchar     not null,
    hash        varchar     not null,
    constraint audit_log_actor_kind check (actor_kind in ('operator', 'api_key', 'token'))
);

-- A workspace's rows in chain order (AuditLog.page, verify, and the last row of an append).
create index audit_log_by_workspace on audit_log (workspace, id);
