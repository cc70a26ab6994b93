package dev.promptcards.server.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.persistence.CardStore;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.persistence.runs.RunStore;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.net.WsClient;
import dev.promptcards.server.room.Limits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace's quotas on the whole server (PostgreSQL, the runner, the API, the WebSocket listener): runs per
 * day and cost per month refuse a run start with 429 and store nothing, the connection quota refuses the
 * (n+1)th WebSocket with 1013, a raised quota lets each through, {@code GET /workspaces/{ws}} shows the usage,
 * and every run start is in the audit log, whose chain verifies.
 */
class WorkspaceQuotasTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN_TOKEN = "operator-token-quotas-0123456789abcdef";
    /** Decimals read exactly, not through a double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final AtomicInteger WORKSPACES = new AtomicInteger();

    private static Database database;

    @TempDir
    Path dir;

    private final DevTokens tokens = new DevTokens(new SecureRandom(), Clock.systemUTC());
    private final List<WsClient> sockets = new ArrayList<>();
    private PromptcardsApp app;
    private HttpClient http;
    private String workspace;

    @BeforeAll
    static void openDatabase() {
        database = DB.open();
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void start() throws Exception {
        DatabaseConfig db = DB.config();
        DatabaseSettings settings = new DatabaseSettings(dir.resolve("data"), db.jdbcUrl(), db.user(), db.password(),
                "the test database", UpdateLogSettings.defaults());
        AppConfig config = new AppConfig("127.0.0.1", 0, 0, Limits.defaults(), null, settings, dir.resolve("spill"),
                BusSettings.singleNode(), tokens.verifier(), null, ProviderSettings.defaults(), null, ADMIN_TOKEN,
                null);
        app = PromptcardsApp.start(config, new PrintWriter(new StringWriter()));
        http = HttpClient.newHttpClient();
        workspace = "quotas-" + WORKSPACES.incrementAndGet() + "-" + System.nanoTime();
        assertEquals(201, post("/workspaces", ADMIN_TOKEN, "{\"id\": \"" + workspace + "\"}").statusCode());
        // the welcome card: three tests on the offline echo provider
        WelcomeCard.seed(workspace, new CardStore(database.dsl()), app.cardEditor());
    }

    @AfterEach
    void stop() {
        sockets.forEach(WsClient::close);
        http.close();
        app.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.apiPort() + "/api/v1"
                        + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send("POST", path, token, body);
    }

    private void setQuotas(String quotas) throws Exception {
        HttpResponse<String> patched = send("PATCH", "/workspaces/" + workspace, ADMIN_TOKEN,
                "{\"quotas\": " + quotas + "}");
        assertEquals(200, patched.statusCode(), patched.body());
    }

    private String editorToken() {
        return tokens.mint("ed", workspace, Role.EDITOR, Duration.ofHours(1));
    }

    private HttpResponse<String> startRun() throws Exception {
        return post("/workspaces/" + workspace + "/cards/" + WelcomeCard.NAME + "/runs", editorToken(), "{}");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> read = send("GET", path, ADMIN_TOKEN, null);
        assertEquals(200, read.statusCode(), read.body());
        return JSON.readTree(read.body());
    }

    private JsonNode usage() throws Exception {
        return get("/workspaces/" + workspace).get("usage");
    }

    private int storedRuns() throws Exception {
        HttpResponse<String> listed = send("GET", "/workspaces/" + workspace + "/cards/" + WelcomeCard.NAME + "/runs",
                editorToken(), null);
        assertEquals(200, listed.statusCode(), listed.body());
        return JSON.readTree(listed.body()).get("runs").size();
    }

    private List<JsonNode> auditedRunStarts() throws Exception {
        List<JsonNode> starts = new ArrayList<>();
        get("/workspaces/" + workspace + "/audit").get("entries").forEach(entry -> {
            if ("run.start".equals(entry.get("action").asText())) {
                starts.add(entry);
            }
        });
        return starts;
    }

    private WsClient connect() {
        WsClient client = WsClient.connect(http, URI.create("ws://127.0.0.1:" + app.port() + "/ws/" + workspace + "/"
                + WelcomeCard.NAME + "?token=" + editorToken()));
        sockets.add(client);
        return client;
    }

    private static String error(String message) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("error", message));
    }

    private static String nextUtcDay() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    }

    private static String nextUtcMonth() {
        return LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                .toString();
    }

    @Test
    void a_run_past_the_runs_per_day_quota_is_429_stores_nothing_and_a_raised_quota_lets_it_through()
            throws Exception {
        setQuotas("{\"maxRunsPerDay\": 1}");
        HttpResponse<String> first = startRun();
        assertEquals(202, first.statusCode(), first.body());

        HttpResponse<String> refused = startRun();

        assertEquals(429, refused.statusCode());
        assertEquals(error("workspace '" + workspace + "' has reached its quota maxRunsPerDay of 1: 1 run was started"
                + " today (UTC); it resets at " + nextUtcDay() + " (the operator or an admin key of the workspace"
                + " raises it with PATCH /api/v1/workspaces/" + workspace + ")"), refused.body());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 86_400, "Retry-After " + retryAfter);
        assertEquals(1, storedRuns());
        assertEquals(1, auditedRunStarts().size());

        setQuotas("{\"maxRunsPerDay\": 2}");
        HttpResponse<String> raised = startRun();

        assertEquals(202, raised.statusCode(), raised.body());
        assertEquals(2, storedRuns());
        assertEquals(2, usage().get("runsToday").asLong());
    }

    @Test
    void a_run_past_the_cost_per_month_quota_is_429_stores_nothing_and_a_raised_quota_lets_it_through()
            throws Exception {
        HttpResponse<String> priced = startRun();
        assertEquals(202, priced.statusCode(), priced.body());
        String runId = JSON.readTree(priced.body()).get("id").asText();
        // a priced result of that run, as a paid provider's would be stored (echo costs 0)
        new RunStore(database.dsl()).saveResult(runId, "priced", new TestResult("passed", "out", "", true, 1.0,
                List.of(), 5L, 10L, 20L, 0.25));
        setQuotas("{\"maxCostPerMonthUsd\": 0.25}");

        HttpResponse<String> refused = startRun();

        assertEquals(429, refused.statusCode());
        assertEquals(error("workspace '" + workspace + "' has reached its quota maxCostPerMonthUsd of 0.25 USD: the"
                + " runs started this month (UTC) cost 0.25 USD; it resets at " + nextUtcMonth() + " (the operator or"
                + " an admin key of the workspace raises it with PATCH /api/v1/workspaces/" + workspace + ")"),
                refused.body());
        assertEquals(1, storedRuns());
        assertEquals(1, auditedRunStarts().size());

        setQuotas("{\"maxCostPerMonthUsd\": 0.3}");
        assertEquals(202, startRun().statusCode());
        assertEquals(2, storedRuns());
    }

    @Test
    void the_usage_beside_the_quotas_counts_cards_connections_runs_and_cost_exactly() throws Exception {
        JsonNode before = get("/workspaces/" + workspace);
        assertUsage(before.get("usage"), 1, 0, 0, "0.000000");
        assertEquals("{\"maxCards\":null,\"maxConnections\":null,\"maxRunsPerDay\":null,\"maxCostPerMonthUsd\":null}",
                before.get("quotas").toString());
        assertEquals(List.of("id", "name", "createdAt", "quotas", "usage"), fieldNames(before));

        String runId = JSON.readTree(startRun().body()).get("id").asText();
        assertEquals(202, startRun().statusCode());
        RunStore runs = new RunStore(database.dsl());
        runs.saveResult(runId, "priced-1", new TestResult("passed", "a", "", true, 1.0, List.of(), 5L, 1L, 1L, 0.125));
        runs.saveResult(runId, "priced-2", new TestResult("passed", "b", "", true, 1.0, List.of(), 5L, 1L, 1L,
                0.000_001));
        new CardStore(database.dsl()).create(workspace, "second", "ed");
        WsClient one = connect();
        WsClient two = connect();
        one.next();
        two.next();

        await().atMost(Duration.ofSeconds(10)).until(() -> usage().get("connections").asInt() == 2);
        assertUsage(usage(), 2, 2, 2, "0.125001");
    }

    private static void assertUsage(JsonNode usage, int cards, int connections, long runsToday, String cost) {
        assertEquals(List.of("cards", "connections", "runsToday", "costThisMonthUsd"), fieldNames(usage));
        assertEquals(cards, usage.get("cards").intValue());
        assertEquals(connections, usage.get("connections").intValue());
        assertEquals(runsToday, usage.get("runsToday").longValue());
        // compared by value: Jackson's tree drops trailing zeros of what the server wrote
        BigDecimal used = usage.get("costThisMonthUsd").decimalValue();
        assertEquals(0, new BigDecimal(cost).compareTo(used), cost + " expected, was " + used);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void the_connection_quota_refuses_one_more_websocket_with_1013_until_it_is_raised() throws Exception {
        setQuotas("{\"maxConnections\": 2}");
        WsClient one = connect();
        WsClient two = connect();
        one.next();
        two.next();
        await().atMost(Duration.ofSeconds(10)).until(() -> usage().get("connections").asInt() == 2);

        WsClient third = connect();

        assertEquals(new WsClient.Closed(1013, "quota maxConnections of 2 reached for workspace " + workspace),
                third.closed());
        assertFalse(one.isClosed());
        assertEquals(2, usage().get("connections").asInt());

        setQuotas("{\"maxConnections\": 3}");
        WsClient fourth = connect();
        fourth.next();
        assertFalse(fourth.isClosed());
        await().atMost(Duration.ofSeconds(10)).until(() -> usage().get("connections").asInt() == 3);
    }

    @Test
    void every_run_start_is_audited_with_its_card_provider_and_model_and_the_chain_verifies() throws Exception {
        String first = JSON.readTree(startRun().body()).get("id").asText();
        String second = JSON.readTree(startRun().body()).get("id").asText();

        List<JsonNode> starts = auditedRunStarts();

        assertEquals(2, starts.size());
        assertEquals(List.of(first, second), starts.stream().map(entry -> entry.get("target").asText()).toList());
        for (JsonNode entry : starts) {
            assertEquals("token", entry.get("actorKind").asText());
            assertEquals("ed", entry.get("actor").asText());
            assertEquals("{\"card\":\"welcome\",\"provider\":\"echo\",\"model\":\"echo\"}", entry.get("detail").asText());
        }
        assertEquals("{\"valid\":true,\"entries\":3,\"firstBad\":null}",
                get("/workspaces/" + workspace + "/audit/verify").toString());
    }
}
