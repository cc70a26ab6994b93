package dev.promptcards.server.net;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The strong entity tag of a static file's content (RFC 9110 section 8.8.3): the first 128 bits of its SHA-256,
 * base64url, and for a coded representation the coding's name after a dash ({@code "abc…"}, {@code "abc…-br"}),
 * as a tag must differ between representations. The same content has the same tag on every node and after a
 * restart.
 */
final class EntityTag {

    /** Bytes of the digest kept: 128 bits, far beyond any chance of two files of a build sharing one. */
    private static final int DIGEST_BYTES = 16;

    private final String opaque;

    private EntityTag(String opaque) {
        this.opaque = opaque;
    }

    /**
     * @param content a file's content (as it is, not coded)
     * @return its tag
     */
    static EntityTag of(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        Key key = new Key(crc.getValue(), content.length);
        EntityTag known = KNOWN.get(key);
        if (known != null) {
            return known;
        }
        EntityTag tag = digest(content);
        if (KNOWN.size() >= MAX_KNOWN) {
            KNOWN.clear();
        }
        KNOWN.put(key, tag);
        return tag;
    }

    /**
     * A content's checksum and length: CRC-32C runs at memory speed where SHA-256 takes about a millisecond for
     * embed.js on a network thread; a file changed by a rebuild gets another key, so its tag follows it.
     */
    private record Key(long crc32c, int length) {
    }

    /** Tags of the contents seen: the server's own static files, a few dozen (bounded against a surprise). */
    private static final Map<Key, EntityTag> KNOWN = new ConcurrentHashMap<>();
    private static final int MAX_KNOWN = 1024;

    private static EntityTag digest(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            byte[] kept = Arrays.copyOf(digest, DIGEST_BYTES);
            return new EntityTag(Base64.getUrlEncoder().withoutPadding().encodeToString(kept));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * @param coding the coding a representation is sent in, or empty for the file as it is
     * @return the {@code ETag} header's value of that representation
     */
    String header(Optional<ContentCoding> coding) {
        return "\"" + opaque + coding.map(c -> "-" + c.token()).orElse("") + "\"";
    }

    /**
     * Whether an {@code If-None-Match} header names this content in any representation (the weak comparison
     * RFC 9110 section 13.1.2 prescribes for it: a {@code W/} prefix does not matter), or is {@code *}.
     *
     * @param ifNoneMatch the header, or null
     * @return true when the client's copy is current: answer 304
     */
    boolean matchedBy(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String element : ifNoneMatch.split(",")) {
            String tag = element.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
                continue;
            }
            String value = tag.substring(1, tag.length() - 1);
            boolean coded = value.startsWith(opaque + "-") && isCoding(value.substring(opaque.length() + 1));
            if (value.equals(opaque) || coded) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCoding(String token) {
        for (ContentCoding coding : ContentCoding.values()) {
            if (coding.token().equals(token)) {
                return true;
            }
        }
        return false;
    }
}
