package dev.baton.platform.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.DriverManager;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The operational surface every deployable must offer, checked against the real PostgreSQL and RabbitMQ. Each
 * deployable runs it as {@code @QuarkusTest class OperationalEndpointsTest extends OperationalEndpointsContract}.
 */
public abstract class OperationalEndpointsContract {

    @Test
    public void ready_realDatabaseAndBroker_reportsEveryCheckUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("RabbitMQ broker"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.findAll { it.status != 'UP' }.size()", equalTo(0));
    }

    @Test
    public void start_ownDatabase_existsAndIsMigrated() throws Exception {
        var config = ConfigProvider.getConfig();
        String name = config.getValue("baton.db.name", String.class);
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "");
                var rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'flyway_schema_history'"
                                + " AND table_schema = 'public'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "Flyway history table in database " + name);
        }
    }

    @Test
    public void live_always_reportsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    public void openapi_document_namesThisDeployable() {
        String app = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", containsString(app));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    public void metrics_prometheusScrape_exposesJvmAndHttpMetrics() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("process_uptime_seconds"));
    }
}
