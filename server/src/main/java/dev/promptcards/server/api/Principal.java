package dev.promptcards.server.api;

import dev.promptcards.persistence.admin.ActorKind;
import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.auth.Grant;

/** Who made an admin request: the operator, a workspace's API key, or a card token's subject. */
sealed interface Principal permits Principal.Operator, Principal.ApiKey, Principal.CardToken {

    /** @return how the audit log names its kind */
    ActorKind actorKind();

    /** @return how the audit log names it: "operator", the key's id, the token's subject */
    String actor();

    /** The operator ({@code --admin-token}): every workspace. */
    record Operator() implements Principal {
        @Override
        public ActorKind actorKind() {
            return ActorKind.OPERATOR;
        }

        @Override
        public String actor() {
            return "operator";
        }
    }

    /**
     * A workspace's API key.
     *
     * @param workspace its workspace
     * @param keyId     its id
     * @param role      its role in the workspace
     */
    record ApiKey(String workspace, String keyId, WorkspaceRole role) implements Principal {
        @Override
        public ActorKind actorKind() {
            return ActorKind.API_KEY;
        }

        @Override
        public String actor() {
            return keyId;
        }
    }

    /**
     * A card token (the JWT the WebSocket takes).
     *
     * @param grant what it grants
     */
    record CardToken(Grant grant) implements Principal {
        @Override
        public ActorKind actorKind() {
            return ActorKind.TOKEN;
        }

        @Override
        public String actor() {
            return grant.subject();
        }
    }
}
