package dev.promptcards.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies signed JWTs (JWS compact serialization) with configured keys: an HS256 secret, RS256 and
 * ES256 public keys from a PEM or JWKS file, or both ({@link #combined}).
 *
 * <p>Every key verifies exactly one algorithm, fixed by the key (an HS256 secret: HS256; an RSA
 * key: RS256; an EC P-256 key: ES256); a token is checked only with keys of its own {@code alg}, so
 * {@code "none"}, algorithms no key was configured for and HS/RS confusion (an RSA public key used
 * as an HMAC secret) are refused before any signature check. Keys or URLs inside the token's header
 * ({@code jwk}, {@code jku}, {@code x5c}, ...) are never used. A token header with {@code kid} is
 * checked with the keys of that kid and the keys without kid; without kid, with every key of its
 * algorithm.
 *
 * <p>Checks in order, each failure a 4401 {@link AuthException}: "missing token" (null or blank);
 * "malformed token: ..." (longer than {@value #MAX_TOKEN_CHARS} chars, not three base64url parts,
 * header not a JSON object, no {@code alg}); "algorithm none not allowed"; "algorithm X not
 * allowed"; "unsupported critical header" ({@code crit} or {@code b64} present); "unknown key id";
 * "malformed token: missing signature"; "bad signature"; "malformed token: payload is not a JSON
 * object"; then the claims: "missing claim exp", "claim exp must be a number", "token expired",
 * "claim nbf must be a number", "token not yet valid", "missing claim sub", "claim sub must be a
 * non-empty string", the same for {@code ws}, "missing claim cards", "claim cards must be a list
 * of strings or \"*\"", "missing claim role", "role must be editor or viewer". {@code exp} and
 * {@code nbf} allow a clock skew, {@value #DEFAULT_CLOCK_SKEW_SECONDS} s unless changed with
 * {@link #withClockSkew}.
 *
 * <p>Immutable and thread-safe.
 */
public final class JwtTokenVerifier implements TokenVerifier {

    /** The shortest HS256 secret accepted, in bytes (RFC 7518 section 3.2: at least the hash size). */
    public static final int MIN_SECRET_BYTES = 32;
    /** Longer tokens are refused unread. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** The default allowance for clocks that disagree, applied to {@code exp} and {@code nbf}. */
    public static final long DEFAULT_CLOCK_SKEW_SECONDS = 30;

    private final List<VerificationKey> keys;
    private final Set<String> algorithms;
    private final Clock clock;
    private final Duration clockSkew;

    private JwtTokenVerifier(List<VerificationKey> keys, Clock clock, Duration clockSkew) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no verification key");
        }
        this.keys = List.copyOf(keys);
        Set<String> algs = new LinkedHashSet<>();
        for (VerificationKey key : keys) {
            algs.add(key.algorithm().getName());
        }
        this.algorithms = Set.copyOf(algs);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative: " + clockSkew);
        }
    }

    /**
     * A verifier of HS256 tokens signed with a shared secret.
     *
     * @param secret at least {@value #MIN_SECRET_BYTES} bytes; copied
     * @throws IllegalArgumentException for a shorter secret
     */
    public static JwtTokenVerifier hs256(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the HS256 secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, got " + secret.length);
        }
        try {
            MACVerifier verifier = new MACVerifier(secret.clone());
            return new JwtTokenVerifier(
                    List.of(new VerificationKey(null, JWSAlgorithm.HS256, verifier, "HS256: shared secret")),
                    Clock.systemUTC(), Duration.ofSeconds(DEFAULT_CLOCK_SKEW_SECONDS));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable HS256 secret: " + e.getMessage(), e);
        }
    }

    /**
     * A verifier of HS256 tokens whose secret is the UTF-8 bytes of a string (as given by
     * {@code --jwt-secret}).
     *
     * @param secret at least {@value #MIN_SECRET_BYTES} bytes once encoded
     * @throws IllegalArgumentException for a shorter secret
     */
    public static JwtTokenVerifier hs256(String secret) {
        return hs256(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A verifier of RS256/ES256 tokens with the keys of a file: PEM {@code -----BEGIN PUBLIC
     * KEY-----} blocks (SubjectPublicKeyInfo; RSA of at least 2048 bits, or EC P-256), or a JWKS
     * ({@code {"keys": [...]}}, or one JWK). An RSA key verifies RS256 only, an EC P-256 key ES256
     * only. JWKS keys keep their {@code kid}; a key whose {@code alg}, {@code use} or
     * {@code key_ops} forbids that use, or of another type or curve, is skipped with a warning in
     * the log.
     *
     * @param file the PEM or JWKS file, read once now
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when it holds no usable key (the message says why)
     */
    public static JwtTokenVerifier fromPublicKey(Path file) {
        return new JwtTokenVerifier(PublicKeyFiles.load(Objects.requireNonNull(file, "file")),
                Clock.systemUTC(), Duration.ofSeconds(DEFAULT_CLOCK_SKEW_SECONDS));
    }

    /**
     * One verifier accepting what any of the given ones accepts (e.g. an HS256 secret and a public
     * key file both configured). Each key keeps its own algorithm. Clock and skew are the first
     * verifier's.
     *
     * @param verifiers at least one
     */
    public static JwtTokenVerifier combined(JwtTokenVerifier... verifiers) {
        if (verifiers.length == 0) {
            throw new IllegalArgumentException("no verifier to combine");
        }
        List<VerificationKey> all = new ArrayList<>();
        for (JwtTokenVerifier verifier : verifiers) {
            all.addAll(verifier.keys);
        }
        return new JwtTokenVerifier(all, verifiers[0].clock, verifiers[0].clockSkew);
    }

    /** This verifier reading the time from another clock (for tests). */
    public JwtTokenVerifier withClock(Clock clock) {
        return new JwtTokenVerifier(keys, clock, clockSkew);
    }

    /** This verifier with another allowance for clock differences (default 30 s); not negative. */
    public JwtTokenVerifier withClockSkew(Duration clockSkew) {
        return new JwtTokenVerifier(keys, clock, clockSkew);
    }

    /** The algorithms accepted, e.g. {@code [RS256]}: those of the configured keys. */
    public Set<String> algorithms() {
        return algorithms;
    }

    /** One line per key for the operator's log, e.g. "RS256: RSA 2048-bit key (kid a1)". */
    public List<String> describeKeys() {
        return keys.stream().map(VerificationKey::description).toList();
    }

    @Override
    public Grant verify(String token) throws AuthException {
        if (token == null || token.isBlank()) {
            throw AuthException.unauthorized("missing token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw AuthException.unauthorized("malformed token: too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length == 5) {
            throw AuthException.unauthorized("malformed token: encrypted tokens are not accepted");
        }
        if (parts.length != 3) {
            throw AuthException.unauthorized("malformed token: expected header.payload.signature");
        }
        for (String part : parts) {
            if (!isBase64Url(part)) {
                throw AuthException.unauthorized("malformed token: invalid base64url");
            }
        }
        Map<String, Object> header = jsonObject(parts[0]);
        if (header == null) {
            throw AuthException.unauthorized("malformed token: header is not a JSON object");
        }
        if (!(header.get("alg") instanceof String alg)) {
            throw AuthException.unauthorized("malformed token: missing alg");
        }
        if (alg.equalsIgnoreCase("none")) {
            throw AuthException.unauthorized("algorithm none not allowed");
        }
        if (!algorithms.contains(alg)) {
            throw AuthException.unauthorized("algorithm " + shorten(alg) + " not allowed");
        }
        if (header.containsKey("crit") || header.containsKey("b64")) {
            throw AuthException.unauthorized("unsupported critical header");
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw AuthException.unauthorized("malformed token: kid must be a string");
        }
        List<VerificationKey> candidates = new ArrayList<>();
        for (VerificationKey key : keys) {
            if (key.matches(alg, (String) kid)) {
                candidates.add(key);
            }
        }
        if (candidates.isEmpty()) {
            throw AuthException.unauthorized("unknown key id");
        }
        if (parts[2].isEmpty()) {
            throw AuthException.unauthorized("malformed token: missing signature");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            // the parser's message stays in the cause (logs), never in the close reason
            throw new AuthException(AuthException.UNAUTHORIZED, "malformed token: not a signed JWT", e);
        }
        if (!verifiedByAny(jwt, candidates)) {
            throw AuthException.unauthorized("bad signature");
        }
        Map<String, Object> claims = jsonObject(parts[1]);
        if (claims == null) {
            throw AuthException.unauthorized("malformed token: payload is not a JSON object");
        }
        return ClaimsReader.read(claims, clock.instant(), clockSkew);
    }

    /**
     * Until the token would be refused as expired: its {@code exp} plus the clock skew, on this verifier's clock.
     */
    @Override
    public Duration remaining(Grant grant) {
        return Duration.between(clock.instant(), grant.expiresAt().plus(clockSkew));
    }

    private static boolean verifiedByAny(SignedJWT jwt, List<VerificationKey> candidates) {
        byte[] signingInput = jwt.getSigningInput();
        for (VerificationKey key : candidates) {
            try {
                if (key.verifier().verify(jwt.getHeader(), signingInput, jwt.getSignature())) {
                    return true;
                }
            } catch (JOSEException e) {
                // a signature this key cannot even check (wrong length, ...): not verified by it
            }
        }
        return false;
    }

    /** The JSON object a base64url part decodes to, or null when it is not one. */
    private static Map<String, Object> jsonObject(String base64Url) {
        try {
            return JSONObjectUtils.parse(new Base64URL(base64Url).decodeToString());
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isBase64Url(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String shorten(String text) {
        return text.length() <= 16 ? text : text.substring(0, 16) + "...";
    }

    @Override
    public String toString() {
        return "JwtTokenVerifier" + algorithms;
    }
}
