package dev.baton.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Remembers the deployables' process ids on disk, so that a launcher killed without a chance to clean up
 * (kill -9, a closed terminal) leaves nothing behind for long: the next start stops those processes first.
 * Only processes that still run one of our packaged applications are touched, so a recycled pid is safe.
 */
final class PidFile {

    private final Path file;

    PidFile(Path file) {
        this.file = file;
    }

    void write(List<RunningSystem.Running> running) {
        var lines = new ArrayList<String>();
        for (var r : running) {
            lines.add(r.deployable().name() + " " + r.process().pid());
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            // Only the clean-up of a later run depends on this file; starting must not fail for it.
            System.err.println("warning: could not write " + file + ": " + e.getMessage());
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stale file is harmless: the next start checks each pid's command line before stopping it.
        }
    }

    /** Stops processes recorded by an earlier run that still run our applications; returns how many. */
    int stopLeftovers() {
        if (!Files.exists(file)) {
            return 0;
        }
        List<ProcessHandle> ours = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    ProcessHandle.of(Long.parseLong(parts[1]))
                            .filter(ProcessHandle::isAlive)
                            .filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"))
                            .ifPresent(ours::add);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        stopAll(ours, Duration.ofSeconds(15));
        delete();
        return ours.size();
    }

    /** SIGTERM to all, then SIGKILL to whatever has not exited by the deadline. */
    static void stopAll(List<ProcessHandle> processes, Duration grace) {
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : processes) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception timedOut) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
