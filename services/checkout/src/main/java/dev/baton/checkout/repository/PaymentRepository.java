package dev.baton.checkout.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.checkout.LineItem;
import dev.baton.checkout.NewPayment;
import dev.baton.checkout.Payment;
import dev.baton.checkout.PaymentState;
import dev.baton.checkout.SagaSteps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of payments. Writes take the caller's transaction; plain reads use the pool. */
@ApplicationScoped
public class PaymentRepository {

    private static final TypeReference<List<LineItem>> LINE_ITEMS = new TypeReference<>() {
    };

    /** Filters of a listing; null means any. */
    public record ListFilter(String customerId, PaymentState state, OffsetDateTime createdAfter,
            OffsetDateTime createdBefore) {
    }

    /** Where a page starts: after the row with this creation time and id (both null: the first page). */
    public record Cursor(OffsetDateTime createdAt, UUID id) {
    }

    private final Pool pool;
    private final ObjectMapper mapper;

    public PaymentRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** Inserts a PENDING payment whose start is held by the caller until {@code startHeldUntil}. */
    public Uni<Payment> insert(SqlConnection tx, UUID id, NewPayment p, OffsetDateTime startHeldUntil,
            OffsetDateTime now) {
        Tuple args = Tuple.tuple().addUUID(id).addString(p.customerId()).addString(p.customerEmail())
                .addLong(p.amountMinor()).addString(p.currency()).addString(p.paymentMethodToken())
                .addString(json(p.lineItems())).addString(p.billingCountry()).addString(p.ipCountry())
                .addString(p.description()).addOffsetDateTime(startHeldUntil).addOffsetDateTime(now);
        return tx.preparedQuery(PaymentQueries.PaymentInsert).execute(args)
                .chain(ignored -> find(tx, id)).map(Optional::orElseThrow);
    }

    /** The payment, read through {@code client} (the pool or a transaction). */
    public Uni<Optional<Payment>> find(SqlClient client, UUID id) {
        return client.preparedQuery(PaymentQueries.PaymentFind).execute(Tuple.of(id)).map(this::first);
    }

    /** The payment, read outside any transaction. */
    public Uni<Optional<Payment>> find(UUID id) {
        return find(pool, id);
    }

    /** The payment, locked until {@code tx} ends. */
    public Uni<Optional<Payment>> findForUpdate(SqlConnection tx, UUID id) {
        return tx.preparedQuery(PaymentQueries.PaymentFindForUpdate).execute(Tuple.of(id)).map(this::first);
    }

    /**
     * PENDING to PROCESSING with the execution's name, its first reconciliation due at {@code reconcileAt}; empty
     * when the payment was not PENDING any more.
     */
    public Uni<Optional<Payment>> recordExecution(SqlConnection tx, UUID id, String executionName,
            OffsetDateTime reconcileAt, OffsetDateTime now) {
        return tx.preparedQuery(PaymentQueries.PaymentRecordExecution)
                .execute(Tuple.of(id, executionName, now, reconcileAt)).map(this::first);
    }

    /** Keeps a PENDING payment pending and makes its next start due at {@code dueAt}. */
    public Uni<Boolean> scheduleStartRetry(SqlClient client, UUID id, OffsetDateTime dueAt, String error,
            OffsetDateTime now) {
        return client.preparedQuery(PaymentQueries.PaymentScheduleStartRetry)
                .execute(Tuple.of(id, dueAt, truncate(error), now)).map(rows -> rows.rowCount() == 1);
    }

    /** Claims up to {@code limit} PENDING payments whose start is due, holding each until {@code leaseEnd}. */
    public Uni<List<Payment>> claimDueStarts(OffsetDateTime now, OffsetDateTime leaseEnd, int limit) {
        return pool.preparedQuery(PaymentQueries.PaymentClaimDueStarts).execute(Tuple.of(now, leaseEnd, limit))
                .map(this::all);
    }

    /** To SUCCEEDED; empty when the payment was terminal already. */
    public Uni<Optional<Payment>> succeed(SqlConnection tx, UUID id, String orderId, OffsetDateTime now) {
        return tx.preparedQuery(PaymentQueries.PaymentSucceed).execute(Tuple.of(id, orderId, now)).map(this::first);
    }

