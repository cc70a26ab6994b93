package dev.promptcards.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Dev mode tokens: a 32-byte HS256 secret, random per object or the one kept in the data
 * directory ({@link DevSecretFile}, so that tokens outlive a restart); {@link #mint} signs tokens
 * with it and {@link #verifier()} checks them. Nothing without the secret can sign such a token.
 *
 * <p>Thread-safe. {@link #toString()} never shows the secret.
 */
public final class DevTokens {

    /** The length of the random secret, in bytes. */
    public static final int SECRET_BYTES = 32;

    private final TokenMinter minter;
    private final JwtTokenVerifier verifier;

    /** A new random secret from a {@link SecureRandom}, with the system clock. */
    public DevTokens() {
        this(new SecureRandom(), Clock.systemUTC());
    }

    /**
     * A new random secret.
     *
     * @param random where the secret's bytes come from
     * @param clock the time of {@code iat}/{@code exp} in minted tokens and of the verifier
     */
    public DevTokens(SecureRandom random, Clock clock) {
        this(randomSecret(random), clock);
    }

    /**
     * A given secret, e.g. from {@link DevSecretFile#loadOrCreate}.
     *
     * @param secret {@link #SECRET_BYTES} bytes (copied)
     * @param clock the time of {@code iat}/{@code exp} in minted tokens and of the verifier
     */
    public DevTokens(byte[] secret, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("the dev secret must be " + SECRET_BYTES + " bytes, not "
                    + secret.length);
        }
        this.minter = TokenMinter.hs256(secret, clock);
        this.verifier = JwtTokenVerifier.hs256(secret).withClock(clock);
    }

    /** The minter of this object's tokens (the admin API mints with it in dev mode). */
    public TokenMinter minter() {
        return minter;
    }

    private static byte[] randomSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    /**
     * A token for every card of a workspace ({@code "cards": "*"}).
     *
     * @param subject the {@code sub} claim, e.g. "dev"
     * @param workspace the {@code ws} claim
     * @param role the {@code role} claim
     * @param ttl how long the token is valid, positive ({@code exp} = now + ttl, in whole seconds)
     * @return the compact JWT (HS256)
     */
    public String mint(String subject, String workspace, Role role, Duration ttl) {
        return sign(subject, workspace, null, role, ttl);
    }

    /**
     * A token for some cards of a workspace ({@code "cards": [...]}).
     *
     * @param subject the {@code sub} claim
     * @param workspace the {@code ws} claim
     * @param cards the {@code cards} claim
     * @param role the {@code role} claim
     * @param ttl how long the token is valid, positive
     * @return the compact JWT (HS256)
     */
    public String mint(String subject, String workspace, Set<String> cards, Role role, Duration ttl) {
        return sign(subject, workspace, Set.copyOf(cards), role, ttl);
    }

    /** The verifier of the tokens this object mints (and of no others). */
    public TokenVerifier verifier() {
        return verifier;
    }

    private String sign(String subject, String workspace, Set<String> cards, Role role, Duration ttl) {
        return minter.mint(subject, null, workspace, cards, role, ttl).token();
    }

    @Override
    public String toString() {
        return "DevTokens[HS256, secret hidden]";
    }
}
