package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.Decoder;
import dev.promptcards.crdt.testing.YjsNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

import static dev.promptcards.crdt.testing.Hex.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The B4 editing trace (src/test/resources/traces/README.md) replayed through our Doc, one transaction
 * per edit on {@code getText("text")} with client id 1, must end in the paper's final text and in exactly
 * the bytes Yjs 13.6.33 produces for the same replay (run in the same test).
 */
class B4TraceTest {

    static final String TRACE_SHA256 = "4f8c338db93bd258cecab9e11ef7316e5d862caf3109aff876b2592fe786c23f";
    /** sha256 of endContent of josephg/editing-traces sequential_traces/automerge-paper.json.gz (UTF-8). */
    static final String FINAL_TEXT_SHA256 = "a489e9022976c14e46627aea174d07797edcb3fd17df42605956d4cf01bf9039";
    static final int FINAL_TEXT_LENGTH = 104_852;
    static final int ENCODED_STATE_LENGTH = 223_414;
    static final long ENCODED_STATE_STRUCTS = 10_971;
    static final long OPS = 259_778;

    private static Path trace;
    private static byte[] traceBytes;
    private static YjsNode.B4Result yjsResult;

    /** Yjs's replay of the trace, run once per test class. */
    static synchronized YjsNode.B4Result yjs() {
        if (yjsResult == null) {
            yjsResult = YjsNode.shared().b4(trace, true);
            System.out.printf("B4 replay in Yjs: %d ops in %.0f ms%n", yjsResult.ops(), yjsResult.millis());
        }
        return yjsResult;
    }

    @BeforeAll
    static void loadTrace() throws IOException, URISyntaxException {
        trace = Path.of(B4TraceTest.class.getResource("/traces/b4-editing-trace.bin").toURI());
        traceBytes = Files.readAllBytes(trace);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Replay(Doc doc, String text, long ops, long nanos) { }

    /** Replays the trace: one transaction per op, as a user typing. */
    static Replay replay(byte[] bytes, boolean gc) {
        Doc doc = new Doc(1, gc);
        YText text = doc.getText("text");
        Decoder d = new Decoder(bytes);
        long count = d.readVarUint();
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long tag = d.readVarUint();
            if (tag == 1) {
                int index = (int) d.readVarUint();
                String s = d.readVarString();
                doc.transact(tr -> text.insert(index, s));
            } else if (tag == 2) {
                int index = (int) d.readVarUint();
                int len = (int) d.readVarUint();
                doc.transact(tr -> text.delete(index, len));
            } else {
                throw new IllegalStateException("bad tag " + tag + " at op " + i);
            }
        }
        long nanos = System.nanoTime() - t0;
        return new Replay(doc, text.toString(), count, nanos);
    }

    @Test
    void trace_file_is_the_published_one() {
        assertEquals(1_374_196, traceBytes.length, "trace size");
        assertEquals(TRACE_SHA256, sha256(traceBytes), "trace sha256");
        assertEquals(OPS, new Decoder(traceBytes).readVarUint(), "number of ops");
    }

    @Test
    void replay_ends_in_the_papers_text_and_in_yjs_bytes() {
        Replay r = replay(traceBytes, true);
        System.out.printf("B4 replay in Java: %d ops in %.0f ms%n", r.ops(), r.nanos() / 1e6);
        assertEquals(OPS, r.ops());
        assertEquals(FINAL_TEXT_LENGTH, r.text().length(), "final text length");
        assertEquals(FINAL_TEXT_SHA256, sha256(r.text().getBytes(StandardCharsets.UTF_8)), "final text sha256");

        byte[] java = Y.encodeStateAsUpdate(r.doc());
        YjsNode.B4Result yjs = yjs();
        assertEquals(FINAL_TEXT_LENGTH, yjs.length(), "Yjs's final text length");
        assertEquals(FINAL_TEXT_SHA256, yjs.sha256(), "Yjs's final text sha256");
        assertEquals(ENCODED_STATE_LENGTH, yjs.update().length, "Yjs's encodeStateAsUpdate length");
        assertBytes(yjs.update(), java, "encodeStateAsUpdate after the B4 replay");
        assertEquals(ENCODED_STATE_LENGTH, java.length, "encodeStateAsUpdate length");
    }

    /**
     * The B4 card's whole state, what a stock client's first SyncStep2 of it would be, is one update of
     * {@value #ENCODED_STATE_STRUCTS} structs: the figure the server's bound of structs per update is measured
     * against (server {@code UpdateBounds.DEFAULT_MAX_UPDATE_STRUCTS}).
     */
    @Test
    void the_whole_state_is_one_update_of_one_client_and_10_971_structs() {
        assertEquals(new UpdateShape(Set.of(1L), ENCODED_STATE_STRUCTS), Y.shapeOfUpdate(yjs().update()));
    }

    @Test
    void replayed_state_decodes_to_the_same_bytes() {
        YjsNode.B4Result yjs = yjs();
        Doc fresh = new Doc(2, true);
        Y.applyUpdate(fresh, yjs.update());
        assertEquals(FINAL_TEXT_SHA256, sha256(fresh.getText("text").toString().getBytes(StandardCharsets.UTF_8)),
                "text of Yjs's state applied to a Java doc");
        assertBytes(yjs.update(), Y.encodeStateAsUpdate(fresh), "Yjs's B4 state applied to a Java doc and re-encoded");
    }
}
