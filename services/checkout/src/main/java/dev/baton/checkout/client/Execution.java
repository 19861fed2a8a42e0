package dev.baton.checkout.client;

import java.util.List;

/**
 * What checkout reads of a Workflow Executions v1 {@code Execution}.
 *
 * @param name         {@code projects/{p}/locations/{l}/workflows/{w}/executions/{id}}
 * @param state        ACTIVE, SUCCEEDED, FAILED, CANCELLED, QUEUED (or whatever the engine says, verbatim)
 * @param currentSteps the {@code step} of each {@code status.currentSteps} frame, outermost first; empty when
 *                     the engine reports none
 * @param result       once SUCCEEDED: what the workflow returned, as JSON text (the API sends it as a string); null
 *                     otherwise
 * @param error        once FAILED: the error's payload, for operators' logs; null otherwise
 */
public record Execution(String name, String state, List<String> currentSteps, String result, String error) {

    public Execution {
        currentSteps = currentSteps == null ? List.of() : List.copyOf(currentSteps);
    }

    /** An execution without result or error (still running, or when they do not matter). */
    public Execution(String name, String state, List<String> currentSteps) {
        this(name, state, currentSteps, null, null);
    }
}
