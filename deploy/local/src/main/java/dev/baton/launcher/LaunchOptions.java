package dev.baton.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to start and where. Parsed from the command line by {@link #parse}; system tests build one directly.
 *
 * @param root         repository root (holds mvnw and the modules)
 * @param runDir       where logs, the pid file and mail go (default {@code deploy/local/runtime}; not the script's own name)
 * @param deployables  what to start (default: all ten)
 * @param portOffset   added to every deployable's port, so a second system can run beside the first (default 0)
 * @param dbSuffix     appended to every database name, for the same reason (default empty)
 * @param freshDatabases drop everything in each deployable's database before it migrates (default false; system
 *                     tests use it so each run starts from the committed migrations)
 * @param build        build missing packaged applications with the Maven Wrapper before starting (default true)
 * @param readyTimeout how long every deployable together may take to report ready (default 180 s)
 * @param jvmOptions   options for each deployable's JVM (default: serial GC and a 384 MB heap, sized so ten fit
 *                     on a small machine)
 * @param dbHost       PostgreSQL host ({@code BATON_DB_HOST}, default 127.0.0.1)
 * @param dbPort       PostgreSQL port ({@code BATON_DB_PORT}, default 5432)
 * @param rabbitHost   RabbitMQ host ({@code RABBITMQ_HOST}, default 127.0.0.1)
 * @param rabbitPort   RabbitMQ port ({@code RABBITMQ_PORT}, default 5672)
 * @param smtp         where the email deployable sends mail ({@code host:port}); null (default) starts the
 *                     launcher's own {@link MailSink}, which keeps every message under {@code runDir/mail}
 * @param faults       let the system tests inject faults into the saga services ({@code BATON_FAULTS_ENABLED};
 *                     default false)
 * @param samplePayment once everything is ready, send one sample payment through checkout and print its outcome
 *                     (default true for the command; system tests turn it off)
 * @param extraEnv     more environment for every deployable ({@code --env KEY=VALUE}), applied last
 */
