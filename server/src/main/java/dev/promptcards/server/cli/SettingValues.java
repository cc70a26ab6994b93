package dev.promptcards.server.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the values of the limit flags of {@code serve}: sizes in bytes ({@code 4MiB},
 * {@code 65536}), durations ({@code 10s}, {@code 500ms}, {@code PT1M}) and counts. The parsers
 * throw {@link IllegalArgumentException} with a message that says what is accepted.
 */
final class SettingValues {

    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(|B|KiB|MiB|GiB)");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)\\s*(ms|s|m|h)");

    private SettingValues() {}

    /** "4MiB" -> 4194304; plain bytes, or a whole number of KiB, MiB or GiB (powers of 1024). */
    static long parseBytes(String text) {
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: give bytes (65536) or"
                    + " a whole number of KiB, MiB or GiB (64KiB, 4MiB)");
        }
        long number = parseLong(matcher.group(1), text);
        int shift = switch (matcher.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        if (number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return positive(number << shift, text);
    }

    /** "10s" -> 10 seconds; a whole number of ms, s, m or h, or an ISO-8601 duration (PT10S). */
    static Duration parseDuration(String text) {
        String trimmed = text.trim();
        Matcher matcher = DURATION.matcher(trimmed);
        Duration duration;
        if (matcher.matches()) {
            long number = parseLong(matcher.group(1), text);
            try {
                duration = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(number);
                    case "s" -> Duration.ofSeconds(number);
                    case "m" -> Duration.ofMinutes(number);
                    default -> Duration.ofHours(number);
                };
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' is too large");
            }
        } else {
            try {
                duration = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration: give a whole number"
                        + " of ms, s, m or h (500ms, 10s, 2m) or an ISO-8601 duration (PT10S)");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' must be longer than zero");
        }
        return duration;
    }

    /** A count of at least 1 that fits in an int. */
    static int parseCount(String text) {
        long number;
        try {
            number = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        if (number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large (at most "
                    + Integer.MAX_VALUE + ")");
        }
        return (int) positive(number, text);
    }

    /** 4194304 -> "4MiB", 1000 -> "1000": the largest unit that divides the size. */
    static String formatBytes(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** 10 s -> "10s", 1500 ms -> "1500ms", 2 min -> "2m": the largest unit that divides it. */
    static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0) {
            return (millis / 3_600_000) + "h";
        } else if (millis % 60_000 == 0) {
            return (millis / 60_000) + "m";
        } else if (millis % 1000 == 0) {
            return (millis / 1000) + "s";
        }
        return millis + "ms";
    }

    private static long parseLong(String digits, String text) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    private static long positive(long number, String text) {
        if (number < 1) {
            throw new IllegalArgumentException("'" + text + "' must be at least 1");
        }
        return number;
    }
}
