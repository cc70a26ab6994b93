package dev.promptcards.presence;

import dev.promptcards.crdt.lib0.Encoder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The awareness of one card as the server sees it: y-protocols {@code awareness.js} (the {@code Awareness}
 * class, {@code applyAwarenessUpdate}, {@code encodeAwarenessUpdate}, {@code removeAwarenessStates} and the
 * {@code outdatedTimeout} check), sans I/O.
 *
 * <p>Every client owns one state that it renews with an increasing clock. For each client we keep its state
 * (the JSON text it sent) and its meta: the newest clock seen and when that was ({@link ClientMeta}); the
 * meta outlives the state by {@value #OUTDATED_TIMEOUT_MILLIS} ms, so stale messages stay refused after a
 * removal. Like the reference server (y-websocket-server {@code utils.js}:
 * {@code awareness.setLocalState(null)}), the server has no state of its own: every state here belongs to a
 * remote client.
 *
 * <p>States are kept as the JSON text received (validated as {@code JSON.parse} would), so what we relay is
 * exactly what the client wrote. {@link #clientsWithState()} iterates in the order of a JS {@code Map}: the
 * order in which the states were first set, a removed and re-added state going last.
 *
 * <p>Unlike awareness.js, which keeps the meta of every client it ever saw, the memory is bounded, since any
 * client may send an update naming up to a million made-up client ids: the meta of a client whose state has
 * been absent for {@value #OUTDATED_TIMEOUT_MILLIS} ms is forgotten by {@link #removeOutdated()}, and an
 * update that would need records of more than {@link #maxClients()} clients is refused as a whole
 * ({@link AwarenessLimitException}). So is an update with a state over {@link #maxStateBytes()} or one that
 * would take all states past {@link #maxTotalBytes()}.
 *
 * <p>Updates from a sender go through {@link #applyUpdate(byte[], Gate)}: a {@link Gate} decides which client
 * ids the sender may change (a room lets a connection change only its own), and a clock may only rise by a
 * bounded step ({@link #MAX_CLOCK_STEP}, {@link #MAX_FIRST_CLOCK}).
 *
 * <p>Not thread-safe: one instance per room, used only on the room's executor. Time comes from the injected
 * clock (milliseconds, like awareness.js {@code time.getUnixTime()}), so tests need not wait.
 */
public final class Awareness {

    /**
     * A state not renewed for this long is removed by {@link #removeOutdated()} (awareness.js
     * {@code outdatedTimeout = 30000}). Clients renew theirs every 15 s ({@code outdatedTimeout / 2}) and
     * check every 3 s ({@code outdatedTimeout / 10}).
     */
    public static final long OUTDATED_TIMEOUT_MILLIS = 30_000;

    /** What awareness.js writes for a missing or falsy state: {@code JSON.stringify(null)}. */
    static final String NULL_JSON = "null";

    /**
     * The default {@link #maxClients()}: far more clients than ever share one card (one per browser tab), few
     * enough that their records (a clock and a time, about 100 bytes each) stay around a MiB.
     */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;

    /** The largest clock a lib0 varUint carries (JS {@code Number.MAX_SAFE_INTEGER}). */
    private static final long MAX_CLOCK = (1L << 53) - 1;

    /**
     * How far above the clock known for a client an update from a sender ({@link #applyUpdate(byte[], Gate)})
     * may set it: 2^20.
     *
     * <p>awareness.js takes any clock above the one it knows ({@code currClock < clock}) and adopts it, also
     * for its own client: a peer told that its own client is at 2^53 - 1 continues from there, and its next
     * {@code setLocalState} sends 2^53, which lib0 cannot carry (a server refuses it as malformed). A stock
     * client's clock grows by one per {@code setLocalState} (each cursor move, each renewal every 15 s) and it
     * sends every change, so between two of its updates the server sees it grow by a few: a step of a million
     * is never needed, while reaching 2^53 - 1 by such steps takes 2^33 updates.
     */
    public static final long MAX_CLOCK_STEP = 1L << 20;

    /**
     * The highest clock a sender may announce for a client this awareness does not know (never seen, or
     * forgotten after the timeout): 2^32. A stock client that reconnects after its record was forgotten
     * announces the clock it reached, one per {@code setLocalState} since it started: never billions.
     */
    public static final long MAX_FIRST_CLOCK = 1L << 32;

    private final LongSupplier nowMillis;
    private final int maxClients;
    private final int maxStateBytes;
    private final long maxTotalBytes;
    /** The UTF-8 bytes of every state's JSON text, together. */
    private long totalBytes;
    /** awareness.js {@code awareness.states}: client id to state; a LinkedHashMap iterates as a JS Map. */
    private final Map<Long, ClientState> states = new LinkedHashMap<>();
    /**
     * awareness.js {@code awareness.meta}: client id to clock and last update; a superset of {@code states}'
     * keys. Unlike there, a client without a state is forgotten after the timeout ({@link #removeOutdated()}),
     * and it holds at most {@code maxClients} entries.
     */
    private final Map<Long, ClientMeta> meta = new LinkedHashMap<>();

    /**
     * Creates an empty awareness that keeps records of at most {@value #DEFAULT_MAX_CLIENTS} clients.
     *
     * @param nowMillis the clock that stamps updates and judges timeouts, in milliseconds (e.g.
     *                  {@code System::currentTimeMillis})
     */
    public Awareness(LongSupplier nowMillis) {
        this(nowMillis, DEFAULT_MAX_CLIENTS);
    }

    /**
     * Creates an empty awareness.
     *
     * @param nowMillis  the clock that stamps updates and judges timeouts, in milliseconds (e.g.
     *                   {@code System::currentTimeMillis})
     * @param maxClients the most clients it keeps records of, with or without a state (see
     *                   {@link #maxClients()})
     * @throws IllegalArgumentException if {@code maxClients} is less than 1
     */
    public Awareness(LongSupplier nowMillis, int maxClients) {
        this(nowMillis, maxClients, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * Creates an empty awareness with bounds on the bytes of its states.
     *
     * @param nowMillis     the clock that stamps updates and judges timeouts, in milliseconds (e.g.
     *                      {@code System::currentTimeMillis})
     * @param maxClients    the most clients it keeps records of, with or without a state (see
     *                      {@link #maxClients()})
     * @param maxStateBytes the largest state, in UTF-8 bytes of its JSON text ({@link #maxStateBytes()})
     * @param maxTotalBytes the most bytes of all states together ({@link #maxTotalBytes()})
     * @throws IllegalArgumentException if a bound is less than 1
     */
    public Awareness(LongSupplier nowMillis, int maxClients, int maxStateBytes, long maxTotalBytes) {
        this.nowMillis = Objects.requireNonNull(nowMillis, "nowMillis");
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, got " + maxClients);
        }
        if (maxStateBytes < 1 || maxTotalBytes < 1) {
            throw new IllegalArgumentException("byte bounds must be at least 1, got " + maxStateBytes + " and "
                    + maxTotalBytes);
        }
        this.maxClients = maxClients;
        this.maxStateBytes = maxStateBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Returns the largest state this awareness takes, in UTF-8 bytes of its JSON text: an update with a bigger
     * one (for any client) is refused as a whole.
     *
     * @return the bound, at least 1
     */
    public int maxStateBytes() {
        return maxStateBytes;
    }

    /**
     * Returns the most bytes its states may hold together ({@link #totalBytes()}): an update that would take
     * them past it is refused as a whole (one that does not grow them is always taken).
     *
     * @return the bound, at least 1
     */
    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    /**
     * Returns the UTF-8 bytes of the JSON text of every state held, together.
     *
     * @return the bytes
     */
    public long totalBytes() {
        return totalBytes;
    }

    /**
     * Returns the most clients this awareness keeps records of: those with a state, and those whose state was
     * removed less than {@value #OUTDATED_TIMEOUT_MILLIS} ms ago (or that only ever sent {@code null}), whose
     * clock is kept to refuse stale messages. {@link #applyUpdate} refuses an update that would need more.
     *
     * @return the cap, at least 1
     */
    public int maxClients() {
        return maxClients;
    }

    /**
     * What an operation changed, as awareness.js reports it in its {@code 'update'} event: unlike its
     * {@code 'change'} event, {@code updated} lists every client whose state was set again, also when the
     * state is the same (a renewal), so that renewals are relayed and other peers do not time the client out.
     *
     * <p>Lists are in the order the entries were applied, and may repeat a client that appears several times
     * in one update, as in awareness.js.
     *
     * @param added   clients that had no state and now have one
     * @param updated clients whose state was replaced by a newer one (same or different)
     * @param removed clients whose state was removed (or, as in awareness.js, confirmed removed by a newer
     *                null state)
     */
    public record Change(List<Long> added, List<Long> updated, List<Long> removed) {

        /**
         * Copies the lists (unmodifiable; no nulls).
         *
         * @param added   clients that had no state and now have one
         * @param updated clients whose state was replaced by a newer one
         * @param removed clients whose state was removed
         */
        public Change {
            added = List.copyOf(added);
            updated = List.copyOf(updated);
            removed = List.copyOf(removed);
        }

        /**
         * Every changed client, in the order the reference server relays them
         * ({@code added.concat(updated, removed)}): what to pass to {@link Awareness#encodeUpdate} to
         * broadcast this change.
         *
         * @return added, then updated, then removed
         */
        public List<Long> changed() {
            List<Long> all = new ArrayList<>(added.size() + updated.size() + removed.size());
            all.addAll(added);
            all.addAll(updated);
            all.addAll(removed);
            return Collections.unmodifiableList(all);
        }

        /**
         * Tells whether nothing changed (awareness.js emits no {@code 'update'} event then, and the reference
         * server relays nothing).
         *
         * @return true if all three lists are empty
         */
        public boolean isEmpty() {
            return added.isEmpty() && updated.isEmpty() && removed.isEmpty();
        }
    }

    private static final Change NONE = new Change(List.of(), List.of(), List.of());

    /**
     * What one sender may do with each client id of its update ({@link Awareness#applyUpdate(byte[], Gate)}).
     */
    public enum Admission {
        /** Its entries are applied (by the usual clock rules). */
        APPLY,
        /** Its entries are dropped; the rest of the update is applied. */
        DROP,
        /** The whole update is refused ({@link AwarenessLimitException.Limit#SENDER_CLIENTS}). */
        REFUSE
    }

    /**
     * Decides, for the sender of an update, what becomes of the entries of each client id: e.g. a room lets a
     * connection change only the clients it owns. Called once per distinct client id of an update, in the
     * order they first appear, before anything is applied; the update may still be refused after, so a gate
     * that takes note of what it admitted keeps that note only once {@code applyUpdate} has returned.
     */
    @FunctionalInterface
    public interface Gate {

        /** Applies every entry. */
        Gate ALL = client -> Admission.APPLY;

        /**
         * Decides for one client id.
         *
         * @param client the client id
         * @return what becomes of its entries
         */
        Admission admit(long client);
    }

    /**
     * What {@link Awareness#applyUpdate(byte[], Gate)} did.
     *
     * @param change  what changed
     * @param dropped how many of the entries the gate dropped would have changed something (a clock above
     *                the known one, or a removal at the known clock): attempts on others' clients. Not counted:
     *                a stock client relays every change it receives back to the server (y-websocket.js
     *                {@code _awarenessUpdateHandler}), at the clock the server sent
     * @param update  the update as applied, to relay to peers that did not see it: the bytes received when
     *                no entry was dropped, else the entries kept, re-encoded
     */
    public record Applied(Change change, int dropped, byte[] update) {

        /** @throws NullPointerException if a part is null */
        public Applied {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(update, "update");
        }
    }

    /**
     * Applies an awareness update (awareness.js {@code applyAwarenessUpdate}) as it comes, with no gate and no
     * bound on clock steps: for updates already checked (another node's) and for tests of the clock rules.
     * Updates from a sender go through {@link #applyUpdate(byte[], Gate)}.
     *
     * <p>The whole update is decoded and validated first; then its entries are applied in order, each one
     * only if it is newer than what we know of that client (awareness.js: {@code currClock < clock}, where
     * an unknown client counts as clock 0, so a first state at clock 0 is ignored), or if it carries the
     * same clock with a {@code null} state while the client still has a state (awareness.js:
     * {@code currClock === clock && state === null && states.has(clientID)}: how a peer that removed a
     * client tells the others without bumping that client's clock). An applied entry sets the client's
     * clock and stamps it with the current time; a {@code null} state removes the client's state.
     *
     * <p>Reported as in awareness.js's {@code 'update'} event, with one deviation: a state set for a client
     * whose earlier state was removed (its meta is still known) is reported as <em>added</em>, where
     * awareness.js says <em>updated</em> (it looks at the meta, not at the state); the bytes relayed are the
     * same either way.
     *
     * <p>An update that would make this awareness keep records of more than {@link #maxClients()} clients is
     * refused as a whole. An entry creates a record when it is applied to a client without one, so the
     * clients counted are the unknown ones with an entry at a clock above 0, {@code null} state or not
     * (awareness.js records the meta of a client it learns is gone, too). So is an update with a state over
     * {@link #maxStateBytes()}, or one that would take the states past {@link #maxTotalBytes()}.
     *
     * @param update the payload of an awareness message (a y-protocols awareness update)
     * @return what changed; relay {@link Change#changed()} when it is not {@linkplain Change#isEmpty() empty}
     * @throws AwarenessLimitException  if applying the update would need records of more than
     *                                  {@link #maxClients()} clients, or go past a byte bound; nothing is
     *                                  applied then
     * @throws AwarenessDecodeException if the update is malformed (truncated, integers above 2^53 - 1, an
     *                                  impossible count, invalid UTF-8, a state that is not valid JSON);
     *                                  nothing is applied then
     */
    public Change applyUpdate(byte[] update) {
        Objects.requireNonNull(update, "update");
        List<AwarenessEntry> entries = AwarenessUpdateReader.read(update, maxStateBytes);
        check(entries, false);
        return apply(entries);
    }

    /**
     * Applies an awareness update from one sender, as {@link #applyUpdate(byte[])} does, with two more rules:
     * <ul>
     *   <li>the {@code gate} decides for each client id whether its entries are applied, dropped, or the
     *       whole update refused (the sender may not announce it);</li>
     *   <li>a clock may rise by at most {@link #MAX_CLOCK_STEP} above the one known for its client, and a
     *       client not known may be announced at a clock of at most {@link #MAX_FIRST_CLOCK}; an entry past
     *       that refuses the whole update ({@link AwarenessLimitException.Limit#CLOCK_STEP}). Entries the gate
     *       drops are not checked.</li>
     * </ul>
     * The byte bounds count only the entries applied; a state over {@link #maxStateBytes()} refuses the update
     * whatever its client.
     *
     * @param update the payload of an awareness message
     * @param gate   what the sender may do with each client id
     * @return what changed, how many entries were dropped, and the update as applied
     * @throws AwarenessLimitException  if the gate refuses a client, or the update goes past a bound; nothing
     *                                  is applied then
     * @throws AwarenessDecodeException if the update is malformed; nothing is applied then
     */
    public Applied applyUpdate(byte[] update, Gate gate) {
        return applyUpdate(update, gate, Long.MAX_VALUE);
    }

    /**
     * Applies an awareness update from one sender, as {@link #applyUpdate(byte[], Gate)} does, refusing it
     * also if it would grow the states by more than {@code maxGrowthBytes} (one that does not grow them is
     * always taken): a room gives each sender what is left of its share of the card's bytes.
     *
     * @param update         the payload of an awareness message
     * @param gate           what the sender may do with each client id
     * @param maxGrowthBytes how many bytes the entries applied may add to {@link #totalBytes()}, at most
     *                       (0 or less: none)
     * @return what changed, how many entries were dropped, and the update as applied
     * @throws AwarenessLimitException  if the gate refuses a client, the update grows the states past the
     *                                  budget ({@link AwarenessLimitException.Limit#SENDER_BYTES}) or goes past
     *                                  another bound; nothing is applied then
     * @throws AwarenessDecodeException if the update is malformed; nothing is applied then
     */
    public Applied applyUpdate(byte[] update, Gate gate, long maxGrowthBytes) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(gate, "gate");
        List<AwarenessEntry> entries = AwarenessUpdateReader.read(update, maxStateBytes);
        Map<Long, Admission> admissions = new HashMap<>();
        List<AwarenessEntry> kept = new ArrayList<>(entries.size());
        int attempts = 0;
        for (AwarenessEntry entry : entries) {
            Admission admission = admissions.get(entry.client());
            if (admission == null) {
                admission = Objects.requireNonNull(gate.admit(entry.client()), "admission");
                if (admission == Admission.REFUSE) {
                    throw new AwarenessLimitException(AwarenessLimitException.Limit.SENDER_CLIENTS, 0,
                            "awareness update: its sender may not announce client " + entry.client());
                }
                admissions.put(entry.client(), admission);
            }
            if (admission == Admission.APPLY) {
                kept.add(entry);
            } else if (wouldChange(entry)) {
                attempts++;
            }
        }
        long growth = check(kept, true);
        if (growth > 0 && growth > maxGrowthBytes) {
            throw new AwarenessLimitException(AwarenessLimitException.Limit.SENDER_BYTES, maxGrowthBytes,
                    "awareness update: would add " + growth + " bytes of states > the sender's " + maxGrowthBytes);
        }
        Change change = apply(kept);
        return new Applied(change, attempts, kept.size() == entries.size() ? update : AwarenessUpdates.encode(kept));
    }

    /** Whether the entry is newer than what is known of its client now (the rule of {@link #apply}). */
    private boolean wouldChange(AwarenessEntry entry) {
        long clock = clock(entry.client());
        return clock < entry.clock()
                || (clock == entry.clock() && entry.state() == null && states.containsKey(entry.client()));
    }

    /** What {@link #check} assumes of a client after the entries before: as {@code meta} and {@code states} would be. */
    private record Known(boolean recorded, long clock, long stateBytes) {
        boolean hasState() {
            return stateBytes >= 0;
        }
    }

    /**
     * Walks the entries as {@link #apply} would, without changing anything, and refuses the update if it
     * would need more records than the cap, take the states past the byte bound, or (with
     * {@code clockSteps}) raise a clock too far. It holds what it learns of at most the known clients and
     * {@code maxClients + 1} new ones (it stops past the cap), so a hostile update costs little.
     *
     * @return how many bytes applying the entries would add to {@link #totalBytes()} (negative: remove)
     */
    private long check(List<AwarenessEntry> entries, boolean clockSteps) {
        int room = maxClients - meta.size();
        int newRecords = 0;
        long total = totalBytes;
        Map<Long, Known> seen = new HashMap<>();
        for (AwarenessEntry entry : entries) {
            long client = entry.client();
            Known known = seen.get(client);
            if (known == null) {
                ClientMeta m = meta.get(client);
                ClientState s = states.get(client);
                known = new Known(m != null, m == null ? 0 : m.clock(), s == null ? -1 : s.bytes());
            }
            if (clockSteps) {
                long highest = known.recorded() ? known.clock() + MAX_CLOCK_STEP : MAX_FIRST_CLOCK;
                if (entry.clock() > highest) {
                    throw new AwarenessLimitException(AwarenessLimitException.Limit.CLOCK_STEP, highest,
                            "awareness update: client " + client + " clock " + entry.clock() + " > max " + highest
                                    + (known.recorded() ? " (known " + known.clock() + " + 2^20)" : " (first)"));
                }
            }
            ClientState state = entry.state();
            boolean newer = known.clock() < entry.clock()
                    || (known.clock() == entry.clock() && state == null && known.hasState());
            if (!newer) {
                continue;
            }
            if (!known.recorded() && ++newRecords > room) {
                throw new AwarenessLimitException(meta.size(), newRecords, maxClients);
            }
            long stateBytes = state == null ? -1 : state.bytes();
            total += Math.max(stateBytes, 0) - Math.max(known.stateBytes(), 0);
            seen.put(client, new Known(true, entry.clock(), stateBytes));
        }
        if (total > maxTotalBytes && total > totalBytes) {
            throw new AwarenessLimitException(AwarenessLimitException.Limit.TOTAL_BYTES, maxTotalBytes,
                    "awareness update: states of " + totalBytes + " bytes would grow to " + total + " > max "
                            + maxTotalBytes);
        }
        return total - totalBytes;
    }

    /** Applies entries that passed {@link #check}. */
    private Change apply(List<AwarenessEntry> entries) {
        // awareness.js: one timestamp for the whole update, taken before the loop
        long timestamp = nowMillis.getAsLong();
        List<Long> added = new ArrayList<>();
        List<Long> updated = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        for (AwarenessEntry entry : entries) {
            long client = entry.client();
            ClientMeta previousMeta = meta.get(client);
            boolean hadState = states.containsKey(client);
            long currentClock = previousMeta == null ? 0 : previousMeta.clock();
            ClientState state = entry.state();
            // awareness.js applyAwarenessUpdate: newer clock, or equal clock with null while a state exists
            boolean newer = currentClock < entry.clock()
                    || (currentClock == entry.clock() && state == null && hadState);
            if (!newer) {
                continue;
            }
            // awareness.js keeps its own local state alive against a remote null (clock++); the server has no
            // local state, so a null always removes.
            ClientState previous = state == null ? states.remove(client) : states.put(client, state);
            totalBytes += (state == null ? 0 : state.bytes()) - (previous == null ? 0 : previous.bytes());
            meta.put(client, new ClientMeta(entry.clock(), timestamp));
            if (previousMeta == null && state != null) {
                added.add(client);
            } else if (previousMeta != null && state == null) {
                removed.add(client);
            } else if (state != null) {
                // awareness.js reports "updated" whenever the meta existed; see the deviation in the javadoc
                (hadState ? updated : added).add(client);
            }
            // unknown client with a null state: awareness.js records the meta and reports nothing
        }
        return change(added, updated, removed);
    }

    /**
     * Encodes the current states of {@code clients} as an awareness update (awareness.js
     * {@code encodeAwarenessUpdate}): {@code varUint count}, then per client {@code varUint clientID},
     * {@code varUint clock} and {@code varString json}, where json is the state's text as received, or
     * {@code null} for a client without a state (removed) or with a falsy state ({@code false}, {@code 0},
     * {@code ""}: awareness.js writes {@code JSON.stringify(states.get(clientID) || null)}).
     *
     * @param clients the clients, in the order to write them (repeats are written again, as in awareness.js)
     * @return the update
     * @throws IllegalArgumentException if a client is unknown: never seen, or forgotten by
     *                                  {@link #removeOutdated()} (awareness.js fails on its missing meta)
     */
    public byte[] encodeUpdate(Collection<Long> clients) {
        List<Long> list = List.copyOf(clients);
        for (Long client : list) {
            if (!meta.containsKey(client)) {
                throw new IllegalArgumentException("unknown awareness client " + client);
            }
        }
        Encoder encoder = new Encoder();
        encoder.writeVarUint(list.size());
        for (Long client : list) {
            ClientState state = states.get(client);
            encoder.writeVarUint(client);
            encoder.writeVarUint(meta.get(client).clock());
            encoder.writeVarString(state == null ? NULL_JSON : state.encoded());
        }
        return encoder.toByteArray();
    }

    /**
     * Removes the states of {@code clients} (awareness.js {@code removeAwarenessStates}), e.g. those a closed
     * connection owned. Each removed client's clock goes up by one and is stamped with the current time, so
     * that {@code encodeUpdate(change.changed())} carries {@code (clock + 1, null)}: exactly what the client
     * itself sends when it leaves cleanly (awareness.js {@code setLocalState(null)}), which every peer applies
     * by the plain newer-clock rule. (awareness.js bumps the clock here only for its own local client and sends
     * other clients' nulls at their current clock, relying on the equal-clock rule; the clock + 1 is what
     * issue 3 asks for.) A clock already at 2^53 - 1 stays there: lib0 cannot carry more, and the equal-clock
     * rule still removes.
     *
     * @param clients the clients; those without a state are skipped
     * @return the clients removed, in {@code removed}
     */
    public Change removeStates(Collection<Long> clients) {
        long now = nowMillis.getAsLong();
        List<Long> removed = new ArrayList<>();
        for (Long client : List.copyOf(clients)) {
            ClientState state = states.remove(client);
            if (state != null) {
                totalBytes -= state.bytes();
                ClientMeta current = meta.get(client); // a state always has a meta
                meta.put(client, new ClientMeta(Math.min(current.clock() + 1, MAX_CLOCK), now));
                removed.add(client);
            }
        }
        return change(List.of(), List.of(), removed);
    }

    /**
     * Forgets the clients of {@code clients} that have no state: their clocks, kept otherwise for
     * {@value #OUTDATED_TIMEOUT_MILLIS} ms after a removal. For the clients of a connection that closed, once
     * their removal is encoded: their records would otherwise count against {@link #maxClients()} after the
     * connection is gone, and the client that reconnects with the same id is then simply new.
     *
     * @param clients the clients; those with a state are kept
     */
    public void forget(Collection<Long> clients) {
        for (Long client : clients) {
            if (!states.containsKey(client)) {
                meta.remove(client);
            }
        }
    }

    /**
     * Removes the states not renewed for {@value #OUTDATED_TIMEOUT_MILLIS} ms or more (awareness.js
     * {@code _checkInterval}: {@code outdatedTimeout <= now - meta.lastUpdated && states.has(clientid)}, then
     * {@code removeAwarenessStates(..., 'timeout')}), as {@link #removeStates} does. Call it periodically
     * (awareness.js checks every {@code outdatedTimeout / 10} = 3 s).
     *
     * <p>It also forgets the clients whose state has been absent for {@value #OUTDATED_TIMEOUT_MILLIS} ms or
     * more: removed that long ago, or only ever {@code null} (their meta was last set that long ago, and
     * without a state nothing renews it). awareness.js keeps them forever, which lets any client fill the
     * memory with made-up client ids. Forgetting them is safe: for {@value #OUTDATED_TIMEOUT_MILLIS} ms
     * after the removal, a stale message (a clock not above the one kept) is still refused; after that the
     * client's clock is unknown, as for a new client or after a server restart, and no honest peer still
     * holds its old state to relay, since every peer removes a state not renewed for that long itself. A
     * client that comes back later is simply new: {@linkplain Change#added() added} by its first state at a
     * clock above 0.
     *
     * @return the clients removed, in {@code removed}, in the order they were first seen
     */
    public Change removeOutdated() {
        long now = nowMillis.getAsLong();
        List<Long> outdated = new ArrayList<>();
        for (Iterator<Map.Entry<Long, ClientMeta>> it = meta.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, ClientMeta> entry = it.next();
            if (now - entry.getValue().lastUpdated() >= OUTDATED_TIMEOUT_MILLIS) {
                if (states.containsKey(entry.getKey())) {
                    outdated.add(entry.getKey());
                } else {
                    it.remove();
                }
            }
        }
        // removeStates stamps the removed clients with now: forgotten by a call 30 s from now
        return outdated.isEmpty() ? NONE : removeStates(outdated);
    }

    /**
     * The clients that currently have a state, in JS {@code Map} order (what the reference server sends a
     * joining connection: {@code Array.from(awareness.getStates().keys())}).
     *
     * @return an unmodifiable snapshot
     */
    public Set<Long> clientsWithState() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(states.keySet()));
    }

    /**
     * A client's current state as the JSON text it sent.
     *
     * @param client the client id
     * @return the JSON text, or empty when the client has no state
     */
    public Optional<String> stateJson(long client) {
        ClientState state = states.get(client);
        return state == null ? Optional.empty() : Optional.of(state.json());
    }

    /**
     * The bytes of a client's current state: the UTF-8 bytes of its JSON text, as {@link #totalBytes()} counts.
     *
     * @param client the client id
     * @return the bytes, or 0 when the client has no state
     */
    public int stateBytes(long client) {
        ClientState state = states.get(client);
        return state == null ? 0 : state.bytes();
    }

    /**
     * The newest clock known for a client, also after its state was removed, until {@link #removeOutdated()}
     * forgets it.
     *
     * @param client the client id
     * @return the clock, or 0 for a client never seen or forgotten (as awareness.js counts an unknown one)
     */
    public long clock(long client) {
        ClientMeta m = meta.get(client);
        return m == null ? 0 : m.clock();
    }

    private static Change change(List<Long> added, List<Long> updated, List<Long> removed) {
        if (added.isEmpty() && updated.isEmpty() && removed.isEmpty()) {
            return NONE;
        }
        return new Change(added, updated, removed);
    }
}
