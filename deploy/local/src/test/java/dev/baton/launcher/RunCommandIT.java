package dev.baton.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, exactly as a user runs it (the script, not the Java API), against the packaged
 * deployables the reactor built: all ten become ready, the sample payment it sends ends SUCCEEDED, and SIGTERM
 * leaves none of their processes behind.
 * Ports and databases are offset so a system the developer is running at the same time is not disturbed.
 */
class RunCommandIT {

    static final Path ROOT = LauncherTest.ROOT;

    @Test
    void runCommand_allDeployables_becomeReadySamplePaymentSucceedsAndStopCleanlyOnSigterm() throws Exception {
        var pb = new ProcessBuilder("bash", ROOT.resolve("deploy/local/run").toString(), "--no-build",
                "--port-offset", "20000", "--db-suffix", "_systest", "--fresh-databases", "--run-dir", "deploy/local/target/systest-run")
                .redirectErrorStream(true);
        Process run = pb.start();
        List<String> lines = new ArrayList<>();
        var reader = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<String> sample = new CompletableFuture<>();
        // Reads everything the command prints, to its end, so the lines printed while stopping are seen too.
        Thread pump = Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith("Baton is running")) {
                        ready.complete(null);
                    }
                    if (line.startsWith("Sample payment") && !line.endsWith("...")) {
                        sample.complete(line);
                    }
                }
            } catch (java.io.IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("run command ended before it was ready"));
            sample.completeExceptionally(new IllegalStateException("run command ended before the sample payment"));
        });
        Map<String, Long> pids = new LinkedHashMap<>();
        try {
            ready.get(300, TimeUnit.SECONDS);
            for (String line : List.copyOf(lines)) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length == 4 && cols[1].startsWith("http://")) {
                    pids.put(cols[0], Long.parseLong(cols[2]));
                    assertTrue(LocalSystem.ready(HttpClient.newHttpClient(), cols[1]), cols[0] + " ready at " + cols[1]);
                }
            }
            assertEquals(Deployable.ALL.stream().map(Deployable::name).toList(), List.copyOf(pids.keySet()),
                    "table rows:\n" + String.join("\n", lines));
            pids.forEach((name, pid) -> assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    name + " alive"));
            String outcome = sample.get(120, TimeUnit.SECONDS);
            assertTrue(outcome.matches("Sample payment [0-9a-f-]{36} SUCCEEDED: order [0-9a-f-]{36} confirmed, .*"),
                    outcome);
        } finally {
            // SIGTERM, as a service manager sends (Process.destroy would also close the output we still read).
            new ProcessBuilder("kill", "-TERM", Long.toString(run.pid())).start().waitFor();
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "launcher exits after SIGTERM");
            pump.join(5000);
        }
        String all = String.join("\n", lines);
        assertTrue(all.contains("Stopped. No Baton process is left running."), all);
        pids.forEach((name, pid) -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                name + " (pid " + pid + ") still running after stop"));
    }
}
