package dev.baton.engine.expression;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvaluatorTest {
    /** Variables a, m, l; functions len and double. */
    private static final EvalContext CTX = new EvalContext() {
        private final Map<String, Object> vars = Map.of("a", 7L, "m", Map.of("k", "v"), "l", List.of(1L, 2L));

        @Override
        public Object lookup(String name) {
            return vars.containsKey(name) ? vars.get(name) : UNBOUND;
        }

        @Override
        public Object call(String function, List<Object> args) {
            return switch (function) {
                case "len" -> (long) ((List<?>) args.getFirst()).size();
                case "math.double" -> (Long) args.getFirst() * 2;
                default -> throw WorkflowException.of(ErrorTag.TypeError, "unknown function '" + function + "'");
            };
        }

        @Override
        public boolean isFunction(String name) {
            return name.equals("len") || name.equals("math.double");
        }

        @Override
        public Object constant(String name) {
            return new FunctionRef(name);
        }
    };

    private static Object eval(String text) {
        return Evaluator.eval(ExpressionParser.parse(text), CTX);
    }

    private static Map<String, Object> error(String text) {
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) assertThrows(WorkflowException.class, () -> eval(text)).error();
        return e;
    }

    @Test
    void eval_precedence_followsGoogleTable() {
        assertEquals(7L, eval("1 + 2 * 3"));
        assertEquals(true, eval("1 + 1 == 2 and not false or false"));
        assertEquals(-2L, eval("-a // 4"));
        assertEquals(3.5, eval("7 / 2"));
        assertEquals(true, eval("\"k\" in m and 2 in l"));
        assertEquals("v", eval("m[\"k\"]"));
        assertEquals(4L, eval("math.double(len(l))"));
        assertEquals(new FunctionRef("len"), eval("len"));
    }

    @Test
    void eval_int64Overflow_raisesValueError() {
        assertEquals(Map.of("message", "integer overflow in '*'", "tags", List.of("ValueError")),
                error("9223372036854775807 * 2"));
        assertEquals(Long.MIN_VALUE, eval("-9223372036854775808"));
    }

    @Test
    void eval_badIndexAndMissingKey_raiseIndexAndKeyError() {
        assertEquals(Map.of("message", "list index out of range: -1 (list length 2)", "tags", List.of("IndexError")),
                error("l[-1]"));
        assertEquals(Map.of("message", "key not found: nope", "tags", List.of("KeyError")), error("m.nope"));
        assertEquals(Map.of("message", "map key must be a string, got integer", "tags", List.of("TypeError")),
                error("m[1]"));
    }

    @Test
    void eval_logicalOperatorsOnNonBooleans_raiseTypeError() {
        assertEquals(Map.of("message", "'or' needs booleans, got integer", "tags", List.of("TypeError")),
                error("1 or true"));
        assertEquals(false, eval("false and 1"));
    }

    @Test
    void parse_malformed_reportsOffset() {
        ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("a + * b"));
        assertEquals("unexpected '*'", e.getMessage());
        assertEquals(4, e.offset());
        assertEquals("unterminated string", assertThrows(ExpressionSyntaxException.class,
                () -> ExpressionParser.parse("\"abc")).getMessage());
        assertEquals("only named functions can be called", assertThrows(ExpressionSyntaxException.class,
                () -> ExpressionParser.parse("l[0](1)")).getMessage());
    }

    @Test
    void parse_deepNesting_reportsDepthNotStackOverflow() {
        assertEquals("expression nested deeper than 64 levels", assertThrows(ExpressionSyntaxException.class,
                () -> ExpressionParser.parse("(".repeat(100) + "1" + ")".repeat(100))).getMessage());
        assertEquals("expression nested deeper than 64 levels", assertThrows(ExpressionSyntaxException.class,
                () -> ExpressionParser.parse("not ".repeat(2_000) + "true")).getMessage());
        assertEquals("expression has more than 512 operators", assertThrows(ExpressionSyntaxException.class,
                () -> ExpressionParser.parse("1" + "+1".repeat(3_000))).getMessage());
    }
}
