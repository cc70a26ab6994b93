package dev.promptcards.persistence;

import java.util.Objects;

/**
 * Identifies a stored card: its row id (the key of its update log and snapshots) and its names.
 *
 * @param id        the card's primary key ({@code cards.pk})
 * @param workspace the workspace id
 * @param name      the card's name within the workspace
 */
public record CardRef(long id, String workspace, String name) {

    /** Checks that both names are present. */
    public CardRef {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Returns {@code workspace/name}, the name used in log lines and error messages.
     *
     * @return the card as a path
     */
    @Override
    public String toString() {
        return workspace + "/" + name;
    }
}
