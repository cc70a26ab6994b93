package dev.promptcards.runner.run;

import dev.promptcards.runner.assertion.Embedder;
import java.util.function.Supplier;

/**
 * An embedder created on first use and then shared: the local embedding model takes a moment and some
 * memory to load, and only runs with a {@code similar} assertion need it.
 */
final class LazyEmbedder implements Embedder {

    private final Supplier<Embedder> factory;
    private volatile Embedder embedder;

    LazyEmbedder(Supplier<Embedder> factory) {
        this.factory = factory;
    }

    @Override
    public float[] embed(String text) throws Exception {
        Embedder loaded = embedder;
        if (loaded == null) {
            synchronized (this) {
                loaded = embedder;
                if (loaded == null) {
                    loaded = factory.get();
                    embedder = loaded;
                }
            }
        }
        return loaded.embed(text);
    }
}
