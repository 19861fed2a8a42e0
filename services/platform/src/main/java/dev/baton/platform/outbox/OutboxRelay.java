package dev.baton.platform.outbox;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import javax.sql.DataSource;

/**
 * One relay round, free of scheduling so tests can drive it: lock, read the oldest pending events, publish them,
 * mark them published, commit.
 *
 * <p>Guarantees: an event is marked PUBLISHED only after the transport confirmed it, so neither a relay crash nor a
 * broker loss between commit and publish loses it (it is published again: at least once). Events go out in id
 * order and a failed batch is retried whole before anything after it, so per-aggregate order holds. At most one
 * relay per database publishes at a time (a transaction-scoped advisory lock).
 */
public final class OutboxRelay {

    private final DataSource dataSource;
    private final EventPublisher publisher;
    private final int batchSize;

    /**
     * @param dataSource the deployable's own database (JDBC: the relay runs on its own thread and blocks)
     * @param publisher the transport
     * @param batchSize most events per round
     */
    public OutboxRelay(DataSource dataSource, EventPublisher publisher, int batchSize) {
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.batchSize = batchSize;
    }

    /**
     * Publishes the next batch.
     *
     * @return how many events were published; 0 when none were pending or another instance holds the lock
     * @throws Exception when the transport failed; the batch stays pending with the error recorded
     */
    public int publishBatch() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int published = publishLocked(c);
                c.commit();
                return published;
            } catch (PublishFailed e) {
                c.commit(); // keeps the recorded error
                throw (Exception) e.getCause();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    private int publishLocked(Connection c) throws SQLException, PublishFailed {
        try (var lock = c.createStatement(); ResultSet rs = lock.executeQuery(OutboxQueries.OUTBOX_RELAY_TRY_LOCK)) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return 0;
            }
        }
        var ids = new ArrayList<Long>();
        var events = new ArrayList<CloudEvent>();
        try (PreparedStatement select = c.prepareStatement(OutboxQueries.OUTBOX_EVENT_SELECT_PENDING)) {
            select.setInt(1, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong("id"));
                    events.add(toCloudEvent(rs));
                }
            }
        }
        if (events.isEmpty()) {
            return 0;
        }
        Long[] idArray = ids.toArray(Long[]::new);
        try {
            publisher.publish(events);
        } catch (Exception e) {
            try (PreparedStatement fail = c.prepareStatement(OutboxQueries.OUTBOX_EVENT_RECORD_FAILURE)) {
                fail.setString(1, String.valueOf(e.getMessage()));
                fail.setArray(2, c.createArrayOf("bigint", idArray));
                fail.executeUpdate();
            }
            throw new PublishFailed(e);
        }
        try (PreparedStatement mark = c.prepareStatement(OutboxQueries.OUTBOX_EVENT_MARK_PUBLISHED)) {
            mark.setArray(1, c.createArrayOf("bigint", idArray));
            mark.executeUpdate();
        }
        return events.size();
    }

    /** Deletes published events older than {@code cutOff}; returns how many. */
    public int deletePublishedBefore(Instant cutOff) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(OutboxQueries.OUTBOX_EVENT_DELETE_PUBLISHED_BEFORE)) {
            delete.setTimestamp(1, Timestamp.from(cutOff));
            return delete.executeUpdate();
        }
    }

    private static CloudEvent toCloudEvent(ResultSet rs) throws SQLException {
        var builder = CloudEventBuilder.v1()
                .withId(rs.getString("event_id"))
                .withSource(URI.create(rs.getString("source")))
                .withType(rs.getString("type"))
                .withSubject(rs.getString("subject"))
                .withTime(rs.getObject("time", OffsetDateTime.class))
                .withDataContentType(rs.getString("data_content_type"))
                .withData(rs.getBytes("data"));
        new JsonObject(rs.getString("extensions")).forEach(e -> builder.withExtension(e.getKey(), String.valueOf(e.getValue())));
        return builder.build();
    }

    /** Carries a transport failure past the commit that records it. */
    private static final class PublishFailed extends Exception {
        PublishFailed(Exception cause) {
            super(cause);
        }
    }
}
