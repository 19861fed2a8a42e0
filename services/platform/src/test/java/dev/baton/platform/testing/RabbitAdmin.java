package dev.baton.platform.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Simulates losing the broker without stopping it (other suites share the local RabbitMQ): closes the
 * connections that carry a given client-provided name, as an operator would with {@code rabbitmqctl}.
 */
public final class RabbitAdmin {

    private RabbitAdmin() {
    }

    /**
     * Closes every connection named {@code name}.
     *
     * @return how many were closed
     */
    public static int closeConnectionsNamed(String name) throws IOException, InterruptedException {
        List<String> pids = new ArrayList<>();
        for (String line : run("rabbitmqctl", "-q", "list_connections", "--no-table-headers", "pid", "client_properties").split("\n")) {
            if (line.contains("\"" + name + "\"") || line.contains("<<\"" + name + "\">>")) {
                pids.add(line.split("\t")[0].trim());
            }
        }
        for (String pid : pids) {
            run("rabbitmqctl", "-q", "close_connection", pid, "test: simulated broker loss");
        }
        return pids.size();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
