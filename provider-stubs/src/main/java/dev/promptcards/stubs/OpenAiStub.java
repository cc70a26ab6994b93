package dev.promptcards.stubs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A local stand-in for OpenAI's chat completions API ({@code POST /v1/chat/completions}) streaming as
 * server-sent events: a first chunk with the assistant role, one {@code chat.completion.chunk} per
 * chunk of the reply ({@code delta.content}), a chunk with {@code finish_reason: "stop"}, then, when
 * the request asks for {@code stream_options.include_usage}, the usage chunk (empty {@code choices})
 * and {@code data: [DONE]}. While usage is asked for, every other chunk carries {@code "usage": null},
 * as OpenAI's API reference says. A request without {@code "stream": true} (promptfoo's openai:chat
 * provider never streams) gets the same reply as one {@code chat.completion} with its usage. Errors
 * are {@code {"error": {"message", "type", "param", "code"}}}; the API key is read from
 * {@code Authorization: Bearer}.
 */
public final class OpenAiStub extends ProviderStub {

    private OpenAiStub() {
    }

    /** Starts a stub on a free port of the loopback address. */
    public static OpenAiStub start() {
        return new OpenAiStub();
    }

    @Override
    String basePath() {
        return "/v1";
    }

    @Override
    String streamPath() {
        return "/v1/chat/completions";
    }

    @Override
    boolean hasApiKey(StubRequest request, String apiKey) {
        return ("Bearer " + apiKey).equals(request.header("authorization"));
    }

    @Override
    String streamContentType() {
        return "text/event-stream; charset=utf-8";
    }

    /** A request streams only with {@code "stream": true}, as OpenAI's API says (promptfoo never asks). */
    @Override
    boolean wantsStream(JsonNode request) {
        return request.path("stream").asBoolean(false);
    }

    @Override
    String whole(Stream stream) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-" + stream.id());
        body.put("object", "chat.completion");
        body.put("created", Instant.now().getEpochSecond());
        body.put("model", stream.model());
        body.put("system_fingerprint", "fp_stub");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message")
                .put("role", "assistant")
                .put("content", String.join("", stream.chunks()))
                .putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        body.putObject("usage")
                .put("prompt_tokens", stream.tokensIn())
                .put("completion_tokens", stream.tokensOut())
                .put("total_tokens", stream.tokensIn() + stream.tokensOut());
        return write(body);
    }

    @Override
    String head(Stream stream) {
        ObjectNode delta = JSON.createObjectNode().put("role", "assistant").put("content", "");
        return event(chunkOf(stream, delta, null));
    }

    @Override
    String chunk(Stream stream, String text) {
        return event(chunkOf(stream, JSON.createObjectNode().put("content", text), null));
    }

    @Override
    String tail(Stream stream) {
        StringBuilder tail = new StringBuilder(event(chunkOf(stream, JSON.createObjectNode(), "stop")));
        if (includeUsage(stream)) {
            ObjectNode last = envelope(stream);
            last.putArray("choices");
            last.putObject("usage")
                    .put("prompt_tokens", stream.tokensIn())
                    .put("completion_tokens", stream.tokensOut())
                    .put("total_tokens", stream.tokensIn() + stream.tokensOut());
            tail.append(event(last));
        }
        return tail.append("data: [DONE]\n\n").toString();
    }

    @Override
    String errorBody(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", switch (status) {
            case 429 -> "requests";
            case 400, 401, 404 -> "invalid_request_error";
            default -> "server_error";
        });
        error.putNull("param");
        switch (status) {
            case 401 -> error.put("code", "invalid_api_key");
            case 429 -> error.put("code", "rate_limit_exceeded");
            default -> error.putNull("code");
        }
        return write(body);
    }

    @Override
    String defaultErrorMessage(int status) {
        return switch (status) {
            case 401 -> "Incorrect API key provided. You can find your API key at "
                    + "https://platform.openai.com/account/api-keys.";
            case 429 -> "Rate limit reached for requests. Please try again later.";
            case 500 -> "The server had an error while processing your request. Sorry about that!";
            case 503 -> "The engine is currently overloaded, please try again later.";
            default -> "The stub answers " + status + ".";
        };
    }

    private static boolean includeUsage(Stream stream) {
        return stream.request().path("stream_options").path("include_usage").asBoolean(false);
    }

    private static ObjectNode envelope(Stream stream) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-" + stream.id());
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", Instant.now().getEpochSecond());
        chunk.put("model", stream.model());
        chunk.put("system_fingerprint", "fp_stub");
        return chunk;
    }

    private static ObjectNode chunkOf(Stream stream, ObjectNode delta, String finishReason) {
        ObjectNode chunk = envelope(stream);
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (includeUsage(stream)) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static String event(ObjectNode data) {
        return "data: " + write(data) + "\n\n";
    }

    static String write(Object json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
