package dev.baton.checkout.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The platform's RFC 7807 mappers, seen through a real deployable. */
@QuarkusTest
class ProblemJsonTest {

    @Test
    void unknownPath_anyRequest_answers404ProblemNamingThePath() {
        given().when().get("/v1/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("No resource at /v1/nothing-here"))
                .body("instance", equalTo("/v1/nothing-here"));
    }

    @Test
    void ownProblem_thrownByUseCase_keepsStatusTypeAndDetail() {
        given().when().get("/test/problems/own")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:payment-already-captured"))
                .body("title", equalTo("Payment already captured"))
                .body("detail", equalTo("Payment pay_1 was captured at 12:00; it cannot be voided."));
    }

    @Test
    void invalidBody_severalFields_listsEachViolation() {
        given().contentType("application/json")
                .body("{\"customer\":\"\",\"lines\":[{\"sku\":\"a\",\"amount\":0}]}")
                .when().post("/test/problems/validated")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:invalid-request"))
                .body("violations.field", equalTo(java.util.List.of("customer", "lines[0].amount")))
                .body("violations.message", equalTo(java.util.List.of("must not be blank", "must be greater than 0")));
    }

    @Test
    void malformedJson_truncatedBody_givesLineAndColumn() {
        given().contentType("application/json")
                .body("{\"customer\": \"c1\",\n \"lines\": [")
                .when().post("/test/problems/validated")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:malformed-json"))
                .body("detail", equalTo("The request body is not the JSON this endpoint takes at line 2, column 12 (field"
                        + " lines): Unexpected end-of-input: expected close marker for Array (start marker at line: 2,"
                        + " column: 11)"));
    }

    @Test
    void wrongFieldType_number_namesTheField() {
        given().contentType("application/json")
                .body("{\"customer\":\"c1\",\"lines\":[{\"sku\":\"a\",\"amount\":\"lots\"}]}")
                .when().post("/test/problems/validated")
                .then().statusCode(400)
                .body("detail", containsString("(field lines[0].amount)"));
    }

    @Test
    void unexpectedError_internalException_hidesItsMessageAndGivesAnId() {
        given().when().get("/test/problems/boom")
                .then().statusCode(500)
                .contentType("application/problem+json")
                .body("detail", matchesPattern("Something went wrong on our side; quote error id [0-9a-f-]{36} when reporting it\\."))
                .body(not(containsString("secret internals")));
    }
}
