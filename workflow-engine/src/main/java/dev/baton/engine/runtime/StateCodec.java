package dev.baton.engine.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.expression.Values;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads {@link ExecutionState} as explicit JSON (no reflection-driven polymorphism), so the
 * format is stable, readable in the database and independent of Java class names.
 */
final class StateCodec {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private StateCodec() {
    }

    static String write(ExecutionState s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", ExecutionState.FORMAT);
        o.put("definition", s.fingerprint);
        o.put("steps", s.steps);
        o.set("fiber", fiber(s.root));
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode fiber(Fiber f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", f.id);
        o.put("seq", f.seq);
        o.put("callbacks", f.callbacks);
        o.put("status", f.status.name());
        o.set("result", Values.toJson(f.result));
        o.put("depthBase", f.depthBase);
        o.put("parallelDepth", f.parallelDepth);
        if (f.parentEntry != 0) {
            o.put("parentEntry", f.parentEntry);
        }
        if (!f.routine.equals("main")) {
            o.put("routine", f.routine);
        }
        if (f.pending != null) {
            ObjectNode p = o.putObject("pending");
            p.put("id", f.pending.id());
            p.put("function", f.pending.function());
            p.set("args", Values.toJson(f.pending.args()));
            p.put("kind", f.pendingKind);
        }
        o.put("sig", f.sig.name());
        o.set("sigValue", Values.toJson(f.sigValue));
        if (f.sigName != null) {
            o.put("sigName", f.sigName);
        }
        ArrayNode frames = o.putArray("frames");
        for (Frame fr : f.frames) {
            frames.add(frame(fr));
        }
        return o;
    }

    private static ObjectNode frame(Frame fr) {
        ObjectNode o = JSON.createObjectNode();
        switch (fr) {
            case Frame.CallFrame c -> {
                o.put("type", "call");
                o.put("subworkflow", c.subworkflow);
                o.set("vars", Values.toJson(c.scope.vars));
            }
            case Frame.BranchFrame b -> {
                o.put("type", "branch");
                o.set("vars", Values.toJson(b.scope.vars));
                o.set("shared", Values.toJson(new ArrayList<>(b.scope.shared)));
            }
            case Frame.BlockFrame b -> {
                o.put("type", "block");
                o.put("block", b.blockId);
                o.put("index", b.index);
                o.put("after", b.after);
                o.put("waiting", b.waiting);
                o.put("resultVar", b.resultVar);
                if (b.tape != null) {
                    ArrayNode tape = o.putArray("tape");
                    for (Object[] t : b.tape) {
                        ObjectNode e = tape.addObject();
                        if (t[1] != null) {
                            e.set("error", Values.toJson(t[1]));
                        } else {
                            e.set("value", Values.toJson(t[0]));
                        }
                    }
                }
                if (b.inner != null) {
                    o.set("inner", fiber(b.inner));
                }
                if (b.partial > 0) {
                    o.put("partial", b.partial);
                }
                if (b.chosen >= 0) {
                    o.put("chosen", b.chosen);
                }
                if (b.entry != 0) {
                    o.put("entry", b.entry);
                }
            }
            case Frame.ForFrame f -> {
                o.put("type", "for");
                o.put("block", f.blockId);
                o.put("step", f.stepIndex);
                o.set("items", Values.toJson(f.items));
                o.set("start", Values.toJson(f.rangeStart));
                o.set("end", Values.toJson(f.rangeEnd));
                o.put("position", f.position);
                o.set("before", Values.toJson(new ArrayList<>(f.before)));
            }
            case Frame.TryFrame t -> {
                o.put("type", "try");
                o.put("block", t.blockId);
                o.put("step", t.stepIndex);
                o.put("phase", t.phase.name());
                o.put("retries", t.retries);
                o.set("policy", Values.toJson(t.policy));
                o.set("error", Values.toJson(t.error));
            }
            case Frame.ParallelFrame p -> {
                o.put("type", "parallel");
                o.put("block", p.blockId);
                o.put("step", p.stepIndex);
                o.set("items", Values.toJson(p.items));
                o.put("total", p.total);
                o.put("started", p.started);
                o.put("limit", p.limit);
                o.put("depth", p.depth);
                ArrayNode children = o.putArray("children");
                for (Fiber c : p.children) {
                    children.add(fiber(c));
                }
            }
        }
        return o;
    }

    static ExecutionState read(String json, Workflow w) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("execution state is not JSON: " + e.getOriginalMessage(), e);
        }
        if (o.path("format").asInt() != ExecutionState.FORMAT) {
            throw new IllegalArgumentException("unsupported execution state format " + o.path("format"));
        }
        if (!w.fingerprint().equals(o.path("definition").asText())) {
            throw new IllegalArgumentException("execution state belongs to definition " + o.path("definition").asText()
                    + ", not " + w.fingerprint());
        }
        Fiber root = fiber(o.get("fiber"), w, null);
        return new ExecutionState(w.fingerprint(), o.path("steps").asLong(), root);
    }

    @SuppressWarnings("unchecked")
    private static Fiber fiber(JsonNode o, Workflow w, Scope parentScope) {
        Fiber f = new Fiber(o.get("id").asText());
        f.seq = o.path("seq").asInt();
        f.callbacks = o.path("callbacks").asInt();
        f.status = Fiber.Status.valueOf(o.get("status").asText());
        f.result = Values.fromJson(o.get("result"));
        f.depthBase = o.path("depthBase").asInt();
        f.parallelDepth = o.path("parallelDepth").asInt();
        f.parentEntry = o.path("parentEntry").asLong();
        f.routine = o.path("routine").asText("main");
        f.parentScope = parentScope;
        JsonNode p = o.get("pending");
        if (p != null) {
            f.pending = new PendingCall(p.get("id").asText(), p.get("function").asText(),
                    java.util.Collections.unmodifiableMap((Map<String, Object>) Values.fromJson(p.get("args"))));
            f.pendingKind = p.get("kind").asText();
        }
        f.sig = Fiber.Sig.valueOf(o.get("sig").asText());
        f.sigValue = Values.fromJson(o.get("sigValue"));
        f.sigName = o.hasNonNull("sigName") ? o.get("sigName").asText() : null;
        Scope current = null;
        for (JsonNode fr : o.get("frames")) {
            Frame frame = switch (fr.get("type").asText()) {
                case "call" -> new Frame.CallFrame(fr.get("subworkflow").asText(),
                        new Scope((Map<String, Object>) Values.fromJson(fr.get("vars")), java.util.Set.of()));
                case "branch" -> {
                    Scope s = new Scope((Map<String, Object>) Values.fromJson(fr.get("vars")),
                            new LinkedHashSet<>((List<String>) (List<?>) Values.fromJson(fr.get("shared"))));
                    s.parent = parentScope;
                    yield new Frame.BranchFrame(s);
                }
                case "block" -> {
                    Frame.BlockFrame b = new Frame.BlockFrame(fr.get("block").asInt());
                    b.index = fr.get("index").asInt();
                    b.after = fr.hasNonNull("after") ? fr.get("after").asText() : null;
                    b.waiting = fr.get("waiting").asBoolean();
                    b.resultVar = fr.hasNonNull("resultVar") ? fr.get("resultVar").asText() : null;
                    if (fr.has("tape")) {
                        b.tape = new ArrayList<>();
                        for (JsonNode t : fr.get("tape")) {
                            b.tape.add(t.has("error") ? new Object[] {null, Values.fromJson(t.get("error"))}
                                    : new Object[] {Values.fromJson(t.get("value")), null});
                        }
                    }
                    if (fr.has("inner")) {
                        b.inner = fiber(fr.get("inner"), w, null);
                    }
                    b.partial = fr.path("partial").asInt();
                    b.chosen = fr.path("chosen").asInt(-1);
                    b.entry = fr.path("entry").asLong();
                    yield b;
                }
                case "for" -> {
                    Frame.ForFrame ff = new Frame.ForFrame(fr.get("block").asInt(), fr.get("step").asInt());
                    ff.items = (List<Object>) Values.fromJson(fr.get("items"));
                    ff.rangeStart = Values.fromJson(fr.get("start"));
                    ff.rangeEnd = Values.fromJson(fr.get("end"));
                    ff.position = fr.get("position").asLong();
                    ff.before = new HashSet<>((List<String>) (List<?>) Values.fromJson(fr.get("before")));
                    yield ff;
                }
                case "try" -> {
                    Frame.TryFrame t = new Frame.TryFrame(fr.get("block").asInt(), fr.get("step").asInt());
                    t.phase = Frame.TryFrame.Phase.valueOf(fr.get("phase").asText());
                    t.retries = fr.get("retries").asInt();
                    Object policy = Values.fromJson(fr.get("policy"));
                    t.policy = policy == null ? null : new LinkedHashMap<>((Map<String, Object>) policy);
                    t.error = Values.fromJson(fr.get("error"));
                    yield t;
                }
                case "parallel" -> {
                    Frame.ParallelFrame pf = new Frame.ParallelFrame(fr.get("block").asInt(), fr.get("step").asInt());
                    pf.items = (List<Object>) Values.fromJson(fr.get("items"));
                    pf.total = fr.get("total").asInt();
                    pf.started = fr.get("started").asInt();
                    pf.limit = fr.get("limit").asInt();
                    pf.depth = fr.get("depth").asInt();
                    for (JsonNode c : fr.get("children")) {
                        pf.children.add(fiber(c, w, current));
                    }
                    yield pf;
                }
                default -> throw new IllegalArgumentException("unknown frame type " + fr.get("type"));
            };
            if (frame instanceof Frame.CallFrame c) {
                current = c.scope;
            } else if (frame instanceof Frame.BranchFrame b) {
                current = b.scope;
            }
            f.frames.add(frame);
        }
        return f;
    }
}
