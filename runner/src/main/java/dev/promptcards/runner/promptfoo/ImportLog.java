package dev.promptcards.runner.promptfoo;

import java.util.ArrayList;
import java.util.List;

/** What an import noted and what it refused, each message naming its field path. */
final class ImportLog {

    final List<String> notes = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    void note(String path, String message) {
        notes.add(path + ": " + message);
    }

    void refuse(String path, String message) {
        problems.add(path + ": " + message);
    }
}
