package dev.baton.engine.validation;

import dev.baton.engine.definition.Block;
import dev.baton.engine.definition.Diagnostic;
import dev.baton.engine.definition.Location;
import dev.baton.engine.definition.SourceTable;
import dev.baton.engine.definition.Step;
import dev.baton.engine.definition.StepKind;
import dev.baton.engine.definition.Subworkflow;
import dev.baton.engine.definition.Template;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.expression.Expr;
import dev.baton.engine.stdlib.Stdlib;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deployment-time rules that need the whole tree: step names unique per subworkflow, every {@code next}
 * reachable, break/continue only in a for loop, parallel branches assigning parent variables only when
 * shared, at most 50 assignments per step and 50 conditions per switch, known functions and subworkflow
 * parameters. Reports everything it finds, with locations from the source table.
 */
public final class Validator {
    /** Google's limit on assignments in one assign step. */
    public static final int MAX_ASSIGNMENTS = 50;
    /** Google's limit on conditions in one switch. */
    public static final int MAX_CONDITIONS = 50;

    private final Workflow w;
    private final SourceTable t;
    private final Set<String> connectors;
    private final List<Diagnostic> out = new ArrayList<>();
    /** Blocks whose steps cannot jump out: parallel branch and parallel iteration bodies. */
    private final Set<Integer> barriers = new HashSet<>();
    /** Bodies of (sequential) for loops. */
    private final Set<Integer> loops = new HashSet<>();

    private Validator(Workflow w, Set<String> connectors) {
        this.w = w;
        this.t = w.sources();
        this.connectors = connectors;
    }

    /** All problems found, empty when the workflow is valid. */
    public static List<Diagnostic> validate(Workflow w) {
        return validate(w, Set.of());
    }

    /** As {@link #validate(Workflow)}, accepting {@code connectors} as call targets. */
    public static List<Diagnostic> validate(Workflow w, Set<String> connectors) {
        Validator v = new Validator(w, connectors);
        v.run();
        return v.out;
    }

    private void error(Location at, String message) {
        out.add(new Diagnostic(w.source().name(), at, message));
    }

