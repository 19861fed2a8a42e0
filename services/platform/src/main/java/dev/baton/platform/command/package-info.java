/**
 * Commands applied exactly once per idempotency key in the transaction of their effect, compensations that undo
 * them by the forward key, and test-only fault injection. Used by every service the payment saga commands.
 */
package dev.baton.platform.command;
