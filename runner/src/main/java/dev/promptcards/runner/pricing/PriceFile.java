package dev.promptcards.runner.pricing;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a price file: CSV with the columns {@code provider,model,effective_from,usd_per_million_in,
 * usd_per_million_out}, one row a line; blank lines and lines starting with {@code #} are skipped, and so
 * is a header line naming the columns. {@code effective_from} is a date (its 00:00 UTC) or an ISO-8601
 * instant. Every malformed line is an error naming the file and the line.
 */
final class PriceFile {

    static final String COLUMNS = "provider,model,effective_from,usd_per_million_in,usd_per_million_out";

    private static final String EXAMPLE = "openai,gpt-4o,2024-10-02,2.50,10.00";

    private PriceFile() {
    }

    /**
     * The rows of a price file.
     *
     * @param source what the file is, for the messages (its path)
     * @param lines  its lines
     * @throws PriceFileException at the first malformed line, or at a second row for the same provider,
     *                            model and date
     */
    static List<Price> parse(String source, List<String> lines) {
        List<Price> prices = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#") || line.replace(" ", "").equalsIgnoreCase(COLUMNS)) {
                continue;
            }
            Price price = row(source, number, line);
            String key = price.provider() + "," + price.model() + "," + price.effectiveFrom();
            Integer earlier = firstLine.putIfAbsent(key, number);
            if (earlier != null) {
                throw error(source, number, "a second price for " + price.provider() + " " + price.model() + " from "
                        + price.effectiveFrom() + " (the first is on line " + earlier + "): keep one of them");
            }
            prices.add(price);
        }
        return prices;
    }

    private static Price row(String source, int line, String text) {
        String[] fields = text.split(",", -1);
        if (fields.length != 5) {
            throw error(source, line, "expected 5 fields (" + COLUMNS + "), found " + fields.length);
        }
        String provider = fields[0].strip().toLowerCase(Locale.ROOT);
        String model = fields[1].strip();
        if (provider.isEmpty()) {
            throw error(source, line, "the provider is empty");
        }
        if (model.isEmpty()) {
            throw error(source, line, "the model is empty (\"*\" stands for every model of the provider)");
        }
        Instant from = instant(source, line, fields[2].strip());
        BigDecimal in = amount(source, line, "usd_per_million_in", fields[3].strip());
        BigDecimal out = amount(source, line, "usd_per_million_out", fields[4].strip());
        return new Price(provider, model, from, in, out);
    }

    private static Instant instant(String source, int line, String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw error(source, line, "effective_from \"" + text
                    + "\" is neither a date (2024-10-02) nor an ISO-8601 instant (2024-10-02T17:00:00Z)");
        }
    }

    private static BigDecimal amount(String source, int line, String column, String text) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw error(source, line, column + " \"" + text + "\" is not a number of US dollars (2.50)");
        }
        if (amount.signum() < 0) {
            throw error(source, line, column + " " + text + " is negative: a price is at least 0");
        }
        return amount;
    }

    private static PriceFileException error(String source, int line, String what) {
        return new PriceFileException(source + " line " + line + ": " + what + ". A row is " + COLUMNS
                + ", e.g. " + EXAMPLE);
    }
}
