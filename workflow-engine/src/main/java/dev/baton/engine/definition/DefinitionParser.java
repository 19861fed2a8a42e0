package dev.baton.engine.definition;

import dev.baton.engine.expression.Expr;
import dev.baton.engine.expression.ExpressionParser;
import dev.baton.engine.expression.ExpressionSyntaxException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a YAML or JSON definition into an immutable {@link Workflow}, collecting every structural problem
 * (unknown or misplaced fields, wrong field types, malformed expressions) instead of stopping at the first.
 * Cross-step rules (next targets, scoping, limits) are the validator's job; {@link #parse} runs both.
 */
public final class DefinitionParser {
    private static final Set<String> STEP_FIELDS = Set.of("assign", "call", "args", "result", "switch", "for",
            "parallel", "raise", "return", "try", "retry", "except", "steps", "next");
    private static final List<String> MAIN_FIELDS = List.of("try", "call", "assign", "switch", "for", "parallel",
            "raise", "return", "steps");

    private final SourceFile source;
    private final List<Diagnostic> diagnostics;
    private final SourceTable table = new SourceTable();
    private final List<Block> blocks = new ArrayList<>();
    private String owner = "main";

    private DefinitionParser(SourceFile source, List<Diagnostic> diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    /**
     * Parses and validates; throws {@link DefinitionException} with all problems, rendered with carets.
     */
    public static Workflow parse(String name, String text) {
        return parse(name, text, Set.of());
    }

    /** As {@link #parse(String, String)}, also accepting {@code connectors} as call-step functions. */
    public static Workflow parse(String name, String text, Set<String> connectors) {
        SourceFile source = new SourceFile(name, text);
        List<Diagnostic> diagnostics = new ArrayList<>();
        Workflow w = parseOnly(source, diagnostics);
        if (w != null) {
            diagnostics.addAll(dev.baton.engine.validation.Validator.validate(w, connectors));
        }
        if (!diagnostics.isEmpty()) {
            diagnostics.sort((a, b) -> a.location().line() != b.location().line()
                    ? Integer.compare(a.location().line(), b.location().line())
                    : Integer.compare(a.location().column(), b.location().column()));
            throw new DefinitionException(source, diagnostics);
        }
        return w;
    }

    /** Structure only, no validation; problems are appended to {@code diagnostics}; null if unreadable. */
    public static Workflow parseOnly(SourceFile source, List<Diagnostic> diagnostics) {
        Node root = NodeReader.read(source, diagnostics);
        if (root == null) {
            return null;
        }
        return new DefinitionParser(source, diagnostics).workflow(root);
    }

    private void error(Location at, String message) {
        diagnostics.add(new Diagnostic(source.name(), at, message));
    }

    private Workflow workflow(Node root) {
        Map<String, Subworkflow> subs = new LinkedHashMap<>();
        if (root instanceof Node.ListNode list) {
            subs.put("main", new Subworkflow("main", List.of(), block(list, -1)));
        } else if (root instanceof Node.MapNode map) {
            for (Node.Entry e : map.entries()) {
                owner = e.key();
                Subworkflow s = subworkflow(e);
                if (s != null) {
                    subs.put(e.key(), s);
                    table.put(s, "", e.keyLocation());
                }
            }
            if (!subs.containsKey("main") && !map.entries().isEmpty()) {
                error(map.location(), "a workflow with subworkflows needs a 'main' subworkflow");
            }
            // main first, so iteration order shows the entry point first.
            if (subs.containsKey("main")) {
                Map<String, Subworkflow> ordered = new LinkedHashMap<>();
                ordered.put("main", subs.get("main"));
                ordered.putAll(subs);
                subs = ordered;
            }
        } else {
            error(root.location(), "a workflow is a list of steps or a map of subworkflows");
            return null;
        }
        return new Workflow(source, java.util.Collections.unmodifiableMap(subs), List.copyOf(blocks), table,
                fingerprint());
    }

    private String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(source.text().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Subworkflow subworkflow(Node.Entry e) {
        if (!(e.value() instanceof Node.MapNode body)) {
            error(e.value().location(), "subworkflow '" + e.key() + "' must be a map with 'steps' (and optional 'params')");
            return null;
        }
        List<Subworkflow.Param> params = new ArrayList<>();
        Block steps = null;
        for (Node.Entry f : body.entries()) {
            switch (f.key()) {
                case "params" -> {
                    if (!(f.value() instanceof Node.ListNode pl)) {
                        error(f.value().location(), "'params' must be a list");
                        continue;
                    }
                    for (Node p : pl.items()) {
                        Subworkflow.Param param = param(p);
                        if (param != null) {
                            if (params.stream().anyMatch(q -> q.name().equals(param.name()))) {
                                error(p.location(), "duplicate parameter '" + param.name() + "'");
                            } else {
                                params.add(param);
                                table.put(param, "", p.location());
                            }
                        }
                    }
                }
                case "steps" -> {
                    if (f.value() instanceof Node.ListNode sl) {
                        steps = block(sl, -1);
                    } else {
                        error(f.value().location(), "'steps' must be a list");
                    }
                }
                default -> error(f.keyLocation(), "unknown field '" + f.key() + "' in subworkflow '" + e.key() + "'");
            }
        }
        if (steps == null) {
            error(e.keyLocation(), "subworkflow '" + e.key() + "' has no steps");
            steps = register(List.of(), -1);
        }
        return new Subworkflow(e.key(), List.copyOf(params), steps);
    }

    private Subworkflow.Param param(Node p) {
        if (p instanceof Node.Scalar s && s.value() instanceof String name) {
            if (!isIdentifier(name)) {
                error(p.location(), "bad parameter name '" + name + "'");
                return null;
            }
            return new Subworkflow.Param(name, false, null);
        }
        if (p instanceof Node.MapNode m && m.entries().size() == 1) {
            Node.Entry e = m.entries().getFirst();
            if (!isIdentifier(e.key())) {
                error(e.keyLocation(), "bad parameter name '" + e.key() + "'");
                return null;
            }
            Template t = template(e.value());
            if (!(t instanceof Template.Lit lit)) {
                error(e.value().location(), "default of parameter '" + e.key() + "' must be a literal value");
                return null;
            }
            return new Subworkflow.Param(e.key(), true, lit.value());
        }
        error(p.location(), "a parameter is a name or a single 'name: default' entry");
        return null;
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private Block register(List<Step> steps, int parent) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            index.putIfAbsent(steps.get(i).name(), i);
        }
        Block b = new Block(blocks.size(), List.copyOf(steps), Map.copyOf(index), parent, owner);
        blocks.add(b);
        return b;
    }

    /** Parses a steps list. Child blocks get their parent id fixed up once this block's id is known. */
    private Block block(Node.ListNode list, int parent) {
        int id = blocks.size();
        blocks.add(null); // reserve: children parsed below take later ids and point at this one
        List<Step> steps = new ArrayList<>();
        for (Node item : list.items()) {
            Step s = stepEntry(item, id);
            if (s != null) {
                steps.add(s);
            }
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            index.putIfAbsent(steps.get(i).name(), i);
        }
        Block b = new Block(id, List.copyOf(steps), Map.copyOf(index), parent, owner);
        blocks.set(id, b);
        table.put(b, "", list.location());
        return b;
    }

    private Step stepEntry(Node item, int blockId) {
        if (!(item instanceof Node.MapNode m) || m.entries().size() != 1) {
            error(item.location(), "a step is a map with exactly one entry: the step name");
            return null;
        }
        Node.Entry e = m.entries().getFirst();
        if (!(e.value() instanceof Node.MapNode body)) {
            error(e.value().location(), "step '" + e.key() + "' must be a map");
            return null;
        }
        return step(e.key(), e.keyLocation(), body, blockId);
    }

    private Step step(String name, Location at, Node.MapNode body, int blockId) {
        String main = null;
        for (Node.Entry f : body.entries()) {
            if (!STEP_FIELDS.contains(f.key())) {
                error(f.keyLocation(), "unknown field '" + f.key() + "' in step '" + name + "'");
            } else if (MAIN_FIELDS.contains(f.key())) {
                if (main == null) {
                    main = f.key();
                } else if (!(main.equals("try") || f.key().equals("try"))) {
                    error(f.keyLocation(), "step '" + name + "' has both '" + main + "' and '" + f.key() + "'");
                }
            }
        }
        if (body.entry("try") != null) {
            main = "try";
        }
        String next = null;
        Node.Entry nextEntry = body.entry("next");
        if (nextEntry != null) {
            next = string(nextEntry.value(), "next");
            if ("return".equals(main) || "raise".equals(main)) {
                error(nextEntry.keyLocation(), "'next' cannot follow '" + main + "'");
            }
        }
        checkOnly(body, name, main, "args", "call");
        checkOnly(body, name, main, "result", "call");
        checkOnly(body, name, main, "retry", "try");
        checkOnly(body, name, main, "except", "try");
        StepKind kind = main == null ? new StepKind.Jump() : switch (main) {
            case "try" -> tryKind(name, at, body, blockId);
            case "call" -> call(body);
            case "assign" -> assign(body.entry("assign").value());
            case "switch" -> switchKind(body.entry("switch").value(), blockId);
            case "for" -> forKind(body.entry("for").value(), blockId);
            case "parallel" -> parallel(body.entry("parallel").value(), blockId);
            case "raise" -> new StepKind.Raise(template(body.entry("raise").value()));
            case "return" -> new StepKind.Return(template(body.entry("return").value()));
            case "steps" -> new StepKind.Steps(nested(body.entry("steps").value(), blockId));
            default -> throw new IllegalStateException(main);
        };
        if (main == null && next == null) {
            error(at, "step '" + name + "' does nothing: it needs one of " + String.join(", ", MAIN_FIELDS)
                    + " or next");
        }
        Step s = new Step(name, kind, next);
        table.put(s, "", at);
        table.put(kind, "", at);
        if (nextEntry != null) {
            table.put(s, "next", nextEntry.value().location());
        }
        return s;
    }

    private void checkOnly(Node.MapNode body, String name, String main, String field, String with) {
        Node.Entry e = body.entry(field);
        if (e != null && !with.equals(main)) {
            error(e.keyLocation(), "'" + field + "' is only allowed with '" + with + "' (step '" + name + "')");
        }
    }

    private Block nested(Node n, int parent) {
        if (n instanceof Node.ListNode l) {
            return block(l, parent);
        }
        error(n.location(), "'steps' must be a list of steps");
        return block(new Node.ListNode(List.of(), n.location()), parent);
    }

    private String string(Node n, String field) {
        if (n instanceof Node.Scalar s && s.value() instanceof String str) {
            return str;
        }
        error(n.location(), "'" + field + "' must be a string");
        return null;
    }

    private StepKind.Call call(Node.MapNode body) {
        Node.Entry c = body.entry("call");
        String fn = string(c.value(), "call");
        if (fn != null && fn.startsWith("${")) {
            error(c.value().location(), "'call' takes a function name, not an expression");
        }
        Template args = null;
        Node.Entry a = body.entry("args");
        if (a != null) {
            if (!(a.value() instanceof Node.MapNode)) {
                error(a.value().location(), "'args' must be a map");
            } else {
                args = template(a.value());
            }
        }
        String result = null;
        Node.Entry r = body.entry("result");
        if (r != null) {
            result = string(r.value(), "result");
            if (result != null && !isIdentifier(result)) {
                error(r.value().location(), "'result' must be a variable name");
            }
        }
        StepKind.Call call = new StepKind.Call(fn == null ? "" : fn, args, result);
        table.put(call, "call", c.value().location());
        if (r != null) {
            table.put(call, "result", r.value().location());
        }
        return call;
    }

    private StepKind.Assign assign(Node n) {
        List<StepKind.Assignment> out = new ArrayList<>();
        if (!(n instanceof Node.ListNode l)) {
            error(n.location(), "'assign' must be a list of 'name: value' entries");
            return new StepKind.Assign(List.of());
        }
        for (Node item : l.items()) {
            if (!(item instanceof Node.MapNode m) || m.entries().size() != 1) {
                error(item.location(), "an assignment is a map with exactly one 'target: value' entry");
                continue;
            }
            Node.Entry e = m.entries().getFirst();
            StepKind.Path path = path(e.key(), e.keyLocation());
            if (path != null) {
                StepKind.Assignment a = new StepKind.Assignment(path, template(e.value()));
                table.put(a, "", e.keyLocation());
                out.add(a);
            }
        }
        StepKind.Assign assign = new StepKind.Assign(List.copyOf(out));
        table.put(assign, "", n.location());
        return assign;
    }

    /** Parses an assignment target ({@code a}, {@code a.b}, {@code a["k"][i+1]}) as an expression. */
    private StepKind.Path path(String key, Location at) {
        String text = key.startsWith("${") && key.endsWith("}") ? key.substring(2, key.length() - 1) : key;
        Expr e;
        try {
            e = ExpressionParser.parse(text);
        } catch (ExpressionSyntaxException ex) {
            error(at.plus(ex.offset() + (text == key ? 0 : 2)), "bad assignment target '" + key + "': "
                    + ex.getMessage());
            return null;
        }
        List<Expr> selectors = new ArrayList<>();
        List<Boolean> isIndex = new ArrayList<>();
        while (true) {
            switch (e) {
                case Expr.Var v -> {
                    java.util.Collections.reverse(selectors);
                    java.util.Collections.reverse(isIndex);
                    return new StepKind.Path(v.name(), List.copyOf(selectors), List.copyOf(isIndex));
                }
                case Expr.Member m -> {
                    selectors.add(new Expr.Literal(m.name(), m.pos()));
                    isIndex.add(false);
                    e = m.target();
                }
                case Expr.Index i -> {
                    selectors.add(i.index());
                    isIndex.add(true);
                    e = i.target();
                }
                default -> {
                    error(at, "bad assignment target '" + key + "': expected a variable, key or index");
                    return null;
                }
            }
        }
    }

    private StepKind.Switch switchKind(Node n, int blockId) {
        if (!(n instanceof Node.ListNode l)) {
            error(n.location(), "'switch' must be a list of conditions");
            return new StepKind.Switch(List.of());
        }
        List<StepKind.Condition> out = new ArrayList<>();
        for (Node item : l.items()) {
            if (!(item instanceof Node.MapNode m)) {
                error(item.location(), "a switch condition must be a map with 'condition'");
                continue;
            }
            Template cond = null;
            List<StepKind.Assignment> assign = null;
            Block steps = null;
            boolean hasReturn = false;
            Template ret = null;
            Template raise = null;
            String next = null;
            Location nextAt = null;
            for (Node.Entry e : m.entries()) {
                switch (e.key()) {
                    case "condition" -> {
                        cond = template(e.value());
                        if (cond instanceof Template.Lit lit && !(lit.value() instanceof Boolean)) {
                            error(e.value().location(), "'condition' must be an expression or a boolean");
                        }
                    }
                    case "assign" -> assign = assign(e.value()).assignments();
                    case "steps" -> steps = nested(e.value(), blockId);
                    case "return" -> {
                        hasReturn = true;
                        ret = template(e.value());
                    }
                    case "raise" -> raise = template(e.value());
                    case "next" -> {
                        next = string(e.value(), "next");
                        nextAt = e.value().location();
                    }
                    default -> error(e.keyLocation(), "unknown field '" + e.key() + "' in switch condition");
                }
            }
            if (cond == null) {
                error(m.location(), "switch condition has no 'condition'");
                continue;
            }
            StepKind.Condition c = new StepKind.Condition(cond, assign == null ? List.of() : assign, steps,
                    hasReturn, ret, raise, next);
            table.put(c, "", m.location());
            if (nextAt != null) {
                table.put(c, "next", nextAt);
            }
            out.add(c);
        }
        StepKind.Switch sw = new StepKind.Switch(List.copyOf(out));
        table.put(sw, "", n.location());
        return sw;
    }

    private StepKind.For forKind(Node n, int blockId) {
        if (!(n instanceof Node.MapNode m)) {
            error(n.location(), "'for' must be a map with 'value', 'in' or 'range', and 'steps'");
            return new StepKind.For("_", null, new Template.Lit(List.of()), null, block(new Node.ListNode(List.of(),
                    n.location()), blockId));
        }
        String value = null;
        String index = null;
        Template in = null;
        Template range = null;
        Block body = null;
        for (Node.Entry e : m.entries()) {
            switch (e.key()) {
                case "value" -> value = identifier(e.value(), "value");
                case "index" -> index = identifier(e.value(), "index");
                case "in" -> in = template(e.value());
                case "range" -> {
                    range = template(e.value());
                    if (range instanceof Template.Lit lit && !(lit.value() instanceof List<?> l && l.size() == 2)) {
                        error(e.value().location(), "'range' must be a list of two numbers");
                    }
                }
                case "steps" -> body = nested(e.value(), blockId);
                default -> error(e.keyLocation(), "unknown field '" + e.key() + "' in for");
            }
        }
        if (value == null && m.entry("value") == null) {
            error(m.location(), "'for' needs 'value'");
        }
        if ((in == null) == (range == null)) {
            error(m.location(), "'for' needs exactly one of 'in' and 'range'");
        }
        if (body == null) {
            error(m.location(), "'for' needs 'steps'");
            body = block(new Node.ListNode(List.of(), m.location()), blockId);
        }
        StepKind.For f = new StepKind.For(value == null ? "_" : value, index, in, range, body);
        table.put(f, "", m.location());
        return f;
    }

    private String identifier(Node n, String field) {
        String s = string(n, field);
        if (s != null && !isIdentifier(s)) {
            error(n.location(), "'" + field + "' must be a variable name");
            return null;
        }
        return s;
    }

    private StepKind.Parallel parallel(Node n, int blockId) {
        if (!(n instanceof Node.MapNode m)) {
            error(n.location(), "'parallel' must be a map with 'branches' or 'for'");
            return new StepKind.Parallel(List.of(), null, null, List.of(), null);
        }
        List<String> shared = new ArrayList<>();
        Template limit = null;
        String policy = null;
        List<StepKind.Branch> branches = null;
        StepKind.For loop = null;
        for (Node.Entry e : m.entries()) {
            switch (e.key()) {
                case "shared" -> {
                    if (e.value() instanceof Node.ListNode l) {
                        for (Node s : l.items()) {
                            String name = identifier(s, "shared");
                            if (name != null) {
                                shared.add(name);
                            }
                        }
                    } else {
                        error(e.value().location(), "'shared' must be a list of variable names");
                    }
                }
                case "concurrency_limit" -> limit = template(e.value());
                case "exception_policy" -> {
                    policy = string(e.value(), "exception_policy");
                    if (policy != null && !policy.equals("continueAll")) {
                        error(e.value().location(), "unsupported exception_policy '" + policy
                                + "' (only continueAll exists)");
                    }
                }
                case "branches" -> {
                    branches = new ArrayList<>();
                    if (!(e.value() instanceof Node.ListNode l)) {
                        error(e.value().location(), "'branches' must be a list");
                        continue;
                    }
                    for (Node b : l.items()) {
                        if (!(b instanceof Node.MapNode bm) || bm.entries().size() != 1
                                || !(bm.entries().getFirst().value() instanceof Node.MapNode bb)
                                || bb.entry("steps") == null) {
                            error(b.location(), "a branch is 'name: {steps: [...]}'");
                            continue;
                        }
                        Node.Entry be = bm.entries().getFirst();
                        for (Node.Entry f : bb.entries()) {
                            if (!f.key().equals("steps")) {
                                error(f.keyLocation(), "unknown field '" + f.key() + "' in branch '" + be.key() + "'");
                            }
                        }
                        StepKind.Branch br = new StepKind.Branch(be.key(), nested(bb.entry("steps").value(), blockId));
                        table.put(br, "", be.keyLocation());
                        branches.add(br);
                    }
                }
                case "for" -> loop = forKind(e.value(), blockId);
                default -> error(e.keyLocation(), "unknown field '" + e.key() + "' in parallel");
            }
        }
        if ((branches == null) == (loop == null)) {
            error(m.location(), "'parallel' needs exactly one of 'branches' and 'for'");
        }
        StepKind.Parallel p = new StepKind.Parallel(List.copyOf(shared), limit, policy,
                branches == null ? List.of() : List.copyOf(branches), loop);
        table.put(p, "", m.location());
        Node.Entry sharedEntry = m.entry("shared");
        if (sharedEntry != null && sharedEntry.value() instanceof Node.ListNode sl) {
            for (int i = 0; i < sl.items().size() && i < shared.size(); i++) {
                table.put(p, "shared:" + shared.get(i), sl.items().get(i).location());
            }
        }
        return p;
    }

    private StepKind.Try tryKind(String name, Location at, Node.MapNode body, int blockId) {
        Node tryNode = body.entry("try").value();
        Block tryBlock;
        if (tryNode instanceof Node.MapNode tm && tm.entries().size() == 1 && tm.entry("steps") != null) {
            tryBlock = nested(tm.entry("steps").value(), blockId);
        } else if (tryNode instanceof Node.MapNode tm) {
            // A single call (or other step body) under try runs as a one-step block named after the try step.
            int id = blocks.size();
            blocks.add(null);
            Step inner = step(name, at, tm, id);
            Block b = new Block(id, List.of(inner), Map.of(name, 0), blockId, owner);
            blocks.set(id, b);
            table.put(b, "", tryNode.location());
            tryBlock = b;
        } else {
            error(tryNode.location(), "'try' must be a map: a call or 'steps'");
            tryBlock = block(new Node.ListNode(List.of(), tryNode.location()), blockId);
        }
        StepKind.Retry retry = null;
        Node.Entry r = body.entry("retry");
        if (r != null) {
            retry = retry(r.value());
        }
        String as = null;
        Block except = null;
        Node.Entry ex = body.entry("except");
        if (ex != null) {
            if (!(ex.value() instanceof Node.MapNode em)) {
                error(ex.value().location(), "'except' must be a map with 'as' and 'steps'");
            } else {
                for (Node.Entry f : em.entries()) {
                    switch (f.key()) {
                        case "as" -> as = identifier(f.value(), "as");
                        case "steps" -> except = nested(f.value(), blockId);
                        default -> error(f.keyLocation(), "unknown field '" + f.key() + "' in except");
                    }
                }
                if (except == null) {
                    error(em.location(), "'except' needs 'steps'");
                }
            }
        }
        if (r == null && ex == null) {
            error(at, "'try' in step '" + name + "' needs 'retry' or 'except'");
        }
        return new StepKind.Try(tryBlock, retry, as, except);
    }

    private StepKind.Retry retry(Node n) {
        if (n instanceof Node.Scalar) {
            Template t = template(n);
            if (!(t instanceof Template.ExprT)) {
                error(n.location(), "'retry' must be an expression such as ${http.default_retry} or a map");
            }
            return new StepKind.Retry(t, null, null, null, null, null);
        }
        if (!(n instanceof Node.MapNode m)) {
            error(n.location(), "'retry' must be an expression or a map");
            return null;
        }
        Template predicate = null;
        Template max = null;
        Template initial = null;
        Template maxDelay = null;
        Template multiplier = null;
        for (Node.Entry e : m.entries()) {
            switch (e.key()) {
                case "predicate" -> predicate = template(e.value());
                case "max_retries" -> max = template(e.value());
                case "backoff" -> {
                    if (!(e.value() instanceof Node.MapNode bm)) {
                        error(e.value().location(), "'backoff' must be a map");
                        continue;
                    }
                    for (Node.Entry f : bm.entries()) {
                        switch (f.key()) {
                            case "initial_delay" -> initial = template(f.value());
                            case "max_delay" -> maxDelay = template(f.value());
                            case "multiplier" -> multiplier = template(f.value());
                            default -> error(f.keyLocation(), "unknown field '" + f.key() + "' in backoff");
                        }
                    }
                }
                default -> error(e.keyLocation(), "unknown field '" + e.key() + "' in retry");
            }
        }
        if (predicate == null) {
            error(m.location(), "'retry' needs 'predicate'");
        }
        if (max == null) {
            error(m.location(), "'retry' needs 'max_retries'");
        }
        return new StepKind.Retry(null, predicate, max, initial, maxDelay, multiplier);
    }

    /** Builds a template, parsing every {@code ${...}} string and folding literal subtrees. */
    Template template(Node n) {
        switch (n) {
            case Node.Scalar s -> {
                if (s.value() instanceof String str && str.startsWith("${") && str.endsWith("}")) {
                    return expression(str, s.location().plus(s.quoted() ? 1 : 0));
                }
                Template.Lit lit = new Template.Lit(s.value());
                table.put(lit, "", s.location());
                return lit;
            }
            case Node.ListNode l -> {
                List<Template> items = new ArrayList<>();
                boolean literal = true;
                for (Node i : l.items()) {
                    Template t = template(i);
                    literal &= t instanceof Template.Lit;
                    items.add(t);
                }
                Template t;
                if (literal) {
                    List<Object> values = new ArrayList<>();
                    for (Template i : items) {
                        values.add(((Template.Lit) i).value());
                    }
                    t = new Template.Lit(java.util.Collections.unmodifiableList(values));
                } else {
                    t = new Template.ListT(List.copyOf(items));
                }
                table.put(t, "", l.location());
                return t;
            }
            case Node.MapNode m -> {
                List<Template> keys = new ArrayList<>();
                List<Template> values = new ArrayList<>();
                boolean literal = true;
                for (Node.Entry e : m.entries()) {
                    Template k = e.key().startsWith("${") && e.key().endsWith("}")
                            ? expression(e.key(), e.keyLocation()) : new Template.Lit(e.key());
                    Template v = template(e.value());
                    literal &= k instanceof Template.Lit && v instanceof Template.Lit;
                    keys.add(k);
                    values.add(v);
                }
                Template t;
                if (literal) {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        map.put((String) ((Template.Lit) keys.get(i)).value(), ((Template.Lit) values.get(i)).value());
                    }
                    t = new Template.Lit(java.util.Collections.unmodifiableMap(map));
                } else {
                    t = new Template.MapT(List.copyOf(keys), List.copyOf(values));
                }
                table.put(t, "", m.location());
                return t;
            }
        }
    }

    private Template expression(String text, Location at) {
        String inner = text.substring(2, text.length() - 1);
        try {
            Template.ExprT t = new Template.ExprT(ExpressionParser.parse(inner), inner);
            table.put(t, "", at);
            return t;
        } catch (ExpressionSyntaxException ex) {
            error(at.plus(2 + ex.offset()), "bad expression: " + ex.getMessage());
            Template.Lit lit = new Template.Lit(null);
            table.put(lit, "", at);
            return lit;
        }
    }
}
