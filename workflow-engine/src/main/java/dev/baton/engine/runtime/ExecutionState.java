package dev.baton.engine.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The complete state of one execution: the fiber tree (frames, variables, loop positions, retry counters,
 * parallel children), pending requests, the step count and the fingerprint of the definition it runs.
 * {@link #toJson()} writes it; {@link Interpreter#restore} reads it back in any process.
 *
 * <p>Not thread-safe, and resuming mutates it: persist {@link #toJson()} first if the previous state must be
 * kept.
 */
public final class ExecutionState {
    /** Format version of {@link #toJson()}; bumped on incompatible changes. */
    public static final int FORMAT = 1;

    final String fingerprint;
    long steps;
    final Fiber root;

    ExecutionState(String fingerprint, long steps, Fiber root) {
        this.fingerprint = fingerprint;
        this.steps = steps;
        this.root = root;
    }

    /** Steps executed so far (Google's per-execution step limit counts these). */
    public long steps() {
        return steps;
    }

    /** Fingerprint of the definition this state belongs to. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Requests currently outstanding, in fiber order. */
    public List<PendingCall> pending() {
        List<PendingCall> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Fiber f, List<PendingCall> out) {
        if (f.pending != null) {
            out.add(f.pending);
        }
        for (Frame fr : f.frames) {
            if (fr instanceof Frame.ParallelFrame p) {
                for (Fiber c : p.children) {
                    collect(c, out);
                }
            } else if (fr instanceof Frame.BlockFrame b && b.inner != null) {
                collect(b.inner, out);
            }
        }
    }

    /**
     * Where the execution waits: each outstanding request with the subworkflow ("routine") and step it was made
     * in, for the engine's {@code status.currentSteps} and step history.
     */
    public List<Waiting> waiting() {
        List<Waiting> out = new ArrayList<>();
        waiting(root, "main", out);
        return out;
    }

    /** One outstanding request and where it was made. */
    public record Waiting(PendingCall call, String routine, String step) {
    }

    private static void waiting(Fiber f, String inherited, List<Waiting> out) {
        String routine = inherited;
        for (Frame fr : f.frames) {
            if (fr instanceof Frame.CallFrame c) {
                routine = c.subworkflow;
            } else if (fr instanceof Frame.ParallelFrame p) {
                for (Fiber c : p.children) {
                    waiting(c, routine, out);
                }
            } else if (fr instanceof Frame.BlockFrame b && b.inner != null) {
                waiting(b.inner, routine, out);
            }
        }
        if (f.pending != null) {
            // The id is "<fiber id>/<step name>/<seq>"; step names may contain slashes, so cut from both ends.
            String id = f.pending.id();
            String step = id.length() > f.id.length() + 1 && id.lastIndexOf('/') > f.id.length()
                    ? id.substring(f.id.length() + 1, id.lastIndexOf('/')) : id;
            out.add(new Waiting(f.pending, routine, step));
        }
    }

    Fiber find(String pendingId) {
        return find(root, pendingId);
    }

    private static Fiber find(Fiber f, String id) {
        if (f.pending != null && f.pending.id().equals(id)) {
            return f;
        }
        for (Frame fr : f.frames) {
            if (fr instanceof Frame.ParallelFrame p) {
                for (Fiber c : p.children) {
                    Fiber hit = find(c, id);
                    if (hit != null) {
                        return hit;
                    }
                }
            } else if (fr instanceof Frame.BlockFrame b && b.inner != null) {
                Fiber hit = find(b.inner, id);
                if (hit != null) {
                    return hit;
                }
            }
        }
        return null;
    }

    /** The state as a JSON document. */
    public String toJson() {
        return StateCodec.write(this);
    }
}
