package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.report.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection churn: a client per room stays (it typed a line: the card has content, and both servers
 * keep it loaded), while {@code loops} loops each connect a new client, wait for its SyncStep2,
 * close it (1000) and wait for the connection to end, then start over, for a warm-up and a
 * measured window. A cycle counts in the window when it started there.
 */
final class Churn {

    static final Figure CYCLES = Figure.higher("cycles", "connect, sync, close cycles", Unit.PER_SECOND);
    static final Figure P50 = Figure.lower("p50", "connect until synced p50", Unit.MILLIS);
    static final Figure P99 = Figure.lower("p99", "connect until synced p99", Unit.MILLIS);
    static final Figure MAX = Figure.lower("max", "connect until synced max", Unit.MILLIS);
    static final Figure ERRORS = Figure.lower("errors", "failed cycles", Unit.COUNT);
    static final Figure CPU = Figure.lower("cpuPerCycle", "server CPU per cycle", Unit.MICROS);
    static final Figure RSS = Figure.lower("rss", "server resident memory after", Unit.BYTES);
    static final Figure GENERATOR = Traffic.GENERATOR;

    private Churn() {}

    static Measured run(Context ctx, BenchServer server, String name, int rooms, int loops,
            double warmupSeconds, double windowSeconds) throws InterruptedException {
        BenchClient.Events none = new BenchClient.Events() {};
        List<BenchClient> holders = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            holders.add(ctx.generator().client(name + "-" + r, none, 1));
        }
        int failedHolders = ctx.generator().connectAll(server, holders, ctx.token(), 64, 60);
        for (BenchClient h : holders) {
            if (h.open()) {
                h.channel.eventLoop().execute(() -> {
                    for (int i = 0; i < 80; i++) {
                        h.type();
                    }
                });
            }
        }
        Context.sleep(0.5);

        String token = ctx.token();
        Latencies latencies = new Latencies();
        AtomicLong cycles = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Traffic.Window window = new Traffic.Window();
        CountDownLatch done = new CountDownLatch(loops);
        long stopAt = System.nanoTime() + (long) ((warmupSeconds + windowSeconds) * 1e9);
        for (int l = 0; l < loops; l++) {
            String card = name + "-" + (l % rooms);
            new Runnable() {
                @Override
                public void run() {
                    if (System.nanoTime() - stopAt >= 0) {
                        done.countDown();
                        return;
                    }
                    BenchClient c = ctx.generator().client(card, none, 1);
                    Runnable next = this;
                    ctx.generator().connect(server, c, token).whenComplete((ok, failure) -> {
                        boolean counted = window.contains(c.connectStartedNanos);
                        if (failure != null) {
                            if (counted) {
                                errors.incrementAndGet();
                            }
                            // a refused or failed connection can fail at once: go on from another thread, a
                            // little later, rather than recursing on this one
                            c.closed.whenComplete((code, f) -> CompletableFuture.runAsync(next,
                                    CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS)));
                            if (c.channel != null) {
                                c.channel.close();
                            }
                            return;
                        }
                        if (counted) {
                            latencies.record(c.syncedNanos - c.connectStartedNanos);
                        }
                        c.close();
                        c.closed.whenComplete((code, f) -> {
                            if (counted) {
                                cycles.incrementAndGet();
                            }
                            next.run();
                        });
                    });
                }
            }.run();
        }
        Context.sleep(warmupSeconds);
        CpuMeter cpu = CpuMeter.start(server, ctx.generator());
        window.start();
        Context.sleep(windowSeconds);
        window.end();
        CpuMeter.Use use = cpu.stop();
        boolean ended = done.await(30, TimeUnit.SECONDS);
        double rss = server.rssBytes();
        window.stopping = true;
        LoadGenerator.closeAll(holders, 10);

        Latencies.Summary s = latencies.summary();
        Measured m = new Measured();
        m.put(CYCLES, cycles.get() / use.seconds());
        m.put(P50, s.p50()).put(P99, s.p99()).put(MAX, s.max());
        m.put(ERRORS, errors.get() + failedHolders);
        m.put(CPU, cycles.get() == 0 ? Double.NaN : use.server() * use.seconds() / cycles.get() * 1e6);
        m.put(RSS, rss);
        m.put(GENERATOR, use.generator());
        m.flagCpu(use);
        if (!ended) {
            m.flags.add("some churn loops had not finished 30 s after the window");
        }
        return m;
    }
}
