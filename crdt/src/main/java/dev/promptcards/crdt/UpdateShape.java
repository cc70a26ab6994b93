package dev.promptcards.crdt;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an update holds, read without a Doc and without integrating anything (see {@link Y#shapeOfUpdate}):
 * what a server checks before the costlier integration.
 *
 * @param clients the distinct client ids it names, in its structs or in its deletions, in the order first met
 * @param structs how many structs (items, GCs and skips) it would integrate, counted as {@link Y#applyUpdate}
 *                reads them
 */
public record UpdateShape(Set<Long> clients, long structs) {

    /** @throws NullPointerException without clients */
    public UpdateShape {
        clients = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(clients, "clients")));
    }
}
