package dev.baton.engine.runtime;

import dev.baton.engine.definition.Step;
import dev.baton.engine.definition.StepKind;
import dev.baton.engine.definition.Subworkflow;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.expression.ErrorTag;
import dev.baton.engine.expression.FunctionRef;
import dev.baton.engine.expression.Values;
import dev.baton.engine.expression.WorkflowException;
import dev.baton.engine.stdlib.Stdlib;
import dev.baton.engine.stdlib.StdlibContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-run services behind the fibers: the step budget, calls (stdlib, subworkflows, blocking requests),
 * try/retry decisions and parallel scheduling. Holds no state that is not also in {@link ExecutionState},
 * except the current fiber for callback ids.
 */
final class Machine {
    final Workflow workflow;
    final Environment env;
    final Limits limits;
    final Set<String> connectors;
    final ExecutionState state;
    final StepListener listener;

    Machine(Workflow workflow, Environment env, Limits limits, Set<String> connectors, ExecutionState state,
            StepListener listener) {
        this.workflow = workflow;
        this.env = env;
        this.limits = limits;
        this.connectors = connectors;
        this.state = state;
        this.listener = listener;
    }

    // ---- step entries ----------------------------------------------------------------------------------

    /**
     * The step at {@code b.index} starts, right after {@link #countStep}: its entry id is the step count, which the
     * state carries, so a replay of the same state reports the same ids.
     */
    void openEntry(Fiber f, Frame.BlockFrame b, Step step) {
        b.entry = state.steps;
        if (listener != StepListener.NONE) {
            listener.transition(new StepEntry(b.entry, f.enclosingEntry(b), f.id, f.routineName(), step.name(),
                    stepType(step), StepEntry.State.IN_PROGRESS, null, null, env.now()));
        }
    }

    /** The step of {@code b} ends (a no-op when its entry is closed already). */
    void closeEntry(Fiber f, Frame.BlockFrame b, StepEntry.State end, Object error) {
        long id = b.entry;
        if (id == 0) {
            return;
        }
        b.entry = 0;
        if (listener != StepListener.NONE) {
            Step step = workflow.blocks().get(b.blockId).steps().get(b.index);
            listener.transition(new StepEntry(id, f.enclosingEntry(b), f.id, f.routineName(), step.name(),
                    stepType(step), end, error, null, env.now()));
        }
    }

    /** The running step of {@code f} now waits on blocking call {@code callId}. */
    private void waitingEntry(Fiber f, String callId) {
        Frame.BlockFrame b = f.stepFrame;
        if (b != null && b.entry != 0 && listener != StepListener.NONE) {
            Step step = workflow.blocks().get(b.blockId).steps().get(b.index);
            listener.transition(new StepEntry(b.entry, f.enclosingEntry(b), f.id, f.routineName(), step.name(),
                    stepType(step), StepEntry.State.IN_PROGRESS, null, callId, env.now()));
        }
    }

    /** Google's StepType of a step. */
    String stepType(Step step) {
        return switch (step.kind()) {
            case StepKind.Assign a -> "STEP_ASSIGN";
            case StepKind.Call c -> workflow.subworkflows().containsKey(c.function()) ? "STEP_SUBWORKFLOW_CALL"
                    : connectors.contains(c.function()) ? "STEP_CONNECTOR_CALL" : "STEP_STD_LIB_CALL";
            case StepKind.Switch s -> "STEP_SWITCH";
            case StepKind.For l -> "STEP_FOR";
            case StepKind.Parallel p -> p.loop() != null ? "STEP_PARALLEL_FOR" : "STEP_PARALLEL_BRANCH";
            case StepKind.Try t -> "STEP_TRY_RETRY_EXCEPT";
            case StepKind.Raise r -> "STEP_RAISE";
            case StepKind.Return r -> "STEP_RETURN";
            case StepKind.Steps s -> "STEP_STEPS";
            case StepKind.Jump j -> "STEP_GOTO";
        };
    }

    void countStep() {
        if (++state.steps > limits.maxSteps()) {
            throw WorkflowException.of(ErrorTag.ResourceLimitError,
                    "step limit exceeded: more than " + limits.maxSteps() + " steps in this execution");
        }
    }

