package dev.promptcards.runner.promptfoo;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV text as promptfoo reads a tests file (RFC 4180: a header row of column names, then one row per
 * test; a field in double quotes may hold commas, line breaks and doubled quotes). Column names are
 * trimmed, as promptfoo trims them (src/csv.ts {@code testCaseFromCsvRow}); values are kept as they are.
 */
final class PromptfooCsv {

    /**
     * A row of the file.
     *
     * @param line   the 1-based line the row starts on
     * @param fields its fields, one per column
     */
    record Row(int line, List<String> fields) {
    }

    /**
     * The header and the rows of a CSV text.
     *
     * @param header the column names
     * @param rows   the rows after the header, without empty lines
     */
    record Table(List<String> header, List<Row> rows) {
    }

    private PromptfooCsv() {
    }

    /**
     * Parses a CSV text.
     *
     * @throws PromptfooImportException at the line and column of a quote left open, a character after a
     *                                  closing quote, or a row with another number of fields than the header
     */
    static Table parse(String text) {
        String csv = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int column = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        boolean rowStarted = false;
        int quoteLine = 0;
        int quoteColumn = 0;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                        column++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                rowStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                if (rowStarted || !field.isEmpty() || afterQuote) {
                    fields.add(field.toString());
                    rows.add(new Row(rowLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                afterQuote = false;
                rowStarted = false;
                line++;
                column = 0;
                rowLine = line;
            } else if (afterQuote) {
                throw PromptfooImportException.syntax("CSV", line, column,
                        "a character after a closing quote (a quote inside a quoted field is written \"\")");
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                quoteLine = line;
                quoteColumn = column;
                rowStarted = true;
            } else {
                field.append(c);
                rowStarted = true;
            }
            if (c == '\n' && quoted) {
                line++;
                column = 0;
            }
            column++;
        }
        if (quoted) {
            throw PromptfooImportException.syntax("CSV", quoteLine, quoteColumn, "a quoted field is not closed");
        }
        if (rowStarted || !field.isEmpty() || afterQuote) {
            fields.add(field.toString());
            rows.add(new Row(rowLine, List.copyOf(fields)));
        }
        if (rows.isEmpty()) {
            throw PromptfooImportException.syntax("CSV", 1, 1, "the CSV has no header row");
        }
        List<String> header = rows.getFirst().fields().stream().map(String::strip).toList();
        List<Row> body = rows.subList(1, rows.size());
        for (Row row : body) {
            if (row.fields().size() != header.size()) {
                throw PromptfooImportException.syntax("CSV", row.line(), 1, "the row has " + row.fields().size()
                        + " fields, the header " + header.size());
            }
        }
        return new Table(header, List.copyOf(body));
    }
}
