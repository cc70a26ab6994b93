package dev.promptcards.server.net;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

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
