package dev.promptcards.loadtests.crdt;

import dev.promptcards.crdt.lib0.JsJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference side: {@code node --expose-gc crdt-bench.mjs}, one process for the whole run (so
 * Yjs warms up as the JVM does), spoken to in JSON lines on its stdin and stdout; its stderr goes
 * to ours.
 */
final class YjsProcess implements AutoCloseable {

    /** What the Node side runs. */
    record Versions(String node, String yjs, String lib0) {}

    private final Process process;
    private final Writer requests;
    private final BufferedReader answers;

    private YjsProcess(Process process) {
        this.process = process;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the script with {@code node} from the PATH.
     *
     * @param jsDir the folder of {@code crdt-bench.mjs} and its installed node_modules
     */
    static YjsProcess start(Path jsDir) throws IOException {
        Process process =
                new ProcessBuilder("node", "--expose-gc", "crdt-bench.mjs")
                        .directory(jsDir.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        return new YjsProcess(process);
    }

    Versions hello() throws IOException {
        Map<?, ?> result = request(Map.of("cmd", "hello"));
        return new Versions(
                (String) result.get("node"), (String) result.get("yjs"), (String) result.get("lib0"));
    }

    /** Loads the first {@code edits} edits of the trace (all when 0); returns how many it kept. */
    long load(Path trace, int edits) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("cmd", "load");
        request.put("trace", trace.toAbsolutePath().toString());
        request.put("edits", edits);
        return ((Number) request(request).get("edits")).longValue();
    }

    RoundFigures round(RoundSettings settings) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("cmd", "round");
        request.put("minRepeatMillis", settings.minRepeatMillis());
        request.put("memoryCopies", settings.memoryCopies());
        return RoundFigures.fromJson(request(request));
    }

    /** Yjs's {@code encodeStateAsUpdate} of the last round's replayed doc. */
    byte[] state() throws IOException {
        return Base64.getDecoder().decode((String) request(Map.of("cmd", "state")).get("state"));
    }

    private Map<?, ?> request(Map<String, Object> request) throws IOException {
        requests.write(JsJson.stringify(request));
        requests.write('\n');
        requests.flush();
        String line = answers.readLine();
        if (line == null) {
            throw new IOException(
                    "node crdt-bench.mjs ended without answering " + request.get("cmd") + exitDescription());
        }
        Map<?, ?> answer = (Map<?, ?>) JsJson.parse(line);
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            throw new IOException("crdt-bench.mjs failed on " + request.get("cmd") + ": " + answer.get("error"));
        }
        return (Map<?, ?>) answer.get("result");
    }

    private String exitDescription() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Closes its stdin (the script then ends), and kills it if it has not ended within 5 s. */
    @Override
    public void close() throws IOException {
        try {
            requests.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
