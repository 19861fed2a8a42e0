package dev.baton.platform.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoCurrencyTest {

    @IsoCurrency
    private String required;
    @IsoCurrency(allowEmpty = true)
    private String filter;

    private static IsoCurrency.Validator validator(String field) throws Exception {
        var v = new IsoCurrency.Validator();
        v.initialize(IsoCurrencyTest.class.getDeclaredField(field).getAnnotation(IsoCurrency.class));
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"EUR", "USD", "GBP", "JPY", "CHF"})
    void isValid_realCurrencies_areAccepted(String code) throws Exception {
        assertTrue(validator("required").isValid(code, null), code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eur", "EURO", "EU", "ABC", "XYZ", " EUR", "E1R", ""})
    void isValid_malformedOrUnknownCodes_areRefused(String code) throws Exception {
        assertFalse(validator("required").isValid(code, null), code);
    }

    @Test
    void isValid_null_isLeftToNotNull() throws Exception {
        assertTrue(validator("required").isValid(null, null));
    }

    @Test
    void isValid_emptyWithAllowEmpty_isAcceptedButStillChecksCodes() throws Exception {
        assertTrue(validator("filter").isValid("", null));
        assertFalse(validator("filter").isValid("eur", null));
        assertTrue(validator("filter").isValid("EUR", null));
    }
}
