package dev.baton.engine.definition;

import java.util.List;

/** A definition's name (as shown in messages) and text, split into lines for caret rendering. */
public record SourceFile(String name, String text) {
    /** The text of a 1-based line, without its terminator; empty when out of range. */
    public String line(int line) {
        List<String> lines = text.lines().toList();
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }
}
