package dev.baton.loyalty;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.baton.platform.events.CloudEventCodec;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Knative profile's transport: the same events as HTTP binary-mode CloudEvents, as a Trigger delivers them,
 * through the same inbox.
 */
@QuarkusTest
@TestProfile(LoyaltyKnativeTest.HttpTransport.class)
class LoyaltyKnativeTest {

    /** What the knative profile changes for events. */
    public static class HttpTransport implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("baton.events.transport", "http");
        }
    }

    private static RequestSpecification binary(CloudEvent event) {
        var wire = CloudEventCodec.toHttp(event);
        var request = given().contentType(wire.contentType()).body(wire.body());
        wire.headers().forEach(request::header);
        return request;
    }

    @Test
    void triggerDelivery_binaryModeTwice_answers202AndAppliesOnce() {
        String customer = LoyaltySubscriberTest.id("c");
        CloudEvent event = LoyaltySubscriberTest.orderConfirmed(customer, LoyaltySubscriberTest.id("o"), 4_200, "EUR");

        binary(event).post("/cloudevents").then().statusCode(202);
        binary(event).post("/cloudevents").then().statusCode(202);

        given().get("/v1/loyalty/customers/{c}", customer).then().statusCode(200).body("balance", equalTo(42));
    }

    @Test
    void triggerDelivery_structuredMode_answers202AndApplies() {
        String customer = LoyaltySubscriberTest.id("c");
        CloudEvent event = LoyaltySubscriberTest.orderConfirmed(customer, LoyaltySubscriberTest.id("o"), 700, "EUR");
        var wire = CloudEventCodec.toStructured(event);

        given().contentType(wire.contentType()).body(wire.body()).post("/cloudevents").then().statusCode(202);

        given().get("/v1/loyalty/customers/{c}", customer).then().statusCode(200).body("balance", equalTo(7));
    }

    @Test
    void triggerDelivery_noCloudEventHeaders_answers400AndIsDeadLettered() {
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-source", "/x")
                .header("ce-type", "dev.baton.order.confirmed.v1").body("{}")
                .post("/cloudevents").then().statusCode(400)
                .body(equalTo("malformed CloudEvent: missing required CloudEvent attribute 'id'"));
        given().get("/v1/dead-letters").then().statusCode(200)
                .body("[0].reason", equalTo("malformed CloudEvent: missing required CloudEvent attribute 'id'"))
                .body("[0].transport", equalTo("HTTP"));
    }
}
