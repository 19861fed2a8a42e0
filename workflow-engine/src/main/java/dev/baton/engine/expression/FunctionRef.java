package dev.baton.engine.expression;

/**
 * A function used as a value, such as {@code ${http.default_retry_predicate}} or a subworkflow name given as
 * a retry predicate. Workflows has no lambdas; references only name a stdlib function or a subworkflow.
 */
public record FunctionRef(String name) {
}
