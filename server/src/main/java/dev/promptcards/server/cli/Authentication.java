package dev.promptcards.server.cli;

import dev.promptcards.server.app.AppConfig;
import dev.promptcards.server.auth.DevSecretFile;
import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.JwtTokenVerifier;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.auth.TokenMinter;
import dev.promptcards.server.auth.TokenVerifier;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@code serve} checks tokens: with the JWT settings when there are any, else (dev mode,
 * loopback only) with the dev secret kept in the data directory, with which it mints the token
 * of the page.
 *
 * @param verifier checks the token of every WebSocket connection
 * @param devMode true when no JWT setting is given (the server is bound to loopback)
 * @param devToken in dev mode, an editor's token for every card of {@link #DEV_WORKSPACE}; else null
 * @param devSecretFile in dev mode, the file of the dev secret ({@link DevSecretFile}); else null
 * @param minter signs tokens with the HS256 secret (the dev secret in dev mode); null with public keys alone
 */
record Authentication(TokenVerifier verifier, boolean devMode, String devToken,
        Path devSecretFile, TokenMinter minter) {

    /** The workspace of the dev token. */
    static final String DEV_WORKSPACE = AppConfig.DEV_WORKSPACE;
    /** How long the dev token stays valid (its secret is kept in the data directory). */
    static final Duration DEV_TOKEN_TTL = Duration.ofDays(30);

    private static final Logger log = LoggerFactory.getLogger(Authentication.class);

    /**
     * The verifier for {@code settings}: the HS256 secret (and the previous one during a rotation), the
     * public key file, or both (a token is then accepted by any key, each pinned to its own algorithm);
     * with neither, dev mode. Tokens are minted with the current secret only.
     *
     * @throws IllegalArgumentException when the public key file cannot be used, saying why
     * @throws DevSecretFile.UnusableSecretException in dev mode, when the dev secret's file cannot
     *     be used or created, saying why and how to fix it
     */
    static Authentication of(ServeSettings settings) {
        if (!settings.requiresJwt()) {
            Path file = DevSecretFile.in(settings.dataDir().toAbsolutePath().normalize());
            DevTokens devTokens = new DevTokens(DevSecretFile.loadOrCreate(file, new SecureRandom()),
                    Clock.systemUTC());
            String token = devTokens.mint("dev", DEV_WORKSPACE, Role.EDITOR, DEV_TOKEN_TTL);
            log.info("Dev mode: tokens are signed with the secret kept in {}", file);
            return new Authentication(devTokens.verifier(), true, token, file, devTokens.minter());
        }
        List<JwtTokenVerifier> verifiers = new ArrayList<>();
        if (settings.jwtSecret() != null) {
            verifiers.add(JwtTokenVerifier.hs256(settings.jwtSecret()));
        }
        if (settings.jwtPreviousSecret() != null) {
            verifiers.add(JwtTokenVerifier.hs256(settings.jwtPreviousSecret()));
        }
        if (settings.jwtPublicKey() != null) {
            try {
                verifiers.add(JwtTokenVerifier.fromPublicKey(settings.jwtPublicKey()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot use '" + settings.jwtPublicKey() + "': "
                        + e.getMessage(), e);
            }
        }
        JwtTokenVerifier verifier =
                JwtTokenVerifier.combined(verifiers.toArray(JwtTokenVerifier[]::new));
        verifier.describeKeys().forEach(key -> log.info("JWT key: {}", key));
        TokenMinter minter = settings.jwtSecret() == null ? null
                : TokenMinter.hs256(settings.jwtSecret(), Clock.systemUTC());
        return new Authentication(verifier, false, null, null, minter);
    }
}
