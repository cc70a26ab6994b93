package dev.promptcards.persistence.admin;

import java.util.Objects;

/**
 * Who a valid key speaks for.
 *
 * @param workspace the key's workspace (the only one it may touch)
 * @param keyId     the key's id (the actor of the audit log)
 * @param role      its role there
 */
public record ApiKeyPrincipal(String workspace, String keyId, WorkspaceRole role) {

    /** Checks that every part is present. */
    public ApiKeyPrincipal {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(role, "role");
    }
}
