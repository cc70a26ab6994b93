package dev.promptcards.server.members;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.auth.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cache and the followers, on a reader the test controls (the refresh is an hour: never in a test). */
class MembershipsTest {

    private final AtomicReference<Map<String, WorkspaceRole>> stored = new AtomicReference<>(Map.of());
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    private Memberships start() {
        return Memberships.start(workspace -> {
            reads.incrementAndGet();
            if (failure.get() != null) {
                throw failure.get();
            }
            return new MemberRoles(stored.get());
        }, Duration.ofHours(1));
    }

    /** A connection that records what it is told. */
    private record Recorder(String subject, Role tokenRole, List<String> told) implements MemberConnection {
        @Override
        public void roleChanged(Role role) {
            told.add(role.claim());
        }

        @Override
        public void removed() {
            told.add("removed");
        }
    }

    @Test
    void a_workspace_is_read_once_while_fresh() {
        try (Memberships members = start()) {
            members.lookup("w").join();
            members.lookup("w").join();
            members.current("w");
            assertEquals(1, reads.get());
        }
    }

    @Test
    void a_change_moves_the_followers_of_its_workspace_and_only_when_their_role_changes() {
        try (Memberships members = start()) {
            stored.set(Map.of("ada", WorkspaceRole.EDITOR, "bob", WorkspaceRole.EDITOR));
            members.lookup("w").join();
            Recorder ada = new Recorder("ada", Role.EDITOR, new ArrayList<>());
            Recorder bob = new Recorder("bob", Role.EDITOR, new ArrayList<>());
            members.follow("w", ada, Role.EDITOR);
            AutoCloseable bobFollows = members.follow("w", bob, Role.EDITOR);

            stored.set(Map.of("ada", WorkspaceRole.VIEWER, "bob", WorkspaceRole.ADMIN));
            members.changed("w");
            stored.set(Map.of("ada", WorkspaceRole.EDITOR, "bob", WorkspaceRole.ADMIN));
            members.changed("w");
            stored.set(Map.of("bob", WorkspaceRole.ADMIN));
            members.changed("w");
            members.changed("w");

            assertEquals(List.of("viewer", "editor", "removed"), ada.told());
            assertEquals(List.of(), bob.told());
        }
    }

    @Test
    void a_follower_that_joined_after_a_change_is_told_at_once() {
        try (Memberships members = start()) {
            stored.set(Map.of("ada", WorkspaceRole.VIEWER));
            members.changed("w");
            Recorder ada = new Recorder("ada", Role.EDITOR, new ArrayList<>());

            members.follow("w", ada, Role.EDITOR);

            assertEquals(List.of("viewer"), ada.told());
        }
    }

    @Test
    void the_last_members_read_serve_while_the_database_is_away_and_without_any_the_read_fails() {
        try (Memberships members = Memberships.unrefreshed(workspace -> {
            reads.incrementAndGet();
            if (failure.get() != null) {
                throw failure.get();
            }
            return new MemberRoles(stored.get());
        }, Duration.ofNanos(1))) {
            stored.set(Map.of("ada", WorkspaceRole.VIEWER));
            members.lookup("w").join();
            failure.set(new IllegalStateException("database away"));
            // fresh for 1 ns: every lookup reads again
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                int before = reads.get();
                members.lookup("w").join();
                return reads.get() > before;
            });

            assertEquals(new MemberRoles(Map.of("ada", WorkspaceRole.VIEWER)), members.lookup("w").join());
            CompletionException e = assertThrows(CompletionException.class, () -> members.lookup("other").join());
            assertEquals("database away", e.getCause().getMessage());
        }
    }
}
