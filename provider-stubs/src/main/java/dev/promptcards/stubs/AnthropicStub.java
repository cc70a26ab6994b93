package dev.promptcards.stubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for Anthropic's messages API ({@code POST /v1/messages}) streaming as server-sent
 * events, in the order Anthropic's streaming documentation gives: {@code message_start} (with the
 * input tokens), {@code content_block_start} (an empty text block), {@code ping}, one
 * {@code content_block_delta} ({@code text_delta}) per chunk of the reply, {@code content_block_stop},
 * {@code message_delta} ({@code stop_reason: "end_turn"} and the output tokens) and
 * {@code message_stop}. Errors are {@code {"type": "error", "error": {"type", "message"}}}; the API
 * key is read from {@code x-api-key}. Prompt tokens count the top-level {@code system} too.
 */
public final class AnthropicStub extends ProviderStub {

    private AnthropicStub() {
    }

    /** Starts a stub on a free port of the loopback address. */
    public static AnthropicStub start() {
        return new AnthropicStub();
    }

    @Override
    String basePath() {
        return "/v1";
    }

    @Override
    String streamPath() {
        return "/v1/messages";
    }

    @Override
    boolean hasApiKey(StubRequest request, String apiKey) {
        return apiKey.equals(request.header("x-api-key"));
    }

    @Override
    String streamContentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    long promptTokens(JsonNode request) {
        return super.promptTokens(request) + StubReplies.words(StubReplies.text(request.get("system")));
    }

    @Override
    String head(Stream stream) {
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", "msg_" + stream.id());
        message.put("type", "message");
        message.put("role", "assistant");
        message.putArray("content");
        message.put("model", stream.model());
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", stream.tokensIn()).put("output_tokens", 1);

        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");

        return event("message_start", start)
                + event("content_block_start", blockStart)
                + event("ping", JSON.createObjectNode().put("type", "ping"));
    }

    @Override
    String chunk(Stream stream, String text) {
        ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        delta.putObject("delta").put("type", "text_delta").put("text", text);
        return event("content_block_delta", delta);
    }

    @Override
    String tail(Stream stream) {
        ObjectNode blockStop = JSON.createObjectNode().put("type", "content_block_stop").put("index", 0);
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", stream.tokensOut());
        return event("content_block_stop", blockStop)
                + event("message_delta", messageDelta)
                + event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }

    @Override
    String errorBody(int status, String message) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", errorType(status)).put("message", message);
        return OpenAiStub.write(body);
    }

    @Override
    String defaultErrorMessage(int status) {
        return switch (status) {
            case 401 -> "invalid x-api-key";
            case 429 -> "Number of request tokens has exceeded your per-minute rate limit";
            case 500 -> "Internal server error";
            case 529 -> "Overloaded";
            default -> "The stub answers " + status + ".";
        };
    }

    /** Anthropic's error types by status (its API reference, "Errors"). */
    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    private static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + OpenAiStub.write(data) + "\n\n";
    }
}
