package dev.baton.engine.runtime;

import dev.baton.engine.expression.ErrorTag;
import dev.baton.engine.expression.EvalContext;
import dev.baton.engine.expression.Values;
import dev.baton.engine.expression.WorkflowException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Variables of a subworkflow invocation, or of a parallel branch. A branch scope reads through to its
 * parent and writes through only for names listed in {@code shared}; everything else it assigns stays
 * local to the branch, which is Google's parallel scoping.
 */
final class Scope {
    final Map<String, Object> vars;
    final Set<String> shared;
    /** Not serialized: re-linked when the parallel frame holding the branch is restored. */
    Scope parent;
    private final Map<String, Long> sizes = new HashMap<>();
    private long total;

    Scope(Map<String, Object> vars, Set<String> shared) {
        this.vars = vars;
        this.shared = shared;
    }

    static Scope root() {
        return new Scope(new LinkedHashMap<>(), Set.of());
    }

    Object lookup(String name) {
        Object v = vars.get(name);
        if (v != null || vars.containsKey(name)) {
            return v;
        }
        return parent == null ? EvalContext.UNBOUND : parent.lookup(name);
    }

    void set(String name, Object value, long limit) {
        if (parent != null && shared.contains(name)) {
            parent.set(name, value, limit);
            return;
        }
        if (sizes.isEmpty() && !vars.isEmpty()) {
            for (Map.Entry<String, Object> e : vars.entrySet()) {
                long s = Values.sizeOf(e.getValue(), limit) + e.getKey().length();
                sizes.put(e.getKey(), s);
                total += s;
            }
        }
        long size = Values.sizeOf(value, limit) + name.length();
        long next = total - sizes.getOrDefault(name, 0L) + size;
        if (next > limit) {
            throw WorkflowException.of(ErrorTag.ResourceLimitError,
                    "memory limit exceeded: variables would use more than " + limit + " bytes");
        }
        total = next;
        sizes.put(name, size);
        vars.put(name, value);
    }

    /** Drops variables created since {@code before} was taken: a for loop's own variables end with it. */
    void retainOnly(Set<String> before) {
        if (vars.size() == before.size()) {
            return;
        }
        for (String name : List.copyOf(vars.keySet())) {
            if (!before.contains(name)) {
                vars.remove(name);
                Long s = sizes.remove(name);
                if (s != null) {
                    total -= s;
                }
            }
        }
    }
}
