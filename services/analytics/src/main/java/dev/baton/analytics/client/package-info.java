/** Outbound calls to other deployables, each with timeout, retry and circuit breaker. */
package dev.baton.analytics.client;
