package dev.promptcards.runner.promptfoo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promptcards.card.schema.TestCase;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * promptfoo's CSV tests (site/docs/configuration/test-cases.md "CSV Format", src/csv.ts
 * {@code testCaseFromCsvRow}): a column is a variable, except the special ones. Kept: {@code __expected}
 * and {@code __expectedN} (an assertion each, see {@link PromptfooExpected}), {@code __description},
 * {@code __threshold}, {@code __config:__expected[N]:threshold}. Noted as not kept: {@code __metric},
 * {@code __metadata:*}. Refused: {@code __prefix}, {@code __suffix} (they change the prompt per test),
 * {@code __providerOutput}, other {@code __config} keys. Each row is then read as a YAML test is.
 */
final class PromptfooCsvTests {

    private static final Pattern EXPECTED_CONFIG = Pattern.compile("__config:__expected(\\d*):(.*)");

    private PromptfooCsvTests() {
    }

    static List<TestCase> read(String csv, ImportLog log, PromptfooTestReader reader) {
        PromptfooCsv.Table table = PromptfooCsv.parse(csv);
        List<TestCase> tests = new ArrayList<>();
        List<String> header = table.header();
        for (PromptfooCsv.Row row : table.rows()) {
            String path = "csv line " + row.line();
            ObjectNode test = JsonNodeFactory.instance.objectNode();
            ObjectNode vars = test.putObject("vars");
            ArrayNode asserts = test.putArray("assert");
            List<String> assertColumns = new ArrayList<>();
            List<String[]> configs = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                String column = header.get(c);
                String value = row.fields().get(c);
                String at = path + ", column " + column;
                if (column.startsWith("__expected")) {
                    if (!value.isBlank()) {
                        asserts.add(PromptfooExpected.assertion(value.strip()));
                        assertColumns.add(column);
                    }
                } else if (column.equals("__description")) {
                    test.put("description", value);
                } else if (column.equals("__threshold")) {
                    threshold(test, value, at, log);
                } else if (column.equals("__metric") || column.startsWith("__metadata")) {
                    if (!value.isEmpty()) {
                        log.note(at, "not kept: a card's test holds no metric names or metadata (they do not"
                                + " change how the test is run or graded)");
                    }
                } else if (column.startsWith("__config:")) {
                    configs.add(new String[] {column, value, at});
                } else if (column.equals("__prefix") || column.equals("__suffix")) {
                    if (!value.isEmpty()) {
                        log.refuse(at, "not supported (it changes the prompt of this test; a card's tests share"
                                + " one prompt)");
                    }
                } else if (column.startsWith("__")) {
                    if (!value.isEmpty()) {
                        log.refuse(at, "not supported");
                    }
                } else {
                    vars.put(column, value);
                }
            }
            for (String[] config : configs) {
                config(config[0], config[1], config[2], asserts, log);
            }
            TestCase read = reader.test(test, path, i -> path + ", column " + assertColumns.get(i));
            if (read != null) {
                tests.add(read);
            }
        }
        return tests;
    }

    private static void threshold(ObjectNode test, String value, String at, ImportLog log) {
        if (value.isBlank()) {
            return;
        }
        try {
            test.put("threshold", Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            log.refuse(at, "\"" + value + "\" is not a number");
        }
    }

    /** {@code __config:__expected[N]:threshold} sets the threshold of the row's N-th assertion. */
    private static void config(String column, String value, String at, ArrayNode asserts, ImportLog log) {
        Matcher m = EXPECTED_CONFIG.matcher(column);
        if (!m.matches() || !m.group(2).equals("threshold")) {
            log.refuse(at, "not supported (only __config:__expected[N]:threshold is)");
            return;
        }
        int index = m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1)) - 1;
        if (value.isBlank() || index < 0 || index >= asserts.size()) {
            return;
        }
        try {
            ((ObjectNode) asserts.get(index)).put("threshold", Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            log.refuse(at, "\"" + value + "\" is not a number");
        }
    }
}