    /**
     * Claims up to {@code limit} PROCESSING payments whose reconciliation is due, holding each until
     * {@code leaseEnd}.
     */
    public Uni<List<Payment>> claimDueReconciles(OffsetDateTime now, OffsetDateTime leaseEnd, int limit) {
        return pool.preparedQuery(PaymentQueries.PaymentClaimDueReconciles).execute(Tuple.of(now, leaseEnd, limit))
                .map(this::all);
    }

    /** Makes the next reconciliation of a PROCESSING payment due at {@code dueAt}; false when it is not PROCESSING. */
    public Uni<Boolean> scheduleReconcile(UUID id, OffsetDateTime dueAt, OffsetDateTime now) {
        return pool.preparedQuery(PaymentQueries.PaymentScheduleReconcile).execute(Tuple.of(id, dueAt, now))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Records the {@code payment-abort} execution started for a PROCESSING payment and when to look at it; false
     * when the payment is no longer PROCESSING or has one recorded already.
     */
    public Uni<Boolean> recordAbort(UUID id, String abortExecutionName, OffsetDateTime dueAt, OffsetDateTime now) {
        return pool.preparedQuery(PaymentQueries.PaymentRecordAbort)
                .execute(Tuple.of(id, abortExecutionName, dueAt, now)).map(rows -> rows.rowCount() == 1);
    }

    /** To FAILED; empty when the payment was terminal already. */
    public Uni<Optional<Payment>> fail(SqlConnection tx, UUID id, String reason, String message, String failedStep,
            Integer stepsDone, String orderId, OffsetDateTime now) {
        Tuple args = Tuple.tuple().addUUID(id).addString(reason).addString(message).addString(failedStep)
                .addInteger(stepsDone).addString(orderId).addOffsetDateTime(now);
        return tx.preparedQuery(PaymentQueries.PaymentFail).execute(args).map(this::first);
    }

    /** Remembers that a read saw the running payment at {@code step}, unless it was seen further already. */
    public Uni<Void> observeStep(UUID id, String step) {
        return pool.preparedQuery(PaymentQueries.PaymentObserveStep)
                .execute(Tuple.of(id, step, SagaSteps.ALL.toArray(String[]::new))).replaceWithVoid();
    }

    /** One page, newest first. */
    public Uni<List<Payment>> list(ListFilter filter, Cursor after, int limit) {
        Tuple args = Tuple.tuple().addString(filter.customerId())
                .addString(filter.state() == null ? null : filter.state().name())
                .addOffsetDateTime(filter.createdAfter()).addOffsetDateTime(filter.createdBefore())
                .addOffsetDateTime(after == null ? null : after.createdAt()).addUUID(after == null ? null : after.id())
                .addInteger(limit);
        return pool.preparedQuery(PaymentQueries.PaymentList).execute(args).map(this::all);
    }

    private Optional<Payment> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(toPayment(it.next())) : Optional.empty();
    }

    private List<Payment> all(RowSet<Row> rows) {
        var out = new ArrayList<Payment>();
        rows.forEach(r -> out.add(toPayment(r)));
        return out;
    }

    private Payment toPayment(Row r) {
        return new Payment(r.getUUID("id"), r.getString("customer_id"), r.getString("customer_email"),
                r.getLong("amount_minor"), r.getString("currency"), r.getString("payment_method_token"),
                lineItems(r.getString("line_items")), r.getString("billing_country"), r.getString("ip_country"),
                r.getString("description"), PaymentState.valueOf(r.getString("state")),
                r.getString("execution_name"), r.getOffsetDateTime("next_start_at"), r.getInteger("start_attempts"),
                r.getString("last_start_error"), r.getString("order_id"), r.getString("failure_reason"),
                r.getString("failure_message"), r.getString("failed_step"), r.getInteger("steps_done"),
                r.getString("observed_step"), r.getOffsetDateTime("next_reconcile_at"),
                r.getString("abort_execution_name"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"), r.getOffsetDateTime("completed_at"));
    }

    private List<LineItem> lineItems(String json) {
        try {
            return mapper.readValue(json, LINE_ITEMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored line items are not readable: " + e.getOriginalMessage(), e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
