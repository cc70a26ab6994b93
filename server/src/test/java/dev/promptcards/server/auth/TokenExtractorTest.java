package dev.promptcards.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenExtractorTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl-_";

    @Test
    void token_is_read_from_the_query() {
        assertEquals(Optional.of(JWT), TokenExtractor.fromQuery("/ws/acme/c1?token=" + JWT));
        assertEquals(Optional.of(JWT), TokenExtractor.fromQuery("/ws/acme/c1?a=1&token=" + JWT + "&b=2"));
    }

    @Test
    void query_token_is_url_decoded() {
        assertEquals(Optional.of("a.b c+d/é"), TokenExtractor.fromQuery("/ws/x/y?token=a%2Eb+c%2Bd%2F%C3%A9"));
        assertEquals(Optional.of(JWT), TokenExtractor.fromQuery("/ws/x/y?%74oken=" + JWT));
    }

    @Test
    void first_token_parameter_wins_and_the_fragment_is_ignored() {
        assertEquals(Optional.of("first"), TokenExtractor.fromQuery("/ws/x/y?token=first&token=second"));
        assertEquals(Optional.of("t"), TokenExtractor.fromQuery("/ws/x/y?token=t#token=u"));
    }

    @Test
    void query_without_a_usable_token_gives_nothing() {
        assertEquals(Optional.empty(), TokenExtractor.fromQuery(null));
        assertEquals(Optional.empty(), TokenExtractor.fromQuery("/ws/x/y"));
        assertEquals(Optional.empty(), TokenExtractor.fromQuery("/ws/x/y?"));
        assertEquals(Optional.empty(), TokenExtractor.fromQuery("/ws/x/y?tokens=abc&mytoken=def"));
        assertEquals(Optional.empty(), TokenExtractor.fromQuery("/ws/x/y?token="));
        assertEquals(Optional.empty(), TokenExtractor.fromQuery("/ws/x/y?token"));
        assertEquals(Optional.empty(), TokenExtractor.fromQuery("/ws/x/y?token=%E0%A4%A"));
        assertEquals(Optional.empty(), TokenExtractor.fromQuery("/ws/x/y#?token=abc"));
    }

    @Test
    void subprotocol_marker_is_followed_by_the_token_and_the_marker_is_echoed() {
        assertEquals(Optional.of(new SubprotocolToken(JWT, "promptcards.jwt")),
                TokenExtractor.fromSubprotocol("promptcards.jwt, " + JWT));
        assertEquals(Optional.of(new SubprotocolToken(JWT, "promptcards.jwt")),
                TokenExtractor.fromSubprotocol("chat,promptcards.jwt," + JWT + ",other"));
    }

    @Test
    void subprotocol_marker_hands_over_any_value_for_the_verifier_to_judge() {
        assertEquals(Optional.of(new SubprotocolToken("garbage", "promptcards.jwt")),
                TokenExtractor.fromSubprotocol("promptcards.jwt, garbage"));
    }

    @Test
    void bare_jwt_subprotocol_is_the_token_and_is_echoed_itself() {
        assertEquals(Optional.of(new SubprotocolToken(JWT, JWT)), TokenExtractor.fromSubprotocol(JWT));
        assertEquals(Optional.of(new SubprotocolToken(JWT, JWT)), TokenExtractor.fromSubprotocol("chat, " + JWT));
    }

    @Test
    void subprotocol_without_a_token_gives_nothing() {
        assertEquals(Optional.empty(), TokenExtractor.fromSubprotocol(null));
        assertEquals(Optional.empty(), TokenExtractor.fromSubprotocol(""));
        assertEquals(Optional.empty(), TokenExtractor.fromSubprotocol("chat, superchat"));
        assertEquals(Optional.empty(), TokenExtractor.fromSubprotocol("promptcards.jwt"));
        assertEquals(Optional.empty(), TokenExtractor.fromSubprotocol("promptcards.jwt, "));
        assertEquals(Optional.empty(), TokenExtractor.fromSubprotocol("a.b"));
        assertEquals(Optional.empty(), TokenExtractor.fromSubprotocol("a..c"));
    }
}
