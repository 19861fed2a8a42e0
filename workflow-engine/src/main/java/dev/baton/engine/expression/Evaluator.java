package dev.baton.engine.expression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expression trees with Google's operator typing (the implicit conversion tables of "Data types,
 * functions, operators") and its errors: TypeError for operand types a table marks ERROR, ZeroDivisionError,
 * KeyError for missing keys and variables, IndexError for list indexes, ValueError for int64 overflow.
 * Stateless: one instance serves every execution.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Evaluates {@code e} against {@code ctx}; Workflows errors surface as {@link WorkflowException}. */
    public static Object eval(Expr e, EvalContext ctx) {
        return switch (e) {
            case Expr.Literal l -> l.value();
            case Expr.Var v -> variable(v.name(), ctx);
            case Expr.Member m -> member(m, ctx);
            case Expr.Index i -> index(eval(i.target(), ctx), eval(i.index(), ctx));
            case Expr.Call c -> {
                List<Object> args = new ArrayList<>(c.args().size());
                for (Expr a : c.args()) {
                    args.add(eval(a, ctx));
                }
                yield ctx.call(c.function(), args);
            }
            case Expr.Unary u -> unary(u.op(), eval(u.operand(), ctx));
            case Expr.Binary b -> binary(b, ctx);
            case Expr.ListLit l -> {
                List<Object> out = new ArrayList<>(l.items().size());
                for (Expr x : l.items()) {
                    out.add(eval(x, ctx));
                }
                yield out;
            }
            case Expr.MapLit m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < m.keys().size(); i++) {
                    Object k = eval(m.keys().get(i), ctx);
                    if (!(k instanceof String s)) {
                        throw WorkflowException.of(ErrorTag.TypeError,
                                "map keys must be strings, got " + Values.typeName(k));
                    }
                    out.put(s, eval(m.values().get(i), ctx));
                }
                yield out;
            }
        };
    }

    private static Object variable(String name, EvalContext ctx) {
        Object v = ctx.lookup(name);
        if (v != EvalContext.UNBOUND) {
            return v;
        }
        if (ctx.isFunction(name)) {
            return ctx.constant(name);
        }
        throw WorkflowException.of(ErrorTag.KeyError, "variable '" + name + "' is not defined");
    }

    private static Object member(Expr.Member m, EvalContext ctx) {
        // a.b.c where "a" is not a variable names a stdlib constant (http.default_retry) or function reference;
        // the qualified name is only built in that case, keeping plain field access allocation-free.
        Expr root = m.target();
        while (root instanceof Expr.Member inner) {
            root = inner.target();
        }
        if (root instanceof Expr.Var v && ctx.lookup(v.name()) == EvalContext.UNBOUND) {
            String qualified = qualified(m);
            if (qualified != null && ctx.isFunction(qualified)) {
                return ctx.constant(qualified);
            }
        }
        Object target = eval(m.target(), ctx);
        return field(target, m.name());
    }

    private static String qualified(Expr e) {
        return switch (e) {
            case Expr.Var v -> v.name();
            case Expr.Member m -> {
                String t = qualified(m.target());
                yield t == null ? null : t + "." + m.name();
            }
            default -> null;
        };
    }

    /** {@code target.name}: maps only; a missing key is a KeyError. */
    public static Object field(Object target, String name) {
        if (target instanceof Map<?, ?> map) {
            Object v = map.get(name);
            if (v == null && !map.containsKey(name)) {
                throw WorkflowException.of(ErrorTag.KeyError, "key not found: " + name);
            }
            return v;
        }
        throw WorkflowException.of(ErrorTag.TypeError,
                "cannot access key '" + name + "' of a " + Values.typeName(target));
    }

    /** {@code target[index]}: lists by integer (IndexError when out of range), maps by string key. */
    public static Object index(Object target, Object index) {
        if (target instanceof List<?> list) {
            if (!(index instanceof Long l)) {
                throw WorkflowException.of(ErrorTag.TypeError,
                        "list index must be an integer, got " + Values.typeName(index));
            }
            if (l < 0 || l >= list.size()) {
                throw WorkflowException.of(ErrorTag.IndexError,
                        "list index out of range: " + l + " (list length " + list.size() + ")");
            }
            return list.get((int) (long) l);
        }
        if (target instanceof Map<?, ?>) {
            if (!(index instanceof String s)) {
                throw WorkflowException.of(ErrorTag.TypeError,
                        "map key must be a string, got " + Values.typeName(index));
            }
            return field(target, s);
        }
        throw WorkflowException.of(ErrorTag.TypeError, "cannot index a " + Values.typeName(target));
    }

    private static Object unary(String op, Object v) {
        if (op.equals("not")) {
            if (v instanceof Boolean b) {
                return !b;
            }
            throw WorkflowException.of(ErrorTag.TypeError, "'not' needs a boolean, got " + Values.typeName(v));
        }
        if (v instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw WorkflowException.of(ErrorTag.ValueError, "integer overflow in unary minus");
            }
            return -l;
        }
        if (v instanceof Double d) {
            return -d;
        }
        throw WorkflowException.of(ErrorTag.TypeError, "unary '-' needs a number, got " + Values.typeName(v));
    }

    private static Object binary(Expr.Binary b, EvalContext ctx) {
        String op = b.op();
        if (op.equals("and") || op.equals("or")) {
            Object l = eval(b.left(), ctx);
            if (!(l instanceof Boolean lb)) {
                throw WorkflowException.of(ErrorTag.TypeError,
                        "'" + op + "' needs booleans, got " + Values.typeName(l));
            }
            if (op.equals("and") ? !lb : lb) {
                return lb;
            }
            Object r = eval(b.right(), ctx);
            if (!(r instanceof Boolean rb)) {
                throw WorkflowException.of(ErrorTag.TypeError,
                        "'" + op + "' needs booleans, got " + Values.typeName(r));
            }
            return rb;
        }
        return apply(op, eval(b.left(), ctx), eval(b.right(), ctx));
    }

    /** Applies a non-short-circuit binary operator to two evaluated operands. */
    public static Object apply(String op, Object l, Object r) {
        return switch (op) {
            case "+" -> plus(l, r);
            case "-", "*", "/", "//", "%" -> arithmetic(op, l, r);
            case "==" -> Values.equal(l, r);
            case "!=" -> !Values.equal(l, r);
            case "<", "<=", ">", ">=" -> compare(op, l, r);
            case "in" -> in(l, r);
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static Object plus(Object l, Object r) {
        if (l instanceof Long a && r instanceof Long b) {
            try {
                return Math.addExact(a, b);
            } catch (ArithmeticException e) {
                throw overflow("+");
            }
        }
        if (isNumber(l) && isNumber(r)) {
            return finite(((Number) l).doubleValue() + ((Number) r).doubleValue(), "+");
        }
        // The table: a string with an integer, double, string or boolean gives a string, on either side;
        // a boolean with a number, and every other pairing, is an error.
        if ((l instanceof String && isScalar(r)) || (r instanceof String && isScalar(l))) {
            return Values.toText(l).concat(Values.toText(r));
        }
        throw typeError("+", l, r);
    }

    private static boolean isScalar(Object v) {
        return v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    private static Object arithmetic(String op, Object l, Object r) {
        if (!isNumber(l) || !isNumber(r)) {
            throw typeError(op, l, r);
        }
        if (l instanceof Long a && r instanceof Long b && !op.equals("/")) {
            try {
                return switch (op) {
                    case "-" -> Math.subtractExact(a, b);
                    case "*" -> Math.multiplyExact(a, b);
                    case "//" -> {
                        if (b == 0) {
                            throw zeroDivision();
                        }
                        if (a == Long.MIN_VALUE && b == -1) {
                            throw overflow(op);
                        }
                        yield Math.floorDiv(a, b);
                    }
                    case "%" -> {
                        if (b == 0) {
                            throw zeroDivision();
                        }
                        yield Math.floorMod(a, b);
                    }
                    default -> throw new IllegalArgumentException(op);
                };
            } catch (ArithmeticException e) {
                throw overflow(op);
            }
        }
        double a = ((Number) l).doubleValue();
        double b = ((Number) r).doubleValue();
        return switch (op) {
            case "-" -> finite(a - b, op);
            case "*" -> finite(a * b, op);
            case "/" -> {
                if (b == 0) {
                    throw zeroDivision();
                }
                yield finite(a / b, op);
            }
            case "//" -> {
                if (b == 0) {
                    throw zeroDivision();
                }
                yield finite(Math.floor(a / b), op);
            }
            case "%" -> {
                if (b == 0) {
                    throw zeroDivision();
                }
                yield finite(a - Math.floor(a / b) * b, op);
            }
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static Object compare(String op, Object l, Object r) {
        int c;
        if (l instanceof Long a && r instanceof Long b) {
            c = Long.compare(a, b);
        } else if (isNumber(l) && isNumber(r)) {
            double a = ((Number) l).doubleValue();
            double b = ((Number) r).doubleValue();
            c = a < b ? -1 : a > b ? 1 : 0;
        } else if (l instanceof String a && r instanceof String b) {
            c = a.compareTo(b);
        } else {
            throw typeError(op, l, r);
        }
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static Object in(Object l, Object r) {
        if (r instanceof List<?> list) {
            for (Object o : list) {
                if (Values.equal(l, o)) {
                    return true;
                }
            }
            return false;
        }
        if (r instanceof Map<?, ?> map) {
            if (!(l instanceof String)) {
                throw WorkflowException.of(ErrorTag.TypeError,
                        "map keys are strings, 'in' got " + Values.typeName(l));
            }
            return map.containsKey(l);
        }
        throw WorkflowException.of(ErrorTag.TypeError, "'in' needs a list or map, got " + Values.typeName(r));
    }

    private static double finite(double d, String op) {
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            throw WorkflowException.of(ErrorTag.ValueError, "double overflow in '" + op + "'");
        }
        return d;
    }

    private static WorkflowException overflow(String op) {
        return WorkflowException.of(ErrorTag.ValueError, "integer overflow in '" + op + "'");
    }

    private static WorkflowException zeroDivision() {
        return WorkflowException.of(ErrorTag.ZeroDivisionError, "division by zero");
    }

    private static WorkflowException typeError(String op, Object l, Object r) {
        return WorkflowException.of(ErrorTag.TypeError, "unsupported operand types for '" + op + "': "
                + Values.typeName(l) + " and " + Values.typeName(r));
    }
}
