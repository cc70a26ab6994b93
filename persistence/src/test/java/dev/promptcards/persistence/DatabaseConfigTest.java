package dev.promptcards.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void the_hosts_of_a_url_are_the_ones_the_driver_connects_to() {
        assertEquals(List.of("db.example"), DatabaseConfig.hosts("jdbc:postgresql://db.example:5433/cards"));
        assertEquals(List.of("primary", "standby"),
                DatabaseConfig.hosts("jdbc:postgresql://primary:5432,standby:5432/cards?targetServerType=primary"));
        assertEquals(List.of("[::1]"), DatabaseConfig.hosts("jdbc:postgresql://[::1]:5432/cards"));
        assertEquals(List.of("localhost"), DatabaseConfig.hosts("jdbc:postgresql:cards"));
    }

    @Test
    void a_url_the_driver_does_not_take_has_no_hosts() {
        assertEquals(List.of(), DatabaseConfig.hosts("jdbc:mysql://db/cards"));
    }
}
