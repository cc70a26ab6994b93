package dev.promptcards.card.edit;

import dev.promptcards.card.CardKey;
import dev.promptcards.crdt.Doc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Edits a card from the server side, by key, from any thread: the card is loaded if it is not, the
 * edit runs on the thread that owns the card's document, and what it changes is stored and sent to
 * every connected client as a normal update, with the {@link Author} as its origin. The card stays
 * loaded while edits are pending.
 *
 * <p>For a stream of small edits (a test's output arriving token by token), {@link #stream} coalesces
 * them: the edits of each window are applied together, as one update.
 */
public interface CardEditor {

    /** The window of {@link #stream(CardKey, Author)}: at most about five updates per second. */
    Duration DEFAULT_WINDOW = Duration.ofMillis(200);

    /**
     * Runs one edit on the card's document, in one transaction.
     *
     * @param card   the card; it must exist
     * @param author who makes the change
     * @param edit   what to do with the document; runs on the card's thread, must not block nor keep the
     *               document
     * @param <T>    what the edit returns
     * @return completes with the edit's result once it ran (the update is then on its way to the clients
     *         and the storage); exceptionally with {@link NoSuchCardException}, with what the edit threw
     *         (what it changed before throwing stays changed), or when the card cannot be loaded or the
     *         server is shutting down
     */
    <T> CompletableFuture<T> edit(CardKey card, Author author, Function<Doc, T> edit);

    /**
     * Opens a stream of edits coalesced over {@link #DEFAULT_WINDOW}.
     *
     * @param card   the card; it must exist (else the stream's flushes fail with {@link NoSuchCardException})
     * @param author who makes the changes
     * @return the stream; close it
     */
    default EditStream stream(CardKey card, Author author) {
        return stream(card, author, DEFAULT_WINDOW);
    }

    /**
     * Opens a stream of edits: the edits given within one window are applied together in one
     * transaction, so the clients and the storage get one update per window.
     *
     * @param card   the card
     * @param author who makes the changes
     * @param window how long edits are gathered before they are applied; zero applies each at once
     * @return the stream; close it
     */
    EditStream stream(CardKey card, Author author, Duration window);
}
