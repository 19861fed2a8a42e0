package dev.baton.email;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.testing.TestBroker;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Email end to end: real CloudEvents on the real RabbitMQ in, real SMTP out to an embedded GreenMail server; the
 * assertions are on the mail received. Every test uses its own recipient.
 */
@QuarkusTest
@WithTestResource(SmtpServer.class)
class EmailSubscriberTest {

    private static TestBroker broker;

    @BeforeAll
    static void connect() throws Exception {
        broker = new TestBroker(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("baton.events.exchange", String.class));
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    private static String recipient() {
        return "customer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static CloudEvent event(String source, String type, String json) {
        var event = TestBroker.event(source, type, "subject", json);
        EventSchemas.requireValid(type, event.getData().toBytes());
        return event;
    }

    private static CloudEvent orderConfirmed(String to, String order) {
        return event("/baton/order", EventTypes.ORDER_CONFIRMED, """
                {"orderId":"%s","paymentId":"pay-1","customerId":"c-1","customerEmail":"%s",
                 "amountMinor":3750,"currency":"EUR",
                 "lineItems":[{"sku":"BK","description":"Book <Vol. 1>","quantity":2,"unitAmountMinor":1250},
                              {"description":"Shipping","quantity":1,"unitAmountMinor":1250}]}"""
                .formatted(order, to));
    }

    private static List<MimeMessage> mailTo(String to) {
        return Arrays.stream(SmtpServer.greenMail.getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(to);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static MimeMessage awaitOneMailTo(String to) {
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(to).size() >= 1);
        List<MimeMessage> mails = mailTo(to);
        assertEquals(1, mails.size(), "mails to " + to);
        return mails.get(0);
    }

    /** The text/plain and text/html parts of a multipart/alternative mail, in that order. */
    private static String[] parts(MimeMessage mail) throws Exception {
        var multipart = (MimeMultipart) mail.getContent();
        String text = null;
        String html = null;
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            Object content = part.getContent();
            if (content instanceof MimeMultipart nested) {
                for (int j = 0; j < nested.getCount(); j++) {
                    var inner = nested.getBodyPart(j);
                    if (inner.isMimeType("text/plain")) {
                        text = (String) inner.getContent();
                    } else if (inner.isMimeType("text/html")) {
                        html = (String) inner.getContent();
                    }
                }
            } else if (part.isMimeType("text/plain")) {
                text = (String) content;
            } else if (part.isMimeType("text/html")) {
                html = (String) content;
            }
        }
        return new String[] {text, html};
    }

    @Test
    void orderConfirmed_receiptWithLinesAndTotal_sentAsTextAndHtml() throws Exception {
        String to = recipient();
        broker.publish(orderConfirmed(to, "o-100"));

        MimeMessage mail = awaitOneMailTo(to);
        assertEquals("Your receipt for order o-100", mail.getSubject());
        assertEquals("Baton <receipts@baton.dev>", mail.getFrom()[0].toString());
        String[] parts = parts(mail);
        assertEquals("""
                Thank you for your order o-100.

                2 x Book <Vol. 1>  12.50 EUR
                1 x Shipping  12.50 EUR

                Total: 37.50 EUR
                Payment: pay-1

                Baton""", parts[0].replace("\r\n", "\n").strip());
        assertTrue(parts[1].contains("<tr><td>2</td><td>Book &lt;Vol. 1&gt;</td><td>12.50 EUR</td></tr>"), parts[1]);
        assertTrue(parts[1].contains("<strong>Total: 37.50 EUR</strong>"), parts[1]);
    }

    @Test
    void orderConfirmed_deliveredTwice_sendsOneReceipt() throws Exception {
        String to = recipient();
        CloudEvent event = orderConfirmed(to, "o-200");
        broker.publish(event);
        broker.publish(event);
        String marker = recipient();
        broker.publish(orderConfirmed(marker, "o-201"));

        awaitOneMailTo(marker);
        awaitOneMailTo(to);
    }

    @Test
    void paymentFailed_declinedCard_sendsNoticeWithReasonText() throws Exception {
        String to = recipient();
        broker.publish(event("/baton/checkout", EventTypes.PAYMENT_FAILED, """
                {"paymentId":"pay-9","customerId":"c-9","customerEmail":"%s","amountMinor":1500,"currency":"JPY",
                 "reason":"card_declined"}""".formatted(to)));

        MimeMessage mail = awaitOneMailTo(to);
        assertEquals("Your payment pay-9 did not go through", mail.getSubject());
        String[] parts = parts(mail);
        assertTrue(parts[0].replace("\r\n", "\n")
                .startsWith("Your payment pay-9 of 1500 JPY did not go through.\n\nYour card was declined."), parts[0]);
        assertTrue(parts[1].contains("<strong>1500 JPY</strong>"), parts[1]);
    }

    @Test
    void paymentRefunded_partialRefund_sendsNoticeWithAmount() throws Exception {
        String to = recipient();
        broker.publish(event("/baton/payment-gateway", EventTypes.PAYMENT_REFUNDED, """
                {"refundId":"re-1","paymentId":"pay-3","orderId":"o-3","customerId":"c-3","customerEmail":"%s",
                 "amountMinor":505,"currency":"USD"}""".formatted(to)));

        MimeMessage mail = awaitOneMailTo(to);
        assertEquals("Your refund for order o-3 (payment pay-3)", mail.getSubject());
        assertTrue(parts(mail)[0].startsWith("We have refunded 5.05 USD for order o-3."), parts(mail)[0]);
    }

    private static List<MimeMessage> awaitMailsTo(String to, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(to).size() >= count);
        List<MimeMessage> mails = mailTo(to);
        assertEquals(count, mails.size(), "mails to " + to);
        return mails;
    }

