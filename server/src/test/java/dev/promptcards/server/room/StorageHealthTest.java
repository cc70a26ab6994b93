package dev.promptcards.server.room;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StorageHealthTest {

    @Test
    void a_connection_failure_makes_the_storage_unavailable_until_something_is_stored() {
        StorageHealth health = new StorageHealth();
        health.failed(new CompletionException(new SQLTransientConnectionException("Connection is not available",
                "08001")));
        assertFalse(health.available());
        health.stored();
        assertTrue(health.available());
    }

    @Test
    void bad_data_refused_by_the_database_is_no_sign_of_it_being_away() {
        StorageHealth health = new StorageHealth();
        health.failed(new IllegalStateException(new SQLException("violates check constraint", "23514")));
        health.failed(new SQLException("invalid byte sequence", "22021"));
        assertTrue(health.available());
    }
}
