package dev.promptcards.server.e2e.attacks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a server process holds on its heap: measured after a full collection, with the JDK's jcmd. */
public final class HeapProbe {

    /** G1's line in GC.heap_info: {@code garbage-first heap   total reserved 524288K, committed 61440K, used 14000K}. */
    private static final Pattern USED = Pattern.compile("heap\\s+total\\b[^\\n]*?used (\\d+)K");

    private HeapProbe() {
    }

    /**
     * Runs a full collection in the process ({@code jcmd PID GC.run}), then reads the heap in use
     * ({@code jcmd PID GC.heap_info}).
     *
     * @param pid the server process
     * @return the bytes of heap in use after the collection
     */
    public static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no heap use in jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
        }
        return output;
    }
}
