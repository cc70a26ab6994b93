package dev.promptcards.loadtests.runner;

import dev.promptcards.crdt.lib0.JsJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Our HTTP API's runs endpoints, as a client calls them with an editor's bearer token:
 * {@code POST /api/v1/workspaces/{ws}/cards/{card}/runs} (body {@code {}}: the card's provider and
 * model, every test once) and {@code GET .../runs/{id}}.
 */
final class RunsApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI runs;
    private final String token;

    /**
     * @param api the API's root ({@code http://HOST:PORT/api/v1})
     * @param workspace the card's workspace
     * @param card the card
     * @param token an editor's JWT for the card
     */
    RunsApi(URI api, String workspace, String card, String token) {
        this.runs = URI.create(api + "/workspaces/" + workspace + "/cards/" + card + "/runs");
        this.token = token;
    }

    /** Starts a run of every test of the card; returns its id (the API answers 202 {id, status: queued}). */
    String start() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(runs)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 202) {
            throw new IOException("POST " + runs + " answered " + response.statusCode() + ": " + response.body());
        }
        Object id = json(response).get("id");
        if (!(id instanceof String s)) {
            throw new IOException("POST " + runs + " answered without an id: " + response.body());
        }
        return s;
    }

    /** The run as {@code GET .../runs/{id}} answers it (the JSON object). */
    Map<?, ?> get(String runId) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(runs + "/" + runId))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + runs + "/" + runId + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return json(response);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    private static Map<?, ?> json(HttpResponse<String> response) throws IOException {
        try {
            return (Map<?, ?>) JsJson.parse(response.body());
        } catch (RuntimeException e) {
            throw new IOException(response.request().method() + " " + response.request().uri()
                    + " answered something that is not a JSON object: " + response.body(), e);
        }
    }
}
