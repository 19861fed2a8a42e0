package dev.baton.engine.definition;

/**
 * One problem found in a definition, with where it is. {@link #render} gives the compiler-style form:
 * {@code file:line:col: message}, then the source line and a caret under the column.
 */
public record Diagnostic(String file, Location location, String message) {

    /** The three-line report for {@code source}. */
    public String render(SourceFile source) {
        StringBuilder b = new StringBuilder();
        b.append(file).append(':').append(location.line()).append(':').append(location.column()).append(": ")
                .append(message);
        String line = source.line(location.line());
        if (location.line() > 0) {
            b.append('\n').append(line).append('\n');
            for (int i = 1; i < location.column(); i++) {
                // Tabs stay tabs so the caret lines up in any terminal.
                b.append(i - 1 < line.length() && line.charAt(i - 1) == '\t' ? '\t' : ' ');
            }
            b.append('^');
        }
        return b.toString();
    }
}
