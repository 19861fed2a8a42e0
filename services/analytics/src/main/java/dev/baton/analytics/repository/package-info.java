/** Persistence: the one home of each table's SQL. */
package dev.baton.analytics.repository;
