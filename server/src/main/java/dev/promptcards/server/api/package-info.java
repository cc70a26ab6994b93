/**
 * The HTTP API: a Javalin listener of its own, beside the Netty WebSocket listener, everything under
 * {@code /api/v1} (ARCHITECTURE.md "The HTTP API").
 *
 * <p>{@link dev.promptcards.server.api.ApiServer} is the one factory: it takes its services (the token
 * verifier, the run service, the metrics registry) and owns the Jetty server underneath. One class per
 * concern: {@code Access} reads the bearer token and checks what it allows, {@code RunRoutes} serves the runs
 * of a card, {@code RunRequestBody} reads a run request field by field, {@code RunJson} writes a run as the
 * document's run map reads, {@code ApiErrors} turns every failure into {@code {"error": "..."}} with its
 * status, {@code Cors} lets pages of any origin call the API, {@code OpenApiRoute} serves {@code openapi.json},
 * generated at start from the {@link dev.promptcards.server.api.openapi.ApiOperation}s each routes class returns
 * from {@code operations()} (the same values {@code ApiServer} installs) and {@code ApiComponents}.
 */
package dev.promptcards.server.api;
