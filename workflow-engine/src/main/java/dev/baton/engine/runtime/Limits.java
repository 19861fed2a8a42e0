package dev.baton.engine.runtime;

/**
 * Execution limits, defaulting to the values Google documents for Cloud Workflows. Exceeding one raises
 * ResourceLimitError (or RecursionError for call depth, ParallelNestingError for parallel depth) inside the
 * workflow, where a {@code try} can see it, instead of exhausting the JVM.
 *
 * @param maxSteps            steps per execution (Google: 100,000)
 * @param maxVariableBytes    memory of all variables of one scope (Google: 512 KB)
 * @param maxCallDepth        nested subworkflow calls (Google: 20)
 * @param maxParallelDepth    nested parallel steps (Google: 2)
 * @param maxBranches         branches of one parallel step (Google: 10)
 * @param maxConcurrency      branches or iterations of one parallel step running at once (Google: 20)
 * @param maxArgumentBytes    execution argument size (Google: 32 KB)
 * @param maxResultBytes      execution result and HTTP response size (Google: 2 MB for HTTP responses;
 *                            the same bound is used for results)
 */
public record Limits(int maxSteps, long maxVariableBytes, int maxCallDepth, int maxParallelDepth, int maxBranches,
                     int maxConcurrency, long maxArgumentBytes, long maxResultBytes) {

    /** Google's documented limits. */
    public static final Limits GOOGLE = new Limits(100_000, 512 * 1024, 20, 2, 10, 20, 32 * 1024,
            2 * 1024 * 1024);

    /** The same limits with a different step budget (tests and benchmarks). */
    public Limits withMaxSteps(int steps) {
        return new Limits(steps, maxVariableBytes, maxCallDepth, maxParallelDepth, maxBranches, maxConcurrency,
                maxArgumentBytes, maxResultBytes);
    }
}
