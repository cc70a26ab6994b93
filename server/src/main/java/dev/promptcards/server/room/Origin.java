package dev.promptcards.server.room;

import dev.promptcards.card.edit.Author;
import java.util.Objects;

/**
 * Where a change to a card comes from: the origin of every transaction on a room's document. Its
 * {@link #handling()} is the one place that decides what the room does with the change (ARCHITECTURE.md
 * "Origins").
 */
public sealed interface Origin permits Origin.Client, Origin.Loaded, Origin.Remote, Origin.Healed, Origin.Reloaded,
        Origin.Actor {

    /** The card's stored state, applied when the room loads it. */
    Origin LOADED = new Loaded();

    /**
     * What a room does with a change of this origin.
     *
     * @param store     append it to the card's log
     * @param broadcast send it to the room's connections
     * @param echo      send it to its sender only once stored (the sender's connection is not sent it at once)
     * @param publish   tell the other nodes through the bus
     */
    record Handling(boolean store, boolean broadcast, boolean echo, boolean publish) {
        // one of each, not one per update: handling() runs for every keystroke
        private static final Handling CLIENT = new Handling(true, true, true, true);
        private static final Handling ACTOR = new Handling(true, true, false, true);
        private static final Handling REMOTE = new Handling(false, true, false, false);
        private static final Handling HEALED = new Handling(true, true, false, false);
        private static final Handling NONE = new Handling(false, false, false, false);
    }

    /**
     * What the room does with a change of this origin.
     *
     * @return the handling
     */
    default Handling handling() {
        return switch (this) {
            // the sender's echo tells it that its update is stored (ARCHITECTURE.md "How an edit flows")
            case Client client -> Handling.CLIENT;
            case Actor actor -> Handling.ACTOR;
            // stored and published by the node whose client made it
            case Remote remote -> Handling.REMOTE;
            // what a heal brings may not be stored yet by the node that sent it (its clients' updates in flight):
            // stored here too, only what this node lacked, since a duplicate in the log costs nothing
            case Healed healed -> Handling.HEALED;
            // read from the database: stored already
            case Reloaded reloaded -> Handling.REMOTE;
            case Loaded loaded -> Handling.NONE;
        };
    }

    /**
     * A change sent by a client over its WebSocket.
     *
     * @param connection the client's connection
     */
    record Client(Connection connection) implements Origin {
        /** @throws NullPointerException if the connection is null */
        public Client {
            Objects.requireNonNull(connection, "connection");
        }

        @Override
        public String toString() {
            return "connection " + connection.id();
        }
    }

    /** The card's stored state, applied when the room loads it: {@link #LOADED}. */
    final class Loaded implements Origin {
        private Loaded() {
        }

        @Override
        public String toString() {
            return "stored state";
        }
    }

    /**
     * A change another node received from its client or writer, and relayed through the bus.
     *
     * @param node the node that published it
     */
    record Remote(String node) implements Origin {
        /** @throws NullPointerException if the node is null */
        public Remote {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String toString() {
            return "node " + node;
        }
    }

    /**
     * What another node sent this one to heal a loss: the part of its card this node lacked (a
     * {@code SYNC_REPLY} on the bus).
     *
     * @param node the node that sent it
     */
    record Healed(String node) implements Origin {
        /** @throws NullPointerException if the node is null */
        public Healed {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String toString() {
            return "heal from node " + node;
        }
    }

    /**
     * What this node lacked and read again from the database, because another node found it too big to send
     * over the bus.
     *
     * @param node the node that said so
     */
    record Reloaded(String node) implements Origin {
        /** @throws NullPointerException if the node is null */
        public Reloaded {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String toString() {
            return "reloaded from the database for node " + node;
        }
    }

    /**
     * A change made on this node by server-side code: a test run, an API key, the server itself.
     *
     * @param author who made it
     */
    record Actor(Author author) implements Origin {
        /** @throws NullPointerException if the author is null */
        public Actor {
            Objects.requireNonNull(author, "author");
        }

        @Override
        public String toString() {
            return author.toString();
        }
    }
}
