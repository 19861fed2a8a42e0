/** Typed configuration (@ConfigMapping interfaces) with documented defaults. */
package dev.baton.checkout.config;
