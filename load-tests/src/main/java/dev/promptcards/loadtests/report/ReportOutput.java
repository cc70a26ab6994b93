package dev.promptcards.loadtests.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Where a benchmark's report goes: the table to the output, the JSON to {@code --json FILE} when given. */
public final class ReportOutput {

    private ReportOutput() {}

    /**
     * @param out the command's output
     * @param table the report as a table
     * @param json the report as JSON, rendered only when {@code jsonFile} is given
     * @param jsonFile {@code --json FILE}, or null
     */
    public static void write(PrintWriter out, String table, Supplier<String> json, Path jsonFile) throws IOException {
        out.print(table);
        out.flush();
        if (jsonFile == null) {
            return;
        }
        Path parent = jsonFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(jsonFile, json.get(), StandardCharsets.UTF_8);
        out.println("JSON: " + jsonFile);
    }
}
