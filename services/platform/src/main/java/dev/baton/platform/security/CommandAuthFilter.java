package dev.baton.platform.security;

import dev.baton.platform.rest.Problem;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a {@link TaskQueueCommand} without a valid task-queue OIDC token, when {@code baton.command-auth.enabled}:
 * 401 problem+json {@code urn:baton:problem:unauthenticated} with {@code WWW-Authenticate: Bearer}, before the body is
 * read, validated or applied. Other endpoints (reads, operators' APIs) are not affected.
 */
@UnlessBuildProperty(name = "baton.problem-json.enabled", stringValue = "false", enableIfMissing = true)
public class CommandAuthFilter {

    /** The problem type of the refusal. */
    public static final String TYPE = "urn:baton:problem:unauthenticated";

    private final Instance<CommandAuth> auth;

    // Filters are built before run-time configuration exists: the bean (and its settings) is looked up per request.
    @Inject
    public CommandAuthFilter(Instance<CommandAuth> auth) {
        this.auth = auth;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> requireQueueToken(ContainerRequestContext context, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || !method.isAnnotationPresent(TaskQueueCommand.class)) {
            return Uni.createFrom().nullItem();
        }
        CommandAuth commandAuth = auth.get();
        if (!commandAuth.enabled()) {
            return Uni.createFrom().nullItem();
        }
        String header = context.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().item(refuse(context, "A command needs the task queue's OIDC token"
                    + " (Authorization: Bearer ...); send it through the task queue with an oidcToken"));
        }
        return Uni.createFrom().completionStage(() -> commandAuth.verify(header.substring(7).trim())
                .toCompletionStage())
                .map(valid -> valid ? null : refuse(context, "The bearer token is not a valid task-queue token for"
                        + " this service (signature, issuer, audience or expiry)"));
    }

    private static Response refuse(ContainerRequestContext context, String detail) {
        var problem = new Problem(TYPE, "Unauthenticated", 401, detail, context.getUriInfo().getPath(), null);
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(problem).build();
    }
}
