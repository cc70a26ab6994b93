package dev.promptcards.server.api;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.crdt.Doc;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** What the card endpoints share: the card of a path, who writes as whom, and work on the live card. */
final class CardEdits {

    private static final long EDIT_SECONDS = 30;

    private CardEdits() {
    }

    /**
     * Runs {@code work} on the live card's document, on the card's own thread, in one transaction.
     *
     * @throws ApiException 404 when there is no such card (or it was deleted)
     */
    static <T> T onCard(CardEditor cards, CardKey card, Author author, Function<Doc, T> work) {
        CompletableFuture<T> done = cards.edit(card, author, work);
        try {
            return done.get(EDIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchCardException) {
                throw noSuchCard(card);
            }
            if (e.getCause() instanceof ApiException refused) {
                throw refused;
            }
            throw new IllegalStateException("card " + card + " could not be read or changed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("card " + card + " did not answer within " + EDIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The author of a principal's edits: the operator, an API key by its id, a token's subject. */
    static Author author(Principal principal) {
        return switch (principal) {
            case Principal.Operator operator -> Author.operator();
            case Principal.ApiKey key -> Author.apiKey(key.keyId());
            case Principal.CardToken token -> Author.user(token.grant().subject());
        };
    }

    /** The card of the path; a name outside the rule is a card that does not exist (404). */
    static CardKey card(Context ctx) {
        try {
            return new CardKey(ctx.pathParam("workspace"), ctx.pathParam("card"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no card '" + Access.shown(ctx.pathParam("card")) + "' in workspace '"
                    + Access.shown(ctx.pathParam("workspace")) + "'");
        }
    }

    static ApiException noSuchCard(CardKey card) {
        return ApiException.notFound("no card '" + card.card() + "' in workspace '" + card.workspace() + "'");
    }
}
