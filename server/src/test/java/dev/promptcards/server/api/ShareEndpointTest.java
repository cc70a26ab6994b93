package dev.promptcards.server.api;

import static dev.promptcards.persistence.jooq.Tables.AUDIT_LOG;
import static dev.promptcards.server.api.ApiClient.error;
import static dev.promptcards.server.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.auth.Grant;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST .../cards/{card}/share}: who may share (an editor of the card, never a viewer), the link's token
 * (that card alone, the role asked for, its life bounded and never beyond the sharer's token), the audit row,
 * and the refusals (bad bodies, a workspace with members, no such card, a server that cannot sign).
 */
class ShareEndpointTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN_TOKEN = "operator-token-0123456789abcdef0123456789";
    private static final AtomicInteger WORKSPACES = new AtomicInteger();
    private static final long DAY = Duration.ofDays(1).toSeconds();

    private final ApiTokens tokens = new ApiTokens();
    private TestStorage storage;
    private RoomRegistry rooms;
    private Memberships members;
    private ApiServer server;
    private ApiClient client;
    private String ws;

    @BeforeEach
    void start() {
        storage = TestStorage.open(DB);
        rooms = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage());
        members = Memberships.start(new WorkspaceStore(storage.database().dsl()), Memberships.DEFAULT_REFRESH);
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), tokens.verifier(), new RecordingRunService(),
                TestAdminServices.of(storage, rooms, ADMIN_TOKEN, tokens.minter(), members),
                new ServerMetrics().registry());
        client = new ApiClient("http://127.0.0.1:" + server.port(), null);
        ws = "share-" + WORKSPACES.incrementAndGet() + "-" + System.nanoTime();
        assertEquals(201, client.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": \"" + ws + "\"}").statusCode());
        storage.create(new CardKey(ws, "c1"));
        storage.create(new CardKey(ws, "c2"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        members.close();
        rooms.close();
        storage.close();
    }

    private String share(String card) {
        return "/api/v1/workspaces/" + ws + "/cards/" + card + "/share";
    }

    private String token(String sub, Role role, Set<String> cards, Duration ttl) {
        return tokens.minter().mint(sub, null, ws, cards, role, ttl).token();
    }

    private List<String> audited() {
        return storage.database().dsl()
                .select(AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION, AUDIT_LOG.TARGET, AUDIT_LOG.DETAIL).from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE.eq(ws), AUDIT_LOG.ACTION.eq("card.share"))
                .orderBy(AUDIT_LOG.ID).fetch(r -> r.value1() + " " + r.value2() + " " + r.value3() + ": " + r.value4());
    }

    private static void assertAbout(Instant expected, Instant actual) {
        assertTrue(Math.abs(Duration.between(expected, actual).toSeconds()) <= 2, expected + " vs " + actual);
    }

    @Test
    void an_editor_of_the_card_shares_a_viewer_link_for_that_card_alone() throws Exception {
        String alice = token("alice", Role.EDITOR, Set.of("c1"), Duration.ofDays(10));

        HttpResponse<String> shared = client.post(share("c1"), alice, "{\"role\": \"viewer\", \"ttlSeconds\": 86400}");

        assertEquals(201, shared.statusCode(), shared.body());
        JsonNode link = json(shared);
        String token = link.get("token").asText();
        Grant grant = tokens.verifier().verify(token);
        assertEquals(ws, grant.workspace());
        assertEquals(Set.of("c1"), grant.cards());
        assertFalse(grant.allCards());
        assertEquals(Role.VIEWER, grant.role());
        assertTrue(grant.subject().matches("share:alice:[a-z0-9]{12}"), grant.subject());
        assertAbout(Instant.now().plusSeconds(DAY), grant.expiresAt());
        assertEquals(grant.expiresAt().toString(), link.get("expiresAt").asText());
        assertEquals("/w/" + ws + "/c/c1#token=" + token, link.get("url").asText());
        assertEquals(List.of("alice card.share c1: {\"role\":\"viewer\",\"subject\":\"" + grant.subject()
                + "\",\"expiresAt\":\"" + grant.expiresAt() + "\"}"), audited());
    }

    @Test
    void an_editor_link_is_an_editor_token_and_each_link_has_its_own_subject() throws Exception {
        String alice = token("alice", Role.EDITOR, null, Duration.ofDays(10));

        String first = json(client.post(share("c2"), alice, "{\"role\": \"editor\", \"ttlSeconds\": 604800}"))
                .get("token").asText();
        String second = json(client.post(share("c2"), alice, "{\"role\": \"editor\", \"ttlSeconds\": 604800}"))
                .get("token").asText();

        Grant grant = tokens.verifier().verify(first);
        assertEquals(Role.EDITOR, grant.role());
        assertEquals(Set.of("c2"), grant.cards());
        assertAbout(Instant.now().plusSeconds(7 * DAY), grant.expiresAt());
        assertNotEquals(grant.subject(), tokens.verifier().verify(second).subject());
        assertEquals(2, audited().size());
    }

    @Test
    void a_link_never_outlives_the_sharers_own_token() throws Exception {
        String alice = token("alice", Role.EDITOR, Set.of("c1"), Duration.ofHours(1));
        Instant alicesExpiry = tokens.verifier().verify(alice).expiresAt();

        JsonNode link = json(client.post(share("c1"), alice, "{\"role\": \"editor\", \"ttlSeconds\": 2592000}"));

        assertEquals(alicesExpiry, tokens.verifier().verify(link.get("token").asText()).expiresAt());
        assertEquals(alicesExpiry.toString(), link.get("expiresAt").asText());
    }

    @Test
    void the_operator_and_an_editor_key_share_and_the_link_names_them() throws Exception {
        String editorKey = json(client.post("/api/v1/workspaces/" + ws + "/api-keys", ADMIN_TOKEN,
                "{\"name\": \"k\", \"role\": \"editor\"}")).get("key").asText();

        HttpResponse<String> byOperator = client.post(share("c1"), ADMIN_TOKEN,
                "{\"role\": \"viewer\", \"ttlSeconds\": 2592000}");
        HttpResponse<String> byKey = client.post(share("c1"), editorKey, "{\"role\": \"editor\", \"ttlSeconds\": 60}");

        assertEquals(201, byOperator.statusCode(), byOperator.body());
        assertEquals(201, byKey.statusCode(), byKey.body());
        Grant operators = tokens.verifier().verify(json(byOperator).get("token").asText());
        assertTrue(operators.subject().startsWith("share:operator:"), operators.subject());
        assertAbout(Instant.now().plusSeconds(30 * DAY), operators.expiresAt());
        assertTrue(tokens.verifier().verify(json(byKey).get("token").asText()).subject().startsWith("share:ak_"));
    }

    @Test
    void a_viewer_may_not_share_not_even_a_viewer_link() {
        String viewer = token("vic", Role.VIEWER, Set.of("c1"), Duration.ofDays(1));
        String viewerKey = json(client.post("/api/v1/workspaces/" + ws + "/api-keys", ADMIN_TOKEN,
                "{\"name\": \"v\", \"role\": \"viewer\"}")).get("key").asText();

        HttpResponse<String> byToken = client.post(share("c1"), viewer, "{\"role\": \"viewer\", \"ttlSeconds\": 60}");
        HttpResponse<String> byKey = client.post(share("c1"), viewerKey, "{\"role\": \"viewer\", \"ttlSeconds\": 60}");

        assertEquals(403, byToken.statusCode(), byToken.body());
        assertEquals(error("this token's role is viewer: sharing the card needs an editor's token for the card"),
                byToken.body());
        assertEquals(403, byKey.statusCode(), byKey.body());
        assertEquals(List.of(), audited());
    }

    @Test
    void a_token_for_other_cards_may_not_share_this_one() {
        String alice = token("alice", Role.EDITOR, Set.of("c2"), Duration.ofDays(1));

        HttpResponse<String> shared = client.post(share("c1"), alice, "{\"role\": \"viewer\", \"ttlSeconds\": 60}");

        assertEquals(403, shared.statusCode(), shared.body());
        assertEquals(List.of(), audited());
    }

    @Test
    void a_role_or_a_life_out_of_bounds_is_refused_with_what_is_allowed() {
        String alice = token("alice", Role.EDITOR, Set.of("c1"), Duration.ofDays(40));
        String ttlRule = error("field 'ttlSeconds' is required: a whole number from 1 to 2592000 (30 days)");

        for (String body : List.of("{\"role\": \"viewer\", \"ttlSeconds\": 0}",
                "{\"role\": \"viewer\", \"ttlSeconds\": 2592001}", "{\"role\": \"viewer\"}")) {
            HttpResponse<String> refused = client.post(share("c1"), alice, body);
            assertEquals(400, refused.statusCode(), body);
            assertEquals(ttlRule, refused.body(), body);
        }
        HttpResponse<String> admin = client.post(share("c1"), alice, "{\"role\": \"admin\", \"ttlSeconds\": 60}");
        assertEquals(400, admin.statusCode());
        assertEquals(error("field 'role' must be viewer or editor, not 'admin'"), admin.body());
        HttpResponse<String> extra = client.post(share("c1"), alice,
                "{\"role\": \"viewer\", \"ttlSeconds\": 60, \"cards\": \"*\"}");
        assertEquals(400, extra.statusCode(), extra.body());
        assertEquals(List.of(), audited());
    }

    @Test
    void no_such_card_is_404_and_a_deleted_one_too() {
        String alice = token("alice", Role.EDITOR, null, Duration.ofDays(1));
        assertEquals(204, client.send(client.request("/api/v1/workspaces/" + ws + "/cards/c2", ADMIN_TOKEN)
                .DELETE()).statusCode());

        HttpResponse<String> missing = client.post(share("nope"), alice, "{\"role\": \"viewer\", \"ttlSeconds\": 60}");
        HttpResponse<String> deleted = client.post(share("c2"), alice, "{\"role\": \"viewer\", \"ttlSeconds\": 60}");

        assertEquals(404, missing.statusCode());
        assertEquals(error("no card 'nope' in workspace '" + ws + "'"), missing.body());
        assertEquals(404, deleted.statusCode());
        assertEquals(List.of(), audited());
    }

    @Test
    void a_workspace_with_members_is_refused_409_as_a_links_holder_would_not_be_one() {
        assertEquals(201, client.send(client.request("/api/v1/workspaces/" + ws + "/members/alice", ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"role\": \"editor\"}"))).statusCode());
        String alice = token("alice", Role.EDITOR, Set.of("c1"), Duration.ofDays(1));

        HttpResponse<String> shared = client.post(share("c1"), alice, "{\"role\": \"viewer\", \"ttlSeconds\": 60}");

        assertEquals(409, shared.statusCode(), shared.body());
        assertEquals(error("workspace '" + ws + "' has members, and it opens only to them: a share link's holder"
                + " would not be one; add the person as a member (PUT .../members/{subject}) and give them a token of"
                + " their own"), shared.body());
        assertEquals(List.of(), audited());
    }

    @Test
    void a_server_without_an_hs256_secret_answers_501_saying_what_to_set() {
        try (ApiServer unsigned = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), tokens.verifier(),
                new RecordingRunService(), TestAdminServices.of(storage, rooms, ADMIN_TOKEN, null, members),
                new ServerMetrics().registry());
                ApiClient other = new ApiClient("http://127.0.0.1:" + unsigned.port(), null)) {
            String alice = token("alice", Role.EDITOR, Set.of("c1"), Duration.ofDays(1));

            HttpResponse<String> shared = other.post(share("c1"), alice, "{\"role\": \"viewer\", \"ttlSeconds\": 60}");

            assertEquals(501, shared.statusCode());
            assertEquals(error("this server cannot sign tokens, so it cannot make share links: it verifies tokens"
                    + " with public keys only; set --jwt-secret (PROMPTCARDS_JWT_SECRET), or mint a token for this"
                    + " card where the private key is"), shared.body());
        }
        assertEquals(List.of(), audited());
    }
}
