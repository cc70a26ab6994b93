package dev.promptcards.crdt.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.lib0.Decoder;
import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.ProtocolException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Length and count fields far larger than their input (2^31 - 1, 2^53 - 1, the largest lib0 allows) in a
 * few bytes: each is refused with the documented exception, at once, without allocating by the claimed
 * size ({@link Bounded}: a few megabytes at most). The fuzz tests search around these; this pins the
 * extremes. The time bound is a hang check, not a performance assertion.
 */
class HostileLengthsTest {

    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long SAFE_MAX = (1L << 53) - 1;
    private static final Duration HANG = Duration.ofSeconds(20);

    private static byte[] bytes(Consumer<Encoder> writer) {
        Encoder encoder = new Encoder();
        writer.accept(encoder);
        return encoder.toByteArray();
    }

    /** An update of one client, one struct: an item in root type "t" with content {@code ref}. */
    private static byte[] item(int contentRef, Consumer<Encoder> content) {
        return bytes(e -> {
            e.writeVarUint(1); // clients
            e.writeVarUint(1); // structs
            e.writeVarUint(7); // client
            e.writeVarUint(0); // clock
            e.writeUint8(contentRef); // info: no origins, no parentSub
            e.writeVarUint(1); // parent is a root type, by name
            e.writeVarString("t");
            content.accept(e);
        });
    }

    static Stream<Arguments> updates() {
        return Stream.of(
                named("clients", bytes(e -> e.writeVarUint(INT_MAX))),
                named("structs of a client", bytes(e -> {
                    e.writeVarUint(1);
                    e.writeVarUint(SAFE_MAX);
                    e.writeVarUint(7);
                    e.writeVarUint(0);
                })),
                named("string content", item(4, e -> e.writeVarUint(INT_MAX))),
                named("any content", item(8, e -> e.writeVarUint(INT_MAX))),
                named("JSON content", item(2, e -> e.writeVarUint(SAFE_MAX))),
                named("binary content", item(3, e -> e.writeVarUint(INT_MAX))),
                named("deleted content of 2^53-1", item(1, e -> e.writeVarUint(SAFE_MAX))),
                named("format key", item(6, e -> e.writeVarUint(INT_MAX))),
                named("array in any content", item(8, e -> {
                    e.writeVarUint(1);
                    e.writeUint8(117);
                    e.writeVarUint(INT_MAX);
                })),
                named("object in any content", item(8, e -> {
                    e.writeVarUint(1);
                    e.writeUint8(118);
                    e.writeVarUint(INT_MAX);
                })),
                named("GC length beyond 2^53", bytes(e -> {
                    e.writeVarUint(1);
                    e.writeVarUint(1);
                    e.writeVarUint(7);
                    e.writeVarUint(5);
                    e.writeUint8(0);
                    e.writeVarUint(SAFE_MAX);
                })),
                named("delete set clients", bytes(e -> {
                    e.writeVarUint(0);
                    e.writeVarUint(INT_MAX);
                })),
                named("delete ranges of a client", bytes(e -> {
                    e.writeVarUint(0);
                    e.writeVarUint(1);
                    e.writeVarUint(7);
                    e.writeVarUint(SAFE_MAX);
                    e.writeVarUint(0);
                })));
    }

    private static Arguments named(String what, byte[] input) {
        return Arguments.of(Named.of(what, input));
    }

    @ParameterizedTest
    @MethodSource("updates")
    void a_hostile_length_in_an_update_is_refused_without_allocating_by_it(byte[] update) {
        assertTimeoutPreemptively(HANG, () -> Bounded.allocation(update.length, () -> {
            assertThrows(UpdateDecodeException.class, () -> Y.applyUpdate(new Doc(1), update));
            assertThrows(UpdateDecodeException.class, () -> Y.mergeUpdates(List.of(new byte[] {0, 0}, update)));
            assertThrows(UpdateDecodeException.class, () -> Y.diffUpdate(update, new byte[] {0}));
            try {
                Y.encodeStateVectorFromUpdate(update);
            } catch (UpdateDecodeException expected) {
                // it reads the structs only, as Yjs does: a bad delete set passes there
            }
        }));
    }

    @Test
    void a_hostile_count_in_a_state_vector_is_refused() {
        byte[] stateVector = bytes(e -> {
            e.writeVarUint(INT_MAX);
            e.writeVarUint(1);
        });
        assertTimeoutPreemptively(HANG, () -> Bounded.allocation(stateVector.length, () ->
                assertThrows(UpdateDecodeException.class, () -> Y.decodeStateVector(stateVector))));
    }

    @ParameterizedTest
    @MethodSource("lib0Reads")
    void a_hostile_length_in_lib0_is_refused_before_allocating(Consumer<Decoder> read) {
        byte[] input = bytes(e -> {
            e.writeVarUint(INT_MAX);
            e.writeUint8(1);
        });
        assertTimeoutPreemptively(HANG, () -> Bounded.allocation(input.length, () ->
                assertThrows(DecodeException.class, () -> read.accept(new Decoder(input)))));
    }

    static Stream<Arguments> lib0Reads() {
        return Stream.of(
                Arguments.of(Named.<Consumer<Decoder>>of("varString", Decoder::readVarString)),
                Arguments.of(Named.<Consumer<Decoder>>of("varUint8Array", Decoder::readVarUint8Array)),
                Arguments.of(Named.<Consumer<Decoder>>of("uint8Array", d -> d.readUint8Array(Integer.MAX_VALUE))));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void a_hostile_length_in_a_frame_is_refused_with_a_protocol_exception(byte[] frame) {
        assertTimeoutPreemptively(HANG, () -> Bounded.allocation(frame.length, () ->
                assertThrows(ProtocolException.class, () -> Message.decodeAll(frame))));
    }

    static Stream<Arguments> frames() {
        return Stream.of(
                named("sync step 1 state vector", bytes(e -> {
                    e.writeVarUint(0);
                    e.writeVarUint(0);
                    e.writeVarUint(INT_MAX);
                })),
                named("sync update", bytes(e -> {
                    e.writeVarUint(0);
                    e.writeVarUint(2);
                    e.writeVarUint(SAFE_MAX);
                })),
                named("awareness update", bytes(e -> {
                    e.writeVarUint(1);
                    e.writeVarUint(INT_MAX);
                })),
                named("permission denied reason", bytes(e -> {
                    e.writeVarUint(2);
                    e.writeVarUint(0);
                    e.writeVarUint(INT_MAX);
                })));
    }
}
