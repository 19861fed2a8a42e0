package dev.baton.engine.execution;

import dev.baton.engine.expression.Values;
import dev.baton.engine.repository.ExecutionRow;
import dev.baton.engine.runtime.Environment;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * What one execution observes of the world while it runs: the engine clock, random UUIDs, {@code sys.get_env}
 * (Google's GOOGLE_CLOUD_* variables, the workflow's userEnvVars, and this process's {@code BATON_*_URL}
 * variables), {@code sys.log} into the engine log, and callback URLs. Callback URLs end in an HMAC of the
 * callback's stable id under the execution's secret: unguessable, yet the same when a step is replayed after a
 * crash. Created endpoints are collected so the checkpoint can register them.
 */
public final class ExecutionEnvironment implements Environment {

    private static final Logger LOG = Logger.getLogger("dev.baton.engine.workflow");

    private final ExecutionRow execution;
    private final Map<String, String> variables;
    private final String publicUrl;
    private final java.util.function.DoubleSupplier now;
    private final List<Created> created = new ArrayList<>();

    /**
     * @param variables the execution's sys.get_env view (already merged)
     * @param nowSeconds the engine clock in epoch seconds
     */
    public ExecutionEnvironment(ExecutionRow execution, Map<String, String> variables, String publicUrl,
            java.util.function.DoubleSupplier nowSeconds) {
        this.execution = execution;
        this.variables = variables;
        this.publicUrl = publicUrl;
        this.now = nowSeconds;
    }

    @Override
    public double now() {
        return now.getAsDouble();
    }

    @Override
    public String randomUuid() {
        return UUID.randomUUID().toString();
    }

    @Override
    public String env(String name) {
        return variables.get(name);
    }

    @Override
    public void log(String severity, Object value) {
        String text = value instanceof String s ? s : Values.toText(value);
        Logger.Level level = switch (severity == null ? "" : severity) {
            case "ERROR", "CRITICAL", "ALERT", "EMERGENCY" -> Logger.Level.ERROR;
            case "WARNING" -> Logger.Level.WARN;
            case "DEBUG" -> Logger.Level.DEBUG;
            default -> Logger.Level.INFO;
        };
        LOG.logf(level, "[%s %s] %s", execution.workflowId(), execution.id(), text);
    }

    @Override
    public String callbackUrl(String callbackId) {
        return callbackUrl(callbackId, "POST");
    }

    @Override
    public String callbackUrl(String callbackId, String method) {
        String token = token(execution.secret(), callbackId);
        created.add(new Created(token, callbackId, method));
        return callbackUrl(publicUrl, execution.name(), token);
    }

    /** Endpoints created during this run. */
    public List<Created> createdEndpoints() {
        return created;
    }

    /** A callback endpoint created by {@code events.create_callback_endpoint}, accepting {@code method} only. */
    public record Created(String token, String callbackId, String method) {
    }

    /** The URL of callback {@code token} of an execution. */
    public static String callbackUrl(String publicUrl, String executionName, String token) {
        return publicUrl + "/v1/" + executionName + "/callbacks/" + token;
    }

    /** The unguessable, replay-stable token of a callback id (or a call id) under the execution's secret. */
    public static String token(byte[] secret, String stableId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal(stableId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
