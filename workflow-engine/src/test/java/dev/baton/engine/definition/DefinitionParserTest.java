package dev.baton.engine.definition;

import dev.baton.engine.expression.Expr;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DefinitionParserTest {

    static String resource(String name) throws IOException {
        try (InputStream in = DefinitionParserTest.class.getResourceAsStream("/definitions/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String errors(String file, String text) {
        return assertThrows(DefinitionException.class, () -> DefinitionParser.parse(file, text)).rendered();
    }

    @Test
    void parse_yamlWithManyProblems_reportsAllWithLineColumnAndCaret() throws IOException {
        assertEquals("""
                many_errors.yaml:2:18: a parameter is a name or a single 'name: default' entry
                  params: [args, 3]
                                 ^
                many_errors.yaml:6:21: bad expression: unexpected end of expression
                          - x: ${1 +}
                                    ^
                many_errors.yaml:7:15: next step 'nowhere' not found
                        next: nowhere
                              ^
                many_errors.yaml:8:7: duplicate step name 'first' (first defined at line 4)
                    - first:
                      ^
                many_errors.yaml:9:15: function 'sys.log' has no argument 'bogus'
                        call: sys.log
                              ^
                many_errors.yaml:13:15: 'break' is only allowed inside a for loop
                        next: break
                              ^
                many_errors.yaml:21:27: variable 'x' belongs to the scope enclosing the parallel step; list it in \
                'shared' to assign it in a branch
                                        - x: 2
                                          ^
                many_errors.yaml:22:7: step 'typo' does nothing: it needs one of try, call, assign, switch, for, \
                parallel, raise, return, steps or next
                    - typo:
                      ^
                many_errors.yaml:23:9: unknown field 'asign' in step 'typo'
                        asign:
                        ^""", errors("many_errors.yaml", resource("many_errors.yaml")));
    }

    @Test
    void parse_jsonWithManyProblems_reportsAllWithLineColumnAndCaret() throws IOException {
        assertEquals("""
                many_errors.json:4:42: bad expression: unexpected end of expression
                      {"first": {"assign": [{"x": "${len(}"}], "next": "nowhere"}},
                                                         ^
                many_errors.json:4:56: next step 'nowhere' not found
                      {"first": {"assign": [{"x": "${len(}"}], "next": "nowhere"}},
                                                                       ^
                many_errors.json:5:8: duplicate step name 'first' (first defined at line 4)
                      {"first": {"call": "undefined_fn"}},
                       ^
                many_errors.json:5:26: unknown function 'undefined_fn'
                      {"first": {"call": "undefined_fn"}},
                                         ^
                many_errors.json:7:26: 'switch' must be a list of conditions
                      {"bad": {"switch": "not a list"}}
                                         ^""", errors("many_errors.json", resource("many_errors.json")));
    }

    @Test
    void parse_unknownNextStep_reportsLineAndColumn() {
        assertEquals("""
                w.yaml:4:11: next step 'b' not found
                    next: b
                          ^""", errors("w.yaml", "- a:\n    assign:\n      - x: 1\n    next: b\n"));
    }

    @Test
    void parse_fiftyOneAssignments_reportsLimit() {
        StringBuilder b = new StringBuilder("- many:\n    assign:\n");
        for (int i = 0; i < 51; i++) {
            b.append("      - v").append(i).append(": ").append(i).append('\n');
        }
        assertEquals("""
                w.yaml:1:3: step 'many' has 51 assignments; at most 50 are allowed
                - many:
                  ^""", errors("w.yaml", b.toString()));
    }

    @Test
    void parse_fiftyOneConditions_reportsLimit() {
        StringBuilder b = new StringBuilder("- pick:\n    switch:\n");
        for (int i = 0; i < 51; i++) {
            b.append("      - condition: ${").append(i).append(" == 1}\n        return: ").append(i).append('\n');
        }
        assertEquals("""
                w.yaml:1:3: switch in step 'pick' has 51 conditions; at most 50 are allowed
                - pick:
                  ^""", errors("w.yaml", b.toString()));
    }

    @Test
    void parse_subworkflowCallWithBadParams_reportsUnknownAndMissing() {
        String text = """
                main:
                  steps:
                    - c:
                        call: sub
                        args:
                          nope: 1
                sub:
                  params: [needed, optional: 2]
                  steps:
                    - r:
                        return: ${needed}
                """;
        assertEquals("""
                w.yaml:4:15: subworkflow 'sub' has no parameter 'nope'
                        call: sub
                              ^
                w.yaml:4:15: missing argument 'needed' for subworkflow 'sub'
                        call: sub
                              ^""", errors("w.yaml", text));
    }

    @Test
    void parse_wrongFieldTypes_reportsEachField() {
        String text = """
                - loop:
                    for:
                      value: 3
                      in: ${[1]}
                      steps:
                        - s:
                            next: continue
                - call:
                    call: http.get
                    args: [1]
                    result: 5
                - sw:
                    switch:
                      - condition: yes please
                        next: loop
                """;
        assertEquals("""
                w.yaml:3:14: 'value' must be a string
                      value: 3
                             ^
                w.yaml:9:11: missing argument 'url' for function 'http.get'
                    call: http.get
                          ^
                w.yaml:10:11: 'args' must be a map
                    args: [1]
                          ^
                w.yaml:11:13: 'result' must be a string
                    result: 5
                            ^
                w.yaml:14:20: 'condition' must be an expression or a boolean
                      - condition: yes please
                                   ^""", errors("w.yaml", text));
    }

    @Test
    void parse_yamlSyntaxError_reportsPosition() {
        String rendered = errors("w.yaml", "- a:\n    assign: [\n");
        assertEquals("w.yaml:2:14: syntax error: while parsing a flow node", rendered.lines().findFirst().orElseThrow());
    }

    @Test
    void parse_mainWithDefaultParam_keepsLiteralDefault() {
        Workflow w = DefinitionParser.parse("w.yaml", """
                main:
                  params: [args: {x: 1}]
                  steps:
                    - r:
                        return: ${args}
                """);
        assertEquals(List.of(new Subworkflow.Param("args", true, java.util.Map.of("x", 1L))), w.main().params());
        Step r = w.main().body().steps().getFirst();
        assertEquals(new Location(4, 7), w.sources().of(r));
        StepKind.Return ret = assertInstanceOf(StepKind.Return.class, r.kind());
        Template.ExprT e = assertInstanceOf(Template.ExprT.class, ret.value());
        assertEquals(new Expr.Var("args", 0), e.expr());
        assertEquals(new Location(5, 17), w.sources().of(e));
    }

    @Test
    void parse_deeplyNestedDocument_reportsDepthInsteadOfOverflowing() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String first = errors("w.json", deep).lines().findFirst().orElseThrow();
        assertEquals(true, first.startsWith("w.json:1:"), first);
    }

    @Test
    void parse_missingRequiredStdlibArgAndSecondMainParam_reportsBoth() {
        String text = """
                main:
                  params: [args, extra]
                  steps:
                    - get:
                        call: http.get
                        args:
                          headers: {}
                """;
        assertEquals("""
                w.yaml:2:18: main takes at most one parameter: the execution argument
                  params: [args, extra]
                                 ^
                w.yaml:5:15: missing argument 'url' for function 'http.get'
                        call: http.get
                              ^""", errors("w.yaml", text));
    }

    @Test
    void parse_readsOfVariablesNoScopeAssigns_reportUndefinedVariables() {
        String text = """
                main:
                  steps:
                    - init:
                        assign:
                          - shared_total: 0
                    - par:
                        parallel:
                          shared: [shared_total]
                          branches:
                            - one:
                                steps:
                                  - a:
                                      assign:
                                        - temp2: foo
                            - two:
                                steps:
                                  - b:
                                      assign:
                                        - temp: ${temp2}
                    - after:
                        return: ${shared_total + len(temp)}
                    - sub:
                        call: peek
                peek:
                  steps:
                    - r:
                        return: ${http.default_retry_predicate == null or shared_total}
                """;
        assertEquals("""
                w.yaml:19:35: variable 'temp2' is not defined in this scope
                                        - temp: ${temp2}
                                                  ^
                w.yaml:21:38: variable 'temp' is not defined in this scope
                        return: ${shared_total + len(temp)}
                                                     ^
                w.yaml:27:59: variable 'shared_total' is not defined in this scope
                        return: ${http.default_retry_predicate == null or shared_total}
                                                                          ^""", errors("w.yaml", text));
    }

    @Test
    void parse_yamlAlias_reusesTheAnchoredValue() {
        Workflow w = DefinitionParser.parse("w.yaml", """
                - a:
                    assign:
                      - x: &v {k: 1}
                      - y: *v
                - r:
                    return: ${y}
                """);
        StepKind.Assign a = assertInstanceOf(StepKind.Assign.class, w.main().body().steps().getFirst().kind());
        assertEquals(new Template.Lit(java.util.Map.of("k", 1L)), a.assignments().get(1).value());
    }

    @Test
    void parse_yamlAliasBomb_isRejectedBeforeExpansion() {
        StringBuilder b = new StringBuilder("- a:\n    assign:\n      - l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            b.append("      - l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                b.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            b.append("]\n");
        }
        assertEquals("w.yaml:1:1: definition expands to more than 1000000 nodes through YAML aliases",
                errors("w.yaml", b.toString()).lines().findFirst().orElseThrow());
    }
}
