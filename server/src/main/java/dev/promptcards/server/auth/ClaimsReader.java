package dev.promptcards.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the claims of a token whose signature is verified into a {@link Grant}, or refuses them
 * with a precise 4401 reason. Checked in this order: {@code exp} (required number, in the future
 * with the clock skew), {@code nbf} (optional number, not in the future with the clock skew),
 * {@code sub}, {@code ws} (required non-empty strings), {@code cards} (required: a list of strings,
 * or the string {@code "*"} for every card; inside a list {@code "*"} is an ordinary card name),
 * {@code role} (required: {@code "editor"} or {@code "viewer"}). Other claims are ignored.
 */
final class ClaimsReader {

    /** Times are clamped to this many seconds either side of the epoch, far from Instant's limits. */
    private static final double MAX_EPOCH_SECONDS = 1e14;

    private ClaimsReader() {
    }

    static Grant read(Map<String, Object> claims, Instant now, Duration clockSkew) throws AuthException {
        Instant exp = time(claims, "exp");
        if (exp == null) {
            throw AuthException.unauthorized("missing claim exp");
        }
        if (!now.isBefore(exp.plus(clockSkew))) {
            throw AuthException.unauthorized("token expired");
        }
        Instant nbf = time(claims, "nbf");
        if (nbf != null && now.isBefore(nbf.minus(clockSkew))) {
            throw AuthException.unauthorized("token not yet valid");
        }
        String subject = string(claims, "sub");
        String workspace = string(claims, "ws");
        Object cardsClaim = claims.get("cards");
        if (cardsClaim == null) {
            throw AuthException.unauthorized("missing claim cards");
        }
        boolean allCards = "*".equals(cardsClaim);
        Set<String> cards = allCards ? Set.of() : cards(cardsClaim);
        Object roleClaim = claims.get("role");
        if (roleClaim == null) {
            throw AuthException.unauthorized("missing claim role");
        }
        Role role = roleClaim instanceof String name ? Role.fromClaim(name).orElse(null) : null;
        if (role == null) {
            throw AuthException.unauthorized("role must be editor or viewer");
        }
        return new Grant(subject, workspace, cards, allCards, role, exp);
    }

    /** A NumericDate claim (seconds since the epoch, maybe fractional), or null when absent. */
    private static Instant time(Map<String, Object> claims, String name) throws AuthException {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw AuthException.unauthorized("claim " + name + " must be a number");
        }
        double seconds = Math.max(-MAX_EPOCH_SECONDS, Math.min(MAX_EPOCH_SECONDS, number.doubleValue()));
        if (number instanceof Long || number instanceof Integer) {
            return Instant.ofEpochSecond((long) seconds);
        }
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9) % 1_000_000_000L);
    }

    private static String string(Map<String, Object> claims, String name) throws AuthException {
        Object value = claims.get(name);
        if (value == null) {
            throw AuthException.unauthorized("missing claim " + name);
        }
        if (!(value instanceof String text) || text.isEmpty()) {
            throw AuthException.unauthorized("claim " + name + " must be a non-empty string");
        }
        return text;
    }

    private static Set<String> cards(Object claim) throws AuthException {
        if (!(claim instanceof List<?> list)) {
            throw AuthException.unauthorized("claim cards must be a list of strings or \"*\"");
        }
        Set<String> cards = new HashSet<>();
        for (Object card : list) {
            if (!(card instanceof String name) || name.isEmpty()) {
                throw AuthException.unauthorized("claim cards must be a list of strings or \"*\"");
            }
            cards.add(name);
        }
        return cards;
    }
}
