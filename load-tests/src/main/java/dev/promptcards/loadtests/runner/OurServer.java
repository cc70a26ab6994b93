package dev.promptcards.loadtests.runner;

import dev.promptcards.loadtests.BenchCommand;
import dev.promptcards.loadtests.server.ProcFs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Our server as the runner benchmark runs it: {@code java -jar server/target/promptcards-server.jar
 * serve --port 0 --api-port 0 --openai-base-url STUB --data-dir D} with the port files, a JWT secret
 * ({@code PROMPTCARDS_JWT_SECRET}) and a dummy {@code OPENAI_API_KEY}, the JVM's defaults, the
 * runner's defaults (4 calls at once per provider). Its embedded PostgreSQL runs as processes of its
 * own (the postmaster's pid is the first line of D/postgres/postmaster.pid): their CPU is counted
 * with ours, and their memory shown apart.
 */
final class OurServer implements AutoCloseable {

    static final String MAIN = "dev.promptcards.server.cli.PromptcardsCommand";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final Process process;
    final Path log;
    final int port;
    final int apiPort;
    private final long postmaster;

    private OurServer(Process process, Path log, int port, int apiPort, long postmaster) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.apiPort = apiPort;
        this.postmaster = postmaster;
    }

    /**
     * Starts it and waits until /healthz answers and the API's port is written (the first start in
     * a new data directory runs initdb: several seconds).
     *
     * @param launch how to start the JVM's main: {@code [-jar, JAR]} or {@code [-cp, CP, MAIN]}
     * @param stub the OpenAI stub's base URL
     * @param dataDir the data directory
     * @param workDir where the port files and the log go
     * @param name a name for the files
     * @param jwtSecret the secret its tokens are signed with
     */
    static OurServer start(List<String> launch, URI stub, Path dataDir, Path workDir, String name, String jwtSecret)
            throws IOException {
        Path portFile = workDir.resolve(name + ".port");
        Path apiPortFile = workDir.resolve(name + ".api-port");
        Path log = workDir.resolve(name + ".log");
        Files.deleteIfExists(portFile);
        Files.deleteIfExists(apiPortFile);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        command.addAll(List.of("serve", "--host", "127.0.0.1", "--port", "0", "--port-file", portFile.toString(),
                "--api-port", "0", "--api-port-file", apiPortFile.toString(), "--data-dir", dataDir.toString(),
                "--openai-base-url", stub.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PROMPTCARDS_") || k.startsWith("OPENAI_")
                || k.startsWith("ANTHROPIC_"));
        builder.environment().put("PROMPTCARDS_JWT_SECRET", jwtSecret);
        builder.environment().put("OPENAI_API_KEY", PromptfooEval.DUMMY_KEY);
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int port = -1;
        int apiPort = -1;
        try {
            while (System.nanoTime() < deadline && (port < 0 || apiPort < 0)) {
                if (!process.isAlive()) {
                    throw new IOException("our server exited with " + process.exitValue()
                            + " before it answered /healthz; its log:\n" + PromptfooEval.tail(log));
                }
                if (port < 0 && Files.exists(portFile)) {
                    int p = Integer.parseInt(Files.readString(portFile).trim());
                    port = healthy(p) ? p : -1;
                }
                if (apiPort < 0 && Files.exists(apiPortFile)) {
                    apiPort = Integer.parseInt(Files.readString(apiPortFile).trim());
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while our server started", e);
        }
        if (port < 0 || apiPort < 0) {
            process.destroyForcibly();
            throw new IOException("our server did not answer /healthz and write its API port within 120 s; its log:\n"
                    + PromptfooEval.tail(log));
        }
        return new OurServer(process, log, port, apiPort, postmaster(dataDir));
    }

    /** The card's WebSocket URL in the benchmark's workspace. */
    URI cardUri(String workspace, String card, String token) {
        return URI.create("ws://127.0.0.1:" + port + "/ws/" + workspace + "/" + card + "?token=" + token);
    }

    /** The API's root, {@code http://127.0.0.1:PORT/api/v1}. */
    URI api() {
        return URI.create("http://127.0.0.1:" + apiPort + "/api/v1");
    }

    /** CPU seconds of the server's JVM (every thread). */
    double jvmCpuSeconds() {
        return ProcFs.cpuSeconds(process.pid(), false);
    }

    /** CPU seconds of its PostgreSQL: the postmaster, the children it reaped, and those running now. */
    double databaseCpuSeconds() {
        if (postmaster < 0) {
            return 0;
        }
        double cpu = ProcFs.cpuSeconds(postmaster, true);
        for (long child : ProcFs.children(postmaster)) {
            double c = ProcFs.cpuSeconds(child, false);
            cpu += Double.isNaN(c) ? 0 : c;
        }
        return cpu;
    }

    /** The JVM's peak resident memory so far (VmHWM). */
    double peakRssBytes() {
        return ProcFs.peakRssBytes(process.pid());
    }

    /** Its PostgreSQL's memory now: the Pss of its processes, summed; NaN when it has none of its own. */
    double databaseMemoryBytes() {
        if (postmaster < 0) {
            return Double.NaN;
        }
        double pss = ProcFs.pssBytes(postmaster);
        for (long child : ProcFs.children(postmaster)) {
            double c = ProcFs.pssBytes(child);
            pss += Double.isNaN(c) ? 0 : c;
        }
        return pss;
    }

    /** The JVM it runs on and the PostgreSQL it started. */
    String describe(List<String> launch, Path dataDir) {
        String pg;
        try {
            pg = "PostgreSQL " + Files.readString(dataDir.resolve("postgres/PG_VERSION")).trim() + " (embedded)";
        } catch (IOException e) {
            pg = "an external PostgreSQL";
        }
        return "promptcards " + BenchCommand.projectVersion() + ", "
                + (launch.get(0).equals("-jar") ? "java -jar " + launch.get(1) : "java -cp (classpath) " + MAIN)
                + " on " + System.getProperty("java.vm.name") + " " + Runtime.version() + "; runs stored in " + pg;
    }

    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // SIGKILLed, the JVM leaves its PostgreSQL running: stop that too (we started it).
        if (postmaster > 0) {
            ProcessHandle.of(postmaster).ifPresent(pg -> {
                pg.destroy();
                try {
                    pg.onExit().get(20, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    pg.destroyForcibly();
                } catch (InterruptedException e) {
                    pg.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private static boolean healthy(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long postmaster(Path dataDir) {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"), StandardCharsets.UTF_8)
                    .get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
