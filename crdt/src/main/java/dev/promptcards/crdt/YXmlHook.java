package dev.promptcards.crdt;

import java.util.Objects;

/**
 * A map standing for a custom node in an XML tree (editor bindings render it with a hook of the same
 * name). Yjs: {@code types/YXmlHook.js} (type ref 5, followed by the hook name); it is a {@link YMap}.
 */
public final class YXmlHook extends YMap {
    private final String hookName;

    /** A new, preliminary hook named {@code hookName}. */
    public YXmlHook(String hookName) {
        this.hookName = Objects.requireNonNull(hookName, "hookName");
    }

    /** The hook name. */
    public String hookName() {
        return hookName;
    }

    @Override
    AbstractType copyEmpty() {
        return new YXmlHook(hookName);
    }

    @Override
    void writeTypeRef(UpdateEncoderV1 encoder) {
        encoder.writeTypeRef(ContentType.Y_XML_HOOK);
        encoder.writeKey(hookName);
    }

    /** {@code [object Object]}, as JS prints a hook inside an XML rendering. */
    @Override
    public String toString() {
        return "[object Object]";
    }
}
