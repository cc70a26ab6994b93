package dev.promptcards.loadtests.crdt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The sha256 digests both sides compute to compare their results (lowercase hex). */
final class Sha256 {

    private Sha256() {}

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Of the text's UTF-8 bytes. */
    static String ofText(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Over the updates in order, each prefixed by its length as a big-endian uint32. */
    static String ofUpdates(List<byte[]> updates) {
        MessageDigest digest = digest();
        ByteBuffer length = ByteBuffer.allocate(4);
        for (byte[] update : updates) {
            digest.update(length.clear().putInt(update.length).array());
            digest.update(update);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
