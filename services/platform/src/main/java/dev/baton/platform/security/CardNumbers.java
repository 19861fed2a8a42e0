package dev.baton.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises primary account numbers (card numbers), which must never enter Baton: 12 to 19 digits (Maestro issues
 * 12, most schemes 16, some 19), optionally grouped by spaces, tabs or dashes, passing the Luhn check every issued
 * card number passes. Used on every request body before it is parsed, stored or logged ({@link CardNumberFilter}).
 *
 * <p>Text is searched, not only matched whole: a card number pasted into a free-text field ("reason") is as much a
 * leak as one in the token field. Within a run of digit groups every window of consecutive groups is checked, so
 * "4111 1111 1111 1111 12" is caught too; one group longer than 19 digits (a reference number) is not a card
 * number. UUIDs are skipped (their decimal groups can look like 16 digits).
 */
public final class CardNumbers {

    private static final int MIN_DIGITS = 12;
    private static final int MAX_DIGITS = 19;
    /** Digit groups separated by up to three spaces, tabs or dashes ("4111 - 1111 - ..."). */
    private static final Pattern RUN = Pattern.compile("\\d+(?:[ \\t-]{1,3}\\d+)*");
    private static final Pattern SEPARATORS = Pattern.compile("[ \\t-]+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private CardNumbers() {
    }

    /** True when {@code text} contains something that looks like a card number anywhere in it. */
    public static boolean containsCardNumber(String text) {
        if (text == null || text.length() < MIN_DIGITS) {
            return false;
        }
        var matcher = RUN.matcher(UUID.matcher(text).replaceAll("x"));
        while (matcher.find()) {
            // Digits glued to letters ("tok_4111111111111111") are checked too: the digits are what leaks.
            if (anyWindowIsCardNumber(SEPARATORS.split(matcher.group()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the whole of {@code value}, its spaces, tabs and dashes left out, is a card number: 12 to 19 digits
     * passing the Luhn check. Null is not.
     */
    public static boolean isCardNumber(String value) {
        if (value == null) {
            return false;
        }
        String digits = SEPARATORS.matcher(value).replaceAll("");
        return digits.chars().allMatch(c -> c >= '0' && c <= '9') && isCardDigits(digits);
    }

    private static boolean isCardDigits(String digits) {
        return digits.length() >= MIN_DIGITS && digits.length() <= MAX_DIGITS && luhn(digits);
    }

    private static boolean anyWindowIsCardNumber(String[] groups) {
        for (int from = 0; from < groups.length; from++) {
            var digits = new StringBuilder();
            for (int to = from; to < groups.length && digits.length() <= MAX_DIGITS; to++) {
                digits.append(groups[to]);
                if (isCardDigits(digits.toString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The Luhn (mod 10) check every card scheme uses. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
