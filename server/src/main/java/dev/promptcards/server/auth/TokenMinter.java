package dev.promptcards.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Signs card tokens (HS256) with the server's secret: the claims {@link ClaimsReader} reads ({@code sub},
 * {@code ws}, {@code cards}, {@code role}, {@code iat}, {@code exp}) and a display {@code name}. A token it mints
 * is accepted by the WebSocket and the API as any token of that secret. Only an HS256 secret can sign here: a
 * server configured with public keys alone verifies tokens others sign.
 *
 * <p>Thread-safe. {@link #toString()} never shows the secret.
 */
public final class TokenMinter {

    /**
     * A signed token.
     *
     * @param token     the compact JWT
     * @param expiresAt its {@code exp}
     */
    public record MintedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "MintedToken[expires " + expiresAt + ", token hidden]";
        }
    }

    private final MACSigner signer;
    private final Clock clock;

    private TokenMinter(byte[] secret, Clock clock) {
        if (secret.length < JwtTokenVerifier.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the HS256 secret must be at least " + JwtTokenVerifier.MIN_SECRET_BYTES
                    + " bytes, not " + secret.length);
        }
        try {
            this.signer = new MACSigner(secret.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with this secret: " + e.getMessage(), e);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A minter with an HS256 secret.
     *
     * @param secret at least {@value JwtTokenVerifier#MIN_SECRET_BYTES} bytes; copied
     * @param clock  the time of {@code iat} and {@code exp}
     * @return the minter
     */
    public static TokenMinter hs256(byte[] secret, Clock clock) {
        return new TokenMinter(secret, clock);
    }

    /**
     * A minter with an HS256 secret given as text ({@code --jwt-secret}), encoded as UTF-8 as the verifier does.
     *
     * @param secret the secret
     * @param clock  the time of {@code iat} and {@code exp}
     * @return the minter
     */
    public static TokenMinter hs256(String secret, Clock clock) {
        return new TokenMinter(secret.getBytes(StandardCharsets.UTF_8), clock);
    }

    /**
     * Signs a token.
     *
     * @param subject   the {@code sub} claim
     * @param name      a display name, or null
     * @param workspace the {@code ws} claim
     * @param cards     the cards it opens, or null for every card of the workspace ({@code "*"})
     * @param role      the {@code role} claim
     * @param ttl       how long it is valid, positive ({@code exp} = now + ttl, in whole seconds)
     * @return the token and its expiry
     */
    public MintedToken mint(String subject, String name, String workspace, Set<String> cards, Role role,
            Duration ttl) {
        return mint(subject, name, workspace, cards, role, ttl, Instant.MAX);
    }

    /**
     * Signs a token that expires after {@code ttl} but no later than {@code notAfter} (a shared link never
     * outlives its sharer's own token).
     *
     * @param subject   the {@code sub} claim
     * @param name      a display name, or null
     * @param workspace the {@code ws} claim
     * @param cards     the cards it opens, or null for every card of the workspace ({@code "*"})
     * @param role      the {@code role} claim
     * @param ttl       how long it is valid, positive ({@code exp} = now + ttl, in whole seconds)
     * @param notAfter  the latest {@code exp} (whole seconds, rounded down), after now
     * @return the token and its expiry
     */
    public MintedToken mint(String subject, String name, String workspace, Set<String> cards, Role role,
            Duration ttl, Instant notAfter) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(role, "role");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expires = now.plusSeconds(Math.max(1, ttl.toSeconds()));
        if (expires.isAfter(notAfter)) {
            expires = Instant.ofEpochSecond(notAfter.getEpochSecond());
        }
        if (!expires.isAfter(now)) {
            throw new IllegalArgumentException("notAfter is not after now: " + notAfter);
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("ws", workspace)
                .claim("cards", cards == null ? "*" : List.copyOf(cards))
                .claim("role", role.claim())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires));
        if (name != null) {
            claims.claim("name", name);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new MintedToken(jwt.serialize(), expires);
    }

    @Override
    public String toString() {
        return "TokenMinter[HS256, secret hidden]";
    }
}
