package dev.baton.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * Checks, before anything starts, that the servers Baton needs are there and its ports are free, so that a
 * missing PostgreSQL costs the user one line instead of ten stack traces from ten deployables.
 */
final class Preflight {

    private static final int CONNECT_TIMEOUT_MS = 2000;

    private Preflight() {
    }

    /** Fails with the first missing server or taken port. */
    static void check(LaunchOptions o) throws LaunchException {
        if (!reachable(o.dbHost(), o.dbPort())) {
            throw new LaunchException("PostgreSQL is not reachable at %s:%d. Start it (Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start) or point BATON_DB_HOST/BATON_DB_PORT at a running server."
                    .formatted(o.dbHost(), o.dbPort()));
        }
        if (!reachable(o.rabbitHost(), o.rabbitPort())) {
            throw new LaunchException("RabbitMQ is not reachable at %s:%d. Start it (rabbitmq-server -detached) or point RABBITMQ_HOST/RABBITMQ_PORT at a running broker."
                    .formatted(o.rabbitHost(), o.rabbitPort()));
        }
        List<Deployable> wanted = o.deployables();
        for (Deployable d : wanted) {
            int port = o.portOf(d);
            if (!free(port)) {
                throw new LaunchException("Port %d for %s is already in use. Stop whatever holds it (ss -ltnp 'sport = :%d' shows it) or pass --port-offset N."
                        .formatted(port, d.name(), port));
            }
        }
    }

    static boolean reachable(String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean free(int port) {
        try (var server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
