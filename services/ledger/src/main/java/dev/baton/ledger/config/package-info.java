/** Typed configuration (@ConfigMapping interfaces) with documented defaults. */
package dev.baton.ledger.config;
