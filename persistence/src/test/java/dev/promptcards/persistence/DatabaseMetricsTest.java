package dev.promptcards.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.testing.TestDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connection pool's meters, in the registry given to {@link Database#start(DatabaseConfig, MeterRegistry)}. */
class DatabaseMetricsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void the_pools_meters_are_in_the_registry_while_it_is_open() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Database database = Database.start(DB.config(), registry);
        Gauge max;
        Gauge total;
        try {
            max = registry.find("hikaricp.connections.max").tag("pool", "promptcards-db").gauge();
            total = registry.find("hikaricp.connections").tag("pool", "promptcards-db").gauge();
            assertEquals(DB.config().maxPoolSize(), max.value());
            // the migrations used a connection of it
            assertTrue(total.value() >= 1, "connections " + total.value());
        } finally {
            database.close();
        }

        assertNull(registry.find("hikaricp.connections").gauge(), "the closed pool's meters are removed");
    }
}
