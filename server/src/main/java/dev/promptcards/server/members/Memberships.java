package dev.promptcards.server.members;

import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.admin.Member;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.server.auth.Role;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's view of the members of the workspaces in use, and the open connections that follow them.
 *
 * <p>Reads: {@link #lookup} (a WebSocket's upgrade, without blocking its event loop) and {@link #current} (an
 * API request, on its virtual thread) answer from the cache when it was read within one refresh interval,
 * else read the workspace's members from the database (one query), so a connection costs at most one query
 * and a frame none. Should the database be away, the last members read are used; with none, the read fails.
 *
 * <p>Following: {@link #follow} keeps an open connection in step with its workspace's members. A change made
 * through this node's API calls {@link #changed}, which reads the members again and tells each follower of
 * the workspace its new role (or its removal) before the API answers. Changes made through another node
 * (several nodes share one database) are seen by the periodic refresh: every refresh interval the node reads
 * the members of every workspace it has followers in, so a follower is in step at most one interval (plus
 * one query) after a change anywhere; nothing crosses the bus. Each read takes a ticket before its query, and
 * the cache keeps the read with the highest ticket, so a read that started before a change never replaces
 * one that started after it. A follower always takes its role from the cache as it is when it is told.
 *
 * <p>Thread-safe. The refresh runs on one daemon thread ({@code promptcards-members}), upgrade reads on
 * virtual threads ({@code promptcards-members-read-*}).
 */
public final class Memberships implements AutoCloseable {

    /** How often the members of the workspaces in use are read again: the bound for a change on another node. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);

    /** The close reason (4403) and the WebSocket's refusal for a subject that is not a member. */
    public static final String NOT_A_MEMBER = "not a member of this workspace";

    private static final Logger LOG = LoggerFactory.getLogger(Memberships.class);

    private record Cached(MemberRoles roles, long ticket, long readAt) {
    }

    private final Function<String, MemberRoles> reader;
    private final long refreshNanos;
    private final Executor reads;
    private final ScheduledExecutorService timer;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Set<Follower>> followers = new ConcurrentHashMap<>();
    private final AtomicLong tickets = new AtomicLong();

    private Memberships(Function<String, MemberRoles> reader, Duration refresh, Executor reads,
            ScheduledExecutorService timer) {
        this.reader = reader;
        this.refreshNanos = refresh.toNanos();
        this.reads = reads;
        this.timer = timer;
    }

    /**
     * No members anywhere: every workspace is open. For a server without admin storage (tests of the network
     * layer); reads happen on the caller's thread and nothing is refreshed.
     *
     * @return the memberships
     */
    public static Memberships open() {
        return new Memberships(workspace -> MemberRoles.OPEN, DEFAULT_REFRESH, Runnable::run, null);
    }

    /**
     * Memberships read from the workspace store, refreshed every {@code refresh} while connections follow them.
     *
     * @param store   the workspaces and their members
     * @param refresh the refresh interval
     * @return the memberships; close them
     */
    public static Memberships start(WorkspaceStore store, Duration refresh) {
        Objects.requireNonNull(store, "store");
        // an id outside the rule (a token's claim, a path) names no workspace, so none with members
        return start(workspace -> !CardKey.isValidId(workspace) ? MemberRoles.OPEN : new MemberRoles(
                store.members(workspace).stream().collect(Collectors.toMap(Member::subject, Member::role))), refresh);
    }

    /**
     * Memberships read by {@code reader}, refreshed every {@code refresh} while connections follow them.
     *
     * @param reader  reads a workspace's members (blocking)
     * @param refresh the refresh interval
     * @return the memberships; close them
     */
    static Memberships start(Function<String, MemberRoles> reader, Duration refresh) {
        Objects.requireNonNull(reader, "reader");
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("refresh must be positive: " + refresh);
        }
        ExecutorService reads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("promptcards-members-read-", 0).factory());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("promptcards-members").daemon().factory());
        Memberships memberships = new Memberships(reader, refresh, reads, timer);
        timer.scheduleWithFixedDelay(memberships::refresh, refresh.toNanos(), refresh.toNanos(),
                TimeUnit.NANOSECONDS);
        return memberships;
    }

    /**
     * The members of a workspace, for a WebSocket's upgrade: at once from the cache, else read on a virtual
     * thread.
     *
     * @param workspace the workspace
     * @return completes with the members, or exceptionally when they cannot be read and none were read before
     */
    public CompletableFuture<MemberRoles> lookup(String workspace) {
        Cached cached = cache.get(workspace);
        if (cached != null && fresh(cached)) {
            return CompletableFuture.completedFuture(cached.roles());
        }
        return CompletableFuture.supplyAsync(() -> current(workspace), reads);
    }

    /**
     * The members of a workspace, for an API request (blocks on the database when the cache is not fresh).
     *
     * @param workspace the workspace
     * @return the members
     * @throws RuntimeException when they cannot be read and none were read before
     */
    public MemberRoles current(String workspace) {
        Cached cached = cache.get(workspace);
        if (cached != null && fresh(cached)) {
            return cached.roles();
        }
        try {
            return read(workspace);
        } catch (RuntimeException e) {
            if (cached == null) {
                throw e;
            }
            LOG.warn("the members of workspace {} cannot be read ({}): using those read {} ms ago", workspace,
                    e.toString(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cached.readAt()));
            return cached.roles();
        }
    }

    /**
     * The members of a workspace changed through this node: reads them again and tells the workspace's
     * followers, before returning. Should the read fail, the periodic refresh catches up.
     *
     * @param workspace the workspace
     */
    public void changed(String workspace) {
        try {
            read(workspace);
        } catch (RuntimeException e) {
            LOG.warn("the members of workspace {} changed but cannot be read again ({}): its connections follow"
                    + " at the next refresh", workspace, e.toString());
        }
    }

    /**
     * Keeps an open connection in step with its workspace's members until the returned handle is closed. The
     * connection is told at once should the members have changed since its role was decided.
     *
     * @param workspace  the workspace
     * @param connection the connection
     * @param role       the role it has now
     * @return closing it stops following (when the connection closed)
     */
    public AutoCloseable follow(String workspace, MemberConnection connection, Role role) {
        Follower follower = new Follower(workspace, connection, role);
        followers.compute(workspace, (key, set) -> {
            Set<Follower> all = set == null ? ConcurrentHashMap.newKeySet() : set;
            all.add(follower);
            return all;
        });
        // a read that finished before the add above did not see this follower: catch up with it
        follower.update();
        return () -> followers.computeIfPresent(workspace, (key, set) -> {
            set.remove(follower);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Memberships read by {@code reader} that nobody refreshes (tests of the cache): a read is fresh for
     * {@code freshFor}.
     */
    static Memberships unrefreshed(Function<String, MemberRoles> reader, Duration freshFor) {
        return new Memberships(reader, freshFor, Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("promptcards-members-read-", 0).factory()), null);
    }

    /** Stops the refresh. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (reads instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }

    private boolean fresh(Cached cached) {
        return System.nanoTime() - cached.readAt() < refreshNanos;
    }

    /** Reads the members, keeps them unless a later read is kept already, tells the followers. */
    private MemberRoles read(String workspace) {
        long ticket = tickets.incrementAndGet();
        MemberRoles roles = reader.apply(workspace);
        Cached kept = cache.merge(workspace, new Cached(roles, ticket, System.nanoTime()),
                (old, now) -> now.ticket() > old.ticket() ? now : old);
        Set<Follower> following = followers.get(workspace);
        if (following != null) {
            following.forEach(Follower::update);
        }
        return kept.roles();
    }

    /** Reads the members of every workspace with followers; forgets the others once stale. */
    private void refresh() {
        for (String workspace : followers.keySet()) {
            try {
                read(workspace);
            } catch (RuntimeException e) {
                LOG.warn("the members of workspace {} cannot be read ({}): its connections keep their roles",
                        workspace, e.toString());
            }
        }
        cache.entrySet().removeIf(entry -> !followers.containsKey(entry.getKey()) && !fresh(entry.getValue()));
    }

    /** A connection and the role it was last told. */
    private final class Follower {
        private final String workspace;
        private final MemberConnection connection;
        private Role role;
        private boolean removed;

        Follower(String workspace, MemberConnection connection, Role role) {
            this.workspace = workspace;
            this.connection = connection;
            this.role = role;
        }

        /** Tells the connection its role as the cache says it now, if it changed. */
        synchronized void update() {
            Cached cached = cache.get(workspace);
            if (removed || cached == null) {
                return;
            }
            Optional<Role> now = cached.roles().cap(connection.subject(), connection.tokenRole());
            if (now.isEmpty()) {
                removed = true;
                connection.removed();
            } else if (now.get() != role) {
                role = now.get();
                connection.roleChanged(role);
            }
        }
    }
}
