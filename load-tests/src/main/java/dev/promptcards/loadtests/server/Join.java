package dev.promptcards.loadtests.server;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YText;
import dev.promptcards.loadtests.crdt.B4Trace;
import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Unit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A card holding the B4 trace's final state (the paper, 259,778 edits, built once by our crdt
 * module and sent as one update by a first client, which stays connected so that both servers keep
 * the card loaded); then new clients join one after the other: each is timed from its TCP connect
 * to the server's SyncStep2 (the whole card), and the first one's card is checked to be the paper.
 * The heap the loaded card holds is the server's heap after a full collection, after minus before.
 */
final class Join {

    static final Figure LOAD = Figure.lower("load", "B4 card sent until echoed", Unit.MILLIS);
    static final Figure FIRST = Figure.lower("first", "first join until synced", Unit.MILLIS);
    static final Figure MEDIAN = Figure.lower("p50", "join until synced p50", Unit.MILLIS);
    static final Figure MAX = Figure.lower("max", "join until synced max", Unit.MILLIS);
    static final Figure SYNC_BYTES = Figure.lower("syncStep2Bytes", "SyncStep2 size", Unit.BYTES);
    static final Figure HEAP = Figure.lower("cardHeap", "heap held by the loaded B4 card", Unit.BYTES);
    static final Figure RSS = Figure.lower("cardRss", "resident memory growth with the card", Unit.BYTES);

    /** The B4 card: its state as one update, and its text. */
    record Card(byte[] state, String text, int edits) {

        /** Replays the trace (one transaction per edit) into a doc of our crdt module. */
        static Card build(Path trace, int edits) throws IOException {
            B4Trace b4 = B4Trace.read(trace, edits);
            Doc doc = new Doc(424_242);
            YText text = doc.getText("template");
            for (int i = 0; i < b4.edits(); i++) {
                if (b4.texts()[i] != null) {
                    text.insert(b4.indexes()[i], b4.texts()[i]);
                } else {
                    text.delete(b4.indexes()[i], b4.deleteLengths()[i]);
                }
            }
            return new Card(Y.encodeStateAsUpdate(doc), text.toString(), b4.edits());
        }
    }

    private Join() {}

    static Measured run(Context ctx, BenchServer server, Card card, String name, int joins)
            throws InterruptedException, IOException {
        Measured m = new Measured();
        CompletableFuture<Long> echoed = new CompletableFuture<>();
        BenchClient.Events loaderEvents = new BenchClient.Events() {
            @Override
            public void update(BenchClient receiver, long client, long clock, long nanos) {
                echoed.complete(nanos);
            }
        };
        BenchClient loader = ctx.generator().client(name, loaderEvents, 1);
        if (ctx.generator().connectAll(server, List.of(loader), ctx.token(), 1, 60) > 0) {
            throw new IOException("the B4 card's first client could not connect to " + server.side().name);
        }
        double heapBefore = server.heapAfterGcBytes();
        double rssBefore = server.rssBytes();
        long sent = System.nanoTime();
        loader.channel.eventLoop().execute(() -> loader.sendUpdate(card.state()));
        double loadMillis;
        try {
            loadMillis = (echoed.get(120, TimeUnit.SECONDS) - sent) / 1e6;
        } catch (ExecutionException | TimeoutException e) {
            loadMillis = Double.NaN;
            m.flags.add("the B4 card's update was not echoed within 120 s");
        }
        double heapAfter = server.heapAfterGcBytes();
        double rssAfter = server.rssBytes();

        Latencies joinTimes = new Latencies();
        double firstMillis = Double.NaN;
        byte[] firstSync = null;
        int failed = 0;
        for (int i = 0; i < joins; i++) {
            byte[][] got = new byte[1][];
            BenchClient.Events events = new BenchClient.Events() {
                @Override
                public void synced(BenchClient client, byte[] syncStep2, long nanos) {
                    got[0] = syncStep2;
                }
            };
            BenchClient joiner = ctx.generator().client(name, events, 1);
            try {
                ctx.generator().connect(server, joiner, ctx.token()).get(60, TimeUnit.SECONDS);
                long nanos = joiner.syncedNanos - joiner.connectStartedNanos;
                joinTimes.record(nanos);
                if (firstSync == null) {
                    firstSync = got[0];
                    firstMillis = nanos / 1e6;
                }
            } catch (ExecutionException | TimeoutException e) {
                failed++;
            }
            LoadGenerator.closeAll(List.of(joiner), 10);
        }
        LoadGenerator.closeAll(List.of(loader), 10);

        String text = null;
        if (firstSync != null) {
            Doc doc = new Doc(7);
            Y.applyUpdate(doc, firstSync);
            text = doc.getText("template").toString();
        }
        Latencies.Summary joined = joinTimes.summary();
        m.put(LOAD, loadMillis);
        m.put(FIRST, firstMillis);
        m.put(MEDIAN, joined.p50());
        m.put(MAX, joined.max());
        m.put(SYNC_BYTES, firstSync == null ? Double.NaN : firstSync.length);
        m.put(HEAP, heapAfter - heapBefore);
        m.put(RSS, rssAfter - rssBefore);
        if (failed > 0) {
            m.flags.add(failed + " of " + joins + " joins failed");
        }
        m.checks.add(new Check(server.side().key + ": a joining client gets the B4 card's exact text",
                card.text().equals(text),
                String.format(Locale.ROOT, "%,d edits; %s chars expected, %s received; %d of %d joins synced",
                        card.edits(), card.text().length(), text == null ? "none" : String.valueOf(text.length()),
                        joins - failed, joins)));
        return m;
    }
}
