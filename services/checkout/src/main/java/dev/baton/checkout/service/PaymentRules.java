package dev.baton.checkout.service;

import dev.baton.checkout.CardNumbers;
import dev.baton.checkout.LineItem;
import dev.baton.checkout.NewPayment;
import dev.baton.platform.rest.Problem;
import dev.baton.platform.rest.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules a well-formed payment request must also meet, each a 422 naming the offending field: no card number
 * anywhere (only gateway tokens enter Baton), and line items that add up to the amount.
 */
public final class PaymentRules {

    private PaymentRules() {
    }

    /** Throws the first rule's problem that {@code p} breaks. */
    public static void requireAcceptable(NewPayment p) {
        var cards = new ArrayList<Problem.Violation>();
        if (CardNumbers.isCardNumber(p.paymentMethodToken()) || CardNumbers.containsCardNumber(p.paymentMethodToken())) {
            cards.add(new Problem.Violation("paymentMethodToken",
                    "is a card number; send the token the payment gateway issued for the card instead"));
        }
        if (CardNumbers.containsCardNumber(p.description())) {
            cards.add(new Problem.Violation("description", "contains a card number"));
        }
        for (int i = 0; i < p.lineItems().size(); i++) {
            LineItem item = p.lineItems().get(i);
            if (CardNumbers.containsCardNumber(item.description())) {
                cards.add(new Problem.Violation("lineItems[%d].description".formatted(i), "contains a card number"));
            }
        }
        if (!cards.isEmpty()) {
            // The detail never repeats the number: problems end up in logs.
            throw new ProblemException(new Problem("urn:baton:problem:card-number-refused", "Card number refused",
                    422, "Card numbers never enter Baton; tokenize the card with the payment gateway first", null,
                    cards));
        }
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
