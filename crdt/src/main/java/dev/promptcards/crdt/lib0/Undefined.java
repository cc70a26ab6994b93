package dev.promptcards.crdt.lib0;

/**
 * JavaScript {@code undefined} in the JS value model (Java {@code null} stands for JS {@code null}).
 *
 * <p>lib0 {@code writeAny} encodes it with tag 127; {@code JSON.stringify} skips it as an object member
 * and writes {@code null} for it inside arrays.
 */
public enum Undefined {
    /** The single {@code undefined} value. */
    INSTANCE;

    /** Returns {@code "undefined"}, as JS {@code String(undefined)} does. */
    @Override
    public String toString() {
        return "undefined";
    }
}
