package dev.promptcards.persistence;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link EmbeddedDatabaseTest}: starts an embedded database in {@code args[0]}, creates the
 * card {@code crash/survivor}, prints {@code READY <card id> <postmaster pid>} and waits to be killed.
 */
public final class EmbeddedDatabaseChild {
    private EmbeddedDatabaseChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the data directory
     * @throws Exception if the database does not start
     */
    public static void main(String[] args) throws Exception {
        EmbeddedDatabase embedded = EmbeddedDatabase.start(Path.of(args[0]));
        Database database = Database.start(embedded.config());
        CardRef card = new CardStore(database.dsl()).create("crash", "survivor", "child");
        String pid = Files.readAllLines(embedded.directory().resolve("postmaster.pid")).get(0).trim();
        System.out.println("READY " + card.id() + " " + pid);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
