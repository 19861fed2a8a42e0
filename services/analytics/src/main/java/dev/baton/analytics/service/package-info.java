/** Use cases: transactions and domain rules, called by rest and messaging. */
package dev.baton.analytics.service;
