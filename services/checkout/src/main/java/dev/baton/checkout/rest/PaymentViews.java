package dev.baton.checkout.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.checkout.Payment;
import dev.baton.checkout.PaymentState;
import dev.baton.checkout.SagaSteps;
import dev.baton.checkout.client.Execution;
import dev.baton.checkout.client.WorkflowEngineClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API's representations of a payment, and how a stored payment becomes one. */
@ApplicationScoped
public class PaymentViews {

    static final String EXECUTION_NAME = "The engine's name of the payment's execution (projects/.../executions/"
            + "<id>; read it at GET <engine>/v1/<name>, which links.execution spells out); absent until the execution"
            + " is created, kept once the payment has its outcome";

    /** Where to look next: this payment, and its execution on the engine once it has one. */
    @Schema(name = "PaymentLinks")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Links(String self, String execution) {
    }

    /**
     * How far the saga is. While it runs this comes from the engine (all null when the engine did not answer);
     * when the payment is terminal it is stored. A failed payment names the step that failed.
     */
    @Schema(name = "PaymentProgress")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Progress(Integer stepsDone, int stepsTotal, String currentStep) {
    }

    /** The answer of {@code POST /v1/payments} (202); {@code executionName} is absent while PENDING. */
    @Schema(name = "PaymentAccepted")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Accepted(String paymentId, PaymentState status,
            @Schema(description = EXECUTION_NAME) String executionName, Links links) {
    }

    /** A payment as {@code GET /v1/payments/{id}}, the listing and {@code :complete} show it. */
    @Schema(name = "Payment")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String paymentId, PaymentState status, long amountMinor, String currency, String customerId,
            String orderId, String failureReason, String failureMessage, String failedStep, OffsetDateTime createdAt,
            OffsetDateTime completedAt,
            @Schema(description = EXECUTION_NAME) String executionName,
            @Schema(description = "The engine's state of the execution (ACTIVE, SUCCEEDED, FAILED, CANCELLED,"
                    + " QUEUED), present when the engine was asked for this answer: a GET of a PROCESSING payment")
            String executionState,
            @Schema(description = "The engine's name of the payment-abort execution checkout started because the"
                    + " saga's execution ended without running its compensations (cancelled, or an error escaped"
                    + " it); absent otherwise")
            String abortExecutionName,
            Progress progress, Links links) {
    }

    /** One page of a listing, newest first; {@code nextPageToken} is absent on the last page. */
    @Schema(name = "PaymentPage")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<View> payments, String nextPageToken) {
    }

    private final WorkflowEngineClient engine;

    public PaymentViews(WorkflowEngineClient engine) {
        this.engine = engine;
    }

    public Accepted accepted(Payment p) {
        return new Accepted(p.id().toString(), p.state(), p.executionName(), links(p));
    }

    /** The stored payment alone: progress of a running saga is unknown here. */
    public View view(Payment p) {
        return view(p, Optional.empty());
    }

    /** The payment with what the engine just said about its execution, if anything. */
    public View view(Payment p, Optional<Execution> execution) {
        return new View(p.id().toString(), p.state(), p.amountMinor(), p.currency(), p.customerId(), p.orderId(),
                p.failureReason(), p.failureMessage(), p.failedStep(), p.createdAt(), p.completedAt(),
                p.executionName(), execution.map(Execution::state).orElse(null), p.abortExecutionName(),
                progress(p, execution), links(p));
    }

    static Progress progress(Payment p, Optional<Execution> execution) {
        return switch (p.state()) {
            case PENDING -> new Progress(0, SagaSteps.TOTAL, null);
            case PROCESSING -> execution.map(e -> switch (SagaSteps.locate(e.currentSteps())) {
                case SagaSteps.At(String step) -> at(step);
                case SagaSteps.Compensating() -> p.observedStep() == null ? unknown() : at(p.observedStep());
                case SagaSteps.Unknown() -> unknown();
            }).orElseGet(PaymentViews::unknown);
            case SUCCEEDED -> new Progress(SagaSteps.TOTAL, SagaSteps.TOTAL, null);
            case FAILED -> new Progress(p.stepsDone(), SagaSteps.TOTAL, p.failedStep());
        };
    }

    private static Progress at(String step) {
        return new Progress(SagaSteps.doneBefore(step).orElseThrow(), SagaSteps.TOTAL, step);
    }

    private static Progress unknown() {
        return new Progress(null, SagaSteps.TOTAL, null);
    }

    private Links links(Payment p) {
        return new Links("/v1/payments/" + p.id(),
                p.executionName() == null ? null : engine.executionUrl(p.executionName()));
    }
}
