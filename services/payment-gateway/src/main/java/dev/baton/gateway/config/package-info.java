/** Typed configuration (@ConfigMapping interfaces) with documented defaults. */
package dev.baton.gateway.config;
