package dev.baton.engine.bench;

import dev.baton.engine.definition.DefinitionParser;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.expression.EvalContext;
import dev.baton.engine.expression.Evaluator;
import dev.baton.engine.expression.Expr;
import dev.baton.engine.expression.ExpressionParser;
import dev.baton.engine.runtime.Environment;
import dev.baton.engine.runtime.Interpreter;
import dev.baton.engine.runtime.Limits;
import dev.baton.engine.runtime.RunResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Throughput of the pure interpreter on one thread (so figures are per core): simple steps per second in a
 * switch/assign loop and in a for loop, and expression evaluations per second. Run with
 * {@code ./mvnw -Pbench -pl workflow-engine verify}; not part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InterpreterBenchmark {
    /** Loop iterations per invocation; the switch loop runs two steps per iteration. */
    static final int N = 40_000;

    private Interpreter switchLoop;
    private Interpreter forLoop;
    private Expr expr;
    private EvalContext ctx;

    @Setup
    public void setup() {
        Limits limits = Limits.GOOGLE.withMaxSteps(Integer.MAX_VALUE);
        Workflow sw = DefinitionParser.parse("switch_loop.yaml", """
                main:
                  params: [n]
                  steps:
                    - init:
                        assign:
                          - i: 0
                          - acc: 0
                    - check:
                        switch:
                          - condition: ${i < n}
                            next: body
                        next: done
                    - body:
                        assign:
                          - acc: ${acc + i * 2}
                          - i: ${i + 1}
                        next: check
                    - done:
                        return: ${acc}
                """);
        switchLoop = new Interpreter(sw, Environment.fixed(0, Map.of()), limits, Set.of());
        Workflow fl = DefinitionParser.parse("for_loop.yaml", """
                main:
                  params: [n]
                  steps:
                    - init:
                        assign:
                          - acc: 0
                    - loop:
                        for:
                          value: v
                          range: [1, ${n}]
                          steps:
                            - add:
                                assign:
                                  - acc: ${acc + v % 7}
                    - done:
                        return: ${acc}
                """.replace("${n}", String.valueOf(N)));
        forLoop = new Interpreter(fl, Environment.fixed(0, Map.of()), limits, Set.of());
        expr = ExpressionParser.parse("a * 2 + b[1] - len(b) // 3 > 10 and m.k == \"v\"");
        Map<String, Object> vars = Map.of("a", 21L, "b", List.of(1L, 2L, 3L), "m", Map.of("k", "v"));
        ctx = new EvalContext() {
            @Override
            public Object lookup(String name) {
                Object v = vars.get(name);
                return v != null ? v : UNBOUND;
            }

            @Override
            public Object call(String function, List<Object> args) {
                return (long) ((List<?>) args.getFirst()).size();
            }

            @Override
            public boolean isFunction(String name) {
                return name.equals("len");
            }

            @Override
            public Object constant(String name) {
                return null;
            }
        };
    }

    /** Steps per second: 2 * N + 2 steps (assign, switch) per invocation. */
    @Benchmark
    @OperationsPerInvocation(2 * N + 2)
    public Object switchAssignLoopSteps() {
        RunResult r = switchLoop.start((long) N);
        return ((RunResult.Succeeded) r).value();
    }

    /** Steps per second: N assign steps plus the for and init/return steps per invocation. */
    @Benchmark
    @OperationsPerInvocation(N + 3)
    public Object forLoopSteps() {
        RunResult r = forLoop.start((long) N);
        return ((RunResult.Succeeded) r).value();
    }

    /** Expression evaluations per second. */
    @Benchmark
    public Object expressionEvals() {
        return Evaluator.eval(expr, ctx);
    }
}
