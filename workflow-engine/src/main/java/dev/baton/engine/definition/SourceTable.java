package dev.baton.engine.definition;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where each node of the tree came from. Kept beside the tree (keyed by node identity, as cel-java keeps
 * positions by expression id) so the tree records stay small value types and still every step, assignment,
 * condition and template can be traced to its line and column, with named sub-locations such as "next".
 */
public final class SourceTable {
    private final Map<Object, Map<String, Location>> table = new IdentityHashMap<>();

    /** Records where {@code node} (or one of its named parts, "" for the node itself) is. */
    public void put(Object node, String part, Location location) {
        table.computeIfAbsent(node, k -> new HashMap<>(2)).put(part, location);
    }

    /** The node's location, or {@link Location#UNKNOWN}. */
    public Location of(Object node) {
        return of(node, "");
    }

    /** A named part's location, falling back to the node's own. */
    public Location of(Object node, String part) {
        Map<String, Location> m = table.get(node);
        if (m == null) {
            return Location.UNKNOWN;
        }
        Location l = m.get(part);
        return l != null ? l : m.getOrDefault("", Location.UNKNOWN);
    }
}
