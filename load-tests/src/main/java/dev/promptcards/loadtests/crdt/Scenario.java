package dev.promptcards.loadtests.crdt;

import dev.promptcards.loadtests.report.Metric;
import dev.promptcards.loadtests.report.Unit;
import java.util.function.ToDoubleFunction;

/** The timed and measured scenarios of a round, with the figure each takes from a round. */
enum Scenario implements Metric {
    LOCAL("local", "local replay", Unit.MILLIS, RoundFigures::localMillis),
    REMOTE("remote", "remote updates applied", Unit.MILLIS, RoundFigures::remoteMillis),
    ENCODE("encode", "encode full state", Unit.MILLIS, RoundFigures::encodeMillis),
    PARSE("parse", "parse full state", Unit.MILLIS, RoundFigures::parseMillis),
    MEMORY("memory", "heap of a loaded doc", Unit.BYTES, RoundFigures::memoryBytes);

    private final String key;
    private final String label;
    private final Unit unit;
    private final ToDoubleFunction<RoundFigures> figure;

    Scenario(String key, String label, Unit unit, ToDoubleFunction<RoundFigures> figure) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.figure = figure;
    }

    /** The key in the JSON report. */
    @Override
    public String key() {
        return key;
    }

    /** The row's name in the table. */
    @Override
    public String label() {
        return label;
    }

    @Override
    public Unit unit() {
        return unit;
    }

    double of(RoundFigures round) {
        return figure.applyAsDouble(round);
    }
}
