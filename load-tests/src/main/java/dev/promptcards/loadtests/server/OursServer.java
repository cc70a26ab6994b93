package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.BenchCommand;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our server: {@code java -jar server/target/promptcards-server.jar serve --port 0 --port-file F
 * --data-dir D} with {@code PROMPTCARDS_JWT_SECRET} set (every connection needs a token), with the
 * JVM options {@code ./promptcards serve} runs it with (or those {@code --server-jvm-options} gives). Its cards go to the embedded PostgreSQL in
 * D, which it starts as processes of their own (the postmaster's pid is the first line of
 * D/postgres/postmaster.pid): their CPU and memory are measured apart from the JVM's.
 */
final class OursServer extends BenchServer {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The superuser of the embedded PostgreSQL, which trusts local connections, and the database of
     * promptcards' tables (persistence's EmbeddedDatabase.USER and DATABASE).
     */
    static final String EMBEDDED_DB_USER = "postgres";
    private static final String EMBEDDED_DB_NAME = "promptcards";

    private final long postmaster;
    private final Path dataDir;

    private OursServer(Process process, Path log, int port, long postmaster, Path dataDir, Map<String, String> versions) {
        super(process, log, port, versions);
        this.postmaster = postmaster;
        this.dataDir = dataDir;
    }

    /**
     * Starts it and waits until /healthz answers (the first start in a new data directory runs
     * initdb: several seconds).
     *
     * @param launch how to start the JVM's main: its options, then {@code -jar JAR} or {@code -cp CP MAIN}
     * @param dataDir the data directory (shared by the run's servers: each scenario uses its own cards)
     * @param workDir where the port file and the log go
     * @param name a name for the log file
     * @param tokens the secret to verify tokens with
     * @param pinning the CPU it runs on (its embedded PostgreSQL, its child, inherits it)
     */
    static OursServer start(List<String> launch, Path dataDir, Path workDir, String name, Tokens tokens,
            CpuPinning pinning) throws IOException {
        return start(launch, dataDir, workDir, name, tokens, pinning, List.of());
    }

    /**
     * {@link #start(List, Path, Path, String, Tokens, CpuPinning)} with more {@code serve} options: a node of the
     * cross-node scenario ({@code --redis-url}, {@code --db-url}).
     */
    static OursServer start(List<String> launch, Path dataDir, Path workDir, String name, Tokens tokens,
            CpuPinning pinning, List<String> serveOptions) throws IOException {
        Path portFile = workDir.resolve(name + ".port");
        Path log = workDir.resolve(name + ".log");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(launch);
        // --api-port 0: the bench needs no API, and must not fail when another server holds the default 8081
        command.addAll(List.of("serve", "--host", "127.0.0.1", "--port", "0", "--api-port", "0",
                "--port-file", portFile.toString(), "--data-dir", dataDir.toString()));
        command.addAll(serveOptions);
        ProcessBuilder builder = new ProcessBuilder(pinning.serverCommand(command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PROMPTCARDS_"));
        builder.environment().put("PROMPTCARDS_JWT_SECRET", tokens.secret());
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int port = -1;
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("our server exited with " + process.exitValue() + " before it answered /healthz; its log:\n" + tail(log));
                }
                if (Files.exists(portFile)) {
                    port = Integer.parseInt(Files.readString(portFile).trim());
                    if (healthy(port)) {
                        break;
                    }
                    port = -1;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while our server started", e);
        }
        if (port < 0) {
            process.destroyForcibly();
            throw new IOException("our server did not answer /healthz within 120 s; its log:\n" + tail(log));
        }
        long postmaster = postmaster(dataDir);
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("server", "promptcards " + BenchCommand.projectVersion());
        versions.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
        int jar = launch.indexOf("-jar");
        int cp = launch.indexOf("-cp");
        List<String> options = launch.subList(0, jar >= 0 ? jar : Math.max(cp, 0));
        versions.put("launch", "java " + (options.isEmpty() ? "" : String.join(" ", options) + " ")
                + (jar >= 0 ? "-jar " + launch.get(jar + 1) : "-cp (classpath) " + launch.getLast()));
        versions.put("postgresql", pgVersion(dataDir) + " (embedded)");
        return new OursServer(process, log, port, postmaster, dataDir, versions);
    }

    /** The embedded PostgreSQL's postmaster (pg_ctl starts it detached from our JVM); -1 when unknown. */
    long postmasterPid() {
        return postmaster;
    }

    @Override
    Side side() {
        return Side.OURS;
    }

    @Override
    double databaseCpuSeconds() {
        if (postmaster < 0) {
            return Double.NaN;
        }
        double cpu = ProcFs.cpuSeconds(postmaster, true);
        for (long child : ProcFs.children(postmaster)) {
            double c = ProcFs.cpuSeconds(child, false);
            cpu += Double.isNaN(c) ? 0 : c;
        }
        return cpu;
    }

    @Override
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

    @Override
    double heapAfterGcBytes() throws IOException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(List.of(jcmd, String.valueOf(pid()), "GC.run"), 60);
        String info = run(List.of(jcmd, String.valueOf(pid()), "GC.heap_info"), 60);
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IOException("no 'used NK' in jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(used.group(1)) * 1024.0;
    }

    @Override
    boolean stop(long graceSeconds) {
        boolean clean = super.stop(graceSeconds);
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
        return clean;
    }

    /**
     * The JDBC URL of the embedded PostgreSQL this server started (its port is the fourth line of
     * postmaster.pid, PostgreSQL's documented layout), for another node to share it.
     */
    String jdbcUrl() throws IOException {
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
        if (pid.size() < 4) {
            throw new IOException("no port in " + dataDir.resolve("postgres/postmaster.pid") + ": this server runs no embedded PostgreSQL");
        }
        return "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/" + EMBEDDED_DB_NAME;
    }

    private static boolean healthy(int port) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(2)).build(),
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
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String pgVersion(Path dataDir) {
        try {
            return "PostgreSQL " + Files.readString(dataDir.resolve("postgres/PG_VERSION")).trim();
        } catch (IOException e) {
            return "PostgreSQL";
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
