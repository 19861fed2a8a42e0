package dev.baton.engine.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.engine.definition.DefinitionException;
import dev.baton.engine.definition.DefinitionParser;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.runtime.Environment;
import dev.baton.engine.runtime.ExecutionState;
import dev.baton.engine.runtime.Interpreter;
import dev.baton.engine.runtime.Limits;
import dev.baton.engine.runtime.Outcome;
import dev.baton.engine.runtime.PendingCall;
import dev.baton.engine.runtime.RunResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated and mutated definitions and expressions, each of which must end in a result, a Workflows error
 * or a definition error, within a time bound, without any other exception (no stack overflow, no
 * OutOfMemoryError, no hang). The seed is fixed; {@code -Dbaton.fuzz.seed=N} replays another run and
 * {@code -Dbaton.fuzz.cases=N} changes the count.
 */
class FuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("baton.fuzz.seed", 20261121L);
    private static final int CASES = Integer.getInteger("baton.fuzz.cases", 5_000);
    /** Per-case wall-clock bound; generous for a loaded 2-core machine. */
    private static final long MAX_CASE_MILLIS = 5_000;

    private static final String[] ATOMS = {"1", "0", "-3", "2.5", "9223372036854775807", "\"s\"", "\"\"", "true",
            "false", "null", "x", "l", "m", "m.k", "l[0]", "l[9]", "m[\"k\"]", "[1, 2]", "{\"a\": 1}", "nope",
            "m.missing"};
    private static final String[] OPS = {"+", "-", "*", "/", "//", "%", "==", "!=", "<", "<=", ">", ">=", "in",
            "and", "or"};
    private static final String[] FUNCS = {"len", "int", "double", "string", "bool", "keys", "type", "default",
            "text.to_upper", "text.split", "json.encode_to_string", "json.decode", "list.concat", "map.get",
            "math.abs", "math.max", "base64.encode", "text.encode", "hash.compute_checksum", "time.format",
            "uuid.generate", "sys.now", "text.match_regex", "text.replace_all_regex", "http.get", "sub"};

    private int definitions;
    private int succeeded;
    private int failed;
    private int rejected;

    @Test
    void fuzz_generatedAndMutatedDefinitionsAndExpressions_endInResultOrErrorWithinBounds() throws Exception {
        Random r = new Random(SEED);
        List<String> corpus = corpus();
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            check("expression #" + i, expressionWorkflow(r, randomExpression(r, 0)));
        }
        for (int i = 0; i < CASES; i++) {
            String text = r.nextInt(3) == 0 && !corpus.isEmpty()
                    ? mutate(r, corpus.get(r.nextInt(corpus.size())))
                    : randomDefinition(r);
            check("definition #" + i, text);
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.printf("fuzz seed %d: %d cases in %d s: %d succeeded, %d failed at runtime, %d rejected%n",
                SEED, definitions, seconds, succeeded, failed, rejected);
        assertEquals(2 * CASES, definitions);
        assertTrue(succeeded > 0 && failed > 0 && rejected > 0, "the fuzzer should reach every kind of ending");
    }

    private void check(String label, String text) {
        definitions++;
        long t0 = System.nanoTime();
        try {
            Workflow w = DefinitionParser.parse(label.replace(' ', '_').replace("#", "") + ".yaml", text);
            RunResult straight = run(label, text, w, false);
            RunResult roundTrip = run(label, text, w, true);
            // Resumability: going through JSON at every suspension must not change the outcome.
            assertEquals(straight.getClass(), roundTrip.getClass(), label + ":\n" + text);
            Object a = straight instanceof RunResult.Succeeded s ? s.value() : ((RunResult.Failed) straight).error();
            Object b = roundTrip instanceof RunResult.Succeeded s ? s.value() : ((RunResult.Failed) roundTrip).error();
            assertTrue(dev.baton.engine.testing.Cases.strictEqual(a, b), label + ": " + a + " vs " + b + "\n" + text);
            if (straight instanceof RunResult.Succeeded) {
                succeeded++;
            } else {
                failed++;
                if (String.valueOf(a).contains("internal error")) {
                    fail(label + " hit an internal error " + a + " for:\n" + text);
                }
            }
        } catch (DefinitionException e) {
            rejected++;
            assertTrue(e.rendered().contains(":"), label);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError(label + " threw " + e + " for:\n" + text, e);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < MAX_CASE_MILLIS, label + " took " + ms + " ms:\n" + text);
    }

    private static RunResult run(String label, String text, Workflow w, boolean roundTrip) {
        Interpreter in = new Interpreter(w, Environment.fixed(1_700_000_000, Map.of()),
                Limits.GOOGLE.withMaxSteps(5_000), Set.of());
        RunResult res = in.start(Map.of("k", "v"));
        for (int rounds = 0; res instanceof RunResult.Suspended s; rounds++) {
            if (rounds > 2_000) {
                fail(label + " keeps suspending:\n" + text);
            }
            List<Outcome> outs = new ArrayList<>();
            for (PendingCall p : s.pending()) {
                outs.add(p.function().equals("sys.sleep") ? Outcome.value(p.id(), null)
                        : Outcome.failure(p.id(), "ConnectionFailedError", "fuzz: no network"));
            }
            if (roundTrip) {
                ExecutionState restored = in.restore(s.state().toJson());
                // One outcome at a time, as a durable engine receiving signals separately would.
                res = in.resume(restored, List.of(outs.getFirst()));
            } else {
                res = in.resume(s.state(), outs);
            }
        }
        return res;
    }

    private static String expressionWorkflow(Random r, String expr) throws IOException {
        String json = JSON.writeValueAsString("${" + expr + "}");
        return """
                {"main": {"params": ["args"], "steps": [
                  {"init": {"assign": [{"x": 3}, {"l": [1, "two", 3.5]}, {"m": {"k": "v", "n": [1]}}]}},
                  {"r": {"return": %s}}]},
                 "sub": {"params": [{"p": 1}], "steps": [{"s": {"return": "${p}"}}]}}
                """.formatted(json);
    }

    static String randomExpression(Random r, int depth) {
        if (depth > 4 || r.nextInt(4) == 0) {
            if (r.nextInt(30) == 0) {
                return "(".repeat(r.nextInt(200)) + "1" + ")".repeat(r.nextInt(200));
            }
            return ATOMS[r.nextInt(ATOMS.length)];
        }
        return switch (r.nextInt(depth == 0 ? 6 : 5)) {
            case 0 -> randomExpression(r, depth + 1) + " " + OPS[r.nextInt(OPS.length)] + " " + randomExpression(r, depth + 1);
            case 1 -> (r.nextBoolean() ? "not " : "-") + randomExpression(r, depth + 1);
            case 2 -> "(" + randomExpression(r, depth + 1) + ")";
            case 3 -> {
                String f = FUNCS[r.nextInt(FUNCS.length)];
                int n = r.nextInt(3);
                List<String> args = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    args.add(randomExpression(r, depth + 1));
                }
                yield f + "(" + String.join(", ", args) + ")";
            }
            case 4 -> "[" + randomExpression(r, depth + 1) + ", " + randomExpression(r, depth + 1) + "]";
            default -> {
                // Token soup: syntax errors must be reported, never thrown raw.
                StringBuilder b = new StringBuilder();
                for (int i = 0, n = r.nextInt(6); i < n; i++) {
                    b.append(r.nextBoolean() ? OPS[r.nextInt(OPS.length)] : ATOMS[r.nextInt(ATOMS.length)]).append(' ');
                }
                yield b.toString().isBlank() ? "1" : b.toString();
            }
        };
    }

    /** A random definition from the step grammar, as YAML. */
    static String randomDefinition(Random r) {
        StringBuilder b = new StringBuilder("main:\n  params: [args]\n  steps:\n");
        int[] counter = {0};
        steps(r, b, 4, 0, counter, false);
        b.append("sub:\n  params: [p, q: 2]\n  steps:\n");
        steps(r, b, 4, 0, counter, false);
        return b.toString();
    }

    private static void steps(Random r, StringBuilder b, int indent, int depth, int[] counter, boolean inFor) {
        String pad = " ".repeat(indent);
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = "s" + counter[0]++;
            b.append(pad).append("- ").append(name).append(":\n");
            String in = pad + "    ";
            int kind = depth > 3 ? r.nextInt(4) : r.nextInt(11);
            switch (kind) {
                case 0 -> b.append(in).append("assign:\n").append(in).append("  - v").append(r.nextInt(3))
                        .append(": ").append(json(randomExpression(r, 2))).append('\n');
                case 1 -> b.append(in).append("return: ").append(json(randomExpression(r, 2))).append('\n');
                case 2 -> b.append(in).append("raise: ").append(r.nextBoolean() ? "oops" : "{tags: [E], message: m}").append('\n');
                case 3 -> b.append(in).append("next: ").append(r.nextInt(5) == 0 ? "nowhere" : inFor && r.nextBoolean()
                        ? (r.nextBoolean() ? "break" : "continue") : "end").append('\n');
                case 4 -> {
                    b.append(in).append("switch:\n").append(in).append("  - condition: ")
                            .append(json(randomExpression(r, 3))).append('\n').append(in).append("    steps:\n");
                    steps(r, b, indent + 8, depth + 1, counter, inFor);
                }
                case 5 -> {
                    b.append(in).append("for:\n").append(in).append("  value: v\n");
                    b.append(in).append(r.nextBoolean() ? "  range: [0, " + r.nextInt(5) + "]\n" : "  in: ${[1, 2, \"x\"]}\n");
                    b.append(in).append("  steps:\n");
                    steps(r, b, indent + 8, depth + 1, counter, true);
                }
                case 6 -> {
                    b.append(in).append("try:\n").append(in).append("  steps:\n");
                    steps(r, b, indent + 8, depth + 1, counter, inFor);
                    if (r.nextBoolean()) {
                        b.append(in).append("retry:\n").append(in).append("  predicate: ${retry.always}\n")
                                .append(in).append("  max_retries: ").append(r.nextInt(3)).append('\n');
                    }
                    b.append(in).append("except:\n").append(in).append("  as: e\n").append(in).append("  steps:\n");
                    steps(r, b, indent + 8, depth + 1, counter, inFor);
                }
                case 7 -> b.append(in).append("call: sys.sleep\n").append(in).append("args:\n").append(in)
                        .append("  seconds: ").append(r.nextInt(3)).append('\n');
                case 8 -> b.append(in).append("call: http.get\n").append(in).append("args:\n").append(in)
                        .append("  url: https://example.com/").append(r.nextInt(9)).append('\n').append(in)
                        .append("result: res\n");
                case 9 -> {
                    b.append(in).append("parallel:\n").append(in).append("  branches:\n");
                    for (int k = 0; k < 2; k++) {
                        b.append(in).append("    - br").append(counter[0]++).append(":\n").append(in).append("        steps:\n");
                        steps(r, b, indent + 12, depth + 2, counter, false);
                    }
                }
                default -> b.append(in).append("call: sub\n").append(in).append("args:\n").append(in)
                        .append("  p: ").append(json(randomExpression(r, 3))).append('\n').append(in)
                        .append("result: v0\n");
            }
        }
    }

    private static String json(String expr) {
        try {
            return JSON.writeValueAsString("${" + expr + "}");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Character- and line-level mutations of a valid definition. */
    static String mutate(Random r, String text) {
        StringBuilder b = new StringBuilder(text);
        for (int i = 0, n = 1 + r.nextInt(4); i < n && !b.isEmpty(); i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(5)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, "{}[]:-$\"' \n#x1".charAt(r.nextInt(14)));
                case 2 -> b.setCharAt(at, (char) ('a' + r.nextInt(26)));
                case 3 -> {
                    String[] lines = b.toString().split("\n", -1);
                    int a = r.nextInt(lines.length);
                    int c = r.nextInt(lines.length);
                    String tmp = lines[a];
                    lines[a] = lines[c];
                    lines[c] = tmp;
                    b = new StringBuilder(String.join("\n", lines));
                }
                default -> b.insert(at, b.substring(at, Math.min(b.length(), at + r.nextInt(40))));
            }
        }
        return b.toString();
    }

    private static List<String> corpus() throws IOException, URISyntaxException {
        List<String> out = new ArrayList<>();
        Path dir = Path.of(Objects.requireNonNull(FuzzTest.class.getResource("/golden")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    var node = dev.baton.engine.testing.Cases.read(in);
                    if (node.hasNonNull("workflow")) {
                        out.add(node.get("workflow").asText());
                    }
                }
            }
        }
        String shared = System.getProperty("baton.shared.dir");
        Path samples = shared == null ? null : Path.of(shared, "conformance", "workflows-samples", "src");
        if (samples != null && Files.isDirectory(samples)) {
            try (Stream<Path> files = Files.list(samples)) {
                for (Path p : files.sorted().toList()) {
                    out.add(Files.readString(p));
                }
            }
        }
        return out;
    }
}
