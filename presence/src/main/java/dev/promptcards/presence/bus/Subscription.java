package dev.promptcards.presence.bus;

/** A listener's subscription to a card ({@link Bus#subscribe}); closing it stops the messages. */
public interface Subscription extends AutoCloseable {

    /** Stops the messages; closing again does nothing. */
    @Override
    void close();
}
