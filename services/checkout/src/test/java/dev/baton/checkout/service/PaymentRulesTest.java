package dev.baton.checkout.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.checkout.LineItem;
import dev.baton.checkout.NewPayment;
import dev.baton.platform.rest.Problem;
import dev.baton.platform.rest.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentRulesTest {

    private static NewPayment payment(long amount, String token, List<LineItem> items) {
        return new NewPayment(amount, "EUR", "c", "c@example.com", token, items, null, null, null);
    }

    @Test
    void requireAcceptable_itemsAddingUp_passes() {
        assertDoesNotThrow(() -> PaymentRules.requireAcceptable(payment(2500, "tok",
                List.of(new LineItem(null, "a", 2, 1000), new LineItem(null, "b", 1, 500)))));
    }

    @Test
    void requireAcceptable_overflowingItems_areAMismatchNotACrash() {
        var e = assertThrows(ProblemException.class, () -> PaymentRules.requireAcceptable(payment(1, "tok",
                List.of(new LineItem(null, "a", 1_000_000, Long.MAX_VALUE / 2)))));
        assertEquals(422, e.problem().status());
        assertEquals(List.of(new Problem.Violation("lineItems",
                "quantity × unitAmountMinor must add up to amountMinor (1); they add up to more than a long can hold")),
                e.problem().violations());
    }
}
