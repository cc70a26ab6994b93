package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiComponents.ADMIN_TOKEN;
import static dev.promptcards.server.api.ApiComponents.API_KEY;
import static dev.promptcards.server.api.ApiComponents.BAD_REQUEST;
import static dev.promptcards.server.api.ApiComponents.CARD_TOKEN;
import static dev.promptcards.server.api.ApiComponents.FORBIDDEN;
import static dev.promptcards.server.api.ApiComponents.UNAUTHORIZED;
import static dev.promptcards.server.api.ApiComponents.error;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.crdt.Doc;
import dev.promptcards.runner.promptfoo.PromptfooExport;
import dev.promptcards.runner.promptfoo.PromptfooImport;
import dev.promptcards.runner.promptfoo.PromptfooImportException;
import dev.promptcards.runner.promptfoo.PromptfooImportResult;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A card as a promptfoo config: {@code GET .../cards/{card}/promptfoo} exports it as YAML (anyone who may read
 * the card); {@code PUT} with a promptfoo YAML body imports it into the card as one CRDT edit that connected
 * clients see at once (an editor's token or key; 200 {@code {"notes": [...]}} saying what was kept in another
 * form); CSV tests come along in a multipart body ({@link PromptfooUpload}). Broken YAML or CSV, or anything the
 * card cannot hold, is a 400 naming the line and column or the field, and changes nothing. The import is written to the workspace's audit log.
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

    /** @return the two endpoints, each with its description */
    List<ApiOperation> operations() {
        ApiResponse noSuchCard = error("No such card.");
        return List.of(
                ApiOperation.get(PROMPTFOO, this::export).id("exportPromptfoo")
                        .summary("The card as a promptfoo config (YAML)")
                        .security(ADMIN_TOKEN, API_KEY, CARD_TOKEN)
                        .response(200, ApiResponse.of("The config.", YAML, JsonSchema.string()))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, noSuchCard),
                ApiOperation.put(PROMPTFOO, this::importConfig).id("importPromptfoo")
                        .summary("Import a promptfoo config into the card")
                        .description("One CRDT edit that connected clients see at once; an editor's token or key."
                                + " The body is the YAML, or, to bring CSV tests along, multipart/form-data with the"
                                + " parts config (the YAML) and tests (the CSV). Broken YAML or CSV, or what the card"
                                + " cannot hold, is a 400 naming the line and column or the field, and changes"
                                + " nothing.")
                        .security(ADMIN_TOKEN, API_KEY, CARD_TOKEN)
                        .body(true, YAML, JsonSchema.string())
                        .response(200, ApiResponse.json("Imported; notes say what was kept in another form.",
                                JsonSchema.object().required("notes")
                                        .property("notes", JsonSchema.array(JsonSchema.string()))))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, noSuchCard));
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
        PromptfooUpload upload = PromptfooUpload.read(ctx);
        PromptfooImportResult imported;
        try {
            imported = PromptfooImport.fromYaml(upload.yaml(), upload.csv());
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
