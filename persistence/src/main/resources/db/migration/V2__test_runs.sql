-- Test runs of cards (issue 13) and their results: the queue the run workers claim from, and every run
-- and result ever made (the card's document keeps only the newest 20 runs). Same rules as V1: strings are
-- varchar without a length (text in PostgreSQL, unbounded up to its 1 GB a value), JSON is text holding
-- JSON (the store writes and reads it; PostgreSQL never looks inside).

-- One run. status is queued until a worker claims it (running, claimed_by, lease_until), then one of the
-- final statuses. A running run whose lease passed belongs to a node that stopped: the next claim takes
-- it over and resumes it. created_at is when the run was asked for (the document's startedAt), started_at
-- when a worker first claimed it.
create table test_runs (
    id                varchar     primary key,
    card              bigint      not null references cards (pk),
    status            varchar     not null,
    provider          varchar     not null,
    model             varchar     not null,
    created_by        varchar     not null,
    created_at        timestamptz not null,
    started_at        timestamptz,
    finished_at       timestamptz,
    state_vector      bytea       not null,
    plan              varchar     not null,
    summary           varchar,
    error             varchar,
    claimed_by        varchar,
    lease_until       timestamptz,
    claims            integer     not null default 0,
    cancel_requested  boolean     not null default false,
    constraint test_runs_status check (status in ('queued', 'running', 'passed', 'failed', 'error', 'cancelled')),
    constraint test_runs_running_is_claimed
        check (status <> 'running' or (claimed_by is not null and lease_until is not null))
);

-- A card's runs, newest first (RunStore.list: created_at desc, id).
create index test_runs_by_card on test_runs (card, created_at desc, id);

-- The queue: only the runs not finished, oldest first (RunStore.claim). Partial, so it stays as small as
-- the queue however many finished runs pile up. (jOOQ's generated Indexes leave the WHERE out.)
create index test_runs_queue on test_runs (created_at, id) where status in ('queued', 'running');

-- One test's result in a run, under its key (the test case id, or <id>#<n> with repeat). saved is the
-- order the keys were first saved in (an upsert keeps it), the order get() returns them in. output,
-- error and reasons in assertions may be long: PostgreSQL keeps such values compressed out of line
-- (TOAST), so the queue and the listing, which never read them, do not pay for them.
create table test_results (
    run          varchar          not null references test_runs (id) on delete cascade,
    result_key   varchar          not null,
    saved        bigint           generated always as identity,
    status       varchar          not null,
    output       varchar          not null,
    pass         boolean,
    score        double precision,
    assertions   varchar          not null,
    latency_ms   bigint,
    tokens_in    bigint,
    tokens_out   bigint,
    cost_usd     double precision,
    error        varchar,
    primary key (run, result_key),
    constraint test_results_status check (status in ('queued', 'running', 'passed', 'failed', 'error', 'cancelled'))
);
