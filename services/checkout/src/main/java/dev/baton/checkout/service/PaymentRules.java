package dev.baton.checkout.service;

import dev.baton.checkout.LineItem;
import dev.baton.checkout.NewPayment;
import dev.baton.platform.rest.Problem;
import dev.baton.platform.rest.ProblemException;
import java.util.List;

/**
 * The rule a well-formed payment request must also meet, a 422 naming the offending field: line items that add up to
 * the amount. (Card numbers never get this far: the platform's CardNumberFilter refuses them before the body is
 * parsed.)
 */
public final class PaymentRules {

    private PaymentRules() {
    }

    /** Throws the problem of the rule {@code p} breaks, if any. */
    public static void requireAcceptable(NewPayment p) {
        long total = 0;
        boolean overflow = false;
        for (LineItem item : p.lineItems()) {
            try {
                total = Math.addExact(total, Math.multiplyExact(item.unitAmountMinor(), (long) item.quantity()));
            } catch (ArithmeticException e) {
                overflow = true;
                break;
            }
        }
        if (overflow || total != p.amountMinor()) {
            String sum = overflow ? "more than a long can hold" : Long.toString(total);
            String message = "quantity × unitAmountMinor must add up to amountMinor (%d); they add up to %s"
                    .formatted(p.amountMinor(), sum);
            throw new ProblemException(new Problem("urn:baton:problem:amount-mismatch", "Line items do not add up",
                    422, "lineItems: " + message, null, List.of(new Problem.Violation("lineItems", message))));
        }
    }
}
