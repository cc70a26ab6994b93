package dev.promptcards.persistence;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import org.jooq.DSLContext;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.promptcards.persistence.jooq.Tables.CARDS;
import static dev.promptcards.persistence.jooq.Tables.CARD_SNAPSHOTS;
import static dev.promptcards.persistence.jooq.Tables.CARD_UPDATES;
import static dev.promptcards.persistence.jooq.Tables.WORKSPACES;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cards, Yjs edits and row access for the update log tests. */
final class LogFixtures {
    private static final AtomicInteger CARD_NAMES = new AtomicInteger();

    private LogFixtures() { }

    /** A new card row (and its workspace), straight in the tables. */
    static CardRef newCard(DSLContext dsl, String workspace) {
        dsl.insertInto(WORKSPACES, WORKSPACES.ID).values(workspace).onConflictDoNothing().execute();
        String name = "card-" + CARD_NAMES.incrementAndGet();
        long id = dsl.insertInto(CARDS, CARDS.WORKSPACE, CARDS.NAME, CARDS.CREATED_BY)
                .values(workspace, name, "test")
                .returning(CARDS.PK)
                .fetchOne()
                .getPk();
        return new CardRef(id, workspace, name);
    }

    /** An editor of a card: a Doc whose every transaction's update is kept. */
    static final class Editor {
        final Doc doc;
        final List<byte[]> updates = Collections.synchronizedList(new ArrayList<>());
        private final Random random;

        Editor(long clientId, long seed) {
            doc = new Doc(clientId, true);
            random = new Random(seed);
            doc.onUpdate((update, origin, tr) -> updates.add(update));
        }

        /** One random edit of text "t", map "m" or array "a" in one transaction; returns its update. */
        byte[] edit() {
            int before = updates.size();
            YText text = doc.getText("t");
            YMap map = doc.getMap("m");
            YArray array = doc.getArray("a");
            int op = random.nextInt(6);
            doc.transact(tr -> {
                switch (op) {
                    case 0, 1 -> text.insert(random.nextInt(text.length() + 1), "x" + random.nextInt(1000) + " ");
                    case 2 -> {
                        if (text.length() > 3) {
                            text.delete(random.nextInt(text.length() - 2), 2);
                        } else {
                            text.insert(0, "abc");
                        }
                    }
                    case 3 -> map.set("k" + random.nextInt(20), random.nextInt(1_000_000));
                    case 4 -> array.push(List.of("v" + random.nextInt(100)));
                    default -> {
                        if (array.length() > 0) {
                            array.delete(random.nextInt(array.length()), 1);
                        } else {
                            map.delete("k" + random.nextInt(20));
                        }
                    }
                }
            });
            if (updates.size() == before) { // a no-op edit (e.g. deleting a missing key): make a real one
                doc.transact(tr -> text.insert(0, "y"));
            }
            return updates.get(updates.size() - 1);
        }
    }

    /** The doc an update (full state) gives when applied to a fresh doc. */
    static Doc docOf(byte[] update) {
        Doc doc = new Doc(999_999, true);
        Y.applyUpdate(doc, update);
        return doc;
    }

    /** The doc all these updates give. */
    static Doc docOf(List<byte[]> updates) {
        Doc doc = new Doc(999_998, true);
        for (byte[] u : updates) {
            Y.applyUpdate(doc, u);
        }
        return doc;
    }

    /** Same content in t, m, a and the same state vector. */
    static void assertSameDoc(Doc expected, Doc actual, String what) {
        assertEquals(expected.getText("t").toString(), actual.getText("t").toString(), what + ": text t");
        assertEquals(expected.getMap("m").toJSON(), actual.getMap("m").toJSON(), what + ": map m");
        assertEquals(expected.getArray("a").toJSON(), actual.getArray("a").toJSON(), what + ": array a");
        assertEquals(Y.decodeStateVector(Y.encodeStateVector(expected)),
                Y.decodeStateVector(Y.encodeStateVector(actual)), what + ": state vector");
    }

    record StoredRow(long seq, byte[] data) { }

    static List<StoredRow> rows(DSLContext dsl, CardRef card) {
        return dsl.select(CARD_UPDATES.SEQ, CARD_UPDATES.DATA).from(CARD_UPDATES)
                .where(CARD_UPDATES.CARD.eq(card.id())).orderBy(CARD_UPDATES.SEQ)
                .fetch(r -> new StoredRow(r.value1(), r.value2()));
    }

    record StoredSnapshot(long lastSeq, byte[] state, byte[] stateVector) { }

    static List<StoredSnapshot> snapshots(DSLContext dsl, CardRef card) {
        return dsl.select(CARD_SNAPSHOTS.LAST_SEQ, CARD_SNAPSHOTS.STATE, CARD_SNAPSHOTS.STATE_VECTOR)
                .from(CARD_SNAPSHOTS).where(CARD_SNAPSHOTS.CARD.eq(card.id())).orderBy(CARD_SNAPSHOTS.LAST_SEQ)
                .fetch(r -> new StoredSnapshot(r.value1(), r.value2(), r.value3()));
    }

    /**
     * A DataSource counting the transactions committed on its connections: explicit commits, and the
     * statements executed in autocommit (each its own transaction).
     */
    static final class CommitCountingDataSource {
        final AtomicLong commits = new AtomicLong();
        final DataSource dataSource;

        CommitCountingDataSource(DataSource target) {
            dataSource = (DataSource) Proxy.newProxyInstance(LogFixtures.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, forward(target, (method, result) -> {
                        if (method.equals("getConnection")) {
                            return countingCommits((Connection) result);
                        }
                        return result;
                    }));
        }

        private Connection countingCommits(Connection c) {
            return (Connection) Proxy.newProxyInstance(LogFixtures.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, forward(c, (m, r) -> {
                        if (m.equals("commit")) {
                            commits.incrementAndGet();
                        } else if (m.equals("prepareStatement")) {
                            return countingAutocommits(c, (PreparedStatement) r);
                        }
                        return r;
                    }));
        }

        private PreparedStatement countingAutocommits(Connection c, PreparedStatement statement) {
            return (PreparedStatement) Proxy.newProxyInstance(LogFixtures.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, forward(statement, (m, r) -> {
                        if (m.startsWith("execute") && autoCommit(c)) {
                            commits.incrementAndGet();
                        }
                        return r;
                    }));
        }

        private static boolean autoCommit(Connection c) {
            try {
                return c.getAutoCommit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    interface After {
        Object after(String method, Object result);
    }

    static InvocationHandler forward(Object target, After after) {
        return (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.after(method.getName(), result);
        };
    }

    static Map<String, Object> json(Doc doc) {
        return Map.of("t", doc.getText("t").toString(), "m", doc.getMap("m").toJSON(), "a", doc.getArray("a").toJSON());
    }
}
