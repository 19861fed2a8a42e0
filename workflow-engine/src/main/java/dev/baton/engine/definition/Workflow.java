package dev.baton.engine.definition;

import java.util.List;
import java.util.Map;

/**
 * A parsed definition: its subworkflows ({@code main} first), every block by id, the source table with the
 * line and column of each node, and a fingerprint of the source so saved state is never resumed against a
 * different definition.
 */
public record Workflow(SourceFile source, Map<String, Subworkflow> subworkflows, List<Block> blocks,
                       SourceTable sources, String fingerprint) {

    /** The entry point. */
    public Subworkflow main() {
        return subworkflows.get("main");
    }
}
