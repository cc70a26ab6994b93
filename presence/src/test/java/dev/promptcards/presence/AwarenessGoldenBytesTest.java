package dev.promptcards.presence;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.promptcards.presence.Updates.fromHex;
import static dev.promptcards.presence.Updates.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden bytes from real y-protocols 1.0.7 awareness.js, derived by {@code presence/src/test/js/awareness-golden.mjs}:
 * what a stock client sends, and what the reference server (an Awareness with {@code setLocalState(null)})
 * relays after applying it.
 */
class AwarenessGoldenBytesTest {

    /** Client 1234567 at clock 1 with {@code {user:{name:'Ann',color:'#ff0000'},cursor:null}}. */
    private static final String ANN_CLOCK_1 = "0187ad4b01377b2275736572223a7b226e616d65223a22416e6e222c22636f6c6f72"
            + "223a2223666630303030227d2c22637572736f72223a6e756c6c7d";

    /**
     * Client 4294967295 at clock 301 with non-ASCII text, quotes, an emoji, a newline and U+2028 in its state:
     * a client id and a clock of several varUint bytes.
     */
    private static final String BOB_CLOCK_301 = "01ffffffff0fad025c7b2275736572223a7b226e616d65223a2242c3b862205c22"
            + "7468655c2220f09f909d222c226e6f7465223a226c696e655c6e627265616be280a8227d2c22637572736f72223a7b2261"
            + "6e63686f72223a332c2268656164223a377d7d";

    /** The reference server's awareness, after Ann then Bob: {@code encodeAwarenessUpdate(a, [...states.keys()])}. */
    private static final String JOIN_STATE_ANN_BOB = "0287ad4b01377b2275736572223a7b226e616d65223a22416e6e222c22636f"
            + "6c6f72223a2223666630303030227d2c22637572736f72223a6e756c6c7dffffffff0fad025c7b2275736572223a7b226e61"
            + "6d65223a2242c3b862205c227468655c2220f09f909d222c226e6f7465223a226c696e655c6e627265616be280a8227d2c22"
            + "637572736f72223a7b22616e63686f72223a332c2268656164223a377d7d";

    /** Ann's client after {@code setLocalState(null)}: clock 2 and "null". */
    private static final String ANN_LEAVES_CLOCK_2 = "0187ad4b02046e756c6c";

    private final Awareness awareness = new Awareness(() -> 0L);

    @Test
    void relays_a_client_state_byte_for_byte_as_the_reference_server_does() {
        Awareness.Change change = awareness.applyUpdate(fromHex(ANN_CLOCK_1));

        assertEquals(new Awareness.Change(List.of(1234567L), List.of(), List.of()), change);
        assertEquals(ANN_CLOCK_1, hex(awareness.encodeUpdate(change.changed())));
        assertEquals(Optional.of("{\"user\":{\"name\":\"Ann\",\"color\":\"#ff0000\"},\"cursor\":null}"),
                awareness.stateJson(1234567));
        assertEquals(1, awareness.clock(1234567));
    }

    @Test
    void relays_non_ascii_states_and_multi_byte_ids_and_clocks_unchanged() {
        Awareness.Change change = awareness.applyUpdate(fromHex(BOB_CLOCK_301));

        assertEquals(List.of(4294967295L), change.added());
        assertEquals(BOB_CLOCK_301, hex(awareness.encodeUpdate(List.of(4294967295L))));
        assertEquals(301, awareness.clock(4294967295L));
    }

    @Test
    void encodes_every_state_for_a_joining_connection_in_the_order_they_were_first_set() {
        awareness.applyUpdate(fromHex(ANN_CLOCK_1));
        awareness.applyUpdate(fromHex(BOB_CLOCK_301));

        assertEquals(Set.of(1234567L, 4294967295L), awareness.clientsWithState());
        assertEquals(List.of(1234567L, 4294967295L), List.copyOf(awareness.clientsWithState()));
        assertEquals(JOIN_STATE_ANN_BOB, hex(awareness.encodeUpdate(awareness.clientsWithState())));
    }

    @Test
    void removing_a_state_encodes_what_the_client_sends_when_it_leaves_cleanly() {
        awareness.applyUpdate(fromHex(ANN_CLOCK_1));

        Awareness.Change change = awareness.removeStates(List.of(1234567L));

        assertEquals(new Awareness.Change(List.of(), List.of(), List.of(1234567L)), change);
        assertEquals(ANN_LEAVES_CLOCK_2, hex(awareness.encodeUpdate(change.changed())));
    }

    @Test
    void applying_a_clean_leave_removes_the_state_and_relays_it_unchanged() {
        awareness.applyUpdate(fromHex(ANN_CLOCK_1));

        Awareness.Change change = awareness.applyUpdate(fromHex(ANN_LEAVES_CLOCK_2));

        assertEquals(new Awareness.Change(List.of(), List.of(), List.of(1234567L)), change);
        assertEquals(ANN_LEAVES_CLOCK_2, hex(awareness.encodeUpdate(change.changed())));
        assertEquals(Set.of(), awareness.clientsWithState());
    }

    @Test
    void falsy_states_are_kept_but_encoded_as_null_like_awareness_js() {
        // awareness.js encodeAwarenessUpdate writes JSON.stringify(states.get(clientID) || null)
        byte[] update = Updates.update().entry(5, 1, "0").entry(6, 1, "false").entry(7, 1, "\"\"")
                .entry(8, 1, "-0").entry(9, 1, "{\"a\":0}").bytes();

        Awareness.Change change = awareness.applyUpdate(update);

        assertEquals(List.of(5L, 6L, 7L, 8L, 9L), change.added());
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L), List.copyOf(awareness.clientsWithState()));
        assertEquals(Optional.of("0"), awareness.stateJson(5));
        assertEquals(Optional.of("false"), awareness.stateJson(6));
        assertEquals("050501046e756c6c0601046e756c6c0701046e756c6c0801046e756c6c0901077b2261223a307d",
                hex(awareness.encodeUpdate(change.changed())));
    }

    @Test
    void keeps_a_state_as_the_json_text_received_where_the_reference_server_re_serializes_it() {
        // The reference server relays {"a":1} (010801077b2261223a317d); we relay what the client wrote.
        String spaced = "0108010d7b20226122203a20312e30207d"; // (8, 1, '{ "a" : 1.0 }')

        awareness.applyUpdate(fromHex(spaced));

        assertEquals(Optional.of("{ \"a\" : 1.0 }"), awareness.stateJson(8));
        assertEquals(spaced, hex(awareness.encodeUpdate(List.of(8L))));
    }
}
