package dev.promptcards.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseCodesTest {

    @Test
    void close_codes_are_those_of_the_design() {
        assertEquals(1001, CloseCodes.GOING_AWAY);
        assertEquals(1011, CloseCodes.INTERNAL_ERROR);
        assertEquals(1013, CloseCodes.TRY_AGAIN_LATER);
        assertEquals(4400, CloseCodes.BAD_MESSAGE);
        assertEquals(4401, CloseCodes.BAD_TOKEN);
        assertEquals(4403, CloseCodes.FORBIDDEN);
        assertEquals(4404, CloseCodes.NO_SUCH_CARD);
        assertEquals(4413, CloseCodes.TOO_BIG);
    }

    @Test
    void a_short_reason_is_kept() {
        assertEquals("card too big", CloseCodes.reason("card too big"));
        assertEquals("", CloseCodes.reason(null));
    }

    @Test
    void a_long_reason_is_cut_to_120_bytes_of_utf8_between_characters() {
        assertEquals("x".repeat(120), CloseCodes.reason("x".repeat(200)));
        // 59 two-byte characters are 118 bytes; the 60th fits (120), the 61st does not
        assertEquals("\u00e9".repeat(60), CloseCodes.reason("\u00e9".repeat(100)));
        // a 4-byte emoji never gets split: 29 * 4 = 116, the 30th would make 120 and fits
        String emoji = "\uD83D\uDE00";
        assertEquals(emoji.repeat(30), CloseCodes.reason(emoji.repeat(40)));
        String cut = CloseCodes.reason("ab" + emoji.repeat(40));
        assertEquals("ab" + emoji.repeat(29), cut);
        assertEquals(118, cut.getBytes(StandardCharsets.UTF_8).length);
    }
}
