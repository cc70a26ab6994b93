package dev.promptcards.loadtests;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the benchmarks find their inputs in the repository: the B4 trace (in the crdt module's
 * test resources), the Node side (load-tests/src/main/js: Yjs for the CRDT benchmark, the reference
 * server for the server benchmark) and promptfoo's (load-tests/src/main/promptfoo, for the runner
 * benchmark), whose npm packages they install on first use with {@code build-tools/npm-ci.sh}, and
 * our server's executable jar.
 *
 * @param root the repository's root
 * @param trace the B4 trace file
 * @param jsDir the folder of {@code crdt-bench.mjs}, {@code reference-server.mjs}, their
 *     package.json and package-lock.json
 */
public record BenchFiles(Path root, Path trace, Path jsDir) {

    public static final String TRACE = "crdt/src/test/resources/traces/b4-editing-trace.bin";
    static final String JS_DIR = "load-tests/src/main/js";
    static final String PROMPTFOO_DIR = "load-tests/src/main/promptfoo";
    static final String NPM_CI = "build-tools/npm-ci.sh";
    static final String SERVER_JAR = "server/target/promptcards-server.jar";

    /** The files of the repository at {@code root}. */
    public static BenchFiles in(Path root) {
        return new BenchFiles(root, root.resolve(TRACE), root.resolve(JS_DIR));
    }

    /**
     * Finds the repository: the working directory or one of its parents, else the folder of the
     * running jar ({@code load-tests/target/}) or one of its parents.
     *
     * @throws IOException naming where it looked when none holds the trace and crdt-bench.mjs
     */
    public static BenchFiles locate() throws IOException {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        CodeSource code = BenchFiles.class.getProtectionDomain().getCodeSource();
        if (code != null && code.getLocation() != null) {
            try {
                starts.add(Path.of(code.getLocation().toURI()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file: the working directory is all we have
            }
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(TRACE))
                        && Files.isRegularFile(dir.resolve(JS_DIR).resolve("crdt-bench.mjs"))) {
                    return in(dir);
                }
            }
        }
        throw new IOException(
                "cannot find the promptcards repository (" + TRACE + " and " + JS_DIR + "/crdt-bench.mjs) in "
                        + starts + " or their parents; run the benchmark from the repository (./promptcards bench ...)");
    }

    /** The same files with another trace. */
    public BenchFiles withTrace(Path otherTrace) {
        return new BenchFiles(root, otherTrace, jsDir);
    }

    /** Our server's executable jar, as the build (and {@code ./promptcards serve}) makes it. */
    public Path serverJar() {
        return root.resolve(SERVER_JAR);
    }

    /** The folder of promptfoo's package.json and package-lock.json (the runner benchmark's reference). */
    public Path promptfooDir() {
        return root.resolve(PROMPTFOO_DIR);
    }

    /**
     * Runs {@code build-tools/npm-ci.sh} on the Node side unless its node_modules is newer than its
     * package-lock.json (the script's own rule); its output goes to our stderr.
     *
     * @param why completes "node and npm are needed to ..." in the script's error when they are missing
     */
    public void installNodeModules(String why) throws IOException {
        installNodeModules(jsDir, why);
    }

    /**
     * Runs {@code build-tools/npm-ci.sh} on {@code dir} (a folder with a package.json and a
     * package-lock.json) unless its node_modules is newer than its package-lock.json.
     *
     * @param why completes "node and npm are needed to ..." in the script's error when they are missing
     */
    public void installNodeModules(Path dir, String why) throws IOException {
        Path installed = dir.resolve("node_modules/.package-lock.json");
        Path lock = dir.resolve("package-lock.json");
        if (Files.isRegularFile(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) > 0) {
            return;
        }
        Process npm =
                new ProcessBuilder(
                                "sh", "-c", "exec sh \"$0\" \"$1\" \"$2\" 1>&2",
                                root.resolve(NPM_CI).toString(),
                                dir.toString(),
                                why)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        try {
            int code = npm.waitFor();
            if (code != 0) {
                throw new IOException(NPM_CI + " " + dir + " failed with exit code " + code + " (see above)");
            }
        } catch (InterruptedException e) {
            npm.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing the npm packages of " + dir, e);
        }
    }
}
