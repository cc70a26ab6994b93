package dev.promptcards.loadtests.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What Linux's /proc says of a process and of the machine: CPU time (utime + stime, in clock
 * ticks), resident memory (VmRSS), proportional memory (Pss: shared pages split between the
 * processes that map them, so a process tree's Pss can be summed), the peak resident memory
 * (VmHWM), children. Used by the server and runner benchmarks.
 */
public final class ProcFs {

    private static final Path PROC = Path.of("/proc");
    /** Clock ticks per second of /proc's CPU times ({@code getconf CLK_TCK}; 100 nearly everywhere). */
    public static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcFs() {}

    /** True when /proc has the figures this benchmark reads (Linux). */
    public static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat")) && Files.isReadable(PROC.resolve("stat"));
    }

    /**
     * CPU seconds a process has used, user and system, all its threads: {@code utime + stime} of
     * /proc/PID/stat; with {@code reapedChildren} also {@code cutime + cstime} (children that
     * exited and were waited for). NaN when the process is gone.
     */
    public static double cpuSeconds(long pid, boolean reapedChildren) {
        String[] f = statFields(pid);
        if (f == null) {
            return Double.NaN;
        }
        // fields after "(comm)": f[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (reapedChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return (double) ticks / TICKS_PER_SECOND;
    }

    /** The parent's pid, or -1 when the process is gone. */
    public static long parent(long pid) {
        String[] f = statFields(pid);
        return f == null ? -1 : Long.parseLong(f[1]);
    }

    /** The processes whose parent is {@code pid} now. */
    public static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path dir : dirs) {
                long child = Long.parseLong(dir.getFileName().toString());
                if (parent(child) == pid) {
                    children.add(child);
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc changes while we read it; what we got is what there is
        }
        return children;
    }

    /** The CPUs a process may run on (Cpus_allowed_list of /proc/PID/status); empty when it is gone. */
    public static List<Integer> allowedCpus(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return CpuPinning.parseCpuList(line.substring(line.indexOf(':') + 1));
                }
            }
            return List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** VmRSS of /proc/PID/status in bytes; NaN when the process is gone. */
    public static double rssBytes(long pid) {
        return kilobytesField(PROC.resolve(pid + "/status"), "VmRSS:");
    }

    /** VmHWM of /proc/PID/status in bytes: the most it was ever resident; NaN when the process is gone. */
    public static double peakRssBytes(long pid) {
        return kilobytesField(PROC.resolve(pid + "/status"), "VmHWM:");
    }

    /** Pss of /proc/PID/smaps_rollup in bytes (falls back to VmRSS); NaN when the process is gone. */
    public static double pssBytes(long pid) {
        double pss = kilobytesField(PROC.resolve(pid + "/smaps_rollup"), "Pss:");
        return Double.isNaN(pss) ? rssBytes(pid) : pss;
    }

    /**
     * The machine's CPUs: the {@code cpuN} lines of /proc/stat (whatever this process's affinity, which
     * {@code availableProcessors()} follows); the JVM's count when /proc cannot be read.
     */
    public static int machineCpus() {
        try (var lines = Files.lines(PROC.resolve("stat"))) {
            int cpus = (int) lines.filter(l -> l.length() > 3 && l.startsWith("cpu") && Character.isDigit(l.charAt(3)))
                    .count();
            return cpus > 0 ? cpus : Runtime.getRuntime().availableProcessors();
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** The machine's CPU time so far, busy and total, in ticks (first line of /proc/stat). */
    public static long[] machineTicks() {
        try {
            String line = Files.readAllLines(PROC.resolve("stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            // cpu user nice system idle iowait irq softirq steal (guest, guest_nice are inside user, nice)
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** The fields of /proc/PID/stat after "(comm)", or null when the process is gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) { // gone (NoSuchFileException) or unreadable
            return null;
        }
    }

    private static double kilobytesField(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    String[] f = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // the usual value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
