package dev.promptcards.server.api;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.runner.run.CancelOutcome;
import dev.promptcards.runner.run.QueuedRun;
import dev.promptcards.runner.run.RunRequest;
import dev.promptcards.runner.run.RunService;
import dev.promptcards.runner.run.RunStarter;
import dev.promptcards.server.auth.Grant;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of a card: {@code POST .../runs} starts one (editor; 202 {@code {"id", "status": "queued"}} with
 * its {@code Location}), {@code GET .../runs} lists them newest first ({@code {"runs": [...]}}, {@code ?limit=}
 * 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}), {@code GET .../runs/{run}} reads one,
 * {@code DELETE .../runs/{run}} cancels one (editor; 200 with the run once it is cancelled, 202 with it while a
 * running run stops, 409 when it had already ended). Runs are JSON as {@link RunJson} writes them. A start
 * past the workspace's run quotas is 429 ({@link ApiErrors}) and stores nothing; a start is audited
 * ({@code run.start}, by the token's subject) by the run service, in the transaction that queues it.
 */
final class RunRoutes {

    /** The runs of a card. */
    static final String RUNS = ApiServer.BASE_PATH + "/workspaces/{workspace}/cards/{card}/runs";
    /** One run of a card. */
    static final String RUN = RUNS + "/{run}";
    /** How many runs a list holds when {@code limit} is not given. */
    static final int DEFAULT_LIMIT = 20;
    /** The most runs one list holds. */
    static final int MAX_LIMIT = 100;

    private final Access access;
    private final RunService runs;

    /**
     * @param access who may do what
     * @param runs   the runs
     */
    RunRoutes(Access access, RunService runs) {
        this.access = access;
        this.runs = runs;
    }

    /** Adds the four endpoints. */
    void install(RoutesConfig routes) {
        routes.post(RUNS, this::start);
        routes.get(RUNS, this::list);
        routes.get(RUN, this::get);
        routes.delete(RUN, this::cancel);
    }

    private void start(Context ctx) {
        Grant grant = access.editor(ctx, ctx.pathParam("workspace"), ctx.pathParam("card"), "starting a run");
        CardKey card = card(ctx);
        RunRequest request = RunRequestBody.read(ctx.bodyAsBytes());
        QueuedRun run = runs.start(card, request, RunStarter.token(grant.subject()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", run.id());
        body.put("status", run.status().value());
        ctx.header("Location", runPath(card, run.id()));
        ApiJson.answer(ctx, 202, body);
    }

    private void list(Context ctx) {
        access.reader(ctx, ctx.pathParam("workspace"), ctx.pathParam("card"));
        CardKey card = card(ctx);
        int limit = limit(ctx.queryParam("limit"));
        List<Run> listed = runs.list(card, limit);
        ApiJson.answer(ctx, 200, Map.of("runs", RunJson.of(listed)));
    }

    private void get(Context ctx) {
        access.reader(ctx, ctx.pathParam("workspace"), ctx.pathParam("card"));
        CardKey card = card(ctx);
        String runId = runId(ctx, card);
        Run run = runs.get(card, runId).orElseThrow(() -> noSuchRun(card, runId));
        ApiJson.answer(ctx, 200, RunJson.of(run));
    }

    private void cancel(Context ctx) {
        access.editor(ctx, ctx.pathParam("workspace"), ctx.pathParam("card"), "cancelling a run");
        CardKey card = card(ctx);
        String runId = runId(ctx, card);
        CancelOutcome outcome = runs.cancel(card, runId);
        Optional<Run> run = outcome == CancelOutcome.NOT_FOUND ? Optional.empty() : runs.get(card, runId);
        switch (outcome) {
            case CANCELLED -> {
                Run cancelled = run.orElseThrow(() -> noSuchRun(card, runId));
                // a running run stops its provider calls and ends cancelled shortly after: accepted, not done
                boolean ended = RunStatus.parse(cancelled.status()).map(RunStatus::isFinal).orElse(true);
                ApiJson.answer(ctx, ended ? 200 : 202, RunJson.of(cancelled));
            }
            case ALREADY_FINISHED -> throw ApiException.conflict("run '" + runId + "' already ended"
                    + run.map(RunRoutes::howItEnded).orElse("") + ": there is nothing to cancel");
            case NOT_FOUND -> throw noSuchRun(card, runId);
            default -> throw new IllegalStateException("unknown cancel outcome " + outcome);
        }
    }

    private static String howItEnded(Run run) {
        return " (" + run.status() + (run.finishedAt() == null ? "" : " at " + run.finishedAt()) + ")";
    }

    /** The card of the path; a name no card can have is no such card. */
    private static CardKey card(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        String card = ctx.pathParam("card");
        if (!CardKey.isValidId(workspace) || !CardKey.isValidId(card)) {
            throw ApiException.notFound("no such card '" + Access.shown(workspace) + "/" + Access.shown(card)
                    + "': workspace and card names are 1 to " + CardKey.MAX_LENGTH + " characters of"
                    + " [A-Za-z0-9._-]");
        }
        return new CardKey(workspace, card);
    }

    /** The run id of the path; one that no run can have is no such run. */
    private static String runId(Context ctx, CardKey card) {
        String runId = ctx.pathParam("run");
        if (!CardKey.isValidId(runId)) {
            throw ApiException.notFound("card " + card + " has no run '" + Access.shown(runId) + "': run ids are"
                    + " 1 to " + CardKey.MAX_LENGTH + " characters of [A-Za-z0-9._-]; list the card's runs with GET "
                    + runsPath(card));
        }
        return runId;
    }

    private static ApiException noSuchRun(CardKey card, String runId) {
        return ApiException.notFound("card " + card + " has no run '" + runId + "': list its runs with GET "
                + runsPath(card));
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ApiException.badRequest("query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT
                + ", not '" + Access.shown(text) + "'; leave it out for the newest " + DEFAULT_LIMIT + " runs");
    }

    /** {@code /api/v1/workspaces/W/cards/C/runs}. */
    static String runsPath(CardKey card) {
        return ApiServer.BASE_PATH + "/workspaces/" + card.workspace() + "/cards/" + card.card() + "/runs";
    }

    /** {@code /api/v1/workspaces/W/cards/C/runs/ID}. */
    static String runPath(CardKey card, String runId) {
        return runsPath(card) + "/" + runId;
    }

    /** The answer to a card that does not exist. */
    static String noSuchCard(NoSuchCardException e) {
        CardKey card = e.card();
        return "no such card " + card + ": check the workspace and card names (a card is created when its"
                + " first editor opens it in the editor)";
    }
}
