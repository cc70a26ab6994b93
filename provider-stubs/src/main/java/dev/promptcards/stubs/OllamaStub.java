package dev.promptcards.stubs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A local stand-in for Ollama's chat API ({@code POST /api/chat}) streaming newline-delimited JSON
 * ({@code application/x-ndjson}), as Ollama's API documentation shows: one object per chunk of the
 * reply ({@code message.content}, {@code "done": false}), then a last one with empty content,
 * {@code "done": true}, {@code done_reason: "stop"}, {@code prompt_eval_count} and
 * {@code eval_count} (the tokens in and out) and the durations. Errors are {@code {"error": "..."}}.
 * Ollama has no API key; {@link #requireApiKey} checks {@code Authorization: Bearer}, as a proxy in
 * front of Ollama would.
 */
public final class OllamaStub extends ProviderStub {

    private OllamaStub() {
    }

    /** Starts a stub on a free port of the loopback address. */
    public static OllamaStub start() {
        return new OllamaStub();
    }

    @Override
    String basePath() {
        return "";
    }

    @Override
    String streamPath() {
        return "/api/chat";
    }

    @Override
    boolean hasApiKey(StubRequest request, String apiKey) {
        return ("Bearer " + apiKey).equals(request.header("authorization"));
    }

    @Override
    String streamContentType() {
        return "application/x-ndjson";
    }

    @Override
    String head(Stream stream) {
        return "";
    }

    @Override
    String chunk(Stream stream, String text) {
        ObjectNode line = line(stream);
        line.putObject("message").put("role", "assistant").put("content", text);
        line.put("done", false);
        return OpenAiStub.write(line) + "\n";
    }

    @Override
    String tail(Stream stream) {
        ObjectNode line = line(stream);
        line.putObject("message").put("role", "assistant").put("content", "");
        line.put("done_reason", "stop");
        line.put("done", true);
        line.put("total_duration", 1_000_000L);
        line.put("load_duration", 0L);
        line.put("prompt_eval_count", stream.tokensIn());
        line.put("prompt_eval_duration", 0L);
        line.put("eval_count", stream.tokensOut());
        line.put("eval_duration", 0L);
        return OpenAiStub.write(line) + "\n";
    }

    @Override
    String errorBody(int status, String message) {
        return OpenAiStub.write(JSON.createObjectNode().put("error", message));
    }

    @Override
    String defaultErrorMessage(int status) {
        return switch (status) {
            case 404 -> "model not found, try pulling it first";
            case 503 -> "server busy, please try again.  maximum pending requests exceeded";
            default -> "The stub answers " + status + ".";
        };
    }

    private static ObjectNode line(Stream stream) {
        return JSON.createObjectNode().put("model", stream.model()).put("created_at", Instant.now().toString());
    }
}
