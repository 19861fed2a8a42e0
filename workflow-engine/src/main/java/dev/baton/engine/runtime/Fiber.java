package dev.baton.engine.runtime;

import dev.baton.engine.definition.Block;
import dev.baton.engine.definition.Step;
import dev.baton.engine.definition.StepKind;
import dev.baton.engine.definition.Subworkflow;
import dev.baton.engine.definition.Template;
import dev.baton.engine.expression.ErrorTag;
import dev.baton.engine.expression.EvalContext;
import dev.baton.engine.expression.Evaluator;
import dev.baton.engine.expression.Expr;
import dev.baton.engine.expression.FunctionRef;
import dev.baton.engine.expression.Values;
import dev.baton.engine.expression.WorkflowException;
import dev.baton.engine.stdlib.Stdlib;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thread of execution: the main workflow, or one parallel branch or iteration. Its whole control state
 * is the explicit frame stack plus a pending signal, so {@link #run} can stop at any blocking call and a
 * later process can pick up from the serialized fiber.
 *
 * <p>Control transfer (return, raise, break, continue, next-jumps, a finished block) is a signal processed
 * by unwinding frames in a loop, never by Java exceptions or recursion across steps.
 */
final class Fiber implements EvalContext {
    enum Status { RUNNABLE, BLOCKED, DONE, FAILED }

    enum Sig { NONE, CHILD_DONE, VALUE, ERROR, RETURN, BREAK, CONTINUE, JUMP }

    final String id;
    final List<Frame> frames = new ArrayList<>();
    /** Blocking calls made so far, part of each pending id. */
    int seq;
    /** Callback endpoints created so far, part of each callback id. */
    int callbacks;
    PendingCall pending;
    /** How to turn the pending call's outcome into a value: http, sleep, callback, connector or backoff. */
    String pendingKind;
    Status status = Status.RUNNABLE;
    Object result;
    /** Call depth of the parent at the point this fiber started (parallel branches inherit it). */
    int depthBase;
    int parallelDepth;
    /** Re-linked on restore; the scope a branch reads through to. */
    Scope parentScope;
    /** The step entry this fiber's outermost steps belong to (a parallel step, or the step calling a subworkflow
     * inline), or 0. */
    long parentEntry;
    /** The subworkflow this fiber's steps belong to until it calls another (a branch runs in its parent's). */
    String routine = "main";

    Sig sig = Sig.NONE;
    Object sigValue;
    String sigName;

    /** The frame whose step is being evaluated right now, for the call tape; null between steps. */
    Frame.BlockFrame stepFrame;

    private Machine m;
    private Scope scope;

    /** Unwinds the evaluation of a step whose expression called a subworkflow that blocked. */
    static final class Suspend extends RuntimeException {
        static final Suspend INSTANCE = new Suspend();

        private Suspend() {
            super("suspend", null, false, false);
        }
    }

    Fiber(String id) {
        this.id = id;
    }

    // ---- scope -----------------------------------------------------------------------------------------

    Scope scope() {
        if (scope == null) {
            for (int i = frames.size() - 1; i >= 0; i--) {
                Frame f = frames.get(i);
                if (f instanceof Frame.CallFrame c) {
                    scope = c.scope;
                    break;
                }
                if (f instanceof Frame.BranchFrame b) {
                    scope = b.scope;
                    break;
                }
            }
        }
        return scope;
    }

    int callDepth() {
        int d = depthBase;
        for (Frame f : frames) {
            if (f instanceof Frame.CallFrame) {
                d++;
            }
        }
        return d;
    }

    private void push(Frame f) {
        frames.add(f);
        if (f instanceof Frame.CallFrame || f instanceof Frame.BranchFrame) {
            scope = null;
        }
    }

    private Frame pop() {
        Frame f = frames.remove(frames.size() - 1);
        if (f instanceof Frame.CallFrame || f instanceof Frame.BranchFrame) {
            scope = null;
        }
        return f;
    }

    private Frame top() {
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    // ---- EvalContext -----------------------------------------------------------------------------------

    @Override
    public Object lookup(String name) {
        return scope().lookup(name);
    }

    @Override
    public Object call(String function, List<Object> args) {
        return m.callInline(this, function, args);
    }

    @Override
    public boolean isFunction(String name) {
        return Stdlib.isFunction(name) || Stdlib.isConstant(name) || m.workflow.subworkflows().containsKey(name);
    }

    @Override
    public Object constant(String name) {
        if (m.workflow.subworkflows().containsKey(name)) {
            return new FunctionRef(name);
        }
        return Stdlib.constant(name);
    }

    Object eval(Template t) {
        return switch (t) {
            case null -> null;
            case Template.Lit l -> l.value();
            case Template.ExprT e -> Evaluator.eval(e.expr(), this);
            case Template.ListT l -> {
                List<Object> out = new ArrayList<>(l.items().size());
                for (Template i : l.items()) {
                    out.add(eval(i));
                }
                yield out;
            }
            case Template.MapT mt -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < mt.keys().size(); i++) {
                    Object k = eval(mt.keys().get(i));
                    if (!(k instanceof String s)) {
                        throw WorkflowException.of(ErrorTag.TypeError,
                                "map keys must be strings, got " + Values.typeName(k));
                    }
                    out.put(s, eval(mt.values().get(i)));
                }
                yield out;
            }
        };
    }

    // ---- running ---------------------------------------------------------------------------------------

    /** Runs until done, failed or blocked (itself, or all its runnable parallel children). */
    Status run(Machine machine) {
        this.m = machine;
        if (status == Status.DONE || status == Status.FAILED) {
            return status;
        }
        if (pending != null) {
            return status = Status.BLOCKED;
        }
        status = Status.RUNNABLE;
        while (true) {
            if (pending != null) {
                return status = Status.BLOCKED;
            }
            try {
                if (sig != Sig.NONE) {
                    if (!handleSignal()) {
                        return status;
                    }
                    continue;
                }
                Frame top = top();
                switch (top) {
                    case null -> {
                        status = Status.DONE;
                        return status;
                    }
                    case Frame.BlockFrame b -> {
                        Block block = m.workflow.blocks().get(b.blockId);
                        if (b.index >= block.steps().size()) {
                            pop();
                            sig = Sig.CHILD_DONE;
                        } else {
                            if (b.tape == null && b.inner == null && b.partial == 0 && b.chosen < 0) {
                                m.countStep();
                                m.openEntry(this, b, block.steps().get(b.index));
                            }
                            boolean suspended = false;
                            stepFrame = b;
                            b.tapePos = 0;
                            try {
                                execute(b, block.steps().get(b.index));
                            } catch (Suspend s) {
                                suspended = true;
                            } finally {
                                stepFrame = null;
                                if (!suspended) {
                                    b.tape = null;
                                    b.inner = null;
                                    b.partial = 0;
                                    b.chosen = -1;
                                }
                            }
                            if (suspended || pending != null) {
                                return status = Status.BLOCKED;
                            }
                        }
                    }
                    case Frame.ForFrame f -> iterate(f);
                    case Frame.ParallelFrame p -> {
                        if (!m.runParallel(this, p)) {
                            return status = Status.BLOCKED;
                        }
                    }
                    case Frame.TryFrame t -> throw new IllegalStateException("try frame without body in " + id);
                    case Frame.CallFrame c -> sig = Sig.RETURN;
                    case Frame.BranchFrame br -> {
                        pop();
                        status = Status.DONE;
                        return status;
                    }
                }
            } catch (WorkflowException e) {
                sig = Sig.ERROR;
                sigValue = e.error();
            } catch (StackOverflowError e) {
                sig = Sig.ERROR;
                sigValue = WorkflowException.errorMap(ErrorTag.RecursionError, "evaluation nested too deeply");
            } catch (RuntimeException e) {
                // A defect here must not take the engine down: the execution fails with a SystemError that
                // names it (the fuzz test treats any such error as a failure).
                sig = Sig.ERROR;
                sigValue = WorkflowException.errorMap(ErrorTag.SystemError, "internal error: " + e);
            }
        }
    }

    /** Processes the pending signal against the top frame; false when the fiber stops (done or failed). */
    private boolean handleSignal() {
        Sig s = sig;
        Object v = sigValue;
        String name = sigName;
        sig = Sig.NONE;
        sigValue = null;
        sigName = null;
        switch (s) {
            case CHILD_DONE -> {
                Frame top = top();
                switch (top) {
                    case null -> {
                        status = Status.DONE;
                        return false;
                    }
                    case Frame.BlockFrame b -> advance(b, b.after);
                    case Frame.ForFrame f -> {
                    }
                    case Frame.TryFrame t -> {
                        pop();
                        sig = Sig.CHILD_DONE;
                    }
                    case Frame.CallFrame c -> sig = Sig.RETURN;
                    case Frame.BranchFrame br -> {
                        pop();
                        status = Status.DONE;
                        return false;
                    }
                    case Frame.ParallelFrame p -> throw new IllegalStateException("child done on parallel frame");
                }
            }
            case VALUE -> {
                Frame top = top();
                switch (top) {
                    case null -> {
                        result = v;
                        status = Status.DONE;
                        return false;
                    }
                    case Frame.BlockFrame b -> {
                        String var = b.resultVar;
                        b.waiting = false;
                        b.resultVar = null;
                        if (var != null) {
                            scope().set(var, v, m.limits.maxVariableBytes());
                        }
                        advance(b, b.after);
                    }
                    case Frame.TryFrame t -> m.tryValue(this, t, v);
                    default -> throw new IllegalStateException("value delivered to " + top);
                }
            }
            case RETURN -> {
                while (true) {
                    Frame f = top();
                    if (f == null) {
                        result = v;
                        status = Status.DONE;
                        return false;
                    }
                    if (f instanceof Frame.BranchFrame) {
                        pop();
                        result = v;
                        status = Status.DONE;
                        return false;
                    }
                    if (f instanceof Frame.BlockFrame b) {
                        m.closeEntry(this, b, StepEntry.State.SUCCEEDED, null);
                    }
                    pop();
                    if (f instanceof Frame.CallFrame) {
                        if (frames.isEmpty()) {
                            result = v;
                            status = Status.DONE;
                            return false;
                        }
                        sig = Sig.VALUE;
                        sigValue = v;
                        return true;
                    }
                }
            }
            case ERROR -> {
                while (true) {
                    Frame f = top();
                    if (f == null || f instanceof Frame.BranchFrame) {
                        if (f != null) {
                            pop();
                        }
                        result = v;
                        status = Status.FAILED;
                        return false;
                    }
                    if (f instanceof Frame.TryFrame t && t.phase == Frame.TryFrame.Phase.BODY) {
                        m.tryError(this, t, v);
                        return true;
                    }
                    if (f instanceof Frame.ForFrame ff) {
                        scope().retainOnly(ff.before);
                    } else if (f instanceof Frame.BlockFrame b) {
                        m.closeEntry(this, b, StepEntry.State.FAILED, v);
                    }
                    pop();
                }
            }
            case BREAK, CONTINUE -> {
                while (true) {
                    Frame f = top();
                    if (f == null || f instanceof Frame.CallFrame || f instanceof Frame.BranchFrame) {
                        throw WorkflowException.of(ErrorTag.SystemError, s.name().toLowerCase() + " outside a for loop");
                    }
                    if (f instanceof Frame.ForFrame ff) {
                        if (s == Sig.BREAK) {
                            scope().retainOnly(ff.before);
                            pop();
                            sig = Sig.CHILD_DONE;
                        }
                        return true;
                    }
                    if (f instanceof Frame.BlockFrame b) {
                        m.closeEntry(this, b, StepEntry.State.SUCCEEDED, null);
                    }
                    pop();
                }
            }
            case JUMP -> {
                while (true) {
                    Frame f = top();
                    if (f == null || f instanceof Frame.CallFrame || f instanceof Frame.BranchFrame) {
                        throw WorkflowException.of(ErrorTag.SystemError, "next: step '" + name + "' not reachable");
                    }
                    if (f instanceof Frame.BlockFrame b) {
                        Integer idx = m.workflow.blocks().get(b.blockId).indexByName().get(name);
                        if (idx != null) {
                            // The step that contained the jump ends here (the jumping step itself already has).
                            m.closeEntry(this, b, StepEntry.State.SUCCEEDED, null);
                            b.index = idx;
                            b.after = null;
                            b.waiting = false;
                            b.resultVar = null;
                            return true;
                        }
                    }
                    if (f instanceof Frame.ForFrame ff) {
                        scope().retainOnly(ff.before);
                    } else if (f instanceof Frame.BlockFrame b) {
                        m.closeEntry(this, b, StepEntry.State.SUCCEEDED, null);
                    }
                    pop();
                }
            }
            case NONE -> {
            }
        }
        return true;
    }

    /** Moves past the current step of {@code b}, honouring its {@code next}. */
    private void advance(Frame.BlockFrame b, String next) {
        m.closeEntry(this, b, StepEntry.State.SUCCEEDED, null);
        b.after = null;
        b.waiting = false;
        b.resultVar = null;
        if (next == null) {
            b.index++;
            return;
        }
        switch (next) {
            case "end" -> {
                sig = Sig.RETURN;
                sigValue = null;
            }
            case "break" -> sig = Sig.BREAK;
            case "continue" -> sig = Sig.CONTINUE;
            default -> {
                sig = Sig.JUMP;
                sigName = next;
            }
        }
    }

    private void execute(Frame.BlockFrame b, Step step) {
        switch (step.kind()) {
            case StepKind.Assign a -> {
                List<StepKind.Assignment> list = a.assignments();
                for (int i = b.partial; i < list.size(); i++) {
                    assign(list.get(i).target(), eval(list.get(i).value()));
                    completed(b, i + 1);
                }
                advance(b, step.next());
            }
            case StepKind.Call c -> {
                Object args = c.args() == null ? Map.of() : eval(c.args());
                @SuppressWarnings("unchecked")
                Map<String, Object> named = (Map<String, Object>) args;
                b.after = step.next();
                b.resultVar = c.result();
                b.waiting = true;
                m.callStep(this, step, c.function(), named);
            }
            case StepKind.Switch sw -> {
                StepKind.Condition cond = null;
                if (b.chosen >= 0) {
                    cond = sw.conditions().get(b.chosen);
                } else {
                    for (int c = 0; c < sw.conditions().size(); c++) {
                        StepKind.Condition candidate = sw.conditions().get(c);
                        Object v = eval(candidate.condition());
                        if (!(v instanceof Boolean bool)) {
                            throw WorkflowException.of(ErrorTag.TypeError,
                                    "switch condition must be a boolean, got " + Values.typeName(v));
                        }
                        if (bool) {
                            cond = candidate;
                            b.chosen = c;
                            completed(b, 0);
                            break;
                        }
                    }
                }
                if (cond == null) {
                    advance(b, step.next());
                    return;
                }
                List<StepKind.Assignment> list = cond.assign();
                for (int i = b.partial; i < list.size(); i++) {
                    assign(list.get(i).target(), eval(list.get(i).value()));
                    completed(b, i + 1);
                }
                if (cond.raise() != null) {
                    throw new WorkflowException(eval(cond.raise()));
                }
                if (cond.hasReturn()) {
                    sig = Sig.RETURN;
                    sigValue = eval(cond.returnValue());
                    return;
                }
                String next = cond.next() != null ? cond.next() : step.next();
                if (cond.steps() != null) {
                    b.after = next;
                    push(new Frame.BlockFrame(cond.steps().id()));
                    return;
                }
                advance(b, next);
            }
            case StepKind.For f -> {
                Frame.ForFrame ff = new Frame.ForFrame(b.blockId, b.index);
                if (f.in() != null) {
                    Object in = eval(f.in());
                    if (!(in instanceof List<?> l)) {
                        throw WorkflowException.of(ErrorTag.TypeError,
                                "for: 'in' must be a list, got " + Values.typeName(in));
                    }
                    ff.items = new ArrayList<>(l);
                } else {
                    Object r = eval(f.range());
                    Object[] bounds = range(r);
                    ff.rangeStart = bounds[0];
                    ff.rangeEnd = bounds[1];
                }
                ff.before = new HashSet<>(scope().vars.keySet());
                b.after = step.next();
                push(ff);
            }
            case StepKind.Parallel p -> {
                b.after = step.next();
                m.startParallel(this, b, step, p);
            }
            case StepKind.Raise r -> throw new WorkflowException(eval(r.value()));
            case StepKind.Return r -> {
                sig = Sig.RETURN;
                sigValue = eval(r.value());
            }
            case StepKind.Try t -> {
                b.after = step.next();
                push(new Frame.TryFrame(b.blockId, b.index));
                push(new Frame.BlockFrame(t.body().id()));
            }
            case StepKind.Steps s -> {
                b.after = step.next();
                push(new Frame.BlockFrame(s.body().id()));
            }
            case StepKind.Jump j -> advance(b, step.next());
        }
    }

    /**
     * Marks progress inside the current step: the first {@code n} assignments are applied (or the switch
     * condition is chosen), so a replay after a suspension skips them and their recorded calls.
     */
    private static void completed(Frame.BlockFrame b, int n) {
        b.partial = n;
        b.tape = null;
        b.tapePos = 0;
    }

    static Object[] range(Object r) {
        if (!(r instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof Number) || !(l.get(1) instanceof Number)) {
            throw WorkflowException.of(ErrorTag.TypeError, "for: 'range' must be a list of two numbers");
        }
        return new Object[] {l.get(0), l.get(1)};
    }

    private void iterate(Frame.ForFrame f) {
        StepKind.For spec = (StepKind.For) m.workflow.blocks().get(f.blockId).steps().get(f.stepIndex).kind();
        Object value;
        if (f.items != null) {
            if (f.position >= f.items.size()) {
                finishLoop(f);
                return;
            }
            value = f.items.get((int) f.position);
        } else if (f.rangeStart instanceof Long s && f.rangeEnd instanceof Long e) {
            if (f.position > e - s || e < s) {
                finishLoop(f);
                return;
            }
            value = s + f.position;
        } else {
            double s = ((Number) f.rangeStart).doubleValue();
            double v = s + f.position;
            if (v > ((Number) f.rangeEnd).doubleValue()) {
                finishLoop(f);
                return;
            }
            value = v;
        }
        long index = f.position++;
        Scope sc = scope();
        sc.set(spec.value(), value, m.limits.maxVariableBytes());
        if (spec.index() != null) {
            sc.set(spec.index(), index, m.limits.maxVariableBytes());
        }
        push(new Frame.BlockFrame(spec.body().id()));
    }

    private void finishLoop(Frame.ForFrame f) {
        scope().retainOnly(f.before);
        pop();
        sig = Sig.CHILD_DONE;
    }

    /** Assigns to a path, copying the containers along it so no other variable sees the change. */
    void assign(StepKind.Path path, Object value) {
        Scope sc = scope();
        if (path.selectors().isEmpty()) {
            sc.set(path.root(), value, m.limits.maxVariableBytes());
            return;
        }
        Object root = sc.lookup(path.root());
        if (root == EvalContext.UNBOUND) {
            throw WorkflowException.of(ErrorTag.KeyError, "variable '" + path.root() + "' is not defined");
        }
        List<Object> keys = new ArrayList<>(path.selectors().size());
        for (Expr e : path.selectors()) {
            keys.add(Evaluator.eval(e, this));
        }
        sc.set(path.root(), setIn(root, keys, 0, value), m.limits.maxVariableBytes());
    }

    private static Object setIn(Object container, List<Object> keys, int i, Object value) {
        Object key = keys.get(i);
        boolean last = i == keys.size() - 1;
        if (container instanceof Map<?, ?> map) {
            if (!(key instanceof String k)) {
                throw WorkflowException.of(ErrorTag.TypeError, "map keys must be strings, got " + Values.typeName(key));
            }
            Map<String, Object> copy = new LinkedHashMap<>(map.size() + 1);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put((String) e.getKey(), e.getValue());
            }
            Object child = copy.get(k);
            if (!last && child == null) {
                child = new LinkedHashMap<String, Object>();
            }
            copy.put(k, last ? value : setIn(child, keys, i + 1, value));
            return copy;
        }
        if (container instanceof List<?> list) {
            if (!(key instanceof Long idx)) {
                throw WorkflowException.of(ErrorTag.TypeError, "list index must be an integer, got "
                        + Values.typeName(key));
            }
            if (idx < 0 || idx >= list.size()) {
                throw WorkflowException.of(ErrorTag.IndexError, "list index out of range: " + idx
                        + " (list length " + list.size() + ")");
            }
            List<Object> copy = new ArrayList<>(list);
            copy.set((int) (long) idx, last ? value : setIn(copy.get((int) (long) idx), keys, i + 1, value));
            return copy;
        }
        throw WorkflowException.of(ErrorTag.TypeError, "cannot assign into a " + Values.typeName(container));
    }

    // ---- used by Machine -------------------------------------------------------------------------------

    void pushCall(Subworkflow sub, Scope s) {
        push(new Frame.CallFrame(sub.name(), s));
        push(new Frame.BlockFrame(sub.body().id()));
    }

    void pushFrame(Frame f) {
        push(f);
    }

    Frame popFrame() {
        return pop();
    }

    Frame topFrame() {
        return top();
    }

    void raise(Object error) {
        sig = Sig.ERROR;
        sigValue = error;
    }

    void deliver(Object value) {
        sig = Sig.VALUE;
        sigValue = value;
    }

    /** Name of the step at the top block frame (for pending ids and messages). */
    String currentStepName() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i) instanceof Frame.BlockFrame b) {
                List<Step> steps = m.workflow.blocks().get(b.blockId).steps();
                return b.index < steps.size() ? steps.get(b.index).name() : "end";
            }
        }
        return "start";
    }

    void bind(Machine machine) {
        this.m = machine;
    }

    /** The subworkflow running at the top of this fiber. */
    String routineName() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i) instanceof Frame.CallFrame c) {
                return c.subworkflow;
            }
        }
        return routine;
    }

    /** The innermost open step entry of this fiber (or the one it belongs to), for children it starts. */
    long openEntry() {
        return enclosingEntry(frames.size());
    }

    /** The open step entry enclosing the step of frame {@code b}: the next open one below it, or the parent's. */
    long enclosingEntry(Frame.BlockFrame b) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i) == b) {
                return enclosingEntry(i);
            }
        }
        return parentEntry;
    }

    private long enclosingEntry(int below) {
        for (int i = below - 1; i >= 0; i--) {
            if (frames.get(i) instanceof Frame.BlockFrame b && b.entry != 0) {
                return b.entry;
            }
        }
        return parentEntry;
    }
}
