/**
 * Phase 2: the {@code ${...}} language. {@link dev.baton.engine.expression.ExpressionParser} (Google's
 * precedence, bounded depth and size), {@link dev.baton.engine.expression.Evaluator} (the implicit conversion
 * tables, int64 overflow checks) and {@link dev.baton.engine.expression.Values}, the value model shared by
 * every later phase. Errors are {@link dev.baton.engine.expression.WorkflowException}s carrying the Workflows
 * error value.
 */
package dev.baton.engine.expression;
