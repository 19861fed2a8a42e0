package dev.baton.engine.definition;

import dev.baton.engine.expression.Expr;

import java.util.List;

/**
 * A value written in a definition (an argument, an assigned value, a return value): literals, whole-string
 * {@code ${...}} expressions, and lists and maps of templates (map keys may be expressions too). Fully
 * literal subtrees are folded into one {@link Lit} at parse time so evaluating them costs nothing.
 */
public sealed interface Template {
    /** A constant value (already immutable). */
    record Lit(Object value) implements Template {
    }

    /** An expression; {@code text} is the source between {@code ${} and {@code }}. */
    record ExprT(Expr expr, String text) implements Template {
    }

    /** A list with at least one non-literal item. */
    record ListT(List<Template> items) implements Template {
    }

    /** A map with at least one non-literal key or value. */
    record MapT(List<Template> keys, List<Template> values) implements Template {
    }
}