public record LaunchOptions(Path root, Path runDir, List<Deployable> deployables, int portOffset, String dbSuffix,
        boolean freshDatabases, boolean build, Duration readyTimeout, List<String> jvmOptions, String dbHost, int dbPort,
        String rabbitHost, int rabbitPort, String smtp, boolean faults, boolean samplePayment,
        Map<String, String> extraEnv) {

    public LaunchOptions {
        deployables = List.copyOf(deployables);
        jvmOptions = List.copyOf(jvmOptions);
        extraEnv = Map.copyOf(extraEnv);
    }

    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx384m");

    /** Defaults for a repository root, taking server locations from the given environment. */
    public static LaunchOptions defaults(Path root, Map<String, String> env) {
        return new LaunchOptions(root, root.resolve("deploy/local/runtime"), Deployable.ALL, 0, "", false, true,
                Duration.ofSeconds(180), DEFAULT_JVM_OPTIONS,
                env.getOrDefault("BATON_DB_HOST", "127.0.0.1"), intOf(env, "BATON_DB_PORT", 5432),
                env.getOrDefault("RABBITMQ_HOST", "127.0.0.1"), intOf(env, "RABBITMQ_PORT", 5672), null, false, true,
                Map.of());
    }

    /** The port a deployable listens on in this run. */
    public int portOf(Deployable d) {
        return d.port() + portOffset;
    }

    /** The base URL of a deployable in this run. */
    public String urlOf(Deployable d) {
        return "http://127.0.0.1:" + portOf(d);
    }

    public LaunchOptions withRunDir(Path dir) {
        return new LaunchOptions(root, dir, deployables, portOffset, dbSuffix, freshDatabases, build, readyTimeout,
                jvmOptions, dbHost, dbPort, rabbitHost, rabbitPort, smtp, faults, samplePayment, extraEnv);
    }

    public LaunchOptions withPorts(int offset, String suffix) {
        return new LaunchOptions(root, runDir, deployables, offset, suffix, freshDatabases, build, readyTimeout,
                jvmOptions, dbHost, dbPort, rabbitHost, rabbitPort, smtp, faults, samplePayment, extraEnv);
    }

    public LaunchOptions withServers(String dbHost, int dbPort, String rabbitHost, int rabbitPort) {
        return new LaunchOptions(root, runDir, deployables, portOffset, dbSuffix, freshDatabases, build, readyTimeout,
                jvmOptions, dbHost, dbPort, rabbitHost, rabbitPort, smtp, faults, samplePayment, extraEnv);
    }

    public LaunchOptions withDeployables(List<Deployable> only) {
        return new LaunchOptions(root, runDir, only, portOffset, dbSuffix, freshDatabases, build, readyTimeout,
                jvmOptions, dbHost, dbPort, rabbitHost, rabbitPort, smtp, faults, samplePayment, extraEnv);
    }

    /** Use the packaged deployables as they are; fail instead of building missing ones. */
    public LaunchOptions withoutBuild() {
        return new LaunchOptions(root, runDir, deployables, portOffset, dbSuffix, freshDatabases, false, readyTimeout,
                jvmOptions, dbHost, dbPort, rabbitHost, rabbitPort, smtp, faults, samplePayment, extraEnv);
    }

    /** For system tests: fresh databases, faults allowed, no sample payment, and more environment. */
    public LaunchOptions forSystemTests(Map<String, String> env) {
        return new LaunchOptions(root, runDir, deployables, portOffset, dbSuffix, true, build, readyTimeout,
                jvmOptions, dbHost, dbPort, rabbitHost, rabbitPort, smtp, true, false, env);
    }

    static final String USAGE = """
            usage: deploy/local/run [options]
              --only NAME[,NAME...]    start only these deployables (default: all)
              --port-offset N          add N to every port (run a second system beside the first)
              --db-suffix SUFFIX       append SUFFIX to every database name, the event exchange and the queues
              --fresh-databases        empty every deployable's database and event queue first (loses their data)
              --no-build               do not build missing applications; fail instead
              --ready-timeout SECONDS  how long all deployables may take to become ready (default 180)
              --run-dir DIR            where logs, pids and mail go (default deploy/local/runtime)
              --jvm-option OPTION      a JVM option for every deployable (repeatable; replaces the defaults)
              --smtp HOST:PORT         send mail there (default: a local sink that keeps mail in RUN_DIR/mail)
              --no-sample              do not send the sample payment once everything is ready
              --faults                 allow fault injection (/v1/faults) in the saga services, for tests
              --env KEY=VALUE          more environment for every deployable (repeatable)
            """;

    /**
     * Parses the launcher's command line on top of {@link #defaults}.
     *
     * @throws IllegalArgumentException with a message fit for the user on any unknown or malformed option
     */
    public static LaunchOptions parse(List<String> args, Path root, Map<String, String> env) {
        LaunchOptions o = defaults(root, env);
        List<Deployable> only = o.deployables;
        int offset = 0;
        String suffix = "";
        boolean fresh = false;
        boolean build = true;
        Duration timeout = o.readyTimeout;
        Path runDir = o.runDir;
        List<String> jvm = new ArrayList<>();
        String smtp = null;
        boolean faults = false;
        boolean sample = true;
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--only" -> {
                    only = new ArrayList<>();
                    for (String name : value(args, ++i, arg).split(",")) {
                        only.add(Deployable.named(name.trim()).orElseThrow(() -> new IllegalArgumentException(
                                "unknown deployable '" + name.trim() + "'; known: " + Deployable.ALL.stream()
                                        .map(Deployable::name).toList())));
                    }
                }
                case "--port-offset" -> offset = number(value(args, ++i, arg), arg);
                case "--db-suffix" -> suffix = value(args, ++i, arg);
                case "--fresh-databases" -> fresh = true;
                case "--no-build" -> build = false;
                case "--ready-timeout" -> timeout = Duration.ofSeconds(number(value(args, ++i, arg), arg));
                case "--run-dir" -> runDir = root.resolve(value(args, ++i, arg));
                case "--jvm-option" -> jvm.add(value(args, ++i, arg));
                case "--smtp" -> {
                    smtp = value(args, ++i, arg);
                    if (!smtp.matches("[^:\\s]+:\\d{1,5}")) {
                        throw new IllegalArgumentException("--smtp takes HOST:PORT, got '" + smtp + "'");
                    }
                }
                case "--no-sample" -> sample = false;
                case "--faults" -> faults = true;
                case "--env" -> {
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--env takes KEY=VALUE, got '" + pair + "'");
                    }
                    extra.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (!suffix.matches("[a-z0-9_]*")) {
            throw new IllegalArgumentException("--db-suffix takes lower-case letters, digits and '_' only");
        }
        return new LaunchOptions(root, runDir, only, offset, suffix, fresh, build, timeout,
                jvm.isEmpty() ? DEFAULT_JVM_OPTIONS : List.copyOf(jvm), o.dbHost, o.dbPort, o.rabbitHost,
                o.rabbitPort, smtp, faults, sample, extra);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int number(String text, String option) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, got '" + text + "'");
        }
    }

    private static int intOf(Map<String, String> env, String key, int fallback) {
        String v = env.get(key);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
