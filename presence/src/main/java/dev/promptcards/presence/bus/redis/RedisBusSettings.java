package dev.promptcards.presence.bus.redis;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a node reaches Redis and keeps its heartbeat there. {@link #toString()} and every message of this class
 * show the URL with its password replaced by {@code ***}.
 *
 * @param url             {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...} (TLS)
 * @param nodeId          this node's id: 1 to 128 characters of {@code [A-Za-z0-9._:-]}
 * @param heartbeatPeriod how often the node renews its heartbeat and looks for nodes that are gone
 * @param ttl             how long a heartbeat lasts; a node that stops is noticed within {@code ttl + heartbeatPeriod}
 * @param connectTimeout  how long connecting, and each command, may take
 */
public record RedisBusSettings(String url, String nodeId, Duration heartbeatPeriod, Duration ttl,
        Duration connectTimeout) {

    /** The default heartbeat period. */
    public static final Duration DEFAULT_HEARTBEAT_PERIOD = Duration.ofSeconds(2);
    /** The default heartbeat TTL: with the default period a dead node is noticed within 12 s (issue 14: 15 s). */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** The default connect and command timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern DATABASE = Pattern.compile("/?|/[0-9]{1,5}");

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException if the URL is not a redis:// or rediss:// URL with a host, the node id
     *                                  breaks its rule, or the durations are not positive with {@code ttl}
     *                                  longer than {@code heartbeatPeriod}
     */
    public RedisBusSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(heartbeatPeriod, "heartbeatPeriod");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        parse(url);
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("the node id must be 1 to 128 characters of [A-Za-z0-9._:-]");
        }
        if (!heartbeatPeriod.isPositive() || !connectTimeout.isPositive()) {
            throw new IllegalArgumentException("the heartbeat period and the connect timeout must be positive");
        }
        if (ttl.compareTo(heartbeatPeriod) <= 0) {
            throw new IllegalArgumentException("the heartbeat TTL (" + ttl + ") must be longer than its period ("
                    + heartbeatPeriod + ")");
        }
    }

    /**
     * Settings with the default heartbeat and timeout.
     *
     * @param url    the Redis URL
     * @param nodeId this node's id
     * @return the settings
     * @throws IllegalArgumentException as the constructor
     */
    public static RedisBusSettings of(String url, String nodeId) {
        return new RedisBusSettings(url, nodeId, DEFAULT_HEARTBEAT_PERIOD, DEFAULT_TTL, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * The same settings with another heartbeat.
     *
     * @param period the heartbeat period
     * @param newTtl the heartbeat TTL
     * @return the settings
     */
    public RedisBusSettings withHeartbeat(Duration period, Duration newTtl) {
        return new RedisBusSettings(url, nodeId, period, newTtl, connectTimeout);
    }

    /**
     * The URL with its password replaced by {@code ***}, for logs and messages.
     *
     * @return the redacted URL
     */
    public String redactedUrl() {
        URI uri = parse(url);
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return url;
        }
        int colon = userInfo.indexOf(':');
        // Lettuce reads user info without a colon as a password alone (RedisURI.create)
        String redacted = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return url.replace(userInfo + "@", redacted + "@");
    }

    /**
     * Where Redis is, for messages.
     *
     * @return {@code host:port}
     */
    public String hostAndPort() {
        URI uri = parse(url);
        return uri.getHost() + ":" + (uri.getPort() < 0 ? RedisURI.DEFAULT_REDIS_PORT : uri.getPort());
    }

    /**
     * The password in the URL, so that messages can be scrubbed of it.
     *
     * @return the password, if the URL has one
     */
    Optional<String> password() {
        String userInfo = parse(url).getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return Optional.empty();
        }
        String raw = userInfo.substring(userInfo.indexOf(':') + 1);
        return raw.isEmpty() ? Optional.empty() : Optional.of(URLDecoder.decode(raw, StandardCharsets.UTF_8));
    }

    /**
     * Replaces the password, wherever it appears in a text, with {@code ***}.
     *
     * @param text a message, may be null
     * @return the text without the password
     */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = text;
        for (String secret : password().stream().toList()) {
            scrubbed = scrubbed.replace(secret, "***");
        }
        return scrubbed;
    }

    /**
     * The URL as Lettuce takes it, with the connect timeout as its command timeout.
     *
     * @return a new RedisURI
     */
    RedisURI toRedisUri() {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            // Lettuce's message may quote the URL, password included
            throw new IllegalArgumentException("Lettuce does not accept the Redis URL " + redactedUrl(), null);
        }
        uri.setTimeout(connectTimeout);
        return uri;
    }

    @Override
    public String toString() {
        return "RedisBusSettings[url=" + redactedUrl() + ", nodeId=" + nodeId + ", heartbeatPeriod="
                + heartbeatPeriod + ", ttl=" + ttl + ", connectTimeout=" + connectTimeout + "]";
    }

    /** Parses and checks the URL; no message quotes it, since it may hold a password. */
    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the Redis URL is not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + "); expected redis://[:password@]host[:port][/db] or rediss://...");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("the Redis URL must start with redis:// or rediss://, not "
                    + (scheme.isEmpty() ? "no scheme" : scheme + "://"));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the Redis URL names no host (or an invalid one);"
                    + " expected redis://[:password@]host[:port][/db]");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw new IllegalArgumentException("the Redis URL's port must be 1 to 65535");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!DATABASE.matcher(path).matches()) {
            throw new IllegalArgumentException("the Redis URL's path must be a database number (/0, /1, ...)");
        }
        return uri;
    }
}
