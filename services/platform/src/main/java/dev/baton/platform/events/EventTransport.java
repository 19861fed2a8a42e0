package dev.baton.platform.events;

/** How events leave and reach a deployable; chosen by {@code baton.events.transport}, never by code. */
public enum EventTransport {
    /** RabbitMQ topic exchange, AMQP binary mode, publisher confirms. Local runs and the default. */
    RABBITMQ,
    /** Knative Eventing: POST to the Broker ingress named by {@code K_SINK}; Trigger deliveries arrive over HTTP. */
    HTTP
}
