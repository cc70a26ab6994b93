package dev.promptcards.loadtests.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis the cross-node scenario's nodes share: Debian's {@code redis-server} started by the bench on
 * a free port of 127.0.0.1, without persistence ({@code --save "" --appendonly no}: a bus keeps nothing),
 * a fresh one for each side's run. Its CPU is measured from /proc like the servers'.
 */
final class RedisServer implements AutoCloseable {

    private static final String BINARY = "redis-server";
    private static final List<Path> DEBIAN_PATHS = List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/sbin/redis-server"));
    private static final Pattern VERSION = Pattern.compile("v=([0-9.]+)");

    final Process process;
    final Path log;
    final int port;
    final String version;

    private RedisServer(Process process, Path log, int port, String version) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.version = version;
    }

    /**
     * Starts one and waits until it answers PING.
     *
     * @param workDir where its log goes
     * @param name a name for the log file
     * @param pinning the CPU it runs on (the servers')
     * @throws IOException when {@code redis-server} is missing (the message says how to install it) or
     *         does not start
     */
    static RedisServer start(Path workDir, String name, CpuPinning pinning) throws IOException {
        String binary = binary();
        String version = version(binary);
        Path log = workDir.resolve(name + ".log");
        int port = freePort();
        Process process = new ProcessBuilder(pinning.serverCommand(List.of(binary, "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workDir.toString())))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RedisServer redis = new RedisServer(process, log, port, version);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!redis.pong()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                redis.close();
                throw new IOException("redis-server did not answer PING on 127.0.0.1:" + port + "; its log:\n"
                        + BenchServer.tail(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                redis.close();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while redis-server started", e);
            }
        }
        return redis;
    }

    /** The URL the nodes connect to. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** CPU seconds it has used (every thread). */
    double cpuSeconds() {
        return ProcFs.cpuSeconds(pid(), false);
    }

    /** Its resident memory (VmRSS). */
    double rssBytes() {
        return ProcFs.rssBytes(pid());
    }

    /** SIGTERM (without persistence it exits at once), SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean pong() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII)); // an inline command (RESP)
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** redis-server on the PATH, else where Debian's package puts it. */
    static String binary() throws IOException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, BINARY))) {
                    return Path.of(dir, BINARY).toString();
                }
            }
        }
        for (Path p : DEBIAN_PATHS) {
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IOException("the cross-node scenario needs redis-server, which is missing: install it"
                + " (apt-get install redis-server), or leave cross-node out of --scenarios");
    }

    private static String version(String binary) throws IOException {
        Matcher m = VERSION.matcher(BenchServer.run(List.of(binary, "--version"), 20));
        return m.find() ? m.group(1) : "?";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
