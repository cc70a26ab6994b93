package dev.promptcards.runner.run;

import dev.promptcards.persistence.admin.ActorKind;
import java.util.Objects;

/**
 * Who starts a run, as the workspace's audit log names them ({@code run.start}); {@link #actor} is also the
 * run's {@code by}.
 *
 * @param kind  a card token's subject, an API key or the operator
 * @param actor the token's subject, the key's id, or {@code operator}
 */
public record RunStarter(ActorKind kind, String actor) {

    /** @throws NullPointerException if a part is null */
    public RunStarter {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
    }

    /**
     * @param subject a card token's subject
     * @return the holder of that token
     */
    public static RunStarter token(String subject) {
        return new RunStarter(ActorKind.TOKEN, subject);
    }
}
