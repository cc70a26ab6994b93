package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiClient.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.CardKey;
import dev.promptcards.server.room.ServerMetrics;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may call the runs endpoints, with real JWTs: no or an invalid token is 401 (with the Bearer challenge), a
 * token for another workspace or card or a viewer's where an editor's is needed is 403; none of them reaches
 * the run service.
 */
class ApiAccessTest {

    private static final String RUNS = "/api/v1/workspaces/w/cards/a/runs";
    private static final String HOW = ": send the card's JWT (the one its WebSocket takes) as"
            + " 'Authorization: Bearer <JWT>'";

    private final ApiTokens tokens = new ApiTokens();
    private final RecordingRunService runs = new RecordingRunService();
    private ApiServer server;
    private ApiClient client;

    @BeforeEach
    void start() {
        runs.cards.add(new CardKey("w", "a"));
        runs.cards.add(new CardKey("w", "b"));
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), tokens.verifier(), runs,
                new ServerMetrics().registry());
        client = new ApiClient("http://127.0.0.1:" + server.port(), null);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Every endpoint of a card's runs, with this Authorization header (none when null). */
    private List<HttpResponse<String>> everyEndpoint(String card, String authorization) {
        String runs = "/api/v1/workspaces/w/cards/" + card + "/runs";
        return List.of(
                client.send(withAuthorization(client.request(runs, null), authorization)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))),
                client.send(withAuthorization(client.request(runs, null), authorization).GET()),
                client.send(withAuthorization(client.request(runs + "/run-1", null), authorization).GET()),
                client.send(withAuthorization(client.request(runs + "/run-1", null), authorization).DELETE()));
    }

    private static java.net.http.HttpRequest.Builder withAuthorization(java.net.http.HttpRequest.Builder request,
            String authorization) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private void assertEveryEndpoint(String card, String authorization, int status, String message) {
        for (HttpResponse<String> response : everyEndpoint(card, authorization)) {
            String what = response.request().method() + " " + response.request().uri();
            assertEquals(status, response.statusCode(), what);
            assertEquals(error(message), response.body(), what);
            if (status == 401) {
                assertEquals("Bearer realm=\"promptcards\"",
                        response.headers().firstValue("www-authenticate").orElseThrow(), what);
            }
        }
        assertEquals(List.of(), runs.calls, "a refused request reaches no run service");
    }

    @Test
    void no_token_is_401_saying_how_to_send_one() {
        assertEveryEndpoint("a", null, 401, "missing credentials" + HOW);
    }

    @Test
    void another_scheme_or_a_bearer_without_token_is_401() {
        assertEveryEndpoint("a", "Basic dXNlcjpwYXNz", 401,
                "the Authorization header must use the Bearer scheme" + HOW);
        assertEveryEndpoint("a", "Bearer ", 401, "the Authorization header has no token after 'Bearer'" + HOW);
    }

    @Test
    void an_expired_token_is_401_saying_so() {
        assertEveryEndpoint("a", "Bearer " + tokens.expired(), 401, "invalid token (token expired): get a new token"
                + " from whoever issued it and send the card's JWT (the one its WebSocket takes) as"
                + " 'Authorization: Bearer <JWT>'");
    }

    @Test
    void a_token_signed_with_another_key_or_not_a_jwt_is_401() {
        assertEveryEndpoint("a", "Bearer " + tokens.signedElsewhere(), 401, "invalid token (bad signature): get a"
                + " new token from whoever issued it and send the card's JWT (the one its WebSocket takes) as"
                + " 'Authorization: Bearer <JWT>'");
        assertEveryEndpoint("a", "Bearer not-a-jwt", 401, "invalid token (malformed token: expected"
                + " header.payload.signature): get a new token from whoever issued it and send the card's JWT (the"
                + " one its WebSocket takes) as 'Authorization: Bearer <JWT>'");
    }

    @Test
    void the_bearer_scheme_is_case_insensitive() {
        HttpResponse<String> response = client.send(client.request(RUNS, null)
                .header("Authorization", "bearer " + tokens.viewer()).GET());

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void a_token_of_another_workspace_is_403() {
        assertEveryEndpoint("a", "Bearer " + tokens.editorOfOtherWorkspace(), 403, "this token is for workspace"
                + " 'other', not 'w': use a token issued for workspace 'w'");
    }

    @Test
    void a_token_of_another_card_is_403() {
        assertEveryEndpoint("b", "Bearer " + tokens.editorOfCardA(), 403, "this token does not cover card 'b' of"
                + " workspace 'w': use a token issued for this card (or for every card of the workspace)");
    }

    @Test
    void a_viewer_may_read_but_not_start_or_cancel() {
        HttpResponse<String> started = client.post(RUNS, tokens.viewer(), "{}");
        HttpResponse<String> cancelled = client.delete(RUNS + "/run-1", tokens.viewer());
        HttpResponse<String> listed = client.get(RUNS, tokens.viewer());

        assertEquals(403, started.statusCode());
        assertEquals(error("this token's role is viewer: starting a run needs an editor's token for the card"),
                started.body());
        assertEquals(403, cancelled.statusCode());
        assertEquals(error("this token's role is viewer: cancelling a run needs an editor's token for the card"),
                cancelled.body());
        assertEquals(200, listed.statusCode());
        assertEquals("{\"runs\":[]}", listed.body());
        assertEquals(List.of("list w/a 20"), runs.calls);
    }

    @Test
    void an_editor_of_one_card_may_start_a_run_of_that_card() {
        HttpResponse<String> response = client.post(RUNS, tokens.editorOfCardA(), "{}");

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of("start w/a RunRequest[provider=null, model=null, tests=null, repeat=null] by ca"),
                runs.calls);
    }

    @Test
    void a_refused_token_is_checked_before_the_body() {
        HttpResponse<String> response = client.post(RUNS, null, "not json");

        assertEquals(401, response.statusCode());
    }
}
