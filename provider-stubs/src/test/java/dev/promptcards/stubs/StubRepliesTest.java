package dev.promptcards.stubs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StubRepliesTest {

    @Test
    void a_reply_streams_one_word_per_chunk_with_the_whitespace_before_it() {
        assertEquals(List.of("Hello", " there,", "  world"), StubReplies.chunks("Hello there,  world"));
        assertEquals(List.of(" a", " b "), StubReplies.chunks(" a b "));
        assertEquals(List.of("one"), StubReplies.chunks("one"));
        assertEquals(List.of(" \n "), StubReplies.chunks(" \n "));
        assertEquals(List.of(), StubReplies.chunks(""));
    }

    @Test
    void the_chunks_put_together_are_the_reply() {
        String reply = "  Bonjour !\n\tÇa va ?  ";

        assertEquals(reply, String.join("", StubReplies.chunks(reply)));
    }

    @Test
    void tokens_are_counted_as_words() {
        assertEquals(3, StubReplies.words(" Hello there,\nworld "));
        assertEquals(0, StubReplies.words("  "));
        assertEquals(0, StubReplies.words(""));
    }
}
