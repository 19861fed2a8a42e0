package dev.baton.platform.inbox;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A message the inbox gave up on, as the dead-letter API shows it.
 *
 * @param id dead letter id, used to replay it
 * @param source CloudEvent source; null when the message was not a readable CloudEvent
 * @param eventId CloudEvent id; null when unreadable
 * @param type CloudEvent type; null when unreadable
 * @param reason why it was given up on
 * @param transport RABBITMQ or HTTP
 * @param state DEAD or REPLAYED ({@link DeadLetterState})
 * @param deadAt when it was dead-lettered
 * @param replayedAt when it was replayed, or null
 * @param contentType the content type as received
 * @param headers the headers as received
 * @param body the body as received, decoded as UTF-8
 */
public record DeadLetter(long id, String source, String eventId, String type, String reason, String transport,
        DeadLetterState state, OffsetDateTime deadAt, OffsetDateTime replayedAt, String contentType,
        Map<String, String> headers, String body) {
}