    @Test
    void paymentFailedAfterCapture_sagaRefundedItEitherOrder_failureNoticeSaysRefundAndRefundNoticeFollows()
            throws Exception {
        for (boolean refundFirst : List.of(true, false)) {
            String to = recipient();
            String payment = "pay-" + UUID.randomUUID().toString().substring(0, 8);
            String order = "o-" + payment;
            // As the saga produces them: the compensation refunds the capture, then checkout reports the failure
            // with the engine's error text as message.
            CloudEvent refund = event("/baton/payment-gateway", EventTypes.PAYMENT_REFUNDED, """
                    {"refundId":"re-%s","paymentId":"%s","orderId":"%s","customerId":"c-1","customerEmail":"%s",
                     "amountMinor":4200,"currency":"EUR"}""".formatted(payment, payment, order, to));
            CloudEvent failure = event("/baton/checkout", EventTypes.PAYMENT_FAILED, """
                    {"paymentId":"%s","customerId":"c-1","customerEmail":"%s","amountMinor":4200,"currency":"EUR",
                     "reason":"confirm_order_failed","message":"HTTP 500 from http://127.0.0.1:8085/v1/orders:confirm"}"""
                    .formatted(payment, to));
            for (CloudEvent e : refundFirst ? List.of(refund, failure) : List.of(failure, refund)) {
                broker.publish(e);
            }

            List<MimeMessage> mails = awaitMailsTo(to, 2);
            MimeMessage notice = mails.stream().filter(m -> subject(m).contains("did not go through")).findFirst()
                    .orElseThrow();
            MimeMessage refundNotice = mails.stream().filter(m -> subject(m).startsWith("Your refund")).findFirst()
                    .orElseThrow();
            assertEquals("Your payment " + payment + " did not go through", notice.getSubject());
            assertEquals("""
                    Your payment %s of 42.00 EUR did not go through.

                    We could not complete it because of a problem on our side.

                    Any amount taken for it is refunded in full: if money was taken, you will
                    receive a separate refund notice.

                    Baton""".formatted(payment), parts(notice)[0].replace("\r\n", "\n").strip());
            assertTrue(!parts(notice)[1].contains("No money was taken"), parts(notice)[1]);
            assertEquals("Your refund for order " + order + " (payment " + payment + ")", refundNotice.getSubject());
            assertTrue(parts(refundNotice)[0].replace("\r\n", "\n").startsWith("""
                    We have refunded 42.00 EUR for order %s.

                    Refund: re-%s
                    Payment: %s""".formatted(order, payment, payment)), parts(refundNotice)[0]);
        }
    }

    @Test
    void paymentFailed_declinedBeforeCapture_saysNoMoneyWasTaken() throws Exception {
        String to = recipient();
        broker.publish(event("/baton/checkout", EventTypes.PAYMENT_FAILED, """
                {"paymentId":"pay-77","customerId":"c-7","customerEmail":"%s","amountMinor":990,"currency":"EUR",
                 "reason":"fraud_rejected","message":"We could not verify this payment."}""".formatted(to)));

        MimeMessage mail = awaitOneMailTo(to);
        assertEquals("""
                Your payment pay-77 of 9.90 EUR did not go through.

                We could not verify this payment.

                No money was taken. You can try again with another payment method.

                Baton""", parts(mail)[0].replace("\r\n", "\n").strip());
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
