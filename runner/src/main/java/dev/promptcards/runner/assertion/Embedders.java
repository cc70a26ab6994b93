package dev.promptcards.runner.assertion;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * The embedders a server can give {@link Graders}: {@link #local()}, LangChain4j's all-MiniLM-L6-v2 run
 * in process (the ONNX model ships inside its jar: no network, no key).
 */
public final class Embedders {

    private Embedders() {
    }

    /**
     * The in-process all-MiniLM-L6-v2 embedder (384 dimensions; a long text is embedded in windows
     * averaged by LangChain4j). The model is loaded once per process, on the first embedding (about
     * 90 MB); every call may come from any thread.
     */
    public static Embedder local() {
        return text -> LocalModel.INSTANCE.embed(text).content().vector();
    }

    /** Loads the model on first use (class initialization is lazy and thread-safe). */
    private static final class LocalModel {
        // a direct executor: one text at a time is embedded on the caller's thread, no pool to close
        static final EmbeddingModel INSTANCE = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
    }
}
