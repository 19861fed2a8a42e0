/**
 * Keeping card data out of Baton: recognising card numbers ({@link dev.baton.platform.security.CardNumbers}) and
 * refusing requests that carry one ({@link dev.baton.platform.security.CardNumberFilter}, switched on per deployable
 * with {@code baton.card-number-filter.enabled}).
 */
package dev.baton.platform.security;
