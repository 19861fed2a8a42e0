package dev.baton.taskqueue.messaging;

import dev.baton.platform.db.DatabaseConfig;
import dev.baton.taskqueue.repository.TaskQueries;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * LISTEN on the channel that task inserts, RunTask and ResumeQueue notify (payload: the queue name), on a dedicated
 * connection outside the pool, reconnecting forever. This is what makes a task due now go out within
 * milliseconds instead of after a poll interval; the dispatcher's jittered poll covers notifications lost while
 * the connection was down (it is also told whenever the connection comes back).
 */
@ApplicationScoped
public class TaskNotifications {

    private static final Logger LOG = Logger.getLogger(TaskNotifications.class);

    /** Identifies this process in NOTIFY payloads. */
    private static final String INSTANCE = java.util.UUID.randomUUID().toString();

    private final DatabaseConfig db;
    private final Pool pool;
    private PgSubscriber subscriber;
    private Context context;
    private Consumer<String> localHandler;
    /** Queues with news not yet NOTIFYed; one statement in flight at a time carries all of them. */
    private final Set<String> pending = new LinkedHashSet<>();
    private boolean publishing;

    public TaskNotifications(DatabaseConfig db, Pool pool) {
        this.db = db;
        this.pool = pool;
    }

    /**
     * A queue has new work (a task was added). The local dispatcher hears it at once; every instance hears it through
     * one batched NOTIFY. Batching matters: PostgreSQL serialises the commits of notifying transactions (including
     * their WAL flush), so a NOTIFY per insert would cap inserts at the disk's flush rate.
     */
    public void queueChanged(String queueName) {
        Context target;
        Consumer<String> handler;
        boolean startPublishing;
        synchronized (this) {
            target = context;
            handler = localHandler;
            pending.add(queueName);
            startPublishing = !publishing;
            publishing = true;
        }
        if (target != null) {
            target.runOnContext(v -> handler.accept(queueName));
        }
        if (startPublishing) {
            publish();
        }
    }

    private void publish() {
        List<String> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                publishing = false;
                return;
            }
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        TaskQueries.notify(pool, batch, INSTANCE).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warnf("NOTIFY failed (%s); other instances will see the tasks at their next poll",
                        ar.cause().getMessage());
            }
            publish();
        });
    }

    /**
     * Starts listening. Call on the Vert.x context that should receive the callbacks.
     *
     * @param onQueue called with the queue name of every notification
     * @param onConnected called after every (re)connection
     */
    public synchronized void start(Vertx vertx, Consumer<String> onQueue, Runnable onConnected) {
        this.context = vertx.getOrCreateContext();
        this.localHandler = onQueue;
        var options = new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name())
                .setUser(db.user()).setConnectTimeout(5_000);
        db.password().ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        // Payload "queue|instance": this instance's own notifications were already delivered locally.
        subscriber.channel(TaskQueries.CHANNEL).handler(payload -> {
            int bar = payload.lastIndexOf('|');
            if (bar < 0) {
                onQueue.accept(payload);
            } else if (!payload.substring(bar + 1).equals(INSTANCE)) {
                onQueue.accept(payload.substring(0, bar));
            }
        });
        subscriber.closeHandler(v -> LOG.warn("LISTEN connection lost; reconnecting, polling meanwhile"));
        subscriber.channel(TaskQueries.CHANNEL).subscribeHandler(v -> onConnected.run());
        subscriber.connect().onFailure(e -> LOG.warnf("LISTEN connection failed (%s); polling only until it returns",
                e.getMessage()));
    }

    public synchronized void stop() {
        context = null;
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }
}
