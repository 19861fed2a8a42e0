package dev.baton.checkout;

import java.util.regex.Pattern;

/**
 * Recognises primary account numbers so they are refused at the door: card numbers never enter Baton, only the
 * gateway's tokens do. A value is taken for a card number when, without spaces and dashes, it is 12 to 19 digits
 * that pass the Luhn check (every issued card number does); free text is searched for such a run standing
 * alone.
 */
public final class CardNumbers {

    /**
     * A run of 12 to 19 digits, optionally grouped by single spaces or dashes as people write card numbers, not
     * part of a longer run (a 25-digit reference is no card number).
     */
    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){11,18}(?![ -]?\\d)");

    private CardNumbers() {
    }

    /** Whether the whole value is a card number. */
    public static boolean isCardNumber(String value) {
        if (value == null) {
            return false;
        }
        String digits = value.replace(" ", "").replace("-", "");
        return digits.length() >= 12 && digits.length() <= 19 && digits.chars().allMatch(Character::isDigit)
                && luhn(digits);
    }

    /** Whether some part of free text is a card number. */
    public static boolean containsCardNumber(String text) {
        if (text == null) {
            return false;
        }
        var m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (isCardNumber(m.group())) {
                return true;
            }
        }
        return false;
    }

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
