package dev.baton.engine.definition;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a definition has problems; carries every one of them, already rendered with carets. */
public final class DefinitionException extends RuntimeException {
    private final List<Diagnostic> diagnostics;
    private final String rendered;

    public DefinitionException(SourceFile source, List<Diagnostic> diagnostics) {
        super(diagnostics.size() + " problem(s) in " + source.name(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
        this.rendered = diagnostics.stream().map(d -> d.render(source)).collect(Collectors.joining("\n"));
    }

    /** The problems in source order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** All problems as {@code file:line:col: message} blocks with source line and caret, newline separated. */
    public String rendered() {
        return rendered;
    }

    @Override
    public String getMessage() {
        return rendered;
    }
}
