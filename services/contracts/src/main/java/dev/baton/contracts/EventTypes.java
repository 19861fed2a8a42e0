package dev.baton.contracts;

import java.util.List;

/**
 * Every CloudEvent type Baton services exchange. The type is also the RabbitMQ routing key on {@code baton.events}
 * and names the JSON Schema of the event's data ({@code dev/baton/contracts/events/<type>.schema.json}).
 *
 * <p>Types are versioned in their last segment: a change that an old consumer could not read gets a new type
 * ({@code .v2}) published next to the old one until every consumer has moved, never an edit of a published schema.
 */
public final class EventTypes {

    /** Order confirmed (payment captured). Producer: order. Consumers: email, loyalty. */
    public static final String ORDER_CONFIRMED = "dev.baton.order.confirmed.v1";
    /** Order cancelled by a compensation. Producer: order. Consumer: loyalty (closes refunds held for an order never confirmed). */
    public static final String ORDER_CANCELLED = "dev.baton.order.cancelled.v1";
    /** Payment saga ended with money captured. Producer: checkout. Consumer: analytics. */
    public static final String PAYMENT_SUCCEEDED = "dev.baton.payment.succeeded.v1";
    /** Payment saga ended without money captured. Producer: checkout. Consumers: email, analytics. */
    public static final String PAYMENT_FAILED = "dev.baton.payment.failed.v1";
    /** Captured money refunded. Producer: payment-gateway. Consumers: email, analytics, loyalty. */
    public static final String PAYMENT_REFUNDED = "dev.baton.payment.refunded.v1";
    /** Fraud verdict for a payment. Producer: fraud. Consumer: analytics. */
    public static final String FRAUD_ASSESSED = "dev.baton.fraud.assessed.v1";
    /** A workflow execution became terminal. Producer: workflow-engine. Consumer: analytics. */
    public static final String SAGA_FINISHED = "dev.baton.saga.finished.v1";

    /** A workflow execution started running. Producer: workflow-engine. */
    public static final String WORKFLOW_EXECUTION_STARTED = "dev.baton.workflow.execution.started.v1";
    /** A workflow execution succeeded. Producer: workflow-engine. */
    public static final String WORKFLOW_EXECUTION_SUCCEEDED = "dev.baton.workflow.execution.succeeded.v1";
    /** A workflow execution failed. Producer: workflow-engine. */
    public static final String WORKFLOW_EXECUTION_FAILED = "dev.baton.workflow.execution.failed.v1";
    /** A workflow execution was cancelled. Producer: workflow-engine. */
    public static final String WORKFLOW_EXECUTION_CANCELLED = "dev.baton.workflow.execution.cancelled.v1";

    /** All of the above, in the order they are documented. */
    public static final List<String> ALL = List.of(ORDER_CONFIRMED, ORDER_CANCELLED, PAYMENT_SUCCEEDED,
            PAYMENT_FAILED, PAYMENT_REFUNDED, FRAUD_ASSESSED, SAGA_FINISHED, WORKFLOW_EXECUTION_STARTED,
            WORKFLOW_EXECUTION_SUCCEEDED, WORKFLOW_EXECUTION_FAILED, WORKFLOW_EXECUTION_CANCELLED);

    private EventTypes() {
    }
}
