package dev.baton.fraud;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET/POST/DELETE /v1/blocklist, the configured seeds, and assessments that hit a list. */
@QuarkusTest
class BlocklistTest {

    private static io.restassured.response.Response add(String kind, String value, String reason) {
        return given().contentType(ContentType.JSON).body(Map.of("kind", kind, "value", value, "reason", reason))
                .post("/v1/blocklist");
    }

    private static void remove(String kind, String value) {
        given().queryParam("kind", kind).queryParam("value", value).delete("/v1/blocklist").then().statusCode(204);
    }

    @Test
    void seeds_fromConfiguration_areListedNormalisedWithSourceConfig() {
        given().queryParam("kind", "COUNTRY").get("/v1/blocklist").then().statusCode(200)
                .body("findAll { it.value == 'KP' }.source", equalTo(List.of("CONFIG")));
        given().get("/v1/blocklist").then().statusCode(200)
                .body("value", hasItem("blocked-by-config.example"));
    }

    @Test
    void add_newEntry_answers201ThenTheSameAgainAnswers200() {
        String customer = "cus-" + UUID.randomUUID();
        add("CUSTOMER", customer, "chargebacks").then().statusCode(201)
                .body("kind", equalTo("CUSTOMER"))
                .body("value", equalTo(customer))
                .body("reason", equalTo("chargebacks"))
                .body("source", equalTo("API"));
        add("CUSTOMER", customer, "again").then().statusCode(200).body("reason", equalTo("chargebacks"));
        given().queryParam("kind", "CUSTOMER").get("/v1/blocklist").then().statusCode(200)
                .body("findAll { it.value == '" + customer + "' }.size()", equalTo(1));
        remove("CUSTOMER", customer);
    }

    @Test
    void assess_blockedCustomer_rejectsUntilTheEntryIsRemoved() {
        var c = Assessments.fresh();
        add("CUSTOMER", c.customerId(), "chargebacks").then().statusCode(201);

        var answer = c.assess(1_000);
        answer.then().statusCode(200).body("verdict", equalTo("REJECT")).body("score", equalTo(100))
                .body("reasons", equalTo(List.of(Map.of("rule", "blocklist.customer",
                        "detail", "customer " + c.customerId() + " is blocked (chargebacks)"))));

        remove("CUSTOMER", c.customerId());
        c.assess(1_000).then().body("verdict", equalTo("APPROVE"));
    }

    @Test
    void assess_blockedToken_rejects() {
        var c = Assessments.fresh();
        add("TOKEN", c.token(), "stolen").then().statusCode(201);
        assertEquals(List.of("blocklist.token"), Assessments.rules(c.assess(1_000)));
        remove("TOKEN", c.token());
    }

    @Test
    void assess_emailInASubdomainOfABlockedDomain_rejects() {
        String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        add("EMAIL_DOMAIN", domain.toUpperCase(), "disposable").then().statusCode(201).body("value", equalTo(domain));
        var c = Assessments.fresh();
        var answer = c.assess(1_000, "customerEmail", "someone@mail." + domain);
        answer.then().body("verdict", equalTo("REJECT"));
        assertEquals(List.of("blocklist.email-domain"), Assessments.rules(answer));
        remove("EMAIL_DOMAIN", domain);
    }

    @Test
    void assess_configuredCountryAsIpCountry_rejectsAndListsTheMismatchToo() {
        var c = Assessments.fresh();
        var answer = c.assess(1_000, "billingCountry", "DE", "ipCountry", "KP");
        answer.then().body("verdict", equalTo("REJECT"));
        assertEquals(List.of("blocklist.country", "country.mismatch"), Assessments.rules(answer));
    }

    @Test
    void assess_configuredEmailDomain_rejects() {
        var c = Assessments.fresh();
        assertEquals(List.of("blocklist.email-domain"),
                Assessments.rules(c.assess(1_000, "customerEmail", "x@blocked-by-config.example")));
    }

    @Test
    void add_valueTheKindCannotHold_answers422NamingValue() {
        add("COUNTRY", "Germany", "x").then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:invalid-blocklist-value"))
                .body("violations[0].field", equalTo("value"))
                .body("violations[0].message", equalTo("must be an ISO 3166-1 alpha-2 country code such as DE"));
        add("EMAIL_DOMAIN", "not a domain", "x").then().statusCode(422);
        add("TOKEN", "4000-1234", "x").then().statusCode(422);
    }

    @Test
    void add_unknownKind_answers400NamingKind() {
        add("IBAN", "x", "y").then().statusCode(400)
                .body("violations[0].field", equalTo("kind"))
                .body("violations[0].message", equalTo("must be one of CUSTOMER, TOKEN, EMAIL_DOMAIN, COUNTRY"));
    }

    @Test
    void remove_notListed_answers404() {
        given().queryParam("kind", "CUSTOMER").queryParam("value", "nobody-" + UUID.randomUUID())
                .delete("/v1/blocklist").then().statusCode(404)
                .body("type", equalTo("urn:baton:problem:blocklist-entry-not-found"));
    }

    @Test
    void remove_withoutKind_answers400() {
        given().queryParam("value", "x").delete("/v1/blocklist").then().statusCode(400)
                .body("violations[0].field", equalTo("kind"));
    }
}
