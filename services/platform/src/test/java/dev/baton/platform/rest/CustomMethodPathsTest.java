package dev.baton.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rewrite on a bare Vert.x router that answers the path and query it was routed with. That the platform
 * registers it in every Baton-own deployable is proved there: order's OrderResourceTest and payment-gateway's
 * VoidTest send {@code %3A} and reach the command.
 */
class CustomMethodPathsTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(CustomMethodPaths::decodeColon);
        router.route().handler(rc -> rc.end(rc.request().path() + " " + rc.request().query()));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String routed(String pathAndQuery) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void decodeColon_percentEncodedColon_isRoutedAsALiteralOne() throws Exception {
        assertEquals("/v1/orders:confirm null", routed("/v1/orders%3Aconfirm"));
        assertEquals("/v1/authorizations:void null", routed("/v1/authorizations%3avoid"));
    }

    @Test
    void decodeColon_queryString_isKept() throws Exception {
        assertEquals("/v1/payments/p-1:complete a=1&b=%3A", routed("/v1/payments/p-1%3Acomplete?a=1&b=%3A"));
    }

    @Test
    void decodeColon_pathsWithoutAnEncodedColon_passUnchanged() throws Exception {
        assertEquals("/v1/orders:cancel null", routed("/v1/orders:cancel"));
        assertEquals("/v1/orders x=%3A", routed("/v1/orders?x=%3A"));
    }
}
