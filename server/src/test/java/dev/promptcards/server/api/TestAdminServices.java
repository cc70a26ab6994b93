package dev.promptcards.server.api;

import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.CardSearch;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.admin.ApiKeyStore;
import dev.promptcards.persistence.admin.AuditLog;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.persistence.runs.RunStore;
import dev.promptcards.server.auth.TokenMinter;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.TestStorage;
import java.time.Clock;

/** The admin services of the API's tests, every endpoint included, on the test's storage and rooms. */
final class TestAdminServices {

    private TestAdminServices() {
    }

    /** What each workspace uses, this node holding no connection. */
    static WorkspaceUsage usage(Database database) {
        return new WorkspaceUsage(new CardSearch(database.dsl()), new RunStore(database.dsl()),
                WorkspaceConnections.NONE, Clock.systemUTC());
    }

    /**
     * Every workspace open to any valid token ({@link Memberships#open()}).
     *
     * @param adminToken the operator's token, or null
     * @param minter     signs minted tokens, or null for a server with public keys alone
     */
    static AdminServices of(TestStorage storage, RoomRegistry rooms, String adminToken, TokenMinter minter) {
        return of(storage, rooms, adminToken, minter, Memberships.open());
    }

    /**
     * @param adminToken the operator's token, or null
     * @param minter     signs minted tokens, or null for a server with public keys alone
     * @param members    the workspaces' members; the caller closes them
     */
    static AdminServices of(TestStorage storage, RoomRegistry rooms, String adminToken, TokenMinter minter,
            Memberships members) {
        Database database = storage.database();
        LiveCards live = new LiveCards() {
            @Override
            public void deleted(CardKey card) {
                rooms.cardDeleted(card);
            }

            @Override
            public void restored(CardKey card) {
                rooms.cardRestored(card);
            }
        };
        return new AdminServices(new WorkspaceStore(database.dsl()), new ApiKeyStore(database.dsl()),
                new AuditLog(database.dsl()), rooms.cardEditor(), adminToken, minter, usage(database), members,
                storage.storage().cards(), new CardSearch(database.dsl()), live);
    }
}
