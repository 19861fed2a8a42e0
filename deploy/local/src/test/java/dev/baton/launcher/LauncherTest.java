package dev.baton.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    static final Path ROOT = Path.of(System.getProperty("baton.root", "../..")).toAbsolutePath().normalize();

    record Outcome(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Outcome launch(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Launcher.run(List.of(args), ROOT, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void run_postgresUnreachable_printsOneLineNamingPostgresAndTheFix() {
        var o = launch(Map.of("BATON_DB_PORT", "1"), "--no-build");
        assertEquals(2, o.code());
        assertEquals(List.of("PostgreSQL is not reachable at 127.0.0.1:1. Start it (Debian: pg_ctlcluster"
                + " --skip-systemctl-redirect 15 main start) or point BATON_DB_HOST/BATON_DB_PORT at a running server."),
                o.errLines());
        assertEquals("", o.out());
    }

    @Test
    void run_rabbitUnreachable_printsOneLineNamingRabbitMq() {
        var o = launch(Map.of("RABBITMQ_PORT", "1"), "--no-build");
        assertEquals(2, o.code());
        assertEquals(List.of("RabbitMQ is not reachable at 127.0.0.1:1. Start it (rabbitmq-server -detached) or"
                + " point RABBITMQ_HOST/RABBITMQ_PORT at a running broker."), o.errLines());
    }

    @Test
    void run_portTaken_namesPortAndDeployable() throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int offset = taken.getLocalPort() - 8085;
            var o = launch(Map.of(), "--only", "order", "--port-offset", Integer.toString(offset), "--no-build");
            assertEquals(2, o.code());
            assertEquals(List.of(("Port %d for order is already in use. Stop whatever holds it (ss -ltnp"
                    + " 'sport = :%d' shows it) or pass --port-offset N.").formatted(taken.getLocalPort(),
                    taken.getLocalPort())), o.errLines());
        }
    }

    @Test
    void run_unknownOption_exitsTwoWithUsage() {
        var o = launch(Map.of(), "--frobnicate");
        assertEquals(2, o.code());
        assertEquals("deploy/local/run: unknown option '--frobnicate'", o.errLines().getFirst());
        assertTrue(o.err().contains("--port-offset N"));
    }

    @Test
    void parse_unknownDeployable_listsTheKnownOnes() {
        var o = launch(Map.of(), "--only", "checkout,billing");
        assertEquals(2, o.code());
        assertTrue(o.errLines().getFirst().startsWith("deploy/local/run: unknown deployable 'billing'; known: [checkout,"),
                o.err());
    }

    @Test
    void environmentFor_offsetAndSuffix_givesOwnPortDatabaseQueuesAndPeerUrls() {
        var options = LaunchOptions.parse(List.of("--port-offset", "100", "--db-suffix", "_x", "--fresh-databases"), ROOT,
                Map.of("BATON_DB_HOST", "db.local"));
        var env = LocalSystem.environmentFor(options, Deployable.named("payment-gateway").orElseThrow(),
                "127.0.0.1:2525");
        assertEquals("8184", env.get("PORT"));
        assertEquals("gateway_x", env.get("BATON_DB_NAME"));
        assertEquals("true", env.get("BATON_DB_CLEAN_AT_START"));
        assertEquals("true", env.get("BATON_EVENTS_SUBSCRIBER_PURGE_AT_START"));
        assertEquals("baton.events_x", env.get("BATON_EVENTS_EXCHANGE"));
        assertEquals("payment-gateway_x", env.get("BATON_EVENTS_SUBSCRIBER_QUEUE"));
        assertEquals("db.local", env.get("BATON_DB_HOST"));
        assertEquals("http://127.0.0.1:8181", env.get("BATON_TASK_QUEUE_URL"));
        assertEquals("http://127.0.0.1:8182", env.get("BATON_WORKFLOW_ENGINE_URL"));
        assertEquals("127.0.0.1", env.get("SMTP_HOST"));
        assertEquals("2525", env.get("SMTP_PORT"));
        assertEquals(ROOT.resolve("deploy/workflows").toString(), env.get("BATON_WORKFLOWS_DIR"));
        assertEquals("false", env.get("BATON_FAULTS_ENABLED"));
        assertEquals("5", env.get("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE"));
        assertEquals("true", env.get("BATON_COMMAND_AUTH_ENABLED"));
        assertEquals("http://127.0.0.1:8184", env.get("BATON_COMMAND_AUTH_AUDIENCE"),
                "its own URL, as the engine calls it");
        var engine = LocalSystem.environmentFor(options, Deployable.named("workflow-engine").orElseThrow(),
                "127.0.0.1:2525");
        assertEquals("workflow-engine@baton.local", engine.get("BATON_ENGINE_TASKS_OIDC_SERVICE_ACCOUNT"));
        var email = LocalSystem.environmentFor(options, Deployable.named("email").orElseThrow(), "127.0.0.1:2525");
        assertEquals(null, email.get("BATON_COMMAND_AUTH_ENABLED"), "email takes no commands");
    }

    @Test
    void environmentFor_noSuffixNoFresh_sharedExchangeDefaultQueuesNothingPurged() {
        var env = LocalSystem.environmentFor(LaunchOptions.defaults(ROOT, Map.of()),
                Deployable.named("loyalty").orElseThrow(), "127.0.0.1:25");
        assertEquals(null, env.get("BATON_EVENTS_EXCHANGE"));
        assertEquals(null, env.get("BATON_EVENTS_SUBSCRIBER_QUEUE"));
        assertEquals(null, env.get("BATON_EVENTS_SUBSCRIBER_PURGE_AT_START"));
        assertEquals(null, env.get("BATON_DB_CLEAN_AT_START"));
    }

    @Test
    void environmentFor_allDeployables_poolsFitPostgresDefaultConnectionLimit() {
        var options = LaunchOptions.defaults(ROOT, Map.of());
        int total = Deployable.ALL.stream().mapToInt(d -> Integer.parseInt(
                LocalSystem.environmentFor(options, d, "127.0.0.1:25").get("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE"))).sum();
        // Headroom for each deployable's LISTEN, Flyway and relay connections and for a psql or two.
        assertTrue(total + 3 * Deployable.ALL.size() <= 100 - 10, "pools total " + total);
    }

    @Test
    void defaults_runDir_isADirectoryNotTheRunScript() {
        var runDir = LaunchOptions.defaults(ROOT, Map.of()).runDir();
        assertFalse(Files.isRegularFile(runDir), runDir + " is a file: logs could not be written under it");
        assertEquals(ROOT.resolve("deploy/local/runtime"), runDir);
    }

    @Test
    void environmentFor_faultsAndExtraEnv_extraEnvAppliedLast() {
        var options = LaunchOptions.parse(List.of("--faults", "--env", "BATON_DB_NAME=other", "--env", "X=a=b"), ROOT,
                Map.of());
        var env = LocalSystem.environmentFor(options, Deployable.named("order").orElseThrow(), "127.0.0.1:25");
        assertEquals("true", env.get("BATON_FAULTS_ENABLED"));
        assertEquals("other", env.get("BATON_DB_NAME"));
        assertEquals("a=b", env.get("X"));
    }

    @Test
    void parse_badSmtpAndEnv_sayWhatIsExpected() {
        var smtp = assertThrows(IllegalArgumentException.class,
                () -> LaunchOptions.parse(List.of("--smtp", "mailhost"), ROOT, Map.of()));
        var env = assertThrows(IllegalArgumentException.class,
                () -> LaunchOptions.parse(List.of("--env", "=x"), ROOT, Map.of()));
        assertEquals("--smtp takes HOST:PORT, got 'mailhost'", smtp.getMessage());
        assertEquals("--env takes KEY=VALUE, got '=x'", env.getMessage());
    }

    @Test
    void mailSink_messageOverSmtp_isKeptWithRecipientsAndBody(@TempDir Path dir) throws Exception {
        try (var sink = MailSink.start(dir); var socket = new java.net.Socket("127.0.0.1", sink.port())) {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream()));
            var out = new java.io.PrintWriter(socket.getOutputStream(), true);
            java.util.function.Consumer<String> say = line -> out.print(line + "\r\n");
            assertTrue(in.readLine().startsWith("220"));
            for (String line : List.of("EHLO test", "MAIL FROM:<a@b>", "RCPT TO:<c@d>", "DATA")) {
                say.accept(line);
                out.flush();
                String reply = in.readLine();
                while (reply.startsWith("250-")) {
                    reply = in.readLine();
                }
                assertTrue(reply.startsWith("250") || reply.startsWith("354"), line + " -> " + reply);
            }
            say.accept("Subject: hi");
            say.accept("");
            say.accept("..dotted line");
            say.accept(".");
            say.accept("QUIT");
            out.flush();
            assertTrue(in.readLine().startsWith("250"));

            var mail = sink.received().getFirst();
            assertEquals(List.of("c@d"), mail.recipients());
            assertEquals("Subject: hi\r\n\r\n.dotted line\r\n", mail.raw());
            assertEquals(mail.raw(), Files.readString(mail.file()));
        }
    }

    @Test
    void run_notBuiltAndNoBuild_saysWhatToBuild(@TempDir Path emptyRoot) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Launcher.run(List.of("--only", "fraud", "--no-build", "--port-offset", "31000"), emptyRoot,
                Map.of(), new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(2, code);
        assertEquals("Not built yet: fraud. Run ./mvnw -B package -DskipTests, or drop --no-build.",
                err.toString().strip());
    }

    @Test
    void stopLeftovers_processOfAnEarlierRun_isStoppedAndCounted(@TempDir Path dir) throws Exception {
        Path fakeJar = Files.createFile(dir.resolve("quarkus-run.jar"));
        Process leftover = new ProcessBuilder("tail", "-f", fakeJar.toString()).start();
        Process stranger = new ProcessBuilder("tail", "-f", "/dev/null").start();
        try {
            Files.write(dir.resolve("pids"), List.of("fraud " + leftover.pid(), "order " + stranger.pid()));
            assertEquals(1, new PidFile(dir.resolve("pids")).stopLeftovers());
            assertTrue(leftover.waitFor(10, TimeUnit.SECONDS), "leftover stopped");
            assertTrue(stranger.isAlive(), "a process that is not ours is left alone");
            assertFalse(Files.exists(dir.resolve("pids")));
        } finally {
            leftover.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    @Test
    void script_noJava25Anywhere_printsOneLineWithTheFix() throws Exception {
        var pb = new ProcessBuilder("bash", ROOT.resolve("deploy/local/run").toString());
        pb.environment().put("JAVA_HOME", "/nonexistent-jdk");
        pb.environment().put("BATON_JDK_SEARCH", "");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("No Java 25 JDK found"), err);
        assertTrue(err.contains("set JAVA_HOME"), err);
    }
}
