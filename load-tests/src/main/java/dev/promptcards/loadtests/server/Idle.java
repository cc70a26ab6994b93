package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.report.Unit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory per idle connection: one client per room opens the rooms (and warms the server up), the
 * heap after a full collection and the resident memory are taken, then {@code connections} more
 * clients join those rooms and sit idle; the growth over their number is one connection's cost.
 */
final class Idle {

    static final Figure OPEN_RATE = Figure.higher("openRate", "connections opened and synced", Unit.PER_SECOND);
    static final Figure HEAP = Figure.lower("heapPerConnection", "heap per idle connection", Unit.BYTES);
    static final Figure RSS = Figure.lower("rssPerConnection", "resident memory per idle connection", Unit.BYTES);
    static final Figure ERRORS = Figure.lower("errors", "connection errors", Unit.COUNT);

    private Idle() {}

    static Measured run(Context ctx, BenchServer server, String name, int rooms, int connections)
            throws InterruptedException, IOException {
        BenchClient.Events events = new BenchClient.Events() {};
        List<BenchClient> first = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            first.add(ctx.generator().client(name + "-" + r, events, 1));
        }
        int failed = ctx.generator().connectAll(server, first, ctx.token(), 64, 60);
        Context.sleep(1);
        double heapBefore = server.heapAfterGcBytes();
        double rssBefore = server.rssBytes();
        List<BenchClient> idle = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            idle.add(ctx.generator().client(name + "-" + (i % rooms), events, 1));
        }
        long start = System.nanoTime();
        failed += ctx.generator().connectAll(server, idle, ctx.token(), 64, 120);
        double seconds = (System.nanoTime() - start) / 1e9;
        Context.sleep(2);
        double heapAfter = server.heapAfterGcBytes();
        double rssAfter = server.rssBytes();
        long open = idle.stream().filter(BenchClient::open).count();
        LoadGenerator.closeAll(idle, 30);
        LoadGenerator.closeAll(first, 10);

        Measured m = new Measured();
        m.put(OPEN_RATE, connections / seconds);
        m.put(HEAP, open == 0 ? Double.NaN : (heapAfter - heapBefore) / open);
        m.put(RSS, open == 0 ? Double.NaN : (rssAfter - rssBefore) / open);
        m.put(ERRORS, failed);
        if (failed > 0) {
            m.flags.add(failed + " clients did not connect and sync");
        }
        return m;
    }
}
