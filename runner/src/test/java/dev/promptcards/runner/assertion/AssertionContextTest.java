package dev.promptcards.runner.assertion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssertionContextTest {

    @Test
    void the_old_constructors_give_no_variables_and_no_graders() {
        AssertionContext context = new AssertionContext("out", 12L, 0.5);
        assertEquals(new AssertionContext("out", 12L, 0.5, Map.of(), Graders.NONE), context);
        assertEquals(Map.of(), AssertionContext.ofOutput(null).vars());
        assertSame(Graders.NONE, AssertionContext.ofOutput("x").graders());
        assertEquals("", AssertionContext.ofOutput(null).output());
    }

    @Test
    void null_variables_and_graders_read_as_none() {
        AssertionContext context = new AssertionContext("out", null, null, null, null);
        assertEquals(Map.of(), context.vars());
        assertSame(Graders.NONE, context.graders());
        assertNull(Graders.NONE.judge());
        assertNull(Graders.NONE.embedder());
    }

    @Test
    void the_variables_are_a_copy_that_cannot_change() {
        Map<String, String> vars = new HashMap<>();
        vars.put("city", "Paris");
        vars.put("empty", null);
        AssertionContext context = new AssertionContext("out", null, null, vars, Graders.NONE);
        vars.put("city", "Rome");
        assertEquals("Paris", context.vars().get("city"));
        assertNull(context.vars().get("empty"));
        assertThrows(UnsupportedOperationException.class, () -> context.vars().put("x", "y"));
    }
}
