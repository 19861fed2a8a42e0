package dev.baton.engine.runtime;

import dev.baton.engine.definition.DefinitionParser;
import dev.baton.engine.definition.Workflow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The contract the durable engine relies on: suspension, stable ids, idempotent and order-free resumption. */
class InterpreterTest {
    private static final Workflow FAN_OUT = DefinitionParser.parse("fan_out.yaml", """
            main:
              params: [args]
              steps:
                - init:
                    assign:
                      - got: {}
                - fan:
                    parallel:
                      shared: [got]
                      for:
                        value: name
                        in: ${args}
                        steps:
                          - fetch:
                              call: http.get
                              args:
                                url: ${"https://example.com/" + name}
                              result: r
                          - keep:
                              assign:
                                - got[name]: ${r.body}
                - done:
                    return: ${got}
            """);

    private static Interpreter interpreter(Workflow w) {
        return new Interpreter(w, Environment.fixed(1_700_000_000, Map.of()));
    }

    private static Outcome ok(PendingCall p) {
        String url = (String) p.args().get("url");
        return Outcome.httpResponse(p.id(), 200, Map.of("Content-Type", "application/json"),
                "\"" + url.substring(url.lastIndexOf('/') + 1).toUpperCase() + "\"");
    }

    @Test
    void start_parallelBranchesBlockTogether_listsEveryPendingRequestWithStableIds() {
        RunResult r = interpreter(FAN_OUT).start(List.of("a", "b", "c"));
        RunResult.Suspended s = assertInstanceOf(RunResult.Suspended.class, r);
        assertEquals(List.of("main/fan/0/fetch/0", "main/fan/1/fetch/0", "main/fan/2/fetch/0"),
                s.pending().stream().map(PendingCall::id).toList());
        assertEquals(Map.of("method", "GET", "url", "https://example.com/a", "headers", Map.of(), "timeout", 300.0),
                withoutNulls(s.pending().getFirst().args()));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void resume_outcomesOneAtATimeInAnyOrder_giveTheSameResult() {
        Interpreter in = interpreter(FAN_OUT);
        Map<String, Object> expected = Map.of("a", "A", "b", "B", "c", "C");
        for (List<Integer> order : List.of(List.of(0, 1, 2), List.of(2, 1, 0), List.of(1, 2, 0))) {
            RunResult.Suspended s = (RunResult.Suspended) in.start(List.of("a", "b", "c"));
            List<PendingCall> pending = new ArrayList<>(s.pending());
            String json = s.state().toJson();
            RunResult r = null;
            for (int i : order) {
                r = in.resume(json, List.of(ok(pending.get(i))));
                if (r instanceof RunResult.Suspended next) {
                    json = next.state().toJson();
                }
            }
            assertEquals(expected, assertInstanceOf(RunResult.Succeeded.class, r).value(), "order " + order);
        }
    }

    @Test
    void resume_duplicateAndUnknownOutcomes_changeNothing() {
        Interpreter in = interpreter(FAN_OUT);
        RunResult.Suspended s = (RunResult.Suspended) in.start(List.of("a", "b"));
        List<PendingCall> pending = s.pending();
        String before = s.state().toJson();
        RunResult same = in.resume(before, List.of(Outcome.value("main/fan/9/fetch/0", "late")));
        assertEquals(before, same.state().toJson());
        RunResult once = in.resume(before, List.of(ok(pending.get(0))));
        RunResult twice = in.resume(before, List.of(ok(pending.get(0)), ok(pending.get(0))));
        assertEquals(once.state().toJson(), twice.state().toJson());
        RunResult.Suspended after = (RunResult.Suspended) in.resume(once.state().toJson(),
                List.of(ok(pending.get(0))));
        assertEquals(List.of("main/fan/1/fetch/0"), after.pending().stream().map(PendingCall::id).toList());
    }

    @Test
    void restore_stateOfAnotherDefinition_isRejected() {
        RunResult.Suspended s = (RunResult.Suspended) interpreter(FAN_OUT).start(List.of("a"));
        Workflow other = DefinitionParser.parse("other.yaml", "- s:\n    call: sys.sleep\n    args:\n      seconds: 1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> interpreter(other).restore(s.state().toJson()));
        assertEquals("execution state belongs to definition " + FAN_OUT.fingerprint() + ", not "
                + other.fingerprint(), e.getMessage());
    }

    @Test
    void roundTrip_bytesAndTagShapedMaps_keepTheirTypes() {
        Workflow w = DefinitionParser.parse("values.yaml", """
                - init:
                    assign:
                      - b: ${text.encode("hi")}
                      - m: {"$bytes": "not bytes"}
                      - d: 2.0
                - nap:
                    call: sys.sleep
                    args:
                      seconds: 1
                - done:
                    return: ${[base64.encode(b), m, type(m), d, type(d)]}
                """);
        Interpreter in = interpreter(w);
        RunResult.Suspended s = (RunResult.Suspended) in.start(null);
        RunResult r = in.resume(s.state().toJson(), List.of(Outcome.value(s.pending().getFirst().id(), null)));
        assertEquals(List.of("aGk=", Map.of("$bytes", "not bytes"), "map", 2.0, "double"),
                assertInstanceOf(RunResult.Succeeded.class, r).value());
    }

    @Test
    void start_argumentOverLimit_failsWithResourceLimitError() {
        String big = String.join("", Collections.nCopies(40_000, "x"));
        RunResult r = interpreter(FAN_OUT).start(List.of(big));
        assertEquals(Map.of("message", "argument larger than 32768 bytes", "tags", List.of("ResourceLimitError")),
                assertInstanceOf(RunResult.Failed.class, r).error());
    }

    @Test
    void resume_httpErrorStatus_raisesHttpErrorWithDecodedBody() {
        Workflow w = DefinitionParser.parse("err.yaml", """
                - get:
                    call: http.get
                    args:
                      url: https://example.com/x
                """);
        Interpreter in = interpreter(w);
        RunResult.Suspended s = (RunResult.Suspended) in.start(null);
        RunResult r = in.resume(s.state(), List.of(Outcome.httpResponse(s.pending().getFirst().id(), 503,
                Map.of("Content-Type", "application/json"), "{\"retry\":true}")));
        assertEquals(Map.of("message", "HTTP server responded with error code 503", "code", 503L,
                "headers", Map.of("Content-Type", "application/json"), "body", Map.of("retry", true),
                "tags", List.of("HttpError")), assertInstanceOf(RunResult.Failed.class, r).error());
    }

    @Test
    void start_recursion_raisesRecursionErrorAtDepthTwenty() {
        Workflow w = DefinitionParser.parse("rec.yaml", """
                main:
                  steps:
                    - go:
                        call: rec
                        args:
                          n: 1
                rec:
                  params: [n]
                  steps:
                    - again:
                        call: rec
                        args:
                          n: ${n + 1}
                """);
        RunResult r = interpreter(w).start(null);
        assertEquals(Map.of("message", "maximum call depth of 20 exceeded calling 'rec'", "tags",
                List.of("RecursionError")), assertInstanceOf(RunResult.Failed.class, r).error());
    }

    @Test
    void start_variablesOverMemoryLimit_raiseResourceLimitError() {
        Workflow w = DefinitionParser.parse("mem.yaml", """
                - init:
                    assign:
                      - s: x
                - grow:
                    for:
                      value: i
                      range: [1, 25]
                      steps:
                        - twice:
                            assign:
                              - s: ${s + s}
                """);
        RunResult r = interpreter(w).start(null);
        assertEquals(Map.of("message", "memory limit exceeded: variables would use more than 524288 bytes",
                "tags", List.of("ResourceLimitError")), assertInstanceOf(RunResult.Failed.class, r).error());
    }

    @Test
    void start_deeplyNestedValue_raisesResourceLimitErrorInsteadOfOverflowing() {
        Workflow w = DefinitionParser.parse("deep.yaml", """
                - init:
                    assign:
                      - x: []
                - nest:
                    for:
                      value: i
                      range: [1, 1000]
                      steps:
                        - wrap:
                            assign:
                              - x: ${[x]}
                """);
        RunResult r = interpreter(w).start(null);
        assertEquals(Map.of("message", "value nested deeper than 200 levels", "tags", List.of("ResourceLimitError")),
                assertInstanceOf(RunResult.Failed.class, r).error());
    }
}
