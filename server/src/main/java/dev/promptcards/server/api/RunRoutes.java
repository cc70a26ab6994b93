package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiComponents.CARD_TOKEN;
import static dev.promptcards.server.api.ApiComponents.API_KEY;
import static dev.promptcards.server.api.ApiComponents.ADMIN_TOKEN;
import static dev.promptcards.server.api.ApiComponents.BAD_REQUEST;
import static dev.promptcards.server.api.ApiComponents.FORBIDDEN;
import static dev.promptcards.server.api.ApiComponents.NOT_CONFIGURED;
import static dev.promptcards.server.api.ApiComponents.NOT_FOUND;
import static dev.promptcards.server.api.ApiComponents.TOO_LARGE;
import static dev.promptcards.server.api.ApiComponents.UNAUTHORIZED;
import static dev.promptcards.server.api.ApiComponents.error;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.runner.run.CancelOutcome;
import dev.promptcards.runner.run.QueuedRun;
import dev.promptcards.runner.run.RunRequest;
import dev.promptcards.runner.run.RunService;
import dev.promptcards.runner.run.RunnerSettings;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiParameter;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import dev.promptcards.runner.run.RunStarter;
import dev.promptcards.server.auth.Grant;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
    private final AdminAccess adminAccess;
    private final RunService runs;

    /**
     * @param access      who may do what, by card token
     * @param adminAccess who may do what by any credential, or null when the server has no admin endpoints
     * @param runs        the runs
     */
    RunRoutes(Access access, AdminAccess adminAccess, RunService runs) {
        this.access = access;
        this.adminAccess = adminAccess;
        this.runs = runs;
    }

    /**
     * Who calls, checked against the card: with the admin endpoints, the operator, a key of the workspace or a
     * card token ({@link AdminAccess#card}); without them, a card token alone.
     */
    private RunStarter caller(Context ctx, boolean write, String action) {
        String workspace = ctx.pathParam("workspace");
        String card = ctx.pathParam("card");
        if (adminAccess == null) {
            Grant grant = write ? access.editor(ctx, workspace, card, action) : access.reader(ctx, workspace, card);
            return RunStarter.token(grant.subject());
        }
        Principal principal = adminAccess.card(ctx, workspace, card, write, action);
        return new RunStarter(principal.actorKind(), principal.actor());
    }

    /** @return the four endpoints, each with its description */
    List<ApiOperation> operations() {
        return Stream.of(
                ApiOperation.post(RUNS, this::start).id("startRun")
                        .summary("Queue a run of the card's tests on its current revision")
                        .description("Answers at once; the run streams its results into the card's runs map. Every"
                                + " field of the body is optional: the provider and model default to the card's"
                                + " model map, tests to every test case, repeat to 1. An empty body is the same as"
                                + " {}. Needs an editor's token.")
                        .jsonBody(false, JsonSchema.ref("RunRequest"))
                        .response(202, ApiResponse.json("The run is queued.", JsonSchema.ref("QueuedRun"))
                                .header("Location", "The run's path.", JsonSchema.string()))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, NOT_FOUND).response(413, TOO_LARGE)
                        .response(429, error("A run quota of the workspace (maxRunsPerDay, maxCostPerMonthUsd) is"
                                + " reached; the error says what was used and when it resets; nothing is stored.")
                                .header("Retry-After", "Seconds until the quota resets.", JsonSchema.integer()))
                        .response(501, NOT_CONFIGURED),
                ApiOperation.get(RUNS, this::list).id("listRuns")
                        .summary("The card's runs, newest first, as stored")
                        .description("All runs of the card, not only the " + RunnerSettings.RUNS_IN_DOCUMENT + " the document keeps."
                                + " A viewer's token is enough.")
                        .parameter(ApiParameter.query("limit", JsonSchema.integer().minimum(1).maximum(MAX_LIMIT)
                                .defaultValue(DEFAULT_LIMIT)).description("How many runs, 1 to " + MAX_LIMIT + "; "
                                + DEFAULT_LIMIT + " when absent."))
                        .response(200, ApiResponse.json("The runs.", JsonSchema.ref("RunList")))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, NOT_FOUND).response(501, NOT_CONFIGURED),
                ApiOperation.get(RUN, this::get).id("getRun")
                        .summary("One run as stored, with its results")
                        .description("A viewer's token is enough.")
                        .response(200, ApiResponse.json("The run.", JsonSchema.ref("Run")))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, NOT_FOUND)
                        .response(501, NOT_CONFIGURED),
                ApiOperation.delete(RUN, this::cancel).id("cancelRun")
                        .summary("Cancel a run")
                        .description("A queued run ends cancelled at once (200 with the run); a running one stops"
                                + " its provider calls and ends cancelled shortly after (202 with the run as it is"
                                + " now). Needs an editor's token.")
                        .response(200, ApiResponse.json("The run, cancelled.", JsonSchema.ref("Run")))
                        .response(202, ApiResponse.json("The run, still running: it is stopping.",
                                JsonSchema.ref("Run")))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, NOT_FOUND)
                        .response(409, error("The run had already ended; nothing changed."))
                        .response(501, NOT_CONFIGURED)).map(this::secured).toList();
    }

    /** With the admin endpoints, the runs take their credentials too. */
    private ApiOperation secured(ApiOperation operation) {
        return adminAccess == null ? operation : operation.security(ADMIN_TOKEN, API_KEY, CARD_TOKEN);
    }

    private void start(Context ctx) {
        RunStarter starter = caller(ctx, true, "starting a run");
        CardKey card = card(ctx);
        RunRequest request = RunRequestBody.read(ctx.bodyAsBytes());
        QueuedRun run = runs.start(card, request, starter);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", run.id());
        body.put("status", run.status().value());
        ctx.header("Location", runPath(card, run.id()));
        ApiJson.answer(ctx, 202, body);
    }

    private void list(Context ctx) {
        caller(ctx, false, "reading runs");
        CardKey card = card(ctx);
        int limit = limit(ctx.queryParam("limit"));
        List<Run> listed = runs.list(card, limit);
        ApiJson.answer(ctx, 200, Map.of("runs", RunJson.of(listed)));
    }

    private void get(Context ctx) {
        caller(ctx, false, "reading runs");
        CardKey card = card(ctx);
        String runId = runId(ctx, card);
        Run run = runs.get(card, runId).orElseThrow(() -> noSuchRun(card, runId));
        ApiJson.answer(ctx, 200, RunJson.of(run));
    }

    private void cancel(Context ctx) {
        caller(ctx, true, "cancelling a run");
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
