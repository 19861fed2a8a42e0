package dev.baton.engine.definition;

import java.util.List;

/** {@code main} or another subworkflow: its parameters and its body. */
public record Subworkflow(String name, List<Param> params, Block body) {

    /** A parameter, optionally with a default value (a literal). */
    public record Param(String name, boolean hasDefault, Object defaultValue) {
    }
}
