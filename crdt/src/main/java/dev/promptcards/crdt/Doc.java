package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.Undefined;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A shared document: named top-level types, the struct store, and transactions. Not thread-safe:
 * all changes to one Doc must happen on one thread at a time. Yjs: {@code utils/Doc.js}.
 */
public final class Doc {
    private static final SecureRandom RANDOM = new SecureRandom();

    private long clientId;
    private final boolean gc;
    private final String guid;
    final Map<String, AbstractType> share = new LinkedHashMap<>();
    final StructStore store = new StructStore();
    Transaction currentTransaction;
    private final List<Transaction> transactionCleanups = new ArrayList<>();
    private final List<UpdateListener> updateListeners = new CopyOnWriteArrayList<>();
    /** The item holding this doc when it is a sub-document. */
    Item item;
    boolean autoLoad;
    boolean shouldLoad = true;
    Object meta;

    /** A doc with a random client id and garbage collection on (the Yjs defaults). */
    public Doc() {
        this(newClientId(), true);
    }

    /** A doc with the given client id (a uint32 in Yjs) and garbage collection on. */
    public Doc(long clientId) {
        this(clientId, true);
    }

    /** A doc with the given client id; {@code gc} false keeps deleted content (Yjs {@code gc: false}). */
    public Doc(long clientId, boolean gc) {
        this(clientId, gc, UUID.randomUUID().toString());
    }

    private Doc(long clientId, boolean gc, String guid) {
        if (clientId < 0 || clientId > ID.MAX_CLOCK) {
            throw new IllegalArgumentException("client id must be between 0 and 2^53-1, got " + clientId);
        }
        this.clientId = clientId;
        this.gc = gc;
        this.guid = guid;
    }

    /** Yjs {@code generateNewClientId}: a random uint32. */
    static long newClientId() {
        return RANDOM.nextInt() & 0xFFFFFFFFL;
    }

    /** A sub-document as Yjs creates it from a ContentDoc's guid and options. */
    static Doc subdocFromOptions(String guid, Map<?, ?> opts) {
        Object gcOpt = opts.containsKey("gc") ? opts.get("gc") : Undefined.INSTANCE;
        boolean gc = gcOpt == Undefined.INSTANCE || JsTruthiness.isTruthy(gcOpt);
        Doc doc = new Doc(newClientId(), gc, guid);
        doc.autoLoad = JsTruthiness.isTruthy(opts.get("autoLoad"));
        doc.shouldLoad = JsTruthiness.isTruthy(opts.get("shouldLoad")) || doc.autoLoad;
        Object meta = opts.get("meta");
        doc.meta = meta == Undefined.INSTANCE ? null : meta;
        return doc;
    }

    public long clientId() {
        return clientId;
    }

    void renewClientId() {
        clientId = newClientId();
    }

    public boolean gc() {
        return gc;
    }

    public String guid() {
        return guid;
    }

    public YText getText(String name) {
        return get(name, YText.class, YText::new);
    }

    public YMap getMap(String name) {
        return get(name, YMap.class, YMap::new);
    }

    public YArray getArray(String name) {
        return get(name, YArray.class, YArray::new);
    }

    public YXmlFragment getXmlFragment(String name) {
        return get(name, YXmlFragment.class, YXmlFragment::new);
    }

    /**
     * The top-level type {@code name}; a type first seen in an update (whose kind is unknown until
     * asked for) is turned into the requested kind, keeping its content. Yjs {@code Doc#get}.
     */
    private <T extends AbstractType> T get(String name, Class<T> kind, Supplier<T> create) {
        AbstractType type = share.get(name);
        if (type == null) {
            T t = create.get();
            t.integrate(this, null);
            share.put(name, t);
            return t;
        }
        if (kind.isInstance(type) && type.getClass() == kind) {
            return kind.cast(type);
        }
        if (type instanceof UnknownType) {
            T t = create.get();
            t.map = type.map;
            for (Item n : type.map.values()) {
                for (; n != null; n = n.left) {
                    n.parent = t;
                }
            }
            t.start = type.start;
            for (Item n = t.start; n != null; n = n.right) {
                n.parent = t;
            }
            t.length = type.length;
            share.put(name, t);
            t.integrate(this, null);
            return t;
        }
        throw new IllegalStateException("type " + name + " is already defined as " + type.getClass().getSimpleName());
    }

