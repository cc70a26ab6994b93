package dev.promptcards.persistence;

import dev.promptcards.persistence.LogFixtures.CommitCountingDataSource;
import dev.promptcards.persistence.LogFixtures.Editor;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.promptcards.persistence.LogFixtures.assertSameDoc;
import static dev.promptcards.persistence.LogFixtures.docOf;
import static dev.promptcards.persistence.LogFixtures.newCard;
import static dev.promptcards.persistence.LogFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transactions counted by commits on the connections (a counting DataSource) and by the log's stats. */
class GroupCommitTest extends DatabaseTestBase {

    private static DSLContext counted(CommitCountingDataSource counting) {
        return DSL.using(counting.dataSource, SQLDialect.POSTGRES);
    }

    @Test
    void appends_within_the_window_share_one_transaction() {
        CardRef a = newCard(dsl(), "ws-group");
        CardRef b = newCard(dsl(), "ws-group");
        Editor ea = new Editor(1, 1);
        Editor eb = new Editor(2, 2);
        CommitCountingDataSource counting = new CommitCountingDataSource(database.dataSource());
        List<byte[]> ua = new ArrayList<>();
        List<byte[]> ub = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ua.add(ea.edit());
            ub.add(eb.edit());
        }
        try (UpdateLog log = new UpdateLog(counted(counting), UpdateLogSettings.defaults()
                .withGroupCommitWindow(Duration.ofSeconds(2)))) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                done.add(log.append(a, ua.get(i)));
                done.add(log.append(b, ub.get(i)));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            assertEquals(1, counting.commits.get(), "200 appends queued within the 2 s window: one commit");
            assertEquals(1, log.stats().appendTransactions());
            assertEquals(200, log.stats().largestBatch());
            assertEquals(200, log.stats().appendedRows());
            assertSameDoc(ea.doc, docOf(log.load(a).update()), "card a");
            assertSameDoc(eb.doc, docOf(log.load(b).update()), "card b");
        }
    }

    @Test
    void max_batch_caps_the_rows_of_one_transaction() {
        CardRef card = newCard(dsl(), "ws-maxbatch");
        Editor e = new Editor(3, 3);
        CommitCountingDataSource counting = new CommitCountingDataSource(database.dataSource());
        try (UpdateLog log = new UpdateLog(counted(counting), UpdateLogSettings.defaults()
                .withGroupCommitWindow(Duration.ofSeconds(2)).withMaxBatch(10))) {
            List<byte[]> updates = new ArrayList<>();
            for (int i = 0; i < 95; i++) {
                updates.add(e.edit());
            }
            List<CompletableFuture<Void>> done = new ArrayList<>();
            updates.forEach(u -> done.add(log.append(card, u)));
            long t0 = System.nanoTime();
            // the first 90 go in 9 full batches at once; the last 5 wait out their window
            done.get(89).join();
            assertTrue(System.nanoTime() - t0 < Duration.ofMillis(1500).toNanos(), "full batches do not wait");
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            assertEquals(10, counting.commits.get());
            assertEquals(10, log.stats().largestBatch());
            assertEquals(95, rows(dsl(), card).size());
        }
    }

    @Test
    void with_a_zero_window_an_append_alone_commits_at_once() {
        CardRef card = newCard(dsl(), "ws-zero");
        Editor e = new Editor(4, 4);
        CommitCountingDataSource counting = new CommitCountingDataSource(database.dataSource());
        try (UpdateLog log = new UpdateLog(counted(counting), UpdateLogSettings.defaults()
                .withGroupCommitWindow(Duration.ZERO))) {
            for (int i = 0; i < 20; i++) {
                log.append(card, e.edit()).join();
            }
            assertEquals(20, counting.commits.get(), "one transaction per append when each waits for the last");
            assertEquals(1, log.stats().largestBatch());
        }
    }
}
