package dev.baton.checkout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CardNumbersTest {

    @Test
    void isCardNumber_luhnValidPansInTheWaysPeopleWriteThem_areRecognised() {
        assertTrue(CardNumbers.isCardNumber("4242424242424242"));
        assertTrue(CardNumbers.isCardNumber("4242 4242 4242 4242"));
        assertTrue(CardNumbers.isCardNumber("5555-5555-5555-4444"));
        assertTrue(CardNumbers.isCardNumber("378282246310005")); // 15-digit Amex
    }

    @Test
    void isCardNumber_tokensAndNearMisses_areNot() {
        assertFalse(CardNumbers.isCardNumber("tok_visa_4242"));
        assertFalse(CardNumbers.isCardNumber("4242424242424241")); // fails Luhn
        assertFalse(CardNumbers.isCardNumber("42424242424")); // 11 digits
        assertFalse(CardNumbers.isCardNumber(null));
    }

    @Test
    void containsCardNumber_freeText_findsAStandaloneRunOnly() {
        assertTrue(CardNumbers.containsCardNumber("please charge 4242 4242 4242 4242 thanks"));
        assertFalse(CardNumbers.containsCardNumber("order ref 42424242424242420000000")); // part of a longer run
        assertFalse(CardNumbers.containsCardNumber("2 mugs, 1 spoon"));
        assertFalse(CardNumbers.containsCardNumber(null));
    }
}
