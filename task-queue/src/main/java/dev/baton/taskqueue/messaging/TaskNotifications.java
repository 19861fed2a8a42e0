package dev.baton.taskqueue.messaging;

import dev.baton.platform.db.DatabaseConfig;
import dev.baton.taskqueue.repository.TaskQueries;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
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

    private final DatabaseConfig db;
    private PgSubscriber subscriber;

    public TaskNotifications(DatabaseConfig db) {
        this.db = db;
    }

    /**
     * Starts listening. Call on the Vert.x context that should receive the callbacks.
     *
     * @param onQueue called with the queue name of every notification
     * @param onConnected called after every (re)connection
     */
    public synchronized void start(Vertx vertx, Consumer<String> onQueue, Runnable onConnected) {
        var options = new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name())
                .setUser(db.user()).setConnectTimeout(5_000);
        db.password().ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        subscriber.channel(TaskQueries.CHANNEL).handler(onQueue::accept);
        subscriber.closeHandler(v -> LOG.warn("LISTEN connection lost; reconnecting, polling meanwhile"));
        subscriber.channel(TaskQueries.CHANNEL).subscribeHandler(v -> onConnected.run());
        subscriber.connect().onFailure(e -> LOG.warnf("LISTEN connection failed (%s); polling only until it returns",
                e.getMessage()));
    }

    public synchronized void stop() {
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }
}
