package dev.promptcards.loadtests.crdt;

import dev.promptcards.crdt.lib0.Decoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The B4 editing trace (crdt/src/test/resources/traces/README.md), or its first edits, decoded up
 * front so that the timed loops only edit. Edit {@code i} inserts {@code texts[i]} at
 * {@code indexes[i]}, or, when {@code texts[i]} is null, deletes {@code deleteLengths[i]} characters
 * there.
 *
 * @param file the trace file
 * @param totalEdits the number of edits in the whole file
 * @param indexes the position of each edit
 * @param texts the inserted text of each insert, null for a delete
 * @param deleteLengths the length of each delete, 0 for an insert
 */
public record B4Trace(Path file, int totalEdits, int[] indexes, String[] texts, int[] deleteLengths) {

    /** Edits in the whole B4 trace. */
    public static final int EDITS = 259_778;
    /** Length of the paper's final text in chars (all ASCII). */
    public static final int FINAL_TEXT_LENGTH = 104_852;
    /** sha256 of the paper's final text in UTF-8 (the endContent of automerge-paper.json.gz). */
    public static final String FINAL_TEXT_SHA256 =
            "a489e9022976c14e46627aea174d07797edcb3fd17df42605956d4cf01bf9039";

    private static final int INSERT = 1;
    private static final int DELETE = 2;

    /**
     * Reads the first {@code edits} edits of a trace file (lib0: varUint count, then per edit tag 1
     * {@code varUint index, varString text} or tag 2 {@code varUint index, varUint length}).
     *
     * @param file the trace file
     * @param edits how many edits to keep; 0 or less keeps them all
     * @return the decoded edits
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it is not a trace in this format
     */
    public static B4Trace read(Path file, int edits) throws IOException {
        Decoder decoder = new Decoder(Files.readAllBytes(file));
        long total = decoder.readVarUint();
        int count = (int) (edits > 0 ? Math.min(edits, total) : total);
        int[] indexes = new int[count];
        String[] texts = new String[count];
        int[] deleteLengths = new int[count];
        for (int i = 0; i < count; i++) {
            long tag = decoder.readVarUint();
            indexes[i] = (int) decoder.readVarUint();
            if (tag == INSERT) {
                texts[i] = decoder.readVarString();
            } else if (tag == DELETE) {
                deleteLengths[i] = (int) decoder.readVarUint();
            } else {
                throw new IllegalArgumentException(file + ": bad tag " + tag + " at edit " + i);
            }
        }
        return new B4Trace(file, (int) total, indexes, texts, deleteLengths);
    }

    /** The number of edits kept. */
    public int edits() {
        return indexes.length;
    }

    /** True when every edit of the file is kept (the paper's final text is then known). */
    public boolean isWhole() {
        return edits() == totalEdits;
    }
}
