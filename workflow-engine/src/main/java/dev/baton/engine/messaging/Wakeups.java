package dev.baton.engine.messaging;

import dev.baton.engine.repository.ExecutionQueries;
import dev.baton.platform.db.DatabaseConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Wake-ups between engine instances: LISTEN on {@link ExecutionQueries#CHANNEL} on a dedicated connection outside
 * the pool (reconnecting forever), and a coalesced NOTIFY after a transaction made an execution due now (created,
 * signalled, cancelled, promoted). The local runner is woken directly; its own NOTIFYs are ignored when they come
 * back. Wake-ups only shorten waits: the runner's jittered poll finds due work without them.
 */
@ApplicationScoped
public class Wakeups {

    private static final Logger LOG = Logger.getLogger(Wakeups.class);
    private static final String INSTANCE = UUID.randomUUID().toString();

    private final DatabaseConfig db;
    private final Pool pool;
    private PgSubscriber subscriber;
    private volatile Context context;
    private volatile Runnable local;
    private boolean publishing;
    private boolean again;

    public Wakeups(DatabaseConfig db, Pool pool) {
        this.db = db;
        this.pool = pool;
    }

    /** Work became due now: wake this instance's runner at once and the others through one NOTIFY. */
    public void due() {
        Context target = context;
        Runnable handler = local;
        if (target != null && handler != null) {
            target.runOnContext(v -> handler.run());
        }
        boolean start;
        synchronized (this) {
            start = !publishing;
            if (start) {
                publishing = true;
            } else {
                again = true;
            }
        }
        if (start) {
            publish();
        }
    }

    private void publish() {
        ExecutionQueries.notify(pool, INSTANCE).onComplete(ar -> {
            if (ar.failed()) {
                LOG.debugf("NOTIFY failed (%s); other instances find the work at their next poll",
                        ar.cause().getMessage());
            }
            boolean more;
            synchronized (this) {
                more = again;
                again = false;
                publishing = more;
            }
            if (more) {
                publish();
            }
        });
    }

    /**
     * Starts listening; {@code onWake} runs on the caller's Vert.x context for every notification of another
     * instance and after every (re)connection (to catch up on anything missed meanwhile).
     */
    public synchronized void start(Vertx vertx, Runnable onWake) {
        this.context = vertx.getOrCreateContext();
        this.local = onWake;
        var options = new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name())
                .setUser(db.user()).setConnectTimeout(5_000);
        db.password().ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        subscriber.channel(ExecutionQueries.CHANNEL).handler(payload -> {
            if (!INSTANCE.equals(payload)) {
                onWake.run();
            }
        });
        subscriber.channel(ExecutionQueries.CHANNEL).subscribeHandler(v -> onWake.run());
        subscriber.closeHandler(v -> LOG.warn("LISTEN connection lost; reconnecting, polling meanwhile"));
        subscriber.connect().onFailure(e -> LOG.warnf("LISTEN connection failed (%s); polling only", e.getMessage()));
    }

    public synchronized void stop() {
        context = null;
        local = null;
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }
}
