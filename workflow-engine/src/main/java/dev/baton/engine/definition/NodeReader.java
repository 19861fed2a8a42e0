package dev.baton.engine.definition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads YAML or JSON into a {@link Node} tree using Jackson's streaming parsers, whose token locations give
 * every node its line and column in both formats.
 */
public final class NodeReader {
    /** Deepest nesting accepted; deeper documents are reported, not recursed into. */
    public static final int MAX_DEPTH = 200;
    /** Largest definition accepted in characters (Google's limit is 128 KB of source). */
    public static final int MAX_SOURCE = 1 << 20;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 10).build()).build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 10).build()).build();

    /** Most nodes a document may expand to once YAML aliases are resolved (an alias bomb stops here). */
    public static final long MAX_EXPANDED_NODES = 1_000_000;

    private final SourceFile source;
    private final List<Diagnostic> diagnostics;
    private final List<String> lines;
    private final Map<String, Node> anchors = new HashMap<>();
    /** Expanded size of each node: an alias shares the anchored node, which later phases copy out. */
    private final Map<Node, Long> sizes = new IdentityHashMap<>();

    private NodeReader(SourceFile source, List<Diagnostic> diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.lines = source.text().lines().toList();
    }

    /** True when the text is JSON (first significant character is a brace or bracket) rather than YAML. */
    public static boolean looksLikeJson(SourceFile source) {
        if (source.name().endsWith(".json")) {
            return true;
        }
        if (source.name().endsWith(".yaml") || source.name().endsWith(".yml")) {
            return false;
        }
        String t = source.text().stripLeading();
        return t.startsWith("{") || t.startsWith("[");
    }

    /** Parses the document; problems go to {@code diagnostics} and the result is null if unreadable. */
    public static Node read(SourceFile source, List<Diagnostic> diagnostics) {
        if (source.text().length() > MAX_SOURCE) {
            diagnostics.add(new Diagnostic(source.name(), new Location(1, 1),
                    "definition larger than " + MAX_SOURCE + " characters"));
            return null;
        }
        NodeReader r = new NodeReader(source, diagnostics);
        try (JsonParser p = (looksLikeJson(source) ? JSON : YAML).createParser(source.text())) {
            JsonToken t = p.nextToken();
            if (t == null) {
                diagnostics.add(new Diagnostic(source.name(), new Location(1, 1), "empty definition"));
                return null;
            }
            Node n = r.value(p, 0);
            if (n != null && r.size(n) > MAX_EXPANDED_NODES) {
                diagnostics.add(new Diagnostic(source.name(), new Location(1, 1),
                        "definition expands to more than " + MAX_EXPANDED_NODES + " nodes through YAML aliases"));
                return null;
            }
            if (n != null && p.nextToken() != null) {
                diagnostics.add(new Diagnostic(source.name(), r.loc(p.currentTokenLocation()),
                        "unexpected content after the definition"));
            }
            return n;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            diagnostics.add(new Diagnostic(source.name(), l == null ? new Location(1, 1) : r.loc(l),
                    "syntax error: " + (nl > 0 ? msg.substring(0, nl) : msg)));
            return null;
        } catch (IOException | RuntimeException e) {
            diagnostics.add(new Diagnostic(source.name(), new Location(1, 1), "syntax error: " + e.getMessage()));
            return null;
        }
    }

    private Location loc(JsonLocation l) {
        return new Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private long size(Node n) {
        Long known = sizes.get(n);
        return known != null ? known : 1;
    }

    private Node value(JsonParser p, int depth) throws IOException {
        Location at = loc(p.currentTokenLocation());
        String anchor = null;
        if (p instanceof YAMLParser yp) {
            if (yp.isCurrentAlias()) {
                Node target = anchors.get(p.getText());
                if (target == null) {
                    diagnostics.add(new Diagnostic(source.name(), at, "unknown YAML alias '*" + p.getText() + "'"));
                }
                return target;
            }
            anchor = yp.getObjectId();
        }
        Node n = read(p, depth, at);
        if (n != null) {
            long size = 1;
            if (n instanceof Node.MapNode m) {
                for (Node.Entry e : m.entries()) {
                    size = Math.min(Long.MAX_VALUE / 2, size + size(e.value()));
                }
            } else if (n instanceof Node.ListNode l) {
                for (Node c : l.items()) {
                    size = Math.min(Long.MAX_VALUE / 2, size + size(c));
                }
            }
            if (size > 1) {
                sizes.put(n, size);
            }
            if (anchor != null) {
                anchors.put(anchor, n);
            }
        }
        return n;
    }

    private Node read(JsonParser p, int depth, Location at) throws IOException {
        if (depth > MAX_DEPTH) {
            diagnostics.add(new Diagnostic(source.name(), at, "definition nested deeper than " + MAX_DEPTH));
            p.skipChildren();
            return null;
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                List<Node.Entry> entries = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Location keyAt = loc(p.currentTokenLocation());
                    p.nextToken();
                    Node v = value(p, depth + 1);
                    if (!seen.add(key)) {
                        diagnostics.add(new Diagnostic(source.name(), keyAt, "duplicate key '" + key + "'"));
                    } else {
                        entries.add(new Node.Entry(key, keyAt, v == null ? new Node.Scalar(null, false, keyAt) : v));
                    }
                }
                return new Node.MapNode(List.copyOf(entries), at);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    Node v = value(p, depth + 1);
                    items.add(v == null ? new Node.Scalar(null, false, at) : v);
                }
                return new Node.ListNode(List.copyOf(items), at);
            }
            case VALUE_STRING -> {
                return new Node.Scalar(p.getText(), quotedAt(at), at);
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    diagnostics.add(new Diagnostic(source.name(), at, "integer out of 64-bit range: " + p.getText()));
                    return new Node.Scalar(0L, false, at);
                }
                return new Node.Scalar(p.getLongValue(), false, at);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node.Scalar(p.getDoubleValue(), false, at);
            }
            case VALUE_TRUE -> {
                return new Node.Scalar(Boolean.TRUE, false, at);
            }
            case VALUE_FALSE -> {
                return new Node.Scalar(Boolean.FALSE, false, at);
            }
            case VALUE_NULL -> {
                return new Node.Scalar(null, false, at);
            }
            default -> {
                diagnostics.add(new Diagnostic(source.name(), at, "unsupported value " + t));
                return null;
            }
        }
    }

    private boolean quotedAt(Location at) {
        if (at.line() < 1 || at.line() > lines.size()) {
            return false;
        }
        String line = lines.get(at.line() - 1);
        int i = at.column() - 1;
        return i >= 0 && i < line.length() && (line.charAt(i) == '"' || line.charAt(i) == '\'');
    }
}
