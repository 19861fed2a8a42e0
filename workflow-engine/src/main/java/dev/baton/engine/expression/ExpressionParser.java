package dev.baton.engine.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexes and parses the text between {@code ${} and {@code }} with Google's precedence, lowest first:
 * {@code or}, {@code and}, comparison/{@code in}, {@code + -}, {@code * / // %}, unary {@code - not},
 * then {@code .} {@code []} and calls. Nesting depth is bounded so a hostile definition cannot overflow the
 * Java stack of the parser or, later, of the evaluator.
 */
public final class ExpressionParser {
    /** Deepest nesting of parentheses, brackets and unary operators accepted. */
    public static final int MAX_DEPTH = 64;
    /** Longest expression text accepted. */
    public static final int MAX_LENGTH = 16_384;
    /** Most binary operators in one expression; left-nested chains would otherwise deepen evaluation. */
    public static final int MAX_OPERATORS = 512;

    private final String src;
    private final List<Tok> toks;
    private int p;
    private int depth;
    private int operators;

    private record Tok(Kind kind, String text, Object value, int pos) {
    }

    private enum Kind { NUM, STR, IDENT, OP, EOF }

    private ExpressionParser(String src) {
        this.src = src;
        this.toks = lex(src);
    }

    /** Parses one expression (the text inside {@code ${...}}). */
    public static Expr parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionSyntaxException("expression longer than " + MAX_LENGTH + " characters", 0);
        }
        ExpressionParser parser = new ExpressionParser(text);
        if (parser.peek().kind == Kind.EOF) {
            throw new ExpressionSyntaxException("empty expression", 0);
        }
        Expr e = parser.orExpr();
        Tok t = parser.peek();
        if (t.kind != Kind.EOF) {
            throw new ExpressionSyntaxException("unexpected '" + t.text + "'", t.pos);
        }
        return e;
    }

    private static List<Tok> lex(String s) {
        List<Tok> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                int start = i;
                boolean isDouble = false;
                while (i < n && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i < n && s.charAt(i) == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                    isDouble = true;
                    i++;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int save = i;
                    i++;
                    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                        i++;
                    }
                    if (i < n && Character.isDigit(s.charAt(i))) {
                        isDouble = true;
                        while (i < n && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    } else {
                        i = save;
                    }
                }
                String text = s.substring(start, i);
                Object value;
                if (isDouble) {
                    value = Double.parseDouble(text);
                } else {
                    try {
                        value = Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        // Only valid after a unary minus (int64's minimum); primary() rejects it elsewhere.
                        value = new java.math.BigInteger(text);
                    }
                }
                out.add(new Tok(Kind.NUM, text, value, start));
            } else if (c == '"' || c == '\'') {
                int start = i;
                StringBuilder b = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == c) {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n) {
                        char e = s.charAt(i + 1);
                        i += 2;
                        switch (e) {
                            case 'n' -> b.append('\n');
                            case 't' -> b.append('\t');
                            case 'r' -> b.append('\r');
                            case '\\' -> b.append('\\');
                            case '"' -> b.append('"');
                            case '\'' -> b.append('\'');
                            case 'u' -> {
                                if (i + 4 > n) {
                                    throw new ExpressionSyntaxException("bad \\u escape", i - 2);
                                }
                                try {
                                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                                } catch (NumberFormatException ex) {
                                    throw new ExpressionSyntaxException("bad \\u escape", i - 2);
                                }
                                i += 4;
                            }
                            default -> b.append('\\').append(e);
                        }
                    } else {
                        b.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new ExpressionSyntaxException("unterminated string", start);
                }
                out.add(new Tok(Kind.STR, s.substring(start, i), b.toString(), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Tok(Kind.IDENT, s.substring(start, i), null, start));
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                String op = switch (two) {
                    case "//", "==", "!=", "<=", ">=" -> two;
                    default -> null;
                };
                if (op == null) {
                    if ("+-*/%<>()[]{}.,:".indexOf(c) < 0) {
                        throw new ExpressionSyntaxException("unexpected character '" + c + "'", i);
                    }
                    op = String.valueOf(c);
                }
                out.add(new Tok(Kind.OP, op, null, i));
                i += op.length();
            }
        }
        out.add(new Tok(Kind.EOF, "end of expression", null, n));
        return out;
    }

    private Tok peek() {
        return toks.get(p);
    }

    private boolean isOp(String op) {
        Tok t = peek();
        return t.kind == Kind.OP && t.text.equals(op);
    }

    /** Keywords are lower or upper case but never mixed, as Google documents. */
    private boolean isKeyword(String kw) {
        Tok t = peek();
        return t.kind == Kind.IDENT && (t.text.equals(kw) || t.text.equals(kw.toUpperCase()));
    }

    private Tok expectOp(String op) {
        Tok t = peek();
        if (!isOp(op)) {
            throw new ExpressionSyntaxException("expected '" + op + "' but found '" + t.text + "'", t.pos);
        }
        p++;
        return t;
    }

    private void enter(int pos) {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionSyntaxException("expression nested deeper than " + MAX_DEPTH + " levels", pos);
        }
    }

    private Expr binary(String op, Expr left, Expr right, int pos) {
        if (++operators > MAX_OPERATORS) {
            throw new ExpressionSyntaxException("expression has more than " + MAX_OPERATORS + " operators", pos);
        }
        return new Expr.Binary(op, left, right, pos);
    }

    private Expr orExpr() {
        Expr left = andExpr();
        while (isKeyword("or")) {
            Tok t = toks.get(p++);
            left = binary("or", left, andExpr(), t.pos);
        }
        return left;
    }

    private Expr andExpr() {
        Expr left = comparison();
        while (isKeyword("and")) {
            Tok t = toks.get(p++);
            left = binary("and", left, comparison(), t.pos);
        }
        return left;
    }

    private Expr comparison() {
        Expr left = additive();
        while (true) {
            Tok t = peek();
            if (t.kind == Kind.OP && switch (t.text) {
                case "==", "!=", "<", "<=", ">", ">=" -> true;
                default -> false;
            }) {
                p++;
                left = binary(t.text, left, additive(), t.pos);
            } else if (isKeyword("in")) {
                p++;
                left = binary("in", left, additive(), t.pos);
            } else {
                return left;
            }
        }
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (isOp("+") || isOp("-")) {
            Tok t = toks.get(p++);
            left = binary(t.text, left, multiplicative(), t.pos);
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            Tok t = toks.get(p++);
            left = binary(t.text, left, unary(), t.pos);
        }
        return left;
    }

    private Expr unary() {
        Tok t = peek();
        if (isKeyword("not")) {
            p++;
            enter(t.pos);
            Expr e = new Expr.Unary("not", unary(), t.pos);
            depth--;
            return e;
        }
        if (isOp("-")) {
            p++;
            enter(t.pos);
            Expr operand = unary();
            depth--;
            // Folding keeps -9223372036854775808 representable although its magnitude alone is not.
            if (operand instanceof Expr.Literal lit && lit.value() instanceof Long l) {
                return new Expr.Literal(-l, t.pos);
            }
            if (operand instanceof Expr.Literal lit && lit.value() instanceof java.math.BigInteger big) {
                if (big.negate().bitLength() <= 63) {
                    return new Expr.Literal(big.negate().longValueExact(), t.pos);
                }
                throw new ExpressionSyntaxException("integer literal out of range: -" + big, t.pos);
            }
            if (operand instanceof Expr.Literal lit && lit.value() instanceof Double d) {
                return new Expr.Literal(-d, t.pos);
            }
            return new Expr.Unary("-", operand, t.pos);
        }
        return postfix();
    }

    private Expr postfix() {
        Tok first = peek();
        Expr e = primary();
        // 9223372036854775808 only exists as the magnitude of int64's minimum: unary() folds the minus.
        if (e instanceof Expr.Literal lit && lit.value() instanceof java.math.BigInteger big
                && !(p >= 2 && toks.get(p - 2).kind == Kind.OP && toks.get(p - 2).text.equals("-"))) {
            throw new ExpressionSyntaxException("integer literal out of range: " + big, first.pos);
        }
        while (true) {
            Tok t = peek();
            if (isOp(".")) {
                p++;
                Tok name = peek();
                if (name.kind != Kind.IDENT) {
                    throw new ExpressionSyntaxException("expected a name after '.' but found '" + name.text + "'",
                            name.pos);
                }
                p++;
                e = new Expr.Member(e, name.text, t.pos);
            } else if (isOp("[")) {
                p++;
                enter(t.pos);
                Expr idx = orExpr();
                depth--;
                expectOp("]");
                e = new Expr.Index(e, idx, t.pos);
            } else if (isOp("(")) {
                String fn = qualifiedName(e);
                if (fn == null) {
                    throw new ExpressionSyntaxException("only named functions can be called", t.pos);
                }
                p++;
                enter(t.pos);
                List<Expr> args = new ArrayList<>();
                if (!isOp(")")) {
                    args.add(orExpr());
                    while (isOp(",")) {
                        p++;
                        args.add(orExpr());
                    }
                }
                depth--;
                expectOp(")");
                e = new Expr.Call(fn, List.copyOf(args), e.pos());
            } else {
                return e;
            }
        }
    }

    private static String qualifiedName(Expr e) {
        return switch (e) {
            case Expr.Var v -> v.name();
            case Expr.Member m -> {
                String t = qualifiedName(m.target());
                yield t == null ? null : t + "." + m.name();
            }
            default -> null;
        };
    }

    private Expr primary() {
        Tok t = peek();
        switch (t.kind) {
            case NUM, STR -> {
                p++;
                return new Expr.Literal(t.value, t.pos);
            }
            case IDENT -> {
                p++;
                return switch (t.text) {
                    case "true", "True", "TRUE" -> new Expr.Literal(Boolean.TRUE, t.pos);
                    case "false", "False", "FALSE" -> new Expr.Literal(Boolean.FALSE, t.pos);
                    case "null" -> new Expr.Literal(null, t.pos);
                    case "and", "or", "in", "not", "AND", "OR", "IN", "NOT" ->
                            throw new ExpressionSyntaxException("unexpected '" + t.text + "'", t.pos);
                    default -> new Expr.Var(t.text, t.pos);
                };
            }
            case OP -> {
                if (t.text.equals("(")) {
                    p++;
                    enter(t.pos);
                    Expr e = orExpr();
                    depth--;
                    expectOp(")");
                    return e;
                }
                if (t.text.equals("[")) {
                    p++;
                    enter(t.pos);
                    List<Expr> items = new ArrayList<>();
                    if (!isOp("]")) {
                        items.add(orExpr());
                        while (isOp(",")) {
                            p++;
                            items.add(orExpr());
                        }
                    }
                    depth--;
                    expectOp("]");
                    return new Expr.ListLit(List.copyOf(items), t.pos);
                }
                if (t.text.equals("{")) {
                    p++;
                    enter(t.pos);
                    List<Expr> keys = new ArrayList<>();
                    List<Expr> values = new ArrayList<>();
                    if (!isOp("}")) {
                        do {
                            if (isOp(",")) {
                                p++;
                            }
                            keys.add(orExpr());
                            expectOp(":");
                            values.add(orExpr());
                        } while (isOp(","));
                    }
                    depth--;
                    expectOp("}");
                    return new Expr.MapLit(List.copyOf(keys), List.copyOf(values), t.pos);
                }
                throw new ExpressionSyntaxException("unexpected '" + t.text + "'", t.pos);
            }
            default -> throw new ExpressionSyntaxException("unexpected end of expression", t.pos);
        }
    }
}
