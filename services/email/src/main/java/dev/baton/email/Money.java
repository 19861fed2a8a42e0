package dev.baton.email;

import java.math.BigDecimal;
import java.util.Currency;

/** Formats minor-unit amounts for people: 1250 EUR is "12.50 EUR", 1500 JPY is "1500 JPY". */
public final class Money {

    private Money() {
    }

    /** The amount in major units with the currency's usual number of decimals, then the ISO code. */
    public static String format(long amountMinor, String currency) {
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return BigDecimal.valueOf(amountMinor, digits).toPlainString() + " " + currency;
    }
}
