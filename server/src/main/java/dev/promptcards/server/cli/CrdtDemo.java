package dev.promptcards.server.cli;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YMap;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code promptcards demo} shows: two replicas of one prompt card
 * (ARCHITECTURE.md, "The prompt card document") are edited at the same time, exchange their updates in
 * the Yjs update format v1, and end up holding the same card. All in this process, no network.
 */
final class CrdtDemo {

    private final PrintWriter out;

    CrdtDemo(PrintWriter out) {
        this.out = out;
    }

    /** Runs the demonstration, printing what happens; true when both replicas converged. */
    boolean run() {
        Doc a = new Doc(1);
        Doc b = new Doc(2);

        out.println("Round 1: two replicas of one prompt card, edited at the same time");
        a.getText("template").insert(0, "Summarize {{text}}.");
        a.getMap("model").set("provider", "openai");
        b.getText("title").insert(0, "Short summary");
        b.getMap("model").set("temperature", 0.2);
        out.println("  A (client 1): template " + quoted(a, "template") + ", model " + model(a));
        out.println("  B (client 2): title " + quoted(b, "title") + ", model " + model(b));
        exchange(a, b);

        out.println("Round 2: both edit the template and set the model's \"model\" at the same time");
        // "Summarize {{text}}." -> A: before the final dot, B: after "Summarize ".
        a.getText("template").insert("Summarize {{text}}".length(), " in one sentence");
        a.getMap("model").set("model", "gpt-4o-mini");
        b.getText("template").insert("Summarize ".length(), "the following ");
        b.getMap("model").set("model", "gpt-4.1-mini");
        out.println("  A: template " + quoted(a, "template") + ", model " + model(a));
        out.println("  B: template " + quoted(b, "template") + ", model " + model(b));
        exchange(a, b);

        out.println("After both exchanges:");
        describe("A", a);
        describe("B", b);

        boolean converged =
                text(a, "title").equals(text(b, "title"))
                        && text(a, "template").equals(text(b, "template"))
                        && model(a).equals(model(b))
                        && Arrays.equals(Y.encodeStateVector(a), Y.encodeStateVector(b));
        if (converged) {
            out.println("Converged: yes, both replicas hold the same card (same title, template,"
                    + " model and state vector).");
        } else {
            out.println("Converged: NO, the replicas differ. This is a bug in the crdt module.");
        }
        out.flush();
        return converged;
    }

    /** Each replica sends its whole state (Y.encodeStateAsUpdate) and applies the other's. */
    private void exchange(Doc a, Doc b) {
        byte[] fromA = Y.encodeStateAsUpdate(a);
        byte[] fromB = Y.encodeStateAsUpdate(b);
        Y.applyUpdate(b, fromA);
        Y.applyUpdate(a, fromB);
        out.println("  exchanged updates: A -> B " + fromA.length + " bytes, B -> A "
                + fromB.length + " bytes");
    }

    private void describe(String name, Doc doc) {
        out.println("  " + name + ": title " + quoted(doc, "title") + ", template "
                + quoted(doc, "template") + ", model " + model(doc));
        out.println("     state vector " + Y.encodeStateVector(doc).length + " bytes, whole state "
                + Y.encodeStateAsUpdate(doc).length + " bytes");
    }

    private static String text(Doc doc, String name) {
        return doc.getText(name).toString();
    }

    private static String quoted(Doc doc, String name) {
        return "\"" + text(doc, name) + "\"";
    }

    /** The model map with its keys sorted, so that both replicas print it alike. */
    private static Map<String, Object> model(Doc doc) {
        YMap model = doc.getMap("model");
        return new TreeMap<>(model.toJSON());
    }
}
