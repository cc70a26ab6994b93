package dev.promptcards.runner.provider;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import dev.promptcards.stubs.ProviderStub;
import dev.promptcards.stubs.StubReplies;
import dev.promptcards.stubs.StubRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP provider does, each against its own stub speaking the real API and reached by
 * LangChain4j's own client: streaming, retries, the per-call timeout, failures, cancellation.
 * A subclass per provider adds what is its own (the request body's fields, keys).
 */
abstract class HttpProviderBehaviour<S extends ProviderStub> {

    static final String KEY = "sk-test-9f8e7d6c5b4a3210";
    static final String SYSTEM = "You are terse.";
    static final String USER = "Translate good morning into French, please";

    /** Three attempts, short waits: what is tested is the Retry-After, not the backoff's own length. */
    static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40),
            Duration.ofSeconds(60));

    S stub;
    Providers providers;

    /** Starts this provider's stub. */
    abstract S startStub();

    /** The settings that point this provider at the stub. */
    abstract ProviderSettings pointedAt(S stub);

    /** The provider's name. */
    abstract String name();

    /** A model name the card would give. */
    abstract String model();

    @BeforeEach
    void start() {
        stub = startStub();
        providers = Providers.create(pointedAt(stub).withCallTimeout(Duration.ofSeconds(20)), QUICK);
    }

    @AfterEach
    void stop() {
        providers.close();
        stub.close();
    }

    ModelSettings settings() {
        return new ModelSettings(name(), model(), 0.2, 50L);
    }

    RecordingListener stream(ModelSettings settings) {
        RecordingListener listener = new RecordingListener();
        providers.require(name()).stream(new RenderedPrompt(SYSTEM, USER), settings, listener);
        return listener;
    }

    RecordingListener stream() {
        return stream(settings());
    }

    @Test
    void the_reply_streams_in_several_tokens_in_order_then_the_usage() {
        RecordingListener listener = stream();

        Usage usage = listener.awaitUsage();

        assertEquals(List.of("Translate", " good", " morning", " into", " French,", " please"), listener.tokens());
        assertEquals(USER, listener.output());
        assertEquals(new Usage(3 + 6, 6), usage);
        assertEquals(1, stub.requestCount());
        assertEquals(1, stub.completedCount());
    }

    @Test
    void a_reply_of_the_stubs_choice_arrives_whole() {
        stub.reply(request -> "Bonjour, avec plaisir !\nÀ bientôt.");

        RecordingListener listener = stream();
        listener.awaitUsage();

        assertEquals("Bonjour, avec plaisir !\nÀ bientôt.", listener.output());
        assertEquals(List.of("Bonjour,", " avec", " plaisir", " !", "\nÀ", " bientôt."), listener.tokens());
    }

    @Test
    void an_empty_system_prompt_sends_only_the_user_message() {
        RecordingListener listener = new RecordingListener();
        providers.require(name()).stream(new RenderedPrompt("", "only me"), settings(), listener);

        assertEquals(new Usage(2, 2), listener.awaitUsage());
        assertEquals("only me", listener.output());
    }

    @Test
    void two_429_with_retry_after_are_waited_out_and_the_third_attempt_answers() {
        stub.failNext(2, 429, "1");

        RecordingListener listener = stream();
        listener.awaitUsage();

        assertEquals(USER, listener.output());
        assertEquals(List.of("token", "token", "token", "token", "token", "token", "complete"), listener.calls());
        List<StubRequest> requests = stub.requests();
        assertEquals(3, requests.size());
        // The backoff of QUICK is at most 40 ms: only the Retry-After makes the attempts a second apart.
        assertTrue(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()).toMillis() >= 1000);
        assertTrue(Duration.between(requests.get(1).receivedAt(), requests.get(2).receivedAt()).toMillis() >= 1000);
        assertEquals(requests.get(0).body(), requests.get(2).body());
    }

    @Test
    void a_5xx_is_retried_and_the_next_attempt_answers() {
        stub.failNext(1, 503, null);

        RecordingListener listener = stream();
        listener.awaitUsage();

        assertEquals(USER, listener.output());
        assertEquals(2, stub.requestCount());
    }

    @Test
    void when_every_attempt_fails_the_error_says_what_the_provider_answered_and_that_it_gave_up() {
        stub.failNext(10, 500, null, "The server had an error while processing your request.");

        Throwable error = stream().awaitError();

        assertInstanceOf(ProviderException.class, error);
        assertEquals(name() + " answered 500: The server had an error while processing your request. "
                + "(gave up after 3 attempts; try again later)", error.getMessage());
        assertEquals(3, stub.requestCount());
    }

    @Test
    void a_retry_after_beyond_the_call_timeout_is_not_waited_for_and_the_error_says_why() {
        stub.failNext(1, 429, "30", "Rate limit reached for requests");

        Throwable error = stream().awaitError();

        assertEquals(name() + " answered 429: Rate limit reached for requests (gave up after 1 attempt: waiting 30 s "
                + "more would pass the 20 s call timeout; try again later)", error.getMessage());
        assertEquals(1, stub.requestCount());
    }

    @Test
    void an_error_that_is_not_worth_retrying_is_reported_at_once() {
        stub.failNext(1, 400, null, "max_tokens: must be at least 1");

        Throwable error = stream().awaitError();

        assertEquals(name() + " answered 400: max_tokens: must be at least 1", error.getMessage());
        assertEquals(1, stub.requestCount());
    }

    @Test
    void a_provider_that_never_answers_is_cancelled_at_the_call_timeout_with_an_error_naming_both() {
        stub.hang();
        try (Providers impatient = Providers.create(pointedAt(stub).withCallTimeout(Duration.ofMillis(300)), QUICK)) {
            RecordingListener listener = new RecordingListener();
            impatient.require(name()).stream(new RenderedPrompt(SYSTEM, USER), settings(), listener);

            Throwable error = listener.awaitError();

            assertInstanceOf(ProviderException.class, error);
            assertEquals(name() + " did not finish within 300 ms (the per-call timeout), so the call was cancelled; "
                    + "try again, or raise the timeout if the model needs longer", error.getMessage());
            assertEquals(List.of("error"), listener.calls());
        }
    }

    @Test
    void a_stream_slower_than_the_call_timeout_ends_with_the_timeout_and_the_stub_sees_the_client_go() {
        // 40 chunks 100 ms apart take 4 s: the 1 s timeout falls in the middle of the stream.
        stub.chunkDelay(Duration.ofMillis(100));
        stub.reply(request -> "tick ".repeat(40));
        try (Providers impatient = Providers.create(pointedAt(stub).withCallTimeout(Duration.ofSeconds(1)), QUICK)) {
            RecordingListener listener = new RecordingListener();
            impatient.require(name()).stream(new RenderedPrompt(SYSTEM, USER), settings(), listener);

            Throwable error = listener.awaitError();

            assertTrue(error.getMessage().startsWith(name() + " did not finish within 1 s (the per-call timeout)"),
                    error.getMessage());
            await().atMost(Duration.ofSeconds(10)).until(stub::clientAborted);
            assertEquals(0, stub.completedCount());
            assertTrue(listener.tokens().stream().allMatch(token -> token.strip().equals("tick")));
        }
    }

    @Test
    void garbage_instead_of_the_api_is_a_clear_error_quoting_it() {
        stub.garbage();

        Throwable error = stream().awaitError();

        assertInstanceOf(ProviderException.class, error);
        assertEquals(name() + " sent something that is not its API: "
                + "<html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>; check that "
                + baseUrlOption() + " (" + stub.baseUrl() + ") points at " + name(), error.getMessage());
        assertEquals(1, stub.requestCount());
    }

    @Test
    void a_stream_closed_midway_ends_with_a_clear_error_after_at_most_what_came() {
        stub.closeMidStream(2);

        RecordingListener listener = stream();
        Throwable error = listener.awaitError();

        assertEquals(name() + " closed the stream before the end; the output is incomplete, run the test again",
                error.getMessage());
        // The JDK client may drop the last bytes it had not handed over when the connection breaks.
        List<String> tokens = listener.tokens();
        assertEquals(StubReplies.chunks(USER).subList(0, tokens.size()), tokens);
        assertTrue(tokens.size() <= 2, tokens::toString);
        assertEquals(1, stub.requestCount());
    }

    @Test
    void cancelling_stops_the_listener_at_once_and_the_stub_sees_the_connection_go() {
        stub.chunkDelay(Duration.ofMillis(100));
        stub.reply(request -> "a b c d e f g h i j k l m n o p q r s t u v w x y z");
        RecordingListener listener = new RecordingListener();

        CompletionHandle handle = providers.require(name())
                .stream(new RenderedPrompt(SYSTEM, USER), settings(), listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> !listener.tokens().isEmpty());
        handle.cancel();
        List<String> callsAtCancel = listener.calls();

        await().atMost(Duration.ofSeconds(10)).until(stub::clientAborted);
        assertEquals(callsAtCancel, listener.calls());
        assertFalse(listener.end.isDone());
        assertEquals(0, stub.completedCount());
        handle.cancel();
    }

    @Test
    void cancelling_from_inside_the_listener_after_the_first_token_ends_the_stream_there() {
        stub.chunkDelay(Duration.ofMillis(50));
        stub.reply(request -> "a b c d e f g h i j k l m n o p q r s t u v w x y z");
        CompletionHandle[] handle = new CompletionHandle[1];
        RecordingListener recorder = new RecordingListener();
        StreamListener cancelsAfterFirst = new StreamListener() {
            @Override
            public void onToken(String token) {
                recorder.onToken(token);
                synchronized (handle) {
                    if (handle[0] != null) {
                        handle[0].cancel();
                    }
                }
            }

            @Override
            public void onComplete(Usage usage) {
                recorder.onComplete(usage);
            }

            @Override
            public void onError(Throwable error) {
                recorder.onError(error);
            }
        };

        synchronized (handle) {
            handle[0] = providers.require(name())
                    .stream(new RenderedPrompt(SYSTEM, USER), settings(), cancelsAfterFirst);
        }

        await().atMost(Duration.ofSeconds(10)).until(stub::clientAborted);
        assertEquals(List.of("a"), recorder.tokens());
        assertEquals(List.of("token"), recorder.calls());
    }

    @Test
    void cancelling_before_the_first_token_aborts_the_request_too() {
        // LangChain4j's own StreamingHandle exists only from the first token on: this is ExchangeHttpClient's abort.
        stub.chunkDelay(Duration.ofMillis(200));
        stub.reply(request -> "slow ".repeat(20));
        RecordingListener listener = new RecordingListener();

        CompletionHandle handle = providers.require(name())
                .stream(new RenderedPrompt(SYSTEM, USER), settings(), listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> stub.requestCount() == 1);
        handle.cancel();

        await().atMost(Duration.ofSeconds(10)).until(stub::clientAborted);
        assertEquals(0, stub.completedCount());
        assertFalse(listener.end.isDone());
        assertTrue(listener.tokens().size() <= 1, listener.tokens()::toString);
    }

    @Test
    void cancelling_while_the_provider_has_not_answered_yet_ends_the_call_quietly() {
        stub.hang();
        RecordingListener listener = new RecordingListener();

        CompletionHandle handle = providers.require(name())
                .stream(new RenderedPrompt(SYSTEM, USER), settings(), listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> stub.requestCount() == 1);
        handle.cancel();

        assertEquals(List.of(), listener.calls());
        assertFalse(listener.end.isDone());
    }

    @Test
    void a_card_without_a_model_name_gets_an_error_saying_to_set_it_and_no_request_is_made() {
        Throwable error = stream(new ModelSettings(name(), " ", null, null)).awaitError();

        assertEquals(name() + " needs a model name: set model in the card's model settings "
                + "(e.g. the name the provider lists)", error.getMessage());
        assertEquals(0, stub.requestCount());
    }

    @Test
    void a_provider_that_is_not_running_is_reported_unreachable_with_its_url() {
        S gone = startStub();
        ProviderSettings settings = pointedAt(gone);
        gone.close();
        try (Providers nowhere = Providers.create(settings, QUICK)) {
            RecordingListener listener = new RecordingListener();
            nowhere.require(name()).stream(new RenderedPrompt(SYSTEM, USER), settings(), listener);

            Throwable error = listener.awaitError();

            assertEquals(name() + " is unreachable at " + gone.baseUrl() + " (connection refused); check that it "
                    + "runs there, or set " + baseUrlOption(), error.getMessage());
        }
    }

    @Test
    void the_provider_and_its_settings_never_show_the_key() {
        assertFalse(providers.toString().contains(KEY), providers.toString());
        assertFalse(providers.require(name()).toString().contains(KEY));
        assertFalse(providers.settings().toString().contains(KEY));
    }

    private String baseUrlOption() {
        return "--" + name() + "-base-url";
    }
}
