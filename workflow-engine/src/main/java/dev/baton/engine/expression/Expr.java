package dev.baton.engine.expression;

import java.util.List;

/**
 * The syntax tree of one {@code ${...}} expression. Every node remembers its character offset inside the
 * expression text so that errors can point at it.
 */
public sealed interface Expr {
    /** Offset of the node's first character within the expression text. */
    int pos();

    /** A literal number, string, boolean or null. */
    record Literal(Object value, int pos) implements Expr {
    }

    /** A variable (or, when unbound, a top-level function reference such as a subworkflow name). */
    record Var(String name, int pos) implements Expr {
    }

    /** {@code target.name}. */
    record Member(Expr target, String name, int pos) implements Expr {
    }

    /** {@code target[index]}. */
    record Index(Expr target, Expr index, int pos) implements Expr {
    }

    /** A call of a named function: {@code len(x)}, {@code text.split(a, b)} or a subworkflow. */
    record Call(String function, List<Expr> args, int pos) implements Expr {
    }

    /** {@code -x} or {@code not x}. */
    record Unary(String op, Expr operand, int pos) implements Expr {
    }

    /** An arithmetic, comparison or membership operator; {@code and}/{@code or} short-circuit. */
    record Binary(String op, Expr left, Expr right, int pos) implements Expr {
    }

    /** {@code [a, b]}. */
    record ListLit(List<Expr> items, int pos) implements Expr {
    }

    /** {@code {"k": v}}. */
    record MapLit(List<Expr> keys, List<Expr> values, int pos) implements Expr {
    }
}
