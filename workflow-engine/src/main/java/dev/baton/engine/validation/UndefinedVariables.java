package dev.baton.engine.validation;

import dev.baton.engine.definition.Block;
import dev.baton.engine.definition.Location;
import dev.baton.engine.definition.SourceTable;
import dev.baton.engine.definition.Step;
import dev.baton.engine.definition.StepKind;
import dev.baton.engine.definition.Subworkflow;
import dev.baton.engine.definition.Template;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.expression.Expr;
import dev.baton.engine.stdlib.Stdlib;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads of variables that no step of the scope ever assigns, which Google rejects at deployment (its
 * parallel_shared_variables sample: "temp2 is not defined in this branch"). Deliberately flow-insensitive, so
 * it never rejects a valid workflow: a variable counts as defined in a subworkflow if any step assigns it, and
 * in a parallel branch if the enclosing scope or the branch itself does; sibling branches do not see each
 * other's variables.
 */
final class UndefinedVariables {
    private final Workflow w;
    private final SourceTable t;
    private final BiConsumer<Location, String> error;

    private UndefinedVariables(Workflow w, BiConsumer<Location, String> error) {
        this.w = w;
        this.t = w.sources();
        this.error = error;
    }

    static void check(Workflow w, Subworkflow sub, BiConsumer<Location, String> error) {
        Set<String> visible = new HashSet<>();
        sub.params().forEach(p -> visible.add(p.name()));
        UndefinedVariables u = new UndefinedVariables(w, error);
        u.collect(sub.body(), visible);
        u.check(sub.body(), visible);
    }

    /** Adds every variable the block assigns outside nested parallel branches. */
    private void collect(Block b, Set<String> into) {
        for (Step s : b.steps()) {
            switch (s.kind()) {
                case StepKind.Assign a -> a.assignments().forEach(x -> into.add(x.target().root()));
                case StepKind.Call c -> {
                    if (c.result() != null) {
                        into.add(c.result());
                    }
                }
                case StepKind.Switch sw -> {
                    for (StepKind.Condition c : sw.conditions()) {
                        c.assign().forEach(x -> into.add(x.target().root()));
                        if (c.steps() != null) {
                            collect(c.steps(), into);
                        }
                    }
                }
                case StepKind.For f -> {
                    into.add(f.value());
                    if (f.index() != null) {
                        into.add(f.index());
                    }
                    collect(f.body(), into);
                }
                case StepKind.Try tr -> {
                    collect(tr.body(), into);
                    if (tr.exceptAs() != null) {
                        into.add(tr.exceptAs());
                    }
                    if (tr.except() != null) {
                        collect(tr.except(), into);
                    }
                }
                case StepKind.Steps st -> collect(st.body(), into);
                case StepKind.Parallel p -> {
                }
                case StepKind.Raise r -> {
                }
                case StepKind.Return r -> {
                }
                case StepKind.Jump j -> {
                }
            }
        }
    }

