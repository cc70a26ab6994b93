package dev.promptcards.server.app;

import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.persistence.Database;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a {@link RunServiceFactory} builds the run service from.
 *
 * @param cardEditor the rooms' port for server-side edits (a run streams its results through it)
 * @param database   the database (pool, jOOQ) the runs are queued and stored in
 * @param metrics    the registry every meter goes to ({@code /metrics})
 * @param config     the process's configuration
 */
public record RunServiceParts(CardEditor cardEditor, Database database, MeterRegistry metrics, AppConfig config) {
}
