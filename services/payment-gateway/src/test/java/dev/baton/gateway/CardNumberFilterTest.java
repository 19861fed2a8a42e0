package dev.baton.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Card numbers are refused with 422 before anything is stored or logged, wherever they hide in a request: the
 * token field, free text, nested values, JSON numbers, a body that is not JSON, query parameters.
 */
@QuarkusTest
class CardNumberFilterTest {

    private static final String PAN = "4111 1111 1111 1111";
    private static final String MESSAGE = "looks like a card number; send a payment method token (tok_...), never card "
            + "data";

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
        // Proves the capture sees the application's log, so the check after each test can fail.
        Logger.getLogger(CardNumberFilterTest.class.getName()).info("log capture on");
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(capture);
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("log capture on")), "log captured: " + logged);
        assertFalse(logged.stream().anyMatch(l -> l.contains("4111") || l.contains("1111 1111")),
                "no card number in the log: " + logged);
    }

    @Test
    void authorize_cardNumberAsToken_answers422NamingTheFieldWithoutEchoAndStoresNothing() {
        var p = Payments.fresh();
        Payments.command("/v1/authorizations", p.key("authorize"), p.authorizeBody(100, "EUR", PAN))
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:card-number-refused"))
                .body("title", equalTo("Card number refused"))
                .body("detail", equalTo("paymentMethodToken: " + MESSAGE))
                .body("violations", equalTo(List.of(Map.of("field", "paymentMethodToken", "message", MESSAGE))))
                .body(not(containsString("4111")));
        assertEquals(0, p.authorizations());
        assertFalse(Payments.logged(p.key("authorize")));
    }

    @Test
    void void_cardNumberInFreeText_answers422NamingReason() {
        var p = Payments.fresh();
        Payments.command("/v1/authorizations:void", p.key("void_authorization"),
                        p.body("forwardKey", p.key("authorize"), "reason", "customer card 4111-1111-1111-1111 lost"))
                .then().statusCode(422)
                .body("violations[0].field", equalTo("reason"));
        assertFalse(Payments.logged(p.key("void_authorization")));
    }

    @Test
    void authorize_cardNumberNestedInUnknownField_namesItsPath() {
        var p = Payments.fresh();
        var body = p.authorizeBody(100, "EUR", "tok_visa");
        body.put("metadata", Map.of("cards", List.of("none", "5555555555554444")));
        Payments.command("/v1/authorizations", p.key("authorize"), body).then().statusCode(422)
                .body("violations[0].field", equalTo("metadata.cards[1]"));
        assertEquals(0, p.authorizations());
    }

    @Test
    void capture_cardNumberAsJsonNumber_answers422NamingTheField() {
        var p = Payments.fresh();
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).header("Idempotency-Key", p.key("capture"))
                .body("{\"paymentId\":\"%s\",\"customerId\":\"%s\",\"authorizeKey\":\"k\",\"amountMinor\":4111111111111111}"
                        .formatted(p.paymentId(), p.customerId()))
                .post("/v1/captures").then().statusCode(422)
                .body("violations[0].field", equalTo("amountMinor"));
    }

    @Test
    void capture_cardNumberAsJsonFloat_answers422() {
        var p = Payments.fresh();
        given().contentType(ContentType.JSON).header("Idempotency-Key", p.key("capture"))
                .body("{\"paymentId\":\"%s\",\"customerId\":\"%s\",\"authorizeKey\":\"k\",\"amountMinor\":4111111111111111.0}"
                        .formatted(p.paymentId(), p.customerId()))
                .post("/v1/captures").then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:card-number-refused"));
    }

    @Test
    void authorize_malformedJsonWithCardNumber_answers422ForTheBodyNotAParseErrorQuotingIt() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k-" + java.util.UUID.randomUUID())
                .body("{\"paymentMethodToken\": " + PAN + "}")
                .post("/v1/authorizations").then().statusCode(422)
                .body("violations[0].field", equalTo("body"))
                .body(not(containsString("4111")));
    }

    @Test
    void list_cardNumberInQuery_answers422NamingTheParameter() {
        given().urlEncodingEnabled(true).queryParam("paymentId", PAN).get("/v1/authorizations").then().statusCode(422)
                .body("violations[0].field", equalTo("paymentId"));
    }

    @Test
    void void_twelveDigitMaestroNumberInFreeText_answers422() {
        var p = Payments.fresh();
        Payments.command("/v1/authorizations:void", p.key("void_authorization"),
                        p.body("forwardKey", p.key("authorize"), "reason", "maestro 6759 0000 0018"))
                .then().statusCode(422)
                .body("violations[0].field", equalTo("reason"))
                .body(not(containsString("6759")));
        assertFalse(Payments.logged(p.key("void_authorization")));
    }

    @Test
    void void_longNumberFailingLuhn_isNotACardNumber() {
        var p = Payments.fresh();
        Payments.command("/v1/authorizations:void", p.key("void_authorization"),
                        p.body("forwardKey", p.key("authorize"), "reason", "ticket 4111111111111112"))
                .then().statusCode(200).body("status", equalTo("NOTHING_TO_VOID"));
        assertTrue(Payments.logged(p.key("void_authorization")));
    }
}
