/**
 * Test runs in PostgreSQL ({@code test_runs}, {@code test_results}): the queue that run workers on every
 * node claim from ({@code SELECT ... FOR UPDATE SKIP LOCKED}, leases so that a run whose node stopped is
 * taken over and resumed), cancellation, and every run and result ever made, as the HTTP API lists them.
 * {@link dev.promptcards.persistence.runs.RunStore} is the one entry point.
 */
package dev.promptcards.persistence.runs;
