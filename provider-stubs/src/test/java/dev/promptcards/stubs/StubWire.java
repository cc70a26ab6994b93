package dev.promptcards.stubs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** Plain JDK HTTP calls to a stub, to read its wire format as any client would. */
final class StubWire implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> post(URI url, String body, String... headers) throws IOException, InterruptedException {
        return client.send(request(url, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> postAsync(URI url, String body) {
        return client.sendAsync(request(url, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(URI url, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    /** Drops every exchange under way, as a client that goes away does. */
    void abort() {
        client.shutdownNow();
    }

    @Override
    public void close() {
        client.close();
    }
}
