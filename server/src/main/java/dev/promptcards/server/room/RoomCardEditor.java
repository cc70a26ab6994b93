package dev.promptcards.server.room;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.card.edit.EditStream;
import dev.promptcards.crdt.Doc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link CardEditor} of a {@link RoomRegistry}: an edit acquires the card's room (loading it), runs as
 * {@link Room#edit} on the room's executor, and releases the room once done; a stream holds the room from
 * its opening to its close. What Hocuspocus's {@code DirectConnection} does for server-side code.
 */
final class RoomCardEditor implements CardEditor {

    private final RoomRegistry rooms;
    private final ScheduledExecutorService timer;

    RoomCardEditor(RoomRegistry rooms, ScheduledExecutorService timer) {
        this.rooms = rooms;
        this.timer = timer;
    }

    @Override
    public <T> CompletableFuture<T> edit(CardKey card, Author author, Function<Doc, T> edit) {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(edit, "edit");
        Room room;
        try {
            room = rooms.acquire(card, author.toString());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return room.edit(author, edit).whenComplete((result, failure) -> rooms.release(room));
    }

    /**
     * {@inheritDoc}
     *
     * @throws RoomCapacityException if the card is not loaded and the registry holds its maximum of rooms
     * @throws IllegalStateException if the registry is closed
     */
    @Override
    public EditStream stream(CardKey card, Author author, Duration window) {
        Objects.requireNonNull(author, "author");
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative: " + window);
        }
        return new Stream(rooms.acquire(card, author.toString()), author, window);
    }

    /** The edits of one window, applied by one {@link Room#edit}. */
    private final class Stream implements EditStream {
        private final Room room;
        private final Author author;
        private final long windowNanos;
        // guarded by this
        private List<Consumer<Doc>> pending = new ArrayList<>();
        private ScheduledFuture<?> scheduled;
        private CompletableFuture<Void> lastFlush = CompletableFuture.completedFuture(null);
        private boolean closed;

        Stream(Room room, Author author, Duration window) {
            this.room = room;
            this.author = author;
            this.windowNanos = window.toNanos();
        }

        @Override
        public synchronized void edit(Consumer<Doc> edit) {
            Objects.requireNonNull(edit, "edit");
            if (closed) {
                throw new IllegalStateException("the edit stream of " + author + " on " + room.key() + " is closed");
            }
            pending.add(edit);
            if (windowNanos == 0) {
                flush();
            } else if (scheduled == null) {
                try {
                    scheduled = timer.schedule(this::flush, windowNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException shuttingDown) {
                    flush();
                }
            }
        }

        @Override
        public synchronized CompletableFuture<Void> flush() {
            if (scheduled != null) {
                scheduled.cancel(false);
                scheduled = null;
            }
            if (pending.isEmpty()) {
                return lastFlush;
            }
            List<Consumer<Doc>> batch = pending;
            pending = new ArrayList<>();
            // queued on the room's executor in the order of the flushes, under this lock
            lastFlush = room.edit(author, doc -> {
                RuntimeException first = null;
                for (Consumer<Doc> edit : batch) {
                    try {
                        edit.accept(doc);
                    } catch (RuntimeException e) {
                        if (first == null) {
                            first = e;
                        }
                    }
                }
                if (first != null) {
                    throw first;
                }
                return null;
            });
            return lastFlush;
        }

        @Override
        public void close() {
            CompletableFuture<Void> last;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                last = flush();
            }
            last.whenComplete((done, failure) -> rooms.release(room));
        }
    }
}