    /** The top-level type {@code name} of any kind, created as an unknown kind if absent (Yjs {@code doc.get(name)}). */
    AbstractType getOrCreateRoot(String name) {
        return share.computeIfAbsent(name, n -> {
            UnknownType t = new UnknownType();
            t.integrate(this, null);
            return t;
        });
    }

    /** Runs {@code fn} in one transaction (nested calls join the outer one). */
    public void transact(Consumer<Transaction> fn) {
        transact(fn, null, true);
    }

    /** Runs {@code fn} in one transaction whose update carries {@code origin}. */
    public void transact(Consumer<Transaction> fn, Object origin) {
        transact(fn, origin, true);
    }

    void transact(Consumer<Transaction> fn, Object origin, boolean local) {
        boolean initialCall = false;
        if (currentTransaction == null) {
            initialCall = true;
            currentTransaction = new Transaction(this, origin, local);
            transactionCleanups.add(currentTransaction);
        }
        try {
            fn.accept(currentTransaction);
        } finally {
            if (initialCall) {
                boolean finishCleanup = currentTransaction == transactionCleanups.get(0);
                currentTransaction = null;
                if (finishCleanup) {
                    Transaction.cleanupTransactions(transactionCleanups, 0);
                }
            }
        }
    }

    /**
     * Registers a listener for every transaction's changes as a v1 update; returns the action that
     * unregisters it.
     */
    public Runnable onUpdate(UpdateListener listener) {
        updateListeners.add(listener);
        return () -> updateListeners.remove(listener);
    }

    void emitUpdate(Transaction transaction) {
        if (updateListeners.isEmpty()) {
            return;
        }
        UpdateEncoderV1 encoder = new UpdateEncoderV1();
        if (transaction.writeUpdateMessage(encoder)) {
            byte[] update = encoder.toByteArray();
            for (UpdateListener listener : updateListeners) {
                listener.onUpdate(update, transaction.origin, transaction);
            }
        }
    }

    /**
     * The bytes of updates received whose dependencies are missing, kept until those arrive (Yjs
     * {@code doc.store.pendingStructs} and {@code pendingDs}): the structs as an update plus the deletions as
     * encoded. They are part of {@link Y#encodeStateAsUpdate}. Cheap: a delete set is measured once.
     *
     * @return 0 when nothing waits
     */
    public long pendingBytes() {
        return store.pendingBytes();
    }

    /**
     * Forgets every pending struct and deletion. They were never integrated, so the document's content and
     * state vector do not change and no update is emitted; a peer that sends the missing updates again
     * (with what depends on them) brings them back.
     *
     * @throws IllegalStateException inside a transaction
     */
    public void dropPending() {
        if (currentTransaction != null) {
            throw new IllegalStateException("pending updates cannot be dropped inside a transaction");
        }
        store.dropPending();
    }

    /**
     * How many clients the document holds structs of (the entries of its state vector), pending ones not
     * counted.
     *
     * @return distinct client ids
     */
    public int clientCount() {
        return store.clients.size();
    }

    /**
     * Whether the document holds structs of {@code client}.
     *
     * @param client a client id
     * @return true if it is in the state vector
     */
    public boolean hasClient(long client) {
        return store.clients.containsKey(client);
    }

    /** The content of every top-level type, as Yjs's {@code doc.toJSON()}. */
    public Map<String, Object> toJSON() {
        Map<String, Object> json = new LinkedHashMap<>();
        share.forEach((key, type) -> json.put(key, type.toJSON()));
        return json;
    }

    @Override
    public String toString() {
        return "Doc(" + guid + ", client " + clientId + ")";
    }
}