    private StdlibContext stdlib(Fiber f) {
        return new StdlibContext() {
            @Override
            public double now() {
                return env.now();
            }

            @Override
            public String randomUuid() {
                return env.randomUuid();
            }

            @Override
            public String env(String name) {
                return env.env(name);
            }

            @Override
            public void log(String severity, Object value) {
                env.log(severity, value);
            }

            @Override
            public String nextCallbackId() {
                return f.id + "/" + f.currentStepName() + "/cb" + (f.callbacks++);
            }

            @Override
            public String callbackUrl(String id) {
                return env.callbackUrl(id);
            }

            @Override
            public String callbackUrl(String id, String method) {
                return env.callbackUrl(id, method);
            }
        };
    }

    /**
     * A function call inside an expression. Inside a step, every call's outcome is recorded on the step's
     * tape; a subworkflow that blocks parks its fiber in the step's frame and suspends the step, which on
     * resume re-evaluates from the tape (so earlier calls, clocks and logs are not repeated) and continues
     * the parked fiber. Outside a step (retry policies) a blocking subworkflow is an OperationError.
     */
    Object callInline(Fiber f, String function, List<Object> args) {
        Frame.BlockFrame step = f.stepFrame;
        if (step != null && step.tape != null && step.tapePos < step.tape.size()) {
            Object[] recorded = step.tape.get(step.tapePos++);
            if (recorded[1] != null) {
                throw new WorkflowException(recorded[1]);
            }
            return recorded[0];
        }
        Subworkflow sub = workflow.subworkflows().get(function);
        if (sub == null && !Stdlib.isFunction(function)) {
            throw WorkflowException.of(ErrorTag.TypeError, "unknown function '" + function + "'");
        }
        Object value;
        try {
            value = sub != null ? runInline(f, step, sub, args) : Stdlib.call(function, args, stdlib(f));
        } catch (WorkflowException e) {
            record(step, null, e.error());
            throw e;
        }
        record(step, value, null);
        return value;
    }

    private static void record(Frame.BlockFrame step, Object value, Object error) {
        if (step != null) {
            if (step.tape == null) {
                step.tape = new ArrayList<>(2);
            }
            step.tape.add(new Object[] {value, error});
            step.tapePos++;
        }
    }

