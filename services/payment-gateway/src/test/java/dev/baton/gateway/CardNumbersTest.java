package dev.baton.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What counts as a card number: 13 to 19 digits, spaces or dashes between groups, Luhn-valid. */
class CardNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111111",            // Visa test number
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "5555555555554444",            // Mastercard
            "378282246310005",             // Amex, 15 digits
            "4222222222222",               // 13 digits
            "6011000990139424",            // Discover
            "tok_4111111111111111",        // glued to letters
            "my card is 4111 1111 1111 1111, please charge it",
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
            "411111111111",                // 12 digits
            "41111111111111111111",        // 20 digits in one group
            "4111.1111.1111.1111",         // dots are not card separators
            "tok_visa",
            "pay-00000000-0000-4000-8000-000000000000",
            "12345678-1234-4123-9123-123456789012",  // an all-decimal UUID
            "2024-06-01 12:00",
    })
    void containsCardNumber_notCardLike_isFalse(String text) {
        assertFalse(CardNumbers.containsCardNumber(text), text);
    }
}
