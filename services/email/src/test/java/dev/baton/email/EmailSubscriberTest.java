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
        assertEquals("Your refund for order o-3", mail.getSubject());
        assertTrue(parts(mail)[0].startsWith("We have refunded 5.05 USD for order o-3."), parts(mail)[0]);
    }
}
