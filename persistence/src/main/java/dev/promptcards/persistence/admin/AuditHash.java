package dev.promptcards.persistence.admin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The hash of an audit row, over the previous row's hash and the row's canonical content.
 *
 * <p>The canonical encoding, the bytes given to SHA-256 in this order:
 * <ol>
 * <li>the previous row's hash as its 32 bytes (the hex of {@code prev_hash} decoded); for a workspace's
 *     first row, {@link #GENESIS}: 32 zero bytes;</li>
 * <li>then seven fields: workspace, at, actor_kind, actor, action, target, detail; each as a 4-byte
 *     big-endian length followed by that many bytes of its UTF-8, or as the length -1 (FF FF FF FF) and no
 *     bytes when it is null (only target and detail can be). {@code at} is written in UTC as
 *     {@code yyyy-MM-ddTHH:mm:ss.ffffffZ}, always six fractional digits (PostgreSQL keeps microseconds);
 *     actor_kind as stored ({@code operator}, {@code api_key}, {@code token}); detail as the stored text,
 *     byte for byte (never re-serialized).</li>
 * </ol>
 * The lengths make the encoding unambiguous: no two different rows give the same bytes. The hash is stored
 * as 64 lowercase hex digits. The row's id is not hashed: the chain itself fixes the order, and a removed or
 * moved row breaks the next row's link.
 */
public final class AuditHash {

    /** The previous hash of a workspace's first row: 32 zero bytes, in hex. */
    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditHash() {
    }

    /**
     * The hash of a row.
     *
     * @param prevHash  the previous row's hash (64 hex digits)
     * @param workspace the workspace
     * @param at        when
     * @param actorKind who
     * @param actor     the actor
     * @param action    the action
     * @param target    the target or null
     * @param detail    the detail or null
     * @return 64 lowercase hex digits
     * @throws IllegalArgumentException if prevHash is not 64 hex digits
     */
    public static String of(String prevHash, String workspace, Instant at, ActorKind actorKind, String actor,
                            String action, String target, String detail) {
        MessageDigest sha256 = sha256();
        byte[] prev = HexFormat.of().parseHex(prevHash);
        if (prev.length != 32) {
            throw new IllegalArgumentException("a hash is 64 hex digits, not " + prevHash.length());
        }
        sha256.update(prev);
        field(sha256, workspace);
        field(sha256, AT.format(at));
        field(sha256, actorKind.value());
        field(sha256, actor);
        field(sha256, action);
        field(sha256, target);
        field(sha256, detail);
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * The hash a stored row should have after the given previous hash.
     *
     * @param prevHash the previous row's hash as recomputed
     * @param entry    the row as stored
     * @return 64 lowercase hex digits
     */
    static String of(String prevHash, AuditEntry entry) {
        return of(prevHash, entry.workspace(), entry.at(), entry.actorKind(), entry.actor(), entry.action(),
                entry.target(), entry.detail());
    }

    private static void field(MessageDigest sha256, String value) {
        if (value == null) {
            sha256.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha256.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
