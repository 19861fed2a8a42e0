package dev.baton.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code deploy/local/run}: starts every deployable, prints where each runs, and stops them all on Ctrl-C or
 * SIGTERM. Exit codes: 0 after a clean stop, 1 when a deployable failed to start, 2 for a problem the user has
 * to fix first (a missing server, a taken port, a bad option); for those the message is one line.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("baton.root", ".")).toAbsolutePath().normalize();
        int code = run(List.of(args), root, System.getenv(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(List<String> args, Path root, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(LaunchOptions.USAGE);
            return 0;
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, root, env);
        } catch (IllegalArgumentException e) {
            err.println("deploy/local/run: " + e.getMessage());
            err.print(LaunchOptions.USAGE);
            return 2;
        }
        long begin = System.nanoTime();
        RunningSystem system;
        try {
            system = LocalSystem.start(options, out);
        } catch (LaunchException e) {
            err.println(e.getMessage());
            return e.getMessage().contains("exited with code") || e.getMessage().startsWith("Not ready") ? 1 : 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping " + system.running().size() + " deployables ...");
            system.close();
            out.println("Stopped. No Baton process is left running.");
        }, "baton-launcher-stop"));
        out.println();
        system.printTable(out);
        out.printf("%nBaton is running: %d deployable(s) ready in %.1f s. Ctrl-C stops everything.%n",
                system.running().size(), (System.nanoTime() - begin) / 1e9);
        system.mail().ifPresent(m -> out.printf("Mail sent by email is kept in %s.%n", root.relativize(m.directory())));
        if (options.samplePayment() && options.deployables().size() == Deployable.ALL.size()) {
            out.println();
            SamplePayment.send(system.url("checkout"), out, java.time.Duration.ofSeconds(60));
        }
        return watch(system, err) ? 0 : 1;
    }

    /**
     * Blocks until every deployable has exited, reporting any that exits on its own meanwhile.
     *
     * @return true when they exited because the launcher stopped them
     */
    private static boolean watch(RunningSystem system, PrintStream err) {
        var exits = system.running().stream()
                .map(r -> r.process().onExit().thenAccept(p -> {
                    if (!system.closing()) {
                        err.printf("%s exited on its own with code %d; see %s%n", r.deployable().name(),
                                p.exitValue(), r.log());
                    }
                }))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(exits).join();
        return system.closing();
    }
}
