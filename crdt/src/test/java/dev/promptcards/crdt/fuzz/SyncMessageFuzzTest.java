package dev.promptcards.crdt.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.ProtocolException;
import dev.promptcards.crdt.sync.SyncProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the y-websocket envelope and the sync protocol: {@link Message#decodeAll} on a whole frame,
 * then {@link SyncProtocol#handle} for each sync message on a card, as a room does. Starts from frames of
 * valid messages (every message type, several per frame).
 *
 * <p>Properties, for any frame: decoding throws nothing but {@link ProtocolException}; a decoded frame
 * re-encodes to messages that decode equal; handling a sync message throws nothing but
 * {@link UpdateDecodeException} and then leaves the card as it was; memory is bounded by the frame's
 * size ({@link Bounded}); a hang is a finding (libFuzzer's {@code -timeout}).
 */
class SyncMessageFuzzTest {

    private final byte[] card = ValidUpdates.all(false).getLast();

    static Stream<byte[]> validFrames() {
        List<byte[]> updates = ValidUpdates.all(false);
        Doc doc = new Doc(5);
        Y.applyUpdate(doc, updates.getLast());
        List<byte[]> frames = new ArrayList<>();
        for (byte[] update : updates) {
            frames.add(Message.encode(Message.update(update)));
        }
        frames.add(Message.encode(SyncProtocol.syncStep1(doc)));
        frames.add(Message.encode(SyncProtocol.syncStep1(new Doc())));
        frames.add(Message.encode(Message.syncStep2(updates.getLast())));
        frames.add(Message.encode(List.of(
                SyncProtocol.syncStep1(doc),
                Message.update(updates.get(1)),
                new Message.Awareness(new byte[] {1, 7, 1, 2, '{', '}'}),
                Message.QueryAwareness.INSTANCE,
                Message.update(updates.get(2)),
                Message.permissionDenied("read-only"))));
        frames.add(Message.encode(List.of(new Message.Auth.Other(5, new byte[] {1, 2, 3}))));
        return frames.stream();
    }

    @MethodSource("validFrames")
    @FuzzTest(maxDuration = "10s")
    void a_frame_is_read_whole_or_refused_with_a_protocol_exception(byte[] frame) {
        List<Message> decoded = new ArrayList<>();
        Bounded.allocation(frame.length, () -> {
            decoded.clear();
            try {
                decoded.addAll(Message.decodeAll(frame));
            } catch (ProtocolException refused) {
                return;
            }
            assertEquals(decoded, Message.decodeAll(Message.encode(decoded)), "the frame does not re-encode");
        });
        handle(decoded);
    }

    /**
     * Each sync message on the card. Bounded one by one: every SyncStep1, however short, is answered with
     * what the card has beyond its state vector (the protocol's own amplification, which the server's
     * message rate limit bounds), so the bound is per message, by the message's own payload.
     */
    private void handle(List<Message> messages) {
        Doc doc = new Doc(1_000_005, false);
        Y.applyUpdate(doc, card);
        for (Message message : messages) {
            if (message instanceof Message.Sync sync) {
                byte[] before = Y.encodeStateAsUpdate(doc);
                Bounded.allocation(sync.message().payload().length, () -> {
                    try {
                        Optional<Message> reply = SyncProtocol.handle(doc, sync.message(), null, false);
                        reply.ifPresent(Message::encode);
                    } catch (UpdateDecodeException refused) {
                        assertArrayEquals(before, Y.encodeStateAsUpdate(doc), "a refused sync message changed the card");
                    }
                });
            }
        }
    }
}
