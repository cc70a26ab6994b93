package dev.promptcards.server.app;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import dev.promptcards.persistence.CardStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The card a newcomer opens first in dev mode: a finished example, not an empty page. A template with
 * variables, three test cases with assertions of several kinds, provider {@code echo} (offline), so that
 * Run works on a fresh clone at once; one test fails on purpose, to show what a failure looks like.
 */
final class WelcomeCard {

    /** The card's name in the dev workspace. */
    static final String NAME = "welcome";

    private WelcomeCard() {
    }

    /** The example's content; the test ids are fixed so that the example reads the same everywhere. */
    static CardContent content() {
        return new CardContent(
                "Welcome to promptcards",
                "An example card: edit the template or a test case with a colleague, press Run (Ctrl+Enter) and"
                        + " watch the results arrive. The echo provider answers with the prompt itself, offline;"
                        + " switch the model to openai, anthropic or ollama when the server has them configured.",
                "You write short, friendly product announcements.",
                "Announce {{feature}} to {{audience}} in one sentence. Mention that it is {{benefit}}.",
                new ModelSettings("echo", "echo", 0.0, 256L),
                List.of(
                        new TestCase("welcome-developers", "Developers hear about shared editing",
                                Map.of("feature", "live collaborative editing", "audience", "developers",
                                        "benefit", "free for teams"),
                                "",
                                List.of(new Assertion("contains", "collaborative", null, null),
                                        new Assertion("icontains-all", List.of("developers", "free"), null, null),
                                        new Assertion("not-contains", "{{", null, null)),
                                null),
                        new TestCase("welcome-managers", "Managers hear about costs",
                                Map.of("feature", "cost tracking per run", "audience", "engineering managers",
                                        "benefit", "on by default"),
                                "",
                                List.of(new Assertion("starts-with", "Announce", null, null),
                                        new Assertion("regex", "cost tracking", null, null),
                                        new Assertion("word-count", Map.of("min", 5, "max", 40), null, null)),
                                null),
                        new TestCase("welcome-tone", "A failing check, on purpose",
                                Map.of("feature", "assertions", "audience", "testers",
                                        "benefit", "promptfoo-compatible"),
                                "",
                                List.of(new Assertion("icontains", "testers", null, 1.0),
                                        new Assertion("contains", "exclamation mark!", null, 1.0)),
                                null)));
    }

    /**
     * Creates the welcome card in the dev workspace if it does not exist yet, and writes the example into it
     * when it is empty. A card someone already edited is left as it is.
     *
     * @param workspace the dev workspace
     * @param cards     the card store
     * @param editor    edits cards server-side
     */
    static void seed(String workspace, CardStore cards, CardEditor editor) throws Exception {
        if (cards.find(workspace, NAME).isPresent()) {
            return;
        }
        cards.create(workspace, NAME, Author.SERVER.toString());
        editor.edit(new CardKey(workspace, NAME), Author.SERVER, doc -> {
            CardDocument card = CardDocument.of(doc);
            if (card.template().length() == 0 && card.tests().length() == 0) {
                content().write(card);
            }
            return null;
        }).get(30, TimeUnit.SECONDS);
    }
}
