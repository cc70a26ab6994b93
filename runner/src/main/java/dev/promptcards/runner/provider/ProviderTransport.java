package dev.promptcards.runner.provider;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * What the HTTP providers share and {@link Providers} closes: one JDK HTTP client (its connection
 * pool), the virtual threads that read response streams (LangChain4j's parsers read blocking), and
 * one timer thread for the per-call timeouts and the waits between retries.
 */
final class ProviderTransport implements AutoCloseable {

    /** The longest wait for a TCP (and TLS) connection, when the call timeout is longer. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    final HttpClient http;
    final ExecutorService readers;
    final ScheduledThreadPoolExecutor timers;

    ProviderTransport(Duration callTimeout) {
        this.readers = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpClient.newBuilder()
                .connectTimeout(callTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? callTimeout : MAX_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "provider-timers");
            thread.setDaemon(true);
            return thread;
        });
        // Most timeouts are cancelled when their call ends: drop them at once rather than at their due time.
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Aborts every exchange under way and stops the threads. */
    @Override
    public void close() {
        timers.shutdownNow();
        http.shutdownNow();
        readers.shutdownNow();
    }
}
