package dev.baton.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where in a body the filter finds card numbers, and what it names. The HTTP side (422, no echo, nothing stored,
 * switched on per deployable) is proved by the services that turn it on: payment-gateway's CardNumberFilterTest,
 * fraud's AssessTest, checkout's CreatePaymentTest.
 */
class CardNumberFilterTest {

    private final CardNumberFilter filter = new CardNumberFilter(new ObjectMapper(), () -> true);

    private List<String> fields(String body) {
        return filter.fieldsWithCardNumbers(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refuseCardNumbers_switchedOff_letsEveryRequestThroughUnread() {
        // Off (the default): the request is not even looked at, so a null context cannot be touched.
        assertNull(new CardNumberFilter(new ObjectMapper(), () -> false).refuseCardNumbers(null));
    }

    @Test
    void fieldsWithCardNumbers_tokensAndAmounts_findNothing() {
        assertEquals(List.of(), fields("""
                {"paymentMethodToken":"tok_visa","amountMinor":2500,"currency":"EUR",
                 "paymentId":"7d1f0a52-5b61-4c1e-9a55-0d3c4a1e2b3f","lineItems":[{"description":"Mug"}]}"""));
    }

    @Test
    void fieldsWithCardNumbers_valuesAnywhere_nameEachPath() {
        assertEquals(List.of("paymentMethodToken", "lineItems[1].description", "metadata.cards[0]"), fields("""
                {"paymentMethodToken":"4111 1111 1111 1111",
                 "lineItems":[{"description":"Mug"},{"description":"card 5555-5555-5555-4444"}],
                 "metadata":{"cards":["675900000018","none"]}}"""));
    }

    @Test
    void fieldsWithCardNumbers_jsonNumber_namesTheField() {
        assertEquals(List.of("amountMinor"), fields("{\"amountMinor\":4111111111111111}"));
    }

    @Test
    void fieldsWithCardNumbers_jsonFloat_namesTheField() {
        assertEquals(List.of("amountMinor"), fields("{\"amountMinor\":4111111111111111.0}"));
    }

    @Test
    void fieldsWithCardNumbers_floatTooLongForADouble_isFoundInTheRawBody() {
        // A double keeps about 16 digits: read back, this 19-digit card number is another number.
        assertEquals(List.of("body"), fields("{\"amountMinor\":4111111111111111110.0}"));
    }

    @Test
    void fieldsWithCardNumbers_cardNumberAsAKey_namesTheObjectHoldingIt() {
        assertEquals(List.of("body"), fields("{\"4111111111111111\":\"x\"}"));
        assertEquals(List.of("metadata"), fields("{\"metadata\":{\"4111111111111111\":\"x\"}}"));
    }

    @Test
    void fieldsWithCardNumbers_notJson_searchesTheRawText() {
        assertEquals(List.of("body"), fields("{\"paymentMethodToken\": 4111 1111 1111 1111}"));
        assertEquals(List.of(), fields("{\"paymentMethodToken\": tok_visa"));
    }
}
