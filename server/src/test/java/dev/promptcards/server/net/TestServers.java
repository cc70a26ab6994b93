package dev.promptcards.server.net;

import dev.promptcards.server.testing.MutableClock;
import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.auth.TokenVerifier;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/** What the net tests share: real dev tokens (HS256, a clock the test moves), limits, contexts. */
final class TestServers {

    private static final Duration HOUR = Duration.ofHours(1);

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
    final DevTokens tokens = new DevTokens(new SecureRandom(), clock);
    /** Editor of every card of workspace {@code w}. */
    final String editor = tokens.mint("ed", "w", Role.EDITOR, HOUR);
    /** Viewer of every card of workspace {@code w}. */
    final String viewer = tokens.mint("vi", "w", Role.VIEWER, HOUR);
    /** Editor of card {@code w/a} only. */
    final String cardA = tokens.mint("ca", "w", Set.of("a"), Role.EDITOR, HOUR);

    /** A token that expired a minute ago (the verifier allows 30 s of clock skew). */
    String expired() {
        String token = tokens.mint("old", "w", Role.EDITOR, Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));
        return token;
    }

    TokenVerifier verifier() {
        return tokens.verifier();
    }

    /** A context for EmbeddedChannel tests. */
    ServerContext context(Limits limits, ServerMetrics metrics, RoomRegistry rooms, String devToken,
                          Map<String, byte[]> files, LongSupplier nanoClock, ManualExecutor writes) {
        ServerState state = new ServerState();
        state.accepting();
        return new ServerContext(limits, verifier(), metrics, rooms, devToken, StaticFiles.of(files),
                new ConnectionIds(), new ConnectionSlots(limits.maxConnections(),
                        limits.quotas().maxConnections()), StoredConnectionQuotas.none(), new OpenConnections(), state,
                nanoClock, channel -> writes, ServerContext.DEFAULT_CLOSE_TIMEOUT, null, ServerConfig.NO_API,
                Memberships.open(), List.of());
    }

}
