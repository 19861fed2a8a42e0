package dev.baton.checkout.client;

import java.util.List;

/**
 * What checkout reads of a Workflow Executions v1 {@code Execution}.
 *
 * @param name         {@code projects/{p}/locations/{l}/workflows/{w}/executions/{id}}
 * @param state        ACTIVE, SUCCEEDED, FAILED, CANCELLED, QUEUED (or whatever the engine says, verbatim)
 * @param currentSteps the {@code step} of each {@code status.currentSteps} frame, outermost first; empty when
 *                     the engine reports none
 */
public record Execution(String name, String state, List<String> currentSteps) {

    public Execution {
        currentSteps = currentSteps == null ? List.of() : List.copyOf(currentSteps);
    }
}
