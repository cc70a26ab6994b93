package dev.promptcards.presence.bus.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's heartbeat ({@code SET promptcards:node:{id} PX ttl}) and the other nodes' liveness: which heartbeat
 * keys exist (SCAN MATCH), and which nodes this node knew (live before, or heard from) whose key is gone.
 *
 * <p>SCAN rather than a sorted set of expiry times: the TTL of a key is kept by Redis's clock, so the nodes'
 * clocks need not agree, and a node that dies leaves nothing behind to clean up. SCAN walks the database's
 * keyspace, which is small for a database given to the bus.
 *
 * <p>Called from one thread at a time (the heartbeat's), except {@link #heard}.
 */
final class NodeLiveness {

    private static final byte[] ALIVE = "1".getBytes(StandardCharsets.US_ASCII);
    /** Keys SCAN looks at per call: a hint to Redis, not a limit of the result. */
    private static final long SCAN_COUNT = 1_000;

    private final RedisCommands<byte[], byte[]> commands;
    private final String nodeId;
    private final Duration ttl;
    private final Set<String> known = new HashSet<>();
    private final Set<String> heard = ConcurrentHashMap.newKeySet();
    private volatile int liveNodes = 1;

    NodeLiveness(RedisCommands<byte[], byte[]> commands, String nodeId, Duration ttl) {
        this.commands = commands;
        this.nodeId = nodeId;
        this.ttl = ttl;
    }

    /**
     * Renews this node's heartbeat and reads which nodes are live.
     *
     * @param mayJudge whether nodes that are no longer live may be declared gone now (not while this node was
     *                 just away from Redis: the others may not have renewed their keys yet)
     * @return the nodes that are gone since the last call, each reported once
     * @throws io.lettuce.core.RedisException if Redis cannot be reached; nothing is declared gone then
     */
    List<String> beatAndCheck(boolean mayJudge) {
        commands.set(RedisKeys.nodeKey(nodeId), ALIVE, SetArgs.Builder.px(ttl));
        Set<String> live = scanLive();
        liveNodes = live.size();
        List<String> gone = new ArrayList<>();
        known.addAll(drainHeard());
        if (mayJudge) {
            for (String node : known) {
                if (!live.contains(node) && !node.equals(nodeId)) {
                    gone.add(node);
                }
            }
            gone.forEach(known::remove);
        }
        known.addAll(live);
        return gone;
    }

    /**
     * A message came from a node: it is watched from now on, even if its heartbeat was never seen.
     *
     * @param node the sender
     */
    void heard(String node) {
        heard.add(node);
    }

    /**
     * The nodes with a current heartbeat at the last check, this one included.
     *
     * @return the count
     */
    int liveNodes() {
        return liveNodes;
    }

    /** Deletes this node's heartbeat, so that the others see it gone at their next check. */
    void delete() {
        commands.del(RedisKeys.nodeKey(nodeId));
    }

    private Set<String> drainHeard() {
        Set<String> drained = new HashSet<>();
        for (String node : heard) {
            heard.remove(node);
            drained.add(node);
        }
        return drained;
    }

    private Set<String> scanLive() {
        Set<String> live = new HashSet<>();
        ScanArgs args = ScanArgs.Builder.matches(RedisKeys.NODE_PATTERN).limit(SCAN_COUNT);
        KeyScanCursor<byte[]> cursor = commands.scan(args);
        while (true) {
            cursor.getKeys().forEach(key -> live.add(RedisKeys.node(key)));
            if (cursor.isFinished()) {
                return live;
            }
            cursor = commands.scan(ScanCursor.of(cursor.getCursor()), args);
        }
    }
}
