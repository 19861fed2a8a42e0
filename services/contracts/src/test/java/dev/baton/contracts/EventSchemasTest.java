package dev.baton.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSchemasTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyType_hasALoadableSchema() {
        for (String type : EventTypes.ALL) {
            assertTrue(EventSchemas.isKnown(type), type);
            // An empty object is invalid for every type: each has required fields.
            assertTrue(!EventSchemas.validate(type, utf8("{}")).isEmpty(), type);
        }
    }

    @Test
    void validate_completeOrderConfirmed_hasNoViolations() {
        assertEquals(List.of(), EventSchemas.validate(EventTypes.ORDER_CONFIRMED, utf8("""
                {"orderId":"o-1","paymentId":"p-1","customerId":"c-1","customerEmail":"ada@example.com",
                 "amountMinor":1250,"currency":"EUR",
                 "lineItems":[{"sku":"BK-1","description":"Book","quantity":1,"unitAmountMinor":1250}]}
                """)));
    }

    @Test
    void validate_lowerCaseCurrencyAndNegativeAmount_reportsBothPaths() {
        List<String> violations = EventSchemas.validate(EventTypes.PAYMENT_SUCCEEDED, utf8("""
                {"paymentId":"p-1","orderId":"o-1","customerId":"c-1","amountMinor":-1,"currency":"eur"}
                """));
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("/amountMinor: "), violations.toString());
        assertTrue(violations.get(1).startsWith("/currency: "), violations.toString());
    }

    @Test
    void validate_notJson_reportsParseError() {
        List<String> violations = EventSchemas.validate(EventTypes.FRAUD_ASSESSED, utf8("{nope"));
        assertEquals(1, violations.size());
        assertTrue(violations.get(0).startsWith("/: not JSON"), violations.toString());
    }

    @Test
    void requireValid_unknownVerdict_throwsNamingTypeAndField() {
        var e = assertThrows(EventSchemas.ContractViolationException.class,
                () -> EventSchemas.requireValid(EventTypes.FRAUD_ASSESSED, utf8("""
                        {"assessmentId":"a","paymentId":"p","customerId":"c","verdict":"MAYBE","reasons":[]}
                        """)));
        assertTrue(e.getMessage().startsWith("Data of dev.baton.fraud.assessed.v1 violates its schema: /verdict: "),
                e.getMessage());
    }

    @Test
    void validate_unknownType_throws() {
        var e = assertThrows(EventSchemas.UnknownEventTypeException.class,
                () -> EventSchemas.validate("dev.baton.nope.v1", utf8("{}")));
        assertEquals("No schema for event type 'dev.baton.nope.v1' under dev/baton/contracts/events/", e.getMessage());
    }
}
