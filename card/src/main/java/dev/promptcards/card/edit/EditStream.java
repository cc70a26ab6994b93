package dev.promptcards.card.edit;

import dev.promptcards.crdt.Doc;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Edits of one card by one author, gathered and applied together once per window ({@link CardEditor#stream}).
 * Edits are applied in the order given. Thread-safe. The card stays loaded until the stream is closed.
 */
public interface EditStream extends AutoCloseable {

    /**
     * Adds an edit; it is applied with the others of its window, in one transaction.
     *
     * @param edit what to do with the document; runs on the card's thread, must not block nor keep it
     * @throws IllegalStateException after {@link #close()}
     */
    void edit(Consumer<Doc> edit);

    /**
     * Applies the edits given so far now, without waiting for the window to end.
     *
     * @return completes once they are applied; exceptionally with the first failure among them (the
     *         others are applied all the same) or {@link NoSuchCardException}
     */
    CompletableFuture<Void> flush();

    /**
     * Applies what is pending and lets the card go. Does not wait; {@link #flush()} first to wait.
     * Closing again does nothing.
     */
    @Override
    void close();
}
