package dev.promptcards.server.api;

import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.auth.TokenMinter;
import dev.promptcards.server.auth.TokenVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Real HS256 JWTs for the API's tests, minted by {@link DevTokens} (the server's own signer) and checked by its
 * verifier, the one the WebSocket listener uses.
 */
final class ApiTokens {

    private static final Duration HOUR = Duration.ofHours(1);

    private final byte[] secret = new byte[DevTokens.SECRET_BYTES];
    private final DevTokens tokens;

    ApiTokens() {
        new SecureRandom().nextBytes(secret);
        tokens = new DevTokens(secret, Clock.systemUTC());
    }

    /** Signs tokens as the server does with this secret ({@code POST .../tokens}). */
    TokenMinter minter() {
        return tokens.minter();
    }

    TokenVerifier verifier() {
        return tokens.verifier();
    }

    /** A token of {@code subject} for every card of {@code workspace}. */
    String token(String subject, String workspace, Role role) {
        return tokens.mint(subject, workspace, role, HOUR);
    }

    /** Editor of every card of workspace {@code w}, subject {@code ed}. */
    String editor() {
        return tokens.mint("ed", "w", Role.EDITOR, HOUR);
    }

    /** Viewer of every card of workspace {@code w}, subject {@code vi}. */
    String viewer() {
        return tokens.mint("vi", "w", Role.VIEWER, HOUR);
    }

    /** Editor of card {@code w/a} only. */
    String editorOfCardA() {
        return tokens.mint("ca", "w", Set.of("a"), Role.EDITOR, HOUR);
    }

    /** Editor of every card of workspace {@code other}. */
    String editorOfOtherWorkspace() {
        return tokens.mint("ot", "other", Role.EDITOR, HOUR);
    }

    /** An editor's token that expired an hour ago (well past the verifier's 30 s of skew). */
    String expired() {
        DevTokens past = new DevTokens(secret, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
        return past.mint("old", "w", Role.EDITOR, HOUR);
    }

    /** An editor's token signed with another secret. */
    String signedElsewhere() {
        return new DevTokens().mint("ed", "w", Role.EDITOR, HOUR);
    }
}
