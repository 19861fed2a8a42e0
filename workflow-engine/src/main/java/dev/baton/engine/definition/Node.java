package dev.baton.engine.definition;

import java.util.List;

/**
 * The document as read from YAML or JSON, before any meaning is given to it: maps, lists and scalars, each
 * with the location of its first character. Both formats produce the same tree, so everything after this
 * point is format independent.
 */
public sealed interface Node {
    /** Where the node starts. */
    Location location();

    /** A mapping; entries keep document order (step order and map literal order matter). */
    record MapNode(List<Entry> entries, Location location) implements Node {
        /** The entry for {@code key}, or null. */
        public Entry entry(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
            return null;
        }
    }

    /** One key of a mapping with the key's own location. */
    record Entry(String key, Location keyLocation, Node value) {
    }

    /** A sequence. */
    record ListNode(List<Node> items, Location location) implements Node {
    }

    /**
     * A scalar: String, Long, Double, Boolean or null. {@code quoted} tells whether the source put quotes around
     * it, which shifts expression columns by one.
     */
    record Scalar(Object value, boolean quoted, Location location) implements Node {
    }
}
