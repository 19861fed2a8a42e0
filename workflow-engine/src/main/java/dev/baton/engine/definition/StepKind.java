package dev.baton.engine.definition;

import dev.baton.engine.expression.Expr;

import java.util.List;

/** What a step does; one record per step kind, evaluated by the runtime with a pattern-matching switch. */
public sealed interface StepKind {

    /** {@code assign:} a list of up to 50 assignments, applied in order. */
    record Assign(List<Assignment> assignments) implements StepKind {
    }

    /** {@code call:} a stdlib function or a subworkflow; {@code args} is null when absent. */
    record Call(String function, Template args, String result) implements StepKind {
    }

    /** {@code switch:} the first condition that is true is taken. */
    record Switch(List<Condition> conditions) implements StepKind {
    }

    /** {@code for:} over {@code in} (a list) or {@code range} (inclusive, ints or doubles). */
    record For(String value, String index, Template in, Template range, Block body) implements StepKind {
    }

    /** {@code parallel:} either named branches or a for loop, never both. */
    record Parallel(List<String> shared, Template concurrencyLimit, String exceptionPolicy, List<Branch> branches,
                    For loop) implements StepKind {
    }

    /** {@code raise:} a string or a map. */
    record Raise(Template value) implements StepKind {
    }

    /** {@code return:} value may be null (returns null). */
    record Return(Template value) implements StepKind {
    }

    /** {@code try:} with optional retry and except; the body is a block even for a single call. */
    record Try(Block body, Retry retry, String exceptAs, Block except) implements StepKind {
    }

    /** {@code steps:} a nested block. */
    record Steps(Block body) implements StepKind {
    }

    /** A step with only {@code next:}. */
    record Jump() implements StepKind {
    }

    /** One {@code target: value} of an assign. */
    record Assignment(Path target, Template value) {
    }

    /** An assignment target: a variable and a chain of keys and indexes ({@code a.b[0]["c"]}). */
    record Path(String root, List<Expr> selectors, List<Boolean> isIndex) {
    }

    /** One branch of a switch with the actions taken when it matches. */
    record Condition(Template condition, List<Assignment> assign, Block steps,
                     boolean hasReturn, Template returnValue, Template raise, String next) {
    }

    /** A named branch of a parallel step. */
    record Branch(String name, Block body) {
    }

    /**
     * A retry policy: either one expression naming a policy ({@code ${http.default_retry}}) or the predicate,
     * max_retries and backoff fields.
     */
    record Retry(Template policy, Template predicate, Template maxRetries, Template initialDelay,
                 Template maxDelay, Template multiplier) {
    }
}
