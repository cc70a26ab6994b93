package dev.promptcards.loadtests.crdt;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YText;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java side of a round: every scenario once, through the crdt module's public API, in the
 * order and the way {@code crdt-bench.mjs} runs them in Yjs (read the two against each other).
 * The replaying doc has client id 1 on both sides, so their updates and states can be compared
 * byte for byte.
 */
final class JavaRound {

    static final long LOCAL_CLIENT = 1;
    static final long REMOTE_CLIENT = 2;
    static final long PARSE_CLIENT = 3;

    private byte[] lastState;

    /** Runs one round over the trace. */
    RoundFigures run(B4Trace trace, RoundSettings settings) {
        int[] indexes = trace.indexes();
        String[] texts = trace.texts();
        int[] deleteLengths = trace.deleteLengths();
        int count = trace.edits();

        Heap.usedAfterFullGc();
        Doc local = new Doc(LOCAL_CLIENT, true);
        YText text = local.getText("text");
        List<byte[]> updates = new ArrayList<>();
        local.onUpdate((update, origin, transaction) -> updates.add(update));
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int index = indexes[i];
            String insert = texts[i];
            if (insert != null) {
                local.transact(tr -> text.insert(index, insert));
            } else {
                int length = deleteLengths[i];
                local.transact(tr -> text.delete(index, length));
            }
        }
        double localMillis = millisSince(t0);
        String finalText = text.toString();

        Heap.usedAfterFullGc();
        Doc remote = new Doc(REMOTE_CLIENT, true);
        YText remoteText = remote.getText("text");
        long[] relayedBytes = {0};
        remote.onUpdate((update, origin, transaction) -> relayedBytes[0] += update.length);
        t0 = System.nanoTime();
        for (byte[] update : updates) {
            Y.applyUpdate(remote, update);
        }
        double remoteMillis = millisSince(t0);

        Heap.usedAfterFullGc();
        byte[][] state = {null};
        Repeated encode = Repeated.time(() -> state[0] = Y.encodeStateAsUpdate(local), settings);

        Heap.usedAfterFullGc();
        Repeated parse = Repeated.time(() -> Y.applyUpdate(new Doc(PARSE_CLIENT, true), state[0]), settings);

        long heapWithout = Heap.usedAfterFullGc();
        Doc[] held = new Doc[settings.memoryCopies()];
        for (int i = 0; i < held.length; i++) {
            held[i] = new Doc(PARSE_CLIENT, true);
            Y.applyUpdate(held[i], state[0]);
        }
        long heapWith = Heap.usedAfterFullGc();
        String parsedText = held[0].getText("text").toString();
        Reference.reachabilityFence(held);

        lastState = state[0];
        return new RoundFigures(
                count,
                localMillis,
                remoteMillis,
                encode.millis(),
                encode.reps(),
                parse.millis(),
                parse.reps(),
                (double) (heapWith - heapWithout) / held.length,
                updates.size(),
                Sha256.ofUpdates(updates),
                relayedBytes[0],
                finalText.length(),
                Sha256.ofText(finalText),
                Sha256.ofText(remoteText.toString()),
                Sha256.ofText(parsedText),
                state[0].length,
                Sha256.of(state[0]));
    }

    /** {@code encodeStateAsUpdate} of the last round's replayed doc. */
    byte[] lastState() {
        if (lastState == null) {
            throw new IllegalStateException("no round has run yet");
        }
        return lastState;
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** Milliseconds per call of a repeated action, and how many calls were timed. */
    private record Repeated(double millis, long reps) {
        static Repeated time(Runnable action, RoundSettings settings) {
            long reps = 0;
            long t0 = System.nanoTime();
            double elapsed;
            do {
                action.run();
                reps++;
                elapsed = millisSince(t0);
            } while (elapsed < settings.minRepeatMillis());
            return new Repeated(elapsed / reps, reps);
        }
    }
}
