package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.Undefined;

/**
 * A top-level type known only from an update, before anyone asked for it by kind; {@link Doc} turns
 * it into the requested kind. Yjs uses a bare {@code AbstractType} for this.
 */
final class UnknownType extends AbstractType {
    @Override
    AbstractType copyEmpty() {
        return new UnknownType();
    }

    @Override
    void writeTypeRef(UpdateEncoderV1 encoder) {
        throw new IllegalStateException("a top-level type of unknown kind is never nested");
    }

    /** Yjs's AbstractType#toJSON returns undefined. */
    @Override
    public Object toJSON() {
        return Undefined.INSTANCE;
    }
}
