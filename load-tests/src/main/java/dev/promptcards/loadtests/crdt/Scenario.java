package dev.promptcards.loadtests.crdt;

import java.util.function.ToDoubleFunction;

/** The timed and measured scenarios of a round, with the figure each takes from a round. */
enum Scenario {
  LOCAL("local", "local replay", Unit.MILLIS, RoundFigures::localMillis),
  REMOTE("remote", "remote updates applied", Unit.MILLIS, RoundFigures::remoteMillis),
  ENCODE("encode", "encode full state", Unit.MILLIS, RoundFigures::encodeMillis),
  PARSE("parse", "parse full state", Unit.MILLIS, RoundFigures::parseMillis),
  MEMORY("memory", "heap of a loaded doc", Unit.BYTES, RoundFigures::memoryBytes);

  /** What a figure counts. */
  enum Unit {
    MILLIS("ms"),
    BYTES("bytes");

    final String json;

    Unit(String json) {
      this.json = json;
    }
  }

  /** The key in the JSON report. */
  final String key;
  /** The row's name in the table. */
  final String label;
  final Unit unit;
  private final ToDoubleFunction<RoundFigures> figure;

  Scenario(String key, String label, Unit unit, ToDoubleFunction<RoundFigures> figure) {
    this.key = key;
    this.label = label;
    this.unit = unit;
    this.figure = figure;
  }

  double of(RoundFigures round) {
    return figure.applyAsDouble(round);
  }
}