    private void check(Block b, Set<String> visible) {
        for (Step s : b.steps()) {
            switch (s.kind()) {
                case StepKind.Assign a -> assignments(a.assignments(), visible);
                case StepKind.Call c -> templates(visible, c.args());
                case StepKind.Switch sw -> {
                    for (StepKind.Condition c : sw.conditions()) {
                        templates(visible, c.condition(), c.returnValue(), c.raise());
                        assignments(c.assign(), visible);
                        if (c.steps() != null) {
                            check(c.steps(), visible);
                        }
                    }
                }
                case StepKind.For f -> {
                    templates(visible, f.in(), f.range());
                    check(f.body(), visible);
                }
                case StepKind.Parallel p -> {
                    templates(visible, p.concurrencyLimit());
                    for (StepKind.Branch br : p.branches()) {
                        Set<String> inner = new HashSet<>(visible);
                        collect(br.body(), inner);
                        check(br.body(), inner);
                    }
                    if (p.loop() != null) {
                        templates(visible, p.loop().in(), p.loop().range());
                        Set<String> inner = new HashSet<>(visible);
                        inner.add(p.loop().value());
                        if (p.loop().index() != null) {
                            inner.add(p.loop().index());
                        }
                        collect(p.loop().body(), inner);
                        check(p.loop().body(), inner);
                    }
                }
                case StepKind.Raise r -> templates(visible, r.value());
                case StepKind.Return r -> templates(visible, r.value());
                case StepKind.Try tr -> {
                    check(tr.body(), visible);
                    if (tr.retry() != null) {
                        StepKind.Retry r = tr.retry();
                        templates(visible, r.policy(), r.predicate(), r.maxRetries(), r.initialDelay(), r.maxDelay(),
                                r.multiplier());
                    }
                    if (tr.except() != null) {
                        check(tr.except(), visible);
                    }
                }
                case StepKind.Steps st -> check(st.body(), visible);
                case StepKind.Jump j -> {
                }
            }
        }
    }

    private void assignments(java.util.List<StepKind.Assignment> list, Set<String> visible) {
        for (StepKind.Assignment a : list) {
            templates(visible, a.value());
            for (Expr e : a.target().selectors()) {
                expr(e, visible, t.of(a), 0);
            }
        }
    }

    private void templates(Set<String> visible, Template... ts) {
        for (Template x : ts) {
            switch (x) {
                case null -> {
                }
                case Template.Lit l -> {
                }
                case Template.ExprT e -> expr(e.expr(), visible, t.of(e), 2);
                case Template.ListT l -> l.items().forEach(i -> templates(visible, i));
                case Template.MapT m -> {
                    m.keys().forEach(i -> templates(visible, i));
                    m.values().forEach(i -> templates(visible, i));
                }
            }
        }
    }

    /** {@code shift}: columns between the location and the expression text ({@code ${} for templates). */
    private void expr(Expr e, Set<String> visible, Location at, int shift) {
        switch (e) {
            case Expr.Var v -> {
                if (!visible.contains(v.name()) && !known(v.name())) {
                    error.accept(at.plus(shift + v.pos()), "variable '" + v.name() + "' is not defined in this scope");
                }
            }
            case Expr.Member m -> {
                Expr root = m;
                StringBuilder q = new StringBuilder();
                while (root instanceof Expr.Member mm) {
                    q.insert(0, "." + mm.name());
                    root = mm.target();
                }
                if (root instanceof Expr.Var v && !visible.contains(v.name())
                        && (known(v.name() + q) || isModule(v.name()))) {
                    return;
                }
                expr(m.target(), visible, at, shift);
            }
            case Expr.Index i -> {
                expr(i.target(), visible, at, shift);
                expr(i.index(), visible, at, shift);
            }
            case Expr.Call c -> c.args().forEach(a -> expr(a, visible, at, shift));
            case Expr.Unary u -> expr(u.operand(), visible, at, shift);
            case Expr.Binary b -> {
                expr(b.left(), visible, at, shift);
                expr(b.right(), visible, at, shift);
            }
            case Expr.ListLit l -> l.items().forEach(i -> expr(i, visible, at, shift));
            case Expr.MapLit m -> {
                m.keys().forEach(i -> expr(i, visible, at, shift));
                m.values().forEach(i -> expr(i, visible, at, shift));
            }
            case Expr.Literal l -> {
            }
        }
    }

    private boolean known(String name) {
        return w.subworkflows().containsKey(name) || Stdlib.isFunction(name) || Stdlib.isConstant(name);
    }

    /** Stdlib module names: {@code http.x} with an unknown x is the unknown-function check's business. */
    private static boolean isModule(String name) {
        return Set.of("http", "sys", "events", "text", "json", "list", "map", "math", "base64", "time", "hash",
                "uuid", "retry").contains(name);
    }
}
