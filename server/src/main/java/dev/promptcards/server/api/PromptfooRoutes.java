package dev.promptcards.server.api;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.crdt.Doc;
import dev.promptcards.runner.promptfoo.PromptfooExport;
import dev.promptcards.runner.promptfoo.PromptfooImport;
import dev.promptcards.runner.promptfoo.PromptfooImportException;
import dev.promptcards.runner.promptfoo.PromptfooImportResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * A card as a promptfoo config: {@code GET .../cards/{card}/promptfoo} exports it as YAML (anyone who may read
 * the card); {@code PUT} with a promptfoo YAML body imports it into the card as one CRDT edit that connected
 * clients see at once (an editor's token or key; 200 {@code {"notes": [...]}} saying what was kept in another
 * form). Broken YAML, or anything the card cannot hold, is a 400 naming the line and column or the field, and
 * changes nothing. The import is written to the workspace's audit log.
 */
final class PromptfooRoutes {

    static final String PROMPTFOO = ApiServer.BASE_PATH + "/workspaces/{workspace}/cards/{card}/promptfoo";
    /** promptfoo configs are YAML (RFC 9512's media type). */
    static final String YAML = "application/yaml";

    private final AdminAccess access;
    private final AdminServices admin;

    PromptfooRoutes(AdminAccess access, AdminServices admin) {
        this.access = access;
        this.admin = admin;
    }

    void install(RoutesConfig routes) {
        routes.get(PROMPTFOO, this::export);
        routes.put(PROMPTFOO, this::importConfig);
    }

    private void export(Context ctx) {
        CardKey card = card(ctx);
        Principal principal = access.card(ctx, card.workspace(), card.card(), false, "exporting the card");
        CardContent content = onCard(card, author(principal), doc -> CardContent.read(CardDocument.of(doc)));
        ctx.status(200).contentType(YAML).result(PromptfooExport.toYaml(content).getBytes(StandardCharsets.UTF_8));
    }

    private void importConfig(Context ctx) {
        CardKey card = card(ctx);
        Principal principal = access.card(ctx, card.workspace(), card.card(), true, "importing into the card");
        PromptfooImportResult imported;
        try {
            imported = PromptfooImport.fromYaml(ctx.body());
        } catch (PromptfooImportException e) {
            throw ApiException.badRequest("the promptfoo config cannot be imported, nothing changed: "
                    + e.getMessage());
        }
        onCard(card, author(principal), doc -> {
            imported.card().write(CardDocument.of(doc));
            return null;
        });
        admin.audit().append(card.workspace(), principal.actorKind(), principal.actor(), "card.import-promptfoo",
                card.card(), null);
        ApiJson.answer(ctx, 200, Map.of("notes", imported.notes()));
    }

    private <T> T onCard(CardKey card, Author author, Function<Doc, T> work) {
        return CardEdits.onCard(admin.cards(), card, author, work);
    }

    private static Author author(Principal principal) {
        return CardEdits.author(principal);
    }

    private static CardKey card(Context ctx) {
        return CardEdits.card(ctx);
    }
}
