package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.report.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one scenario measured on one server: its figures in table order (NaN: none), what to flag
 * (the generator was the limit, the machine had no CPU left, connections failed) and its checks.
 */
final class Measured {

    final Map<Figure, Double> figures = new LinkedHashMap<>();
    final List<String> flags = new ArrayList<>();
    final List<Check> checks = new ArrayList<>();

    Measured put(Figure figure, double value) {
        figures.put(figure, value);
        return this;
    }

    double get(Figure figure) {
        return figures.getOrDefault(figure, Double.NaN);
    }

    /** Flags the window's CPU use: a generator-bound or saturated-machine run. */
    void flagCpu(CpuMeter.Use use) {
        if (use.generatorBound()) {
            flags.add(String.format(Locale.ROOT,
                    "GENERATOR-BOUND: the load generator used %.2f cores (busiest thread %.0f%% of a core)",
                    use.generator(), use.generatorBusiestThread() * 100));
        }
        if (use.machineSaturated()) {
            flags.add(String.format(Locale.ROOT,
                    "MACHINE SATURATED: %.2f of %d cores busy (server, its database and the generator share them)",
                    use.machine(), use.cores()));
        }
    }
}