    private Object runInline(Fiber f, Frame.BlockFrame step, Subworkflow sub, List<Object> args) {
        Fiber inner = step != null ? step.inner : null;
        if (inner == null) {
            if (args.size() > sub.params().size()) {
                throw WorkflowException.of(ErrorTag.TypeError, sub.name() + ": takes at most " + sub.params().size()
                        + " argument(s), got " + args.size());
            }
            Map<String, Object> named = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                named.put(sub.params().get(i).name(), args.get(i));
            }
            // The blocking counter makes the id unique across loop iterations and repeated calls.
            inner = new Fiber(f.id + "/" + f.currentStepName() + "/" + (f.seq++) + "/" + sub.name());
            inner.parentEntry = step != null && step.entry != 0 ? step.entry : f.openEntry();
            inner.routine = f.routineName();
            inner.depthBase = f.callDepth();
            inner.parallelDepth = f.parallelDepth;
            inner.pushCall(sub, bindParams(sub, named, inner.depthBase));
        }
        Fiber.Status st = inner.run(this);
        f.bind(this);
        switch (st) {
            case DONE -> {
                if (step != null) {
                    step.inner = null;
                }
                return inner.result;
            }
            case FAILED -> {
                if (step != null) {
                    step.inner = null;
                }
                throw new WorkflowException(inner.result);
            }
            default -> {
                if (step == null) {
                    throw WorkflowException.of(ErrorTag.OperationError, "subworkflow '" + sub.name()
                            + "' made a blocking call where the execution cannot suspend (a retry policy)");
                }
                step.inner = inner;
                throw Fiber.Suspend.INSTANCE;
            }
        }
    }

    Scope bindParams(Subworkflow sub, Map<String, Object> named, int depth) {
        if (depth >= limits.maxCallDepth()) {
            throw WorkflowException.of(ErrorTag.RecursionError,
                    "maximum call depth of " + limits.maxCallDepth() + " exceeded calling '" + sub.name() + "'");
        }
        Scope s = Scope.root();
        for (String k : named.keySet()) {
            if (sub.params().stream().noneMatch(p -> p.name().equals(k))) {
                throw WorkflowException.of(ErrorTag.TypeError, sub.name() + ": unexpected argument '" + k + "'");
            }
        }
        for (Subworkflow.Param p : sub.params()) {
            if (named.containsKey(p.name())) {
                s.set(p.name(), named.get(p.name()), limits.maxVariableBytes());
            } else if (p.hasDefault()) {
                s.set(p.name(), p.defaultValue(), limits.maxVariableBytes());
            } else {
                throw WorkflowException.of(ErrorTag.TypeError, sub.name() + ": missing argument '" + p.name() + "'");
            }
        }
        return s;
    }

    /** A call step: subworkflow (push), stdlib inline (deliver), or blocking (suspend). */
    void callStep(Fiber f, Step step, String function, Map<String, Object> named) {
        Subworkflow sub = workflow.subworkflows().get(function);
        if (sub != null) {
            f.pushCall(sub, bindParams(sub, named, f.callDepth()));
            return;
        }
        if (connectors.contains(function)) {
            block(f, step.name(), function, new LinkedHashMap<>(named), "connector");
            return;
        }
        if (!Stdlib.isFunction(function)) {
            throw WorkflowException.of(ErrorTag.TypeError, "unknown function '" + function + "'");
        }
        List<Object> args = Stdlib.positional(function, named);
        if (Stdlib.isBlocking(function)) {
            Map.Entry<String, Map<String, Object>> req = Stdlib.prepareBlocking(function, args, stdlib(f));
            String kind = switch (req.getKey()) {
                case "http.request" -> "http";
                case "sys.sleep" -> "sleep";
                default -> "callback";
            };
            block(f, step.name(), req.getKey(), req.getValue(), kind);
            return;
        }
        f.deliver(Stdlib.call(function, args, stdlib(f)));
    }

    private void block(Fiber f, String stepName, String function, Map<String, Object> args, String kind) {
        f.pending = new PendingCall(f.id + "/" + stepName + "/" + (f.seq++), function,
                java.util.Collections.unmodifiableMap(args));
        f.pendingKind = kind;
        waitingEntry(f, f.pending.id());
    }

    /** Turns an outcome into the value (or error) the waiting fiber continues with. */
    void complete(Fiber f, Outcome o) {
        String kind = f.pendingKind;
        f.pending = null;
        f.pendingKind = null;
        if (o.error() != null) {
            f.raise(Values.normalize(o.error()));
            return;
        }
        Object value = Values.normalize(o.value());
        try {
            if (Values.sizeOf(value, limits.maxResultBytes()) > limits.maxResultBytes()) {
                f.raise(WorkflowException.errorMap(ErrorTag.ResourceLimitError,
                        "response larger than " + limits.maxResultBytes() + " bytes"));
                return;
            }
        } catch (WorkflowException e) {
            f.raise(e.error());
            return;
        }
        switch (kind) {
            case "http" -> {
                try {
                    value = httpResult(value);
                } catch (WorkflowException e) {
                    f.raise(e.error());
                    return;
                }
                f.deliver(value);
            }
            case "sleep", "backoff" -> f.deliver(null);
            default -> f.deliver(value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object httpResult(Object raw) {
        if (!(raw instanceof Map<?, ?> m) || !(m.get("code") instanceof Long code)) {
            throw WorkflowException.of(ErrorTag.SystemError, "malformed HTTP outcome: needs code, headers, body");
        }
        Map<String, Object> headers = m.get("headers") instanceof Map<?, ?> h ? (Map<String, Object>) h : Map.of();
        Object body = m.get("body");
        String contentType = "";
        for (Map.Entry<String, Object> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase("content-type") && e.getValue() instanceof String s) {
                contentType = s.toLowerCase(java.util.Locale.ROOT);
            }
        }
        if (body instanceof dev.baton.engine.expression.Bytes b && (contentType.contains("json")
                || contentType.startsWith("text/"))) {
            body = new String(b.data(), StandardCharsets.UTF_8);
        }
        if (body instanceof String s && contentType.contains("json") && !s.isBlank()) {
            try {
                body = Stdlib.Json.decode(s);
            } catch (WorkflowException e) {
                // Google keeps an undecodable JSON body as text rather than failing the call.
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("body", body);
        result.put("code", code);
        result.put("headers", headers);
        if (code >= 400) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("message", "HTTP server responded with error code " + code);
            err.put("code", code);
            err.put("headers", headers);
            err.put("body", body);
            err.put("tags", List.of("HttpError"));
            throw new WorkflowException(err);
        }
        return result;
    }

    // ---- try / retry -----------------------------------------------------------------------------------

    private StepKind.Try tryStep(Frame.TryFrame t) {
        return (StepKind.Try) workflow.blocks().get(t.blockId).steps().get(t.stepIndex).kind();
    }

    /** An error reached a try frame running its body. */
    void tryError(Fiber f, Frame.TryFrame t, Object error) {
        StepKind.Try spec = tryStep(t);
        t.error = error;
        if (spec.retry() != null) {
            try {
                if (t.policy == null) {
                    t.policy = retryPolicy(f, spec.retry());
                }
                if (t.retries < ((Long) t.policy.get("max_retries"))) {
                    FunctionRef pred = (FunctionRef) t.policy.get("predicate");
                    Subworkflow sub = workflow.subworkflows().get(pred.name());
                    if (sub != null) {
                        t.phase = Frame.TryFrame.Phase.PREDICATE;
                        Map<String, Object> named = new LinkedHashMap<>();
                        if (!sub.params().isEmpty()) {
                            named.put(sub.params().getFirst().name(), error);
                        }
                        f.pushCall(sub, bindParams(sub, named, f.callDepth()));
                        return;
                    }
                    boolean retry = (Boolean) Stdlib.call(pred.name(), List.of(error == null ? Map.of() : error),
                            stdlib(f));
                    decide(f, t, retry);
                    return;
                }
            } catch (WorkflowException e) {
                f.popFrame();
                f.raise(e.error());
                return;
            }
        }
        noRetry(f, t);
    }

    /** The try frame received a value: a predicate's decision, or the end of a backoff sleep. */
    void tryValue(Fiber f, Frame.TryFrame t, Object v) {
        if (t.phase == Frame.TryFrame.Phase.PREDICATE) {
            if (!(v instanceof Boolean b)) {
                f.popFrame();
                f.raise(WorkflowException.errorMap(ErrorTag.TypeError,
                        "retry predicate must return a boolean, got " + Values.typeName(v)));
                return;
            }
            decide(f, t, b);
        } else if (t.phase == Frame.TryFrame.Phase.BACKOFF) {
            t.phase = Frame.TryFrame.Phase.BODY;
            f.pushFrame(new Frame.BlockFrame(tryStep(t).body().id()));
        } else {
            throw new IllegalStateException("value delivered to try frame in " + t.phase);
        }
    }

    @SuppressWarnings("unchecked")
    private void decide(Fiber f, Frame.TryFrame t, boolean retry) {
        if (!retry) {
            noRetry(f, t);
            return;
        }
        Map<String, Object> backoff = (Map<String, Object>) t.policy.get("backoff");
        double initial = ((Number) backoff.get("initial_delay")).doubleValue();
        double max = ((Number) backoff.get("max_delay")).doubleValue();
        double mult = ((Number) backoff.get("multiplier")).doubleValue();
        double delay = Math.min(max, initial * Math.pow(mult, t.retries));
        t.retries++;
        t.phase = Frame.TryFrame.Phase.BACKOFF;
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("seconds", delay);
        args.put("wake_at", env.now() + delay);
        args.put("retry", (long) t.retries);
        String stepName = workflow.blocks().get(t.blockId).steps().get(t.stepIndex).name();
        block(f, stepName, "sys.sleep", args, "backoff");
    }

    private void noRetry(Fiber f, Frame.TryFrame t) {
        StepKind.Try spec = tryStep(t);
        Object error = t.error;
        if (spec.except() != null) {
            t.phase = Frame.TryFrame.Phase.EXCEPT;
            t.error = null;
            if (spec.exceptAs() != null) {
                f.scope().set(spec.exceptAs(), error, limits.maxVariableBytes());
            }
            f.pushFrame(new Frame.BlockFrame(spec.except().id()));
            return;
        }
        f.popFrame();
        f.raise(error);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> retryPolicy(Fiber f, StepKind.Retry r) {
        Map<String, Object> policy;
        if (r.policy() != null) {
            Object p = f.eval(r.policy());
            if (!(p instanceof Map<?, ?> m)) {
                throw WorkflowException.of(ErrorTag.TypeError, "retry policy must be a map, got " + Values.typeName(p));
            }
            policy = new LinkedHashMap<>((Map<String, Object>) m);
        } else {
            policy = new LinkedHashMap<>();
            policy.put("predicate", f.eval(r.predicate()));
            policy.put("max_retries", f.eval(r.maxRetries()));
            Map<String, Object> backoff = new LinkedHashMap<>((Map<String, Object>) Stdlib.constant("retry.default_backoff"));
            if (r.initialDelay() != null) {
                backoff.put("initial_delay", f.eval(r.initialDelay()));
            }
            if (r.maxDelay() != null) {
                backoff.put("max_delay", f.eval(r.maxDelay()));
            }
            if (r.multiplier() != null) {
                backoff.put("multiplier", f.eval(r.multiplier()));
            }
            policy.put("backoff", backoff);
        }
        Object pred = policy.get("predicate");
        if (!(pred instanceof FunctionRef ref) || !(Stdlib.PREDICATES.contains(ref.name())
                || workflow.subworkflows().containsKey(ref.name()))) {
            throw WorkflowException.of(ErrorTag.TypeError, "retry predicate must name a predicate or subworkflow");
        }
        if (!(policy.get("max_retries") instanceof Long n) || n < 0) {
            throw WorkflowException.of(ErrorTag.TypeError, "retry max_retries must be a non-negative integer");
        }
        if (!(policy.get("backoff") instanceof Map<?, ?> b) || !(b.get("initial_delay") instanceof Number)
                || !(b.get("max_delay") instanceof Number) || !(b.get("multiplier") instanceof Number)) {
            throw WorkflowException.of(ErrorTag.TypeError, "retry backoff needs numeric initial_delay, max_delay, multiplier");
        }
        return policy;
    }

    // ---- parallel --------------------------------------------------------------------------------------

    void startParallel(Fiber f, Frame.BlockFrame b, Step step, StepKind.Parallel spec) {
        Frame.ParallelFrame p = new Frame.ParallelFrame(b.blockId, b.index);
        p.depth = f.parallelDepth + 1;
        if (p.depth > limits.maxParallelDepth()) {
            throw WorkflowException.of(ErrorTag.ParallelNestingError,
                    "parallel steps nested deeper than " + limits.maxParallelDepth());
        }
        if (spec.loop() != null) {
            StepKind.For loop = spec.loop();
            if (loop.in() != null) {
                Object in = f.eval(loop.in());
                if (!(in instanceof List<?> l)) {
                    throw WorkflowException.of(ErrorTag.TypeError, "for: 'in' must be a list, got " + Values.typeName(in));
                }
                p.items = new ArrayList<>(l);
            } else {
                Object[] r = Fiber.range(f.eval(loop.range()));
                p.items = new ArrayList<>();
                boolean ints = r[0] instanceof Long && r[1] instanceof Long;
                double start = ((Number) r[0]).doubleValue();
                double end = ((Number) r[1]).doubleValue();
                for (long i = 0; start + i <= end; i++) {
                    if (i >= limits.maxSteps()) {
                        throw WorkflowException.of(ErrorTag.ResourceLimitError, "parallel for range too large");
                    }
                    p.items.add(ints ? (Object) ((Long) r[0] + i) : (Object) (start + i));
                }
            }
            p.total = p.items.size();
        } else {
            if (spec.branches().size() > limits.maxBranches()) {
                throw WorkflowException.of(ErrorTag.ResourceLimitError,
                        "more than " + limits.maxBranches() + " branches in parallel step '" + step.name() + "'");
            }
            p.total = spec.branches().size();
        }
        p.limit = limits.maxConcurrency();
        if (spec.concurrencyLimit() != null) {
            Object lim = f.eval(spec.concurrencyLimit());
            if (!(lim instanceof Long l) || l < 1) {
                throw WorkflowException.of(ErrorTag.TypeError, "concurrency_limit must be a positive integer");
            }
            p.limit = (int) Math.min(l, limits.maxConcurrency());
        }
        f.pushFrame(p);
    }

    private StepKind.Parallel parallelSpec(Frame.ParallelFrame p) {
        return (StepKind.Parallel) workflow.blocks().get(p.blockId).steps().get(p.stepIndex).kind();
    }

    String childId(Fiber parent, Frame.ParallelFrame p, int i) {
        Step step = workflow.blocks().get(p.blockId).steps().get(p.stepIndex);
        StepKind.Parallel spec = (StepKind.Parallel) step.kind();
        return parent.id + "/" + step.name() + "/" + (spec.loop() != null ? String.valueOf(i) : spec.branches().get(i).name());
    }

    private Fiber startChild(Fiber parent, Frame.ParallelFrame p, int i) {
        StepKind.Parallel spec = parallelSpec(p);
        Scope s = new Scope(new LinkedHashMap<>(), new LinkedHashSet<>(spec.shared()));
        s.parent = parent.scope();
        Fiber c = new Fiber(childId(parent, p, i));
        c.parentEntry = parent.openEntry();
        c.routine = parent.routineName();
        c.depthBase = parent.callDepth();
        c.parallelDepth = p.depth;
        c.parentScope = s.parent;
        c.pushFrame(new Frame.BranchFrame(s));
        if (spec.loop() != null) {
            s.set(spec.loop().value(), p.items.get(i), limits.maxVariableBytes());
            if (spec.loop().index() != null) {
                s.set(spec.loop().index(), (long) i, limits.maxVariableBytes());
            }
            c.pushFrame(new Frame.BlockFrame(spec.loop().body().id()));
        } else {
            c.pushFrame(new Frame.BlockFrame(spec.branches().get(i).body().id()));
        }
        return c;
    }

    /**
     * Runs the children of a parallel step, deterministically in index order, starting new ones as slots free
     * up. True when all finished (the frame is popped and the parent continues or raises); false when every
     * unfinished child is blocked.
     */
    boolean runParallel(Fiber parent, Frame.ParallelFrame p) {
        boolean progressed = true;
        while (progressed) {
            progressed = false;
            while (running(p) < p.limit && p.started < p.total) {
                p.children.add(startChild(parent, p, p.started++));
            }
            for (int i = 0; i < p.children.size(); i++) {
                Fiber c = p.children.get(i);
                if (c.status == Fiber.Status.DONE || c.status == Fiber.Status.FAILED) {
                    continue;
                }
                if (c.pending != null) {
                    continue;
                }
                Fiber.Status st = c.run(this);
                parent.bind(this);
                if (st == Fiber.Status.DONE || st == Fiber.Status.FAILED) {
                    progressed = true;
                    // Finished children keep only their status and result (the error, for the report below).
                    c.frames.clear();
                    if (st == Fiber.Status.DONE) {
                        c.result = null;
                    }
                }
            }
        }
        if (p.started < p.total || running(p) > 0) {
            return false;
        }
        parent.popFrame();
        // Branch order, not completion order: the report must not depend on when outcomes arrived.
        List<Object> branches = new ArrayList<>();
        for (int i = 0; i < p.children.size(); i++) {
            if (p.children.get(i).status == Fiber.Status.FAILED) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("error", p.children.get(i).result);
                b.put("id", branchId(p, i));
                branches.add(b);
            }
        }
        if (!branches.isEmpty()) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("branches", branches);
            err.put("message", "UnhandledBranchError: one or more branches or iterations encountered an "
                    + "unhandled runtime error");
            err.put("tags", List.of(ErrorTag.UnhandledBranchError.name()));
            err.put("truncated", false);
            parent.raise(err);
        } else {
            parent.sig = Fiber.Sig.CHILD_DONE;
        }
        return true;
    }

    private String branchId(Frame.ParallelFrame p, int i) {
        StepKind.Parallel spec = parallelSpec(p);
        return spec.loop() != null ? String.valueOf(i) : spec.branches().get(i).name();
    }

    private static int running(Frame.ParallelFrame p) {
        int n = 0;
        for (Fiber c : p.children) {
            if (c.status != Fiber.Status.DONE && c.status != Fiber.Status.FAILED) {
                n++;
            }
        }
        return n;
    }
}
