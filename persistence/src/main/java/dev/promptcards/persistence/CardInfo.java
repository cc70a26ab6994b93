package dev.promptcards.persistence;

import java.time.Instant;
import java.util.Objects;

/**
 * A card as listed in its workspace.
 *
 * @param workspace the workspace id
 * @param name      the card's name within the workspace
 * @param title     the card's title ({@code ""} until one is set)
 * @param createdBy who created it (the editor's user id)
 * @param createdAt when it was created
 * @param updatedAt when its row was last changed
 */
public record CardInfo(String workspace, String name, String title, String createdBy, Instant createdAt,
                       Instant updatedAt) {

    /** Checks that every part is present. */
    public CardInfo {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
