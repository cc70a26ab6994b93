package dev.promptcards.card.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestCasesTest {

    private final Doc doc = new Doc();
    private final CardDocument card = CardDocument.of(doc);

    @Test
    void a_test_case_is_created_whole_with_its_children_in_one_update() {
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("text", "hello");
        vars.put("lang", "fr");

        YMap test = TestCases.add(card, new TestCase("id-1", "first", vars, "bonjour",
                List.of(Assertion.contains("bon")), 0.5));

        assertEquals(1, updates.size());
        assertTrue(test.get(CardFields.Test.NAME) instanceof YText);
        assertTrue(test.get(CardFields.Test.VARS) instanceof YMap);
        assertTrue(test.get(CardFields.Test.ASSERT) instanceof YArray);
        Doc other = new Doc();
        Y.applyUpdate(other, updates.get(0));
        assertEquals(List.of(new TestCase("id-1", "first", vars, "bonjour",
                        List.of(new Assertion("contains", "bon", null, 1.0)), 0.5)),
                TestCases.readAll(CardDocument.of(other)));
        assertEquals(List.of("text", "lang"), List.copyOf(TestCases.readAll(CardDocument.of(other)).get(0).vars().keySet()));
    }

    @Test
    void a_test_case_without_an_id_gets_a_uuid_and_empty_children() {
        TestCases.add(card, new TestCase(null, null, null, null, null, null));

        TestCase read = TestCases.readAll(card).get(0);
        assertTrue(read.id().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), read.id());
        assertEquals(new TestCase(read.id(), "", Map.of(), "", List.of(), null), read);
        assertEquals(read.id(), TestCases.find(card, read.id()).orElseThrow().get(CardFields.Test.ID));
        assertTrue(TestCases.find(card, "no such id").isEmpty());
    }

    @Test
    void a_test_case_written_incompletely_reads_with_its_missing_children_null() {
        doc.transact(tr -> {
            YMap test = new YMap();
            test.set(CardFields.Test.ID, 7);
            test.set(CardFields.Test.NAME, "a plain string, not a Y.Text");
            test.set(CardFields.Test.THRESHOLD, "high");
            card.tests().push(List.of(test, "not a map"));
        });

        assertEquals(List.of(new TestCase("", null, null, null, null, null)), TestCases.readAll(card));
    }

    @Test
    void an_assertion_is_appended_whole_to_a_test_case_that_has_an_assertion_list() {
        YMap test = TestCases.add(card, new TestCase("t", "", Map.of(), "", List.of(), null));
        YMap broken = new YMap();
        doc.transact(tr -> card.tests().push(List.of(broken)));

        assertTrue(TestCases.addAssertion(card, test, new Assertion("latency", null, 5000.0, null)));
        assertFalse(TestCases.addAssertion(card, broken, Assertion.contains("x")));

        assertEquals(List.of(new Assertion("latency", null, 5000.0, null)), TestCases.read(test).assertions());
        YMap stored = (YMap) ((YArray) test.get(CardFields.Test.ASSERT)).get(0);
        assertEquals(List.of("type", "threshold"), stored.keys());
    }

    @Test
    void an_assertion_value_reads_as_the_editor_shows_it() {
        assertEquals("bon", Assertion.contains("bon").valueText());
        assertEquals("[\"a\",1]", new Assertion("contains-any", List.of("a", 1L), null, null).valueText());
        assertEquals("0.5", new Assertion("equals", 0.5, null, null).valueText());
        assertEquals(null, new Assertion("is-json", null, null, null).valueText());
    }

    @Test
    void card_content_replaces_texts_model_and_tests_but_leaves_runs() {
        card.title().insert(0, "old title");
        card.model().set(CardFields.Model.TEMPERATURE, 1.5);
        TestCases.add(card, new TestCase("old", "old", Map.of(), "", List.of(), null));
        Runs.create(card, "r1", new RunStart("echo", "echo", "me", java.time.Instant.EPOCH, new byte[0]));
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));

        CardContent content = new CardContent("Title", "", "sys", "Hi {{x}}", new ModelSettings("echo", "e1", null, 256L),
                List.of(new TestCase("new", "n", Map.of("x", "1"), "", List.of(), null)));
        content.write(card);

        assertEquals(1, updates.size());
        assertEquals(content, CardContent.read(card));
        assertEquals(List.of("provider", "model", "maxTokens"), card.model().keys());
        assertEquals(List.of("r1"), card.runs().keys());
    }
}
