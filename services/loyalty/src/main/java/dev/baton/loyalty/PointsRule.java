package dev.baton.loyalty;

import java.util.Currency;

/**
 * The earning rule: {@code pointsPerUnit} points per whole unit of the order's currency (per euro, per yen),
 * rounded down, so minor-unit amounts of every currency earn alike.
 *
 * <p>Reversal is proportional and cumulative: after refunds totalling {@code r} of an amount {@code a}, exactly
 * {@code floor(earned * r / a)} points are reversed, so partial refunds never round away a point twice and a full
 * refund reverses all of them.
 *
 * @param pointsPerUnit points per whole currency unit; at least 0
 */
public record PointsRule(long pointsPerUnit) {

    /** Points for an order of {@code amountMinor} in {@code currency} (ISO 4217). */
    public long earned(long amountMinor, String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        long unit = (long) Math.pow(10, Math.max(digits, 0));
        return Math.multiplyExact(amountMinor / unit, pointsPerUnit);
    }

    /** Total points reversed once {@code refundedMinor} of {@code amountMinor} is refunded. */
    public static long reversedAfter(long earned, long refundedMinor, long amountMinor) {
        if (amountMinor == 0) {
            return 0;
        }
        return java.math.BigInteger.valueOf(earned).multiply(java.math.BigInteger.valueOf(refundedMinor))
                .divide(java.math.BigInteger.valueOf(amountMinor)).longValueExact();
    }
}
