package dev.promptcards.crdt;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes structs one at a time into the struct section of a v1 update. The section starts with the
 * number of client runs and each run with its number of structs, both unknown until the end, so every
 * run of consecutive structs of one client is kept as a fragment until {@link #finish}. A client may
 * get more than one run. Yjs: {@code LazyStructWriter}, {@code writeStructToLazyStructWriter},
 * {@code flushLazyStructWriter} and {@code finishLazyStructWriting} in {@code utils/updates.js}.
 */
final class LazyStructWriter {
    /** A finished run: its struct count and bytes (client, first clock, structs). */
    private record Run(int written, byte[] bytes) { }

    private final List<Run> runs = new ArrayList<>();
    private UpdateEncoderV1 encoder = new UpdateEncoderV1();
    private long currClient;
    private int written;

    /** Writes {@code struct} from {@code offset} clocks into it. */
    void write(AbstractStruct struct, int offset) {
        startStruct(struct.id.client(), struct.id.clock() + offset);
        struct.write(encoder, offset);
        written++;
    }

    /** Writes a Skip (Yjs {@code Skip#write}) of {@code length} clocks, which may exceed an int. */
    void writeSkip(long client, long clock, long length) {
        startStruct(client, clock);
        encoder.writeInfo(Skip.REF);
        encoder.writeVarUint(length);
        written++;
    }

    private void startStruct(long client, long clock) {
        if (written > 0 && currClient != client) {
            flush();
        }
        if (written == 0) {
            currClient = client;
            encoder.writeClient(client);
            encoder.writeVarUint(clock);
        }
    }

    private void flush() {
        if (written > 0) {
            runs.add(new Run(written, encoder.toByteArray()));
            encoder = new UpdateEncoderV1();
            written = 0;
        }
    }

    /** Writes the struct section (number of runs, then per run its struct count and bytes) to {@code target}. */
    void finish(UpdateEncoderV1 target) {
        flush();
        target.writeVarUint(runs.size());
        for (Run run : runs) {
            target.writeVarUint(run.written());
            target.rest.writeUint8Array(run.bytes());
        }
    }
}
