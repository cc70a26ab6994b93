package dev.promptcards.server.api;

import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.persistence.runs.RunQuotaExceededException;
import dev.promptcards.runner.run.InvalidRunRequestException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure as {@code {"error": "what went wrong and what to do"}} with its status: the API's own refusals
 * ({@link ApiException}), a card that does not exist (404), a run that cannot start as asked (400), a run past
 * its workspace's run quotas (429 with {@code Retry-After}), runs not
 * available in this server (501), Javalin's own (no such endpoint 404, another method 405, a body too large
 * 413), and anything unexpected (500, logged with a number the answer names; never the exception's text).
 */
final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private final int maxBodyBytes;
    private final AtomicLong incidents = new AtomicLong();

    /**
     * @param maxBodyBytes the body limit, named by the 413 answer
     */
    ApiErrors(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Adds the exception handlers. */
    void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> answer(ctx, e));
        routes.exception(NoSuchCardException.class,
                (e, ctx) -> ApiJson.error(ctx, 404, RunRoutes.noSuchCard(e)));
        routes.exception(InvalidRunRequestException.class, (e, ctx) -> ApiJson.error(ctx, 400, e.getMessage()));
        routes.exception(RunQuotaExceededException.class, (e, ctx) -> quotaExceeded(ctx, e));
        routes.exception(UnsupportedOperationException.class, (e, ctx) -> ApiJson.error(ctx, 501, e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> javalins(ctx, e));
        routes.exception(Exception.class, this::unexpected);
    }

    private static void answer(Context ctx, ApiException e) {
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", Access.CHALLENGE);
        }
        ApiJson.error(ctx, e.status(), e.getMessage());
    }

    /**
     * 429 with {@code Retry-After} in seconds until the quota resets (RFC 9110 section 10.2.3), saying who may
     * raise it.
     */
    private static void quotaExceeded(Context ctx, RunQuotaExceededException e) {
        long seconds = Math.max(1, Duration.between(Instant.now(), e.resetsAt()).toSeconds());
        ctx.header("Retry-After", Long.toString(seconds));
        String workspace = Access.shown(ctx.pathParam("workspace"));
        ApiJson.error(ctx, 429, e.getMessage() + " (the operator or an admin key of the workspace raises it with"
                + " PATCH " + WorkspaceRoutes.WORKSPACES + "/" + workspace + ")");
    }

    private void javalins(Context ctx, HttpResponseException e) {
        String request = ctx.method().name() + " " + Access.shown(ctx.path());
        if (e.getStatus() == HttpStatus.NOT_FOUND.getCode()) {
            ApiJson.error(ctx, 404, "no such endpoint: " + request + "; the API's endpoints are under "
                    + ApiServer.BASE_PATH + " and described by GET " + OpenApiRoute.PATH);
        } else if (e.getStatus() == HttpStatus.METHOD_NOT_ALLOWED.getCode()) {
            String allowed = e.getDetails().getOrDefault("availableMethods",
                    e.getDetails().getOrDefault("Available methods", ""));
            ctx.header("Allow", allowed.isEmpty() ? HandlerType.OPTIONS.name() : allowed + ", OPTIONS");
            ApiJson.error(ctx, 405, "method " + ctx.method().name() + " is not allowed on " + Access.shown(ctx.path())
                    + ": use " + (allowed.isEmpty() ? "another method" : allowed));
        } else if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
            ApiJson.error(ctx, 413, "the body is larger than " + maxBodyBytes + " bytes: a run request is a"
                    + " small JSON object such as {\"repeat\": 2}");
        } else {
            ApiJson.error(ctx, e.getStatus(), e.getMessage() + " (" + request + ")");
        }
    }

    private void unexpected(Exception e, Context ctx) {
        long incident = incidents.incrementAndGet();
        LOG.error("API incident {}: {} {} failed", incident, ctx.method().name(), Access.shown(ctx.path()), e);
        ApiJson.error(ctx, 500, "internal error (incident " + incident + " in the server's log): try again,"
                + " and tell the operator if it keeps failing");
    }
}
