package dev.baton.engine.runtime;

import dev.baton.engine.definition.Subworkflow;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.expression.ErrorTag;
import dev.baton.engine.expression.Values;
import dev.baton.engine.expression.WorkflowException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a parsed workflow as an explicit state machine. {@link #start} runs until the execution finishes or
 * every live fiber waits on a blocking request; {@link #resume} feeds outcomes back and continues. Between
 * the two, {@link ExecutionState#toJson()} captures everything, so the engine can persist it, free the thread
 * and resume in another process.
 *
 * <p>One instance per definition, reusable and thread-safe across executions (each call works on its own
 * state); the environment must be thread-safe if shared.
 */
public final class Interpreter {
    private final Workflow workflow;
    private final Environment env;
    private final Limits limits;
    private final Set<String> connectors;
    private final StepListener listener;

    /** An interpreter with Google's limits and no connectors. */
    public Interpreter(Workflow workflow, Environment env) {
        this(workflow, env, Limits.GOOGLE, Set.of());
    }

    /**
     * @param connectors call-step function names (such as {@code tasks.call}) that suspend the execution with
     *                   their args as a {@link PendingCall}; the outcome's value becomes the step's result.
     */
    public Interpreter(Workflow workflow, Environment env, Limits limits, Set<String> connectors) {
        this(workflow, env, limits, connectors, StepListener.NONE);
    }

    /**
     * @param listener receives every step transition of the runs of this instance (see {@link StepEntry}); it must
     *                 be thread-safe if the instance is shared across threads
     */
    public Interpreter(Workflow workflow, Environment env, Limits limits, Set<String> connectors,
            StepListener listener) {
        this.workflow = workflow;
        this.env = env;
        this.limits = limits;
        this.connectors = Set.copyOf(connectors);
        this.listener = listener;
    }

    /** The definition this interpreter runs. */
    public Workflow workflow() {
        return workflow;
    }

    /** Starts an execution of {@code main} with {@code argument} (bound to main's first parameter). */
    public RunResult start(Object argument) {
        Fiber root = new Fiber("main");
        ExecutionState state = new ExecutionState(workflow.fingerprint(), 0, root);
        Machine m = new Machine(workflow, env, limits, connectors, state, listener);
        root.bind(m);
        Subworkflow main = workflow.main();
        Object arg = Values.normalize(argument);
        try {
            if (Values.sizeOf(arg, limits.maxArgumentBytes()) > limits.maxArgumentBytes()) {
                throw WorkflowException.of(ErrorTag.ResourceLimitError,
                        "argument larger than " + limits.maxArgumentBytes() + " bytes");
            }
            Map<String, Object> named = new LinkedHashMap<>();
            if (!main.params().isEmpty() && (arg != null || !main.params().getFirst().hasDefault())) {
                named.put(main.params().getFirst().name(), arg);
            }
            for (Subworkflow.Param p : main.params().subList(Math.min(1, main.params().size()), main.params().size())) {
                if (!p.hasDefault()) {
                    named.put(p.name(), null);
                }
            }
            root.pushCall(main, m.bindParams(main, named, 0));
        } catch (WorkflowException e) {
            root.status = Fiber.Status.FAILED;
            root.result = e.error();
            return new RunResult.Failed(e.error(), state);
        }
        return run(m, state);
    }

    /** Reads a state written by {@link ExecutionState#toJson()} for this definition. */
    public ExecutionState restore(String json) {
        return StateCodec.read(json, workflow);
    }

    /** Restores {@code stateJson} and resumes it with {@code outcomes}. */
    public RunResult resume(String stateJson, List<Outcome> outcomes) {
        return resume(restore(stateJson), outcomes);
    }

    /**
     * Delivers outcomes (any subset of the pending requests, in any order) and runs on. An outcome whose id is
     * not pending is ignored, so a duplicate signal changes nothing.
     */
    public RunResult resume(ExecutionState state, List<Outcome> outcomes) {
        Machine m = new Machine(workflow, env, limits, connectors, state, listener);
        state.root.bind(m);
        if (state.root.status == Fiber.Status.DONE) {
            return new RunResult.Succeeded(state.root.result, state);
        }
        if (state.root.status == Fiber.Status.FAILED) {
            return new RunResult.Failed(state.root.result, state);
        }
        for (Outcome o : outcomes) {
            Fiber f = state.find(o.id());
            if (f != null) {
                m.complete(f, o);
            }
        }
        return run(m, state);
    }

    private RunResult run(Machine m, ExecutionState state) {
        Fiber root = state.root;
        Fiber.Status st = root.run(m);
        return switch (st) {
            case DONE -> {
                Object error = null;
                try {
                    if (Values.sizeOf(root.result, limits.maxResultBytes()) > limits.maxResultBytes()) {
                        error = WorkflowException.errorMap(ErrorTag.ResourceLimitError,
                                "result larger than " + limits.maxResultBytes() + " bytes");
                    }
                } catch (WorkflowException e) {
                    error = e.error();
                }
                if (error != null) {
                    root.status = Fiber.Status.FAILED;
                    root.result = error;
                    yield new RunResult.Failed(error, state);
                }
                yield new RunResult.Succeeded(root.result, state);
            }
            case FAILED -> new RunResult.Failed(root.result, state);
            default -> new RunResult.Suspended(state.pending(), state);
        };
    }
}
