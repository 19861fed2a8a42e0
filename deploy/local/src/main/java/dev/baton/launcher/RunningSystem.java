package dev.baton.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The deployables one launch started. Closing it stops them all: SIGTERM first (each drains within its
 * {@code quarkus.shutdown.timeout} of 8 s), SIGKILL for any still running after 20 s.
 */
public final class RunningSystem implements AutoCloseable {

    /** One started deployable. */
    public record Running(Deployable deployable, Process process, String url, Path log) {
    }

    private static final Duration GRACE = Duration.ofSeconds(20);

    private final LaunchOptions options;
    private final List<Running> running;
    private final PidFile pids;
    private final MailSink mail;
    private volatile boolean closed;

    RunningSystem(LaunchOptions options, List<Running> running, PidFile pids, MailSink mail) {
        this.options = options;
        this.running = running;
        this.pids = pids;
        this.mail = mail;
    }

    /** The launcher's mail sink, when it started one (no {@code --smtp}). */
    public java.util.Optional<MailSink> mail() {
        return java.util.Optional.ofNullable(mail);
    }

    public List<Running> running() {
        return List.copyOf(running);
    }

    /** Base URL of a started deployable, e.g. {@code url("checkout")}. */
    public String url(String name) {
        return find(name).url();
    }

    public long pid(String name) {
        return find(name).process().pid();
    }

    public LaunchOptions options() {
        return options;
    }

    private Running find(String name) {
        return running.stream().filter(r -> r.deployable().name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(name + " was not started"));
    }

    /** Prints the table of what runs where. */
    public void printTable(PrintStream out) {
        out.printf("%-16s %-24s %-8s %s%n", "NAME", "URL", "PID", "LOG");
        for (Running r : running) {
            out.printf("%-16s %-24s %-8d %s%n", r.deployable().name(), r.url(), r.process().pid(),
                    options.root().relativize(r.log()));
        }
    }

    /** True once {@link #close()} has begun: exits after that are ours, not failures. */
    public boolean closing() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        PidFile.stopAll(running.stream().map(Running::process).map(Process::toHandle).toList(), GRACE);
        pids.delete();
        if (mail != null) {
            mail.close();
        }
    }
}
