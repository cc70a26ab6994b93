package dev.promptcards.crdt;

/** Receives every change of a {@link Doc} as a Yjs v1 update, once per transaction (Yjs {@code doc.on('update')}). */
@FunctionalInterface
public interface UpdateListener {
    void onUpdate(byte[] update, Object origin, Transaction transaction);
}