    private void run() {
        for (Block b : w.blocks()) {
            for (Step s : b.steps()) {
                switch (s.kind()) {
                    case StepKind.For f -> loops.add(f.body().id());
                    case StepKind.Parallel p -> {
                        p.branches().forEach(br -> barriers.add(br.body().id()));
                        if (p.loop() != null) {
                            barriers.add(p.loop().body().id());
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        Subworkflow main = w.main();
        if (main != null && main.params().size() > 1) {
            error(t.of(main.params().get(1)), "main takes at most one parameter: the execution argument");
        }
        for (Subworkflow sub : w.subworkflows().values()) {
            Map<String, Step> names = new HashMap<>();
            Set<String> defined = new HashSet<>();
            sub.params().forEach(p -> defined.add(p.name()));
            walk(sub.body(), names, defined, null);
            UndefinedVariables.check(w, sub, this::error);
        }
    }

    /** The variables of the scope enclosing a parallel step, and which of them branches may assign. */
    private record ParallelScope(Set<String> parentVars, Set<String> shared) {
    }

    private void walk(Block block, Map<String, Step> names, Set<String> defined, ParallelScope par) {
        for (Step s : block.steps()) {
            Step first = names.putIfAbsent(s.name(), s);
            if (first != null && first != s) {
                error(t.of(s), "duplicate step name '" + s.name() + "' (first defined at line " + t.of(first).line() + ")");
            }
            if (s.next() != null) {
                checkNext(s.next(), block, t.of(s, "next"));
            }
            switch (s.kind()) {
                case StepKind.Assign a -> {
                    if (a.assignments().size() > MAX_ASSIGNMENTS) {
                        error(t.of(s), "step '" + s.name() + "' has " + a.assignments().size()
                                + " assignments; at most " + MAX_ASSIGNMENTS + " are allowed");
                    }
                    assignments(a.assignments(), defined, par);
                }
                case StepKind.Call c -> {
                    call(s, c);
                    templates(c.args());
                    if (c.result() != null) {
                        assigned(c.result(), t.of(c, "result"), defined, par);
                    }
                }
                case StepKind.Switch sw -> {
                    if (sw.conditions().size() > MAX_CONDITIONS) {
                        error(t.of(s), "switch in step '" + s.name() + "' has " + sw.conditions().size()
                                + " conditions; at most " + MAX_CONDITIONS + " are allowed");
                    }
                    for (StepKind.Condition c : sw.conditions()) {
                        templates(c.condition(), c.returnValue(), c.raise());
                        assignments(c.assign(), defined, par);
                        if (c.next() != null) {
                            checkNext(c.next(), block, t.of(c, "next"));
                        }
                        if (c.steps() != null) {
                            walk(c.steps(), names, defined, par);
                        }
                    }
                }
                case StepKind.For f -> {
                    templates(f.in(), f.range());
                    Set<String> inner = new HashSet<>(defined);
                    inner.add(f.value());
                    if (f.index() != null) {
                        inner.add(f.index());
                    }
                    walk(f.body(), names, inner, par);
                }
                case StepKind.Parallel p -> {
                    templates(p.concurrencyLimit());
                    for (String sh : p.shared()) {
                        if (!defined.contains(sh)) {
                            error(t.of(p, "shared:" + sh), "shared variable '" + sh
                                    + "' must be assigned before the parallel step");
                        }
                    }
                    Set<String> parentVars = new HashSet<>(defined);
                    ParallelScope inner = new ParallelScope(parentVars, Set.copyOf(p.shared()));
                    for (StepKind.Branch br : p.branches()) {
                        walk(br.body(), names, new HashSet<>(defined), inner);
                    }
                    if (p.loop() != null) {
                        templates(p.loop().in(), p.loop().range());
                        Set<String> d = new HashSet<>(defined);
                        d.add(p.loop().value());
                        if (p.loop().index() != null) {
                            d.add(p.loop().index());
                        }
                        walk(p.loop().body(), names, d, inner);
                    }
                }
                case StepKind.Raise r -> templates(r.value());
                case StepKind.Return r -> templates(r.value());
                case StepKind.Try tr -> {
                    // A try around a single call runs it as a one-step block named after the try step itself.
                    if (tr.body().steps().size() == 1 && tr.body().steps().getFirst().name().equals(s.name())) {
                        names.put(s.name(), tr.body().steps().getFirst());
                    }
                    walk(tr.body(), names, defined, par);
                    if (tr.retry() != null) {
                        StepKind.Retry r = tr.retry();
                        templates(r.policy(), r.maxRetries(), r.initialDelay(), r.maxDelay(), r.multiplier());
                        predicate(r.policy());
                        predicate(r.predicate());
                    }
                    if (tr.except() != null) {
                        if (tr.exceptAs() != null) {
                            assigned(tr.exceptAs(), t.of(s), defined, par);
                        }
                        walk(tr.except(), names, defined, par);
                    }
                }
                case StepKind.Steps st -> walk(st.body(), names, defined, par);
                case StepKind.Jump j -> {
                }
            }
        }
    }

    private void assignments(List<StepKind.Assignment> list, Set<String> defined, ParallelScope par) {
        for (StepKind.Assignment a : list) {
            templates(a.value());
            for (Expr e : a.target().selectors()) {
                expr(e, t.of(a));
            }
            if (!a.target().selectors().isEmpty() && !defined.contains(a.target().root()) && par == null) {
                // Assigning into a key of a variable that was never assigned is a KeyError at runtime at best.
                error(t.of(a), "variable '" + a.target().root() + "' is not defined before this assignment");
            }
            assigned(a.target().root(), t.of(a), defined, par);
        }
    }

    private void assigned(String name, Location at, Set<String> defined, ParallelScope par) {
        if (par != null && par.parentVars().contains(name) && !par.shared().contains(name)) {
            error(at, "variable '" + name + "' belongs to the scope enclosing the parallel step; list it in "
                    + "'shared' to assign it in a branch");
        }
        defined.add(name);
    }

    private void checkNext(String next, Block block, Location at) {
        switch (next) {
            case "end" -> {
            }
            case "break", "continue" -> {
                for (Block b = block; b != null; b = b.parentId() < 0 ? null : w.blocks().get(b.parentId())) {
                    if (loops.contains(b.id())) {
                        return;
                    }
                    if (barriers.contains(b.id())) {
                        break;
                    }
                }
                error(at, "'" + next + "' is only allowed inside a for loop");
            }
            default -> {
                for (Block b = block; b != null; b = b.parentId() < 0 ? null : w.blocks().get(b.parentId())) {
                    if (b.indexByName().containsKey(next)) {
                        return;
                    }
                    if (barriers.contains(b.id())) {
                        break;
                    }
                }
                error(at, "next step '" + next + "' not found");
            }
        }
    }

    private void call(Step s, StepKind.Call c) {
        Location at = t.of(c, "call");
        String fn = c.function();
        Subworkflow sub = w.subworkflows().get(fn);
        Set<String> given = c.args() instanceof Template.Lit l && l.value() instanceof Map<?, ?> m
                ? keys(m) : c.args() instanceof Template.MapT mt ? literalKeys(mt) : Set.of();
        if (sub != null) {
            for (String k : given) {
                if (sub.params().stream().noneMatch(p -> p.name().equals(k))) {
                    error(at, "subworkflow '" + fn + "' has no parameter '" + k + "'");
                }
            }
            for (Subworkflow.Param p : sub.params()) {
                if (!p.hasDefault() && !given.contains(p.name())) {
                    error(at, "missing argument '" + p.name() + "' for subworkflow '" + fn + "'");
                }
            }
            return;
        }
        if (connectors.contains(fn)) {
            return;
        }
        if (!Stdlib.isFunction(fn)) {
            error(at, "unknown function '" + fn + "'");
            return;
        }
        for (String k : given) {
            if (!Stdlib.params(fn).contains(k)) {
                error(at, "function '" + fn + "' has no argument '" + k + "'");
            }
        }
        // Only checkable when every key is literal; expression keys are checked at run time.
        boolean literalKeys = c.args() == null || c.args() instanceof Template.Lit
                || (c.args() instanceof Template.MapT mt && mt.keys().stream().allMatch(k -> k instanceof Template.Lit));
        if (literalKeys) {
            for (String p : Stdlib.params(fn).subList(0, Stdlib.required(fn))) {
                if (!given.contains(p)) {
                    error(at, "missing argument '" + p + "' for function '" + fn + "'");
                }
            }
        }
    }

    private static Set<String> keys(Map<?, ?> m) {
        Set<String> s = new HashSet<>();
        m.keySet().forEach(k -> s.add((String) k));
        return s;
    }

    private static Set<String> literalKeys(Template.MapT mt) {
        Set<String> s = new HashSet<>();
        for (Template k : mt.keys()) {
            if (k instanceof Template.Lit l && l.value() instanceof String str) {
                s.add(str);
            }
        }
        return s;
    }

    private void predicate(Template p) {
        if (p instanceof Template.ExprT e && e.expr() instanceof Expr.Var v
                && !w.subworkflows().containsKey(v.name()) && !Stdlib.isFunction(v.name())) {
            error(t.of(p), "retry predicate '" + v.name() + "' is not a subworkflow or predicate");
        }
    }

    private void templates(Template... ts) {
        for (Template x : ts) {
            if (x == null) {
                continue;
            }
            switch (x) {
                case Template.Lit l -> {
                }
                case Template.ExprT e -> expr(e.expr(), t.of(e));
                case Template.ListT l -> l.items().forEach(this::templates);
                case Template.MapT m -> {
                    m.keys().forEach(this::templates);
                    m.values().forEach(this::templates);
                }
            }
        }
    }

    /** Unknown functions in expressions; {@code at} is where the expression starts. */
    private void expr(Expr e, Location at) {
        switch (e) {
            case Expr.Call c -> {
                if (!Stdlib.isFunction(c.function()) && !w.subworkflows().containsKey(c.function())) {
                    error(at.plus(2 + c.pos()), "unknown function '" + c.function() + "'");
                }
                c.args().forEach(a -> expr(a, at));
            }
            case Expr.Member m -> expr(m.target(), at);
            case Expr.Index i -> {
                expr(i.target(), at);
                expr(i.index(), at);
            }
            case Expr.Unary u -> expr(u.operand(), at);
            case Expr.Binary b -> {
                expr(b.left(), at);
                expr(b.right(), at);
            }
            case Expr.ListLit l -> l.items().forEach(i -> expr(i, at));
            case Expr.MapLit m -> {
                m.keys().forEach(i -> expr(i, at));
                m.values().forEach(i -> expr(i, at));
            }
            case Expr.Literal l -> {
            }
            case Expr.Var v -> {
            }
        }
    }
}
