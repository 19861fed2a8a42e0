/**
 * Phase 3: deployment-time rules over the whole tree (next targets, scoping of parallel branches, limits,
 * known functions and parameters), reported as diagnostics with source locations.
 */
package dev.baton.engine.validation;
