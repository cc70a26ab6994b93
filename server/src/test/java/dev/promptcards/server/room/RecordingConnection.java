package dev.promptcards.server.room;

import java.util.ArrayList;
import java.util.List;

/** A {@link Connection} that records what the room sends it; after a close it records nothing more. */
final class RecordingConnection implements Connection {

    /** How the room closed the connection. */
    record Close(int code, String reason) {
    }

    private final String id;
    private final String subject;
    private final boolean readOnly;
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Close> closes = new ArrayList<>();
    private volatile boolean failSends;
    private volatile boolean failReadOnly;

    RecordingConnection(String id, boolean readOnly) {
        this(id, "user-" + id, readOnly);
    }

    private RecordingConnection(String id, String subject, boolean readOnly) {
        this.id = id;
        this.subject = subject;
        this.readOnly = readOnly;
    }

    static RecordingConnection editor(String id) {
        return new RecordingConnection(id, false);
    }

    static RecordingConnection viewer(String id) {
        return new RecordingConnection(id, true);
    }

    /** A viewer acting for {@code subject}: one token's subject may hold many connections. */
    static RecordingConnection viewer(String id, String subject) {
        return new RecordingConnection(id, subject, true);
    }

    /** From now on {@link #send} throws. */
    void failSends() {
        failSends = true;
    }

    /** From now on {@link #readOnly()} throws, so whatever the room does with the connection fails. */
    void failReadOnly() {
        failReadOnly = true;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String subject() {
        return subject;
    }

    @Override
    public boolean readOnly() {
        if (failReadOnly) {
            throw new IllegalStateException("readOnly() failing on purpose");
        }
        return readOnly;
    }

    @Override
    public synchronized void send(byte[] frame) {
        if (failSends) {
            throw new IllegalStateException("send failing on purpose");
        }
        if (closes.isEmpty()) {
            frames.add(frame);
        }
    }

    @Override
    public synchronized void close(int code, String reason) {
        closes.add(new Close(code, reason));
    }

    /** The frames received so far, in order. */
    synchronized List<byte[]> frames() {
        return List.copyOf(frames);
    }

    synchronized int frameCount() {
        return frames.size();
    }

    /** The frames received after the first {@code skip}. */
    synchronized List<byte[]> framesAfter(int skip) {
        return List.copyOf(frames.subList(skip, frames.size()));
    }

    /** Every close call, in order (a room closes a connection once). */
    synchronized List<Close> closes() {
        return List.copyOf(closes);
    }

    synchronized boolean isClosed() {
        return !closes.isEmpty();
    }

    @Override
    public String toString() {
        return id;
    }
}
