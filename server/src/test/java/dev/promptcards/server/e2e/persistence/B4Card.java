package dev.promptcards.server.e2e.persistence;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YText;
import dev.promptcards.crdt.lib0.Decoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A card holding the B4 editing trace (crdt/src/test/resources/traces: 259,778 single-character
 * edits typed into {@code getText("text")} by one client, 104,852 characters at the end), as the
 * log rows a server would have stored: the edits' updates merged {@code editsPerRow} at a time.
 *
 * @param rows       the log rows, in order
 * @param state      the final state ({@code Y.encodeStateAsUpdate})
 * @param textSha256 the sha256 of the final text (UTF-8), hex
 * @param textLength the final text's length
 */
record B4Card(List<byte[]> rows, byte[] state, String textSha256, int textLength) {

    /** The final text's length (crdt/src/test/resources/traces/README.md). */
    static final int FINAL_TEXT_LENGTH = 104_852;

    /** The sha256 of the final text, UTF-8, hex (crdt/src/test/resources/traces/README.md). */
    static final String FINAL_TEXT_SHA256 =
            "a489e9022976c14e46627aea174d07797edcb3fd17df42605956d4cf01bf9039";

    /** The trace, from the server module's directory (where surefire runs). */
    static Path trace() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return module.resolve("../crdt/src/test/resources/traces/b4-editing-trace.bin").normalize();
    }

    /** Replays the trace and merges its updates into {@code rowCount} log rows. */
    static B4Card replay(int rowCount) throws IOException {
        Doc doc = new Doc(1, true);
        YText text = doc.getText("text");
        List<byte[]> updates = new ArrayList<>(260_000);
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        Decoder ops = new Decoder(Files.readAllBytes(trace()));
        long count = ops.readVarUint();
        for (long i = 0; i < count; i++) {
            long tag = ops.readVarUint();
            int index = (int) ops.readVarUint();
            if (tag == 1) {
                String inserted = ops.readVarString();
                doc.transact(transaction -> text.insert(index, inserted));
            } else if (tag == 2) {
                int length = (int) ops.readVarUint();
                doc.transact(transaction -> text.delete(index, length));
            } else {
                throw new IllegalStateException("B4 trace: unknown op tag " + tag + " at op " + i);
            }
        }
        List<byte[]> rows = new ArrayList<>(rowCount);
        int perRow = (updates.size() + rowCount - 1) / rowCount;
        for (int from = 0; from < updates.size(); from += perRow) {
            rows.add(Y.mergeUpdates(updates.subList(from, Math.min(updates.size(), from + perRow))));
        }
        String finalText = text.toString();
        return new B4Card(rows, Y.encodeStateAsUpdate(doc), sha256(finalText), finalText.length());
    }

    long rowBytes() {
        return rows.stream().mapToLong(row -> row.length).sum();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
