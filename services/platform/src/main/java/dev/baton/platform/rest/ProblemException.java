package dev.baton.platform.rest;

/**
 * Thrown by a service's use cases to answer with a specific problem; the platform's mappers turn it into an
 * {@code application/problem+json} response with its status.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    /** A problem of this API's own kind; see {@link Problem#of}. */
    public ProblemException(int status, String slug, String title, String detail) {
        this(Problem.of(status, slug, title, detail));
    }

    public Problem problem() {
        return problem;
    }
}
