package dev.baton.platform.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What counts as a card number: 12 to 19 digits, spaces, tabs or dashes between groups, Luhn-valid. */
class CardNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111111",            // Visa test number
            "4242424242424242",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "5555555555554444",            // Mastercard
            "5555-5555-5555-4444",
            "378282246310005",             // Amex, 15 digits
            "4222222222222",               // 13 digits
            "675900000018",                // 12 digits, as Maestro issues them
            "6759 0000 0018",
            "6011000990139424",            // Discover
            "tok_4111111111111111",        // glued to letters
            "my card is 4111 1111 1111 1111, please charge it",
            "please charge 4242 4242 4242 4242 thanks",
            "4111 1111 1111 1111 12",      // a window of the run is one
            "4111 - 1111 - 1111 - 1111",
            "4111\t1111\t1111\t1111",
    })
    void containsCardNumber_cardLike_isTrue(String text) {
        assertTrue(CardNumbers.containsCardNumber(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111112",            // fails Luhn
            "4242424242424241",            // fails Luhn
            "411111111111",                // 12 digits failing Luhn
            "41111111112",                 // 11 digits, Luhn-valid: too short for any card
            "41111111111111111111",        // 20 digits in one group
            "order ref 42424242424242420000000", // a card number's digits inside a longer reference
            "4111.1111.1111.1111",         // dots are not card separators
            "tok_visa",
            "tok_visa_4242",
            "2 mugs, 1 spoon",
            "pay-00000000-0000-4000-8000-000000000000",
            "12345678-1234-4123-9123-123456789012",  // an all-decimal UUID
            "2024-06-01 12:00",
            "",
    })
    void containsCardNumber_notCardLike_isFalse(String text) {
        assertFalse(CardNumbers.containsCardNumber(text), text);
    }

    @Test
    void containsCardNumber_null_isFalse() {
        assertFalse(CardNumbers.containsCardNumber(null));
    }

    @Test
    void isCardNumber_luhnValidPansInTheWaysPeopleWriteThem_areRecognised() {
        assertTrue(CardNumbers.isCardNumber("4242424242424242"));
        assertTrue(CardNumbers.isCardNumber("4242 4242 4242 4242"));
        assertTrue(CardNumbers.isCardNumber("5555-5555-5555-4444"));
        assertTrue(CardNumbers.isCardNumber("378282246310005")); // 15-digit Amex
        assertTrue(CardNumbers.isCardNumber("675900000018")); // 12-digit Maestro
    }

    @Test
    void isCardNumber_tokensNearMissesAndTextAroundANumber_areNot() {
        assertFalse(CardNumbers.isCardNumber("tok_visa_4242"));
        assertFalse(CardNumbers.isCardNumber("4242424242424241")); // fails Luhn
        assertFalse(CardNumbers.isCardNumber("42424242424")); // 11 digits
        assertFalse(CardNumbers.isCardNumber("41111111112")); // 11 digits, Luhn-valid
        assertFalse(CardNumbers.isCardNumber("card 4242424242424242")); // the whole value is not one
        assertFalse(CardNumbers.isCardNumber(""));
        assertFalse(CardNumbers.isCardNumber(null));
    }
}
