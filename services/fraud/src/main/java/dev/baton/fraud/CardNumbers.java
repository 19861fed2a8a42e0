package dev.baton.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises primary account numbers (card numbers), which must never enter Baton: 13 to 19 digits, optionally
 * grouped by spaces or dashes, passing the Luhn check. Used on every request body before it is parsed,
 * stored or logged ({@code rest.CardNumberFilter}).
 *
 * <p>Text is searched, not only matched whole: a card number pasted into a free-text field ("reason") is as much a
 * leak as one in the token field. Within a run of digit groups every window of consecutive groups is checked, so
 * "4111 1111 1111 1111 12" is caught too. UUIDs are skipped (their decimal groups can look like 16 digits).
 */
public final class CardNumbers {

    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    /** Digit groups separated by up to three spaces, tabs or dashes ("4111 - 1111 - ..."). */
    private static final Pattern RUN = Pattern.compile("\\d+(?:[ \\t-]{1,3}\\d+)*");
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
            if (anyWindowIsCardNumber(groups(matcher.group()))) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code digits} (digits only) is 13 to 19 long and passes the Luhn check. */
    public static boolean isCardNumber(String digits) {
        return digits.length() >= MIN_DIGITS && digits.length() <= MAX_DIGITS && luhn(digits);
    }

    private static List<String> groups(String run) {
        var out = new ArrayList<String>();
        for (String g : run.split("[ \\t-]+")) {
            out.add(g);
        }
        return out;
    }

    private static boolean anyWindowIsCardNumber(List<String> groups) {
        for (int from = 0; from < groups.size(); from++) {
            var digits = new StringBuilder();
            for (int to = from; to < groups.size() && digits.length() <= MAX_DIGITS; to++) {
                digits.append(groups.get(to));
                if (isCardNumber(digits.toString())) {
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
