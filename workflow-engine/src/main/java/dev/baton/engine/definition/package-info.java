/**
 * Phase 1: definition files (YAML or JSON, both Google shapes) to an immutable tree of records, with every
 * node's line and column in a {@link dev.baton.engine.definition.SourceTable}. Entry point:
 * {@link dev.baton.engine.definition.DefinitionParser#parse}, which also runs validation and reports all
 * problems at once as {@code file:line:col: message} with the source line and a caret.
 */
package dev.baton.engine.definition;
