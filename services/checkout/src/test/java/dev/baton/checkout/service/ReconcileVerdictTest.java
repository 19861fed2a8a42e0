package dev.baton.checkout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.checkout.Completion;
import dev.baton.checkout.LineItem;
import dev.baton.checkout.Payment;
import dev.baton.checkout.PaymentState;
import dev.baton.checkout.client.Execution;
import dev.baton.checkout.service.SagaReconciler.Abort;
import dev.baton.checkout.service.SagaReconciler.Ended;
import dev.baton.checkout.service.SagaReconciler.Running;
import dev.baton.checkout.service.SagaReconciler.Unreadable;
import dev.baton.checkout.service.SagaReconciler.Verdict;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the reconciler makes of each way an execution can look, without a database or an engine. */
class ReconcileVerdictTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ID = UUID.fromString("7c1e0000-0000-4000-8000-000000000001");
    private static final OffsetDateTime T = OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final Payment PAYMENT = new Payment(ID, "c-1", "c-1@example.com", 2500, "EUR", "tok",
            List.of(new LineItem(null, "Mug", 1, 2500)), null, null, null, PaymentState.PROCESSING, "exec/1", null, 1,
            null, null, null, null, null, null, null, T, null, T, T, null);

    private static Verdict verdict(String state, String result) {
        return SagaReconciler.verdict(new Execution("exec/1", state, List.of(), result, null), PAYMENT, JSON);
    }

    private static Completion failed(String reason, String message, String step, String orderId) {
        return new Completion("c-1", PaymentState.FAILED, orderId, reason, message, step);
    }

    @Test
    void verdict_activeOrQueued_isRunning() {
        assertEquals(new Running(), verdict("ACTIVE", null));
        assertEquals(new Running(), verdict("QUEUED", null));
    }

    @Test
    void verdict_failedOrCancelled_needsCompensatingAndThenFailsWithSagaFailedOrSagaCancelled() {
        assertEquals(new Abort(failed("saga_failed", "the payment could not be completed", null, null)),
                verdict("FAILED", null));
        assertEquals(new Abort(failed("saga_cancelled", "the payment was cancelled before it could be completed",
                null, null)), verdict("CANCELLED", null));
    }

    @Test
    void verdict_succeededWithTheSagasResults_takesTheirOutcome() {
        assertEquals(new Ended(new Completion("c-1", PaymentState.SUCCEEDED, "o-1", null, null, null)),
                verdict("SUCCEEDED", "{\"paymentId\":\"" + ID + "\",\"status\":\"SUCCEEDED\",\"orderId\":\"o-1\"}"));
        assertEquals(new Ended(failed("capture_failed", null, "capture", null)), verdict("SUCCEEDED",
                "{\"paymentId\":\"" + ID + "\",\"status\":\"FAILED\",\"reason\":\"capture_failed\","
                        + "\"failedStep\":\"capture\"}"));
        assertEquals(new Ended(failed("fraud_rejected", "rejected", "assess_fraud", "o-2")), verdict("SUCCEEDED",
                "{\"status\":\"FAILED\",\"reason\":\"fraud_rejected\",\"message\":\"rejected\","
                        + "\"failedStep\":\"assess_fraud\",\"orderId\":\"o-2\"}"));
    }

    @Test
    void verdict_failedResultWithoutAUsableReason_isAProcessingError() {
        assertEquals(new Ended(failed("processing_error", null, "capture", null)),
                verdict("SUCCEEDED", "{\"status\":\"FAILED\",\"reason\":\"Card Declined\","
                        + "\"failedStep\":\"capture\"}"));
        assertEquals(new Ended(failed("processing_error", null, null, null)),
                verdict("SUCCEEDED", "{\"status\":\"FAILED\"}"));
    }

    @Test
    void verdict_resultsThatAreNoOutcome_areUnreadable() {
        assertEquals(new Unreadable("result SUCCEEDED without an orderId"),
                verdict("SUCCEEDED", "{\"status\":\"SUCCEEDED\"}"));
        assertEquals(new Unreadable("SUCCEEDED without a JSON object result"), verdict("SUCCEEDED", null));
        assertEquals(new Unreadable("SUCCEEDED without a JSON object result"), verdict("SUCCEEDED", "\"done\""));
        assertEquals(new Unreadable("SUCCEEDED without a JSON object result"), verdict("SUCCEEDED", "{not json"));
        assertEquals(new Unreadable("SUCCEEDED with a result whose status is neither SUCCEEDED nor FAILED"),
                verdict("SUCCEEDED", "{\"status\":\"MAYBE\"}"));
        assertEquals(new Unreadable("SUCCEEDED with the result of payment other"),
                verdict("SUCCEEDED", "{\"paymentId\":\"other\",\"status\":\"SUCCEEDED\",\"orderId\":\"o-1\"}"));
    }

    @Test
    void verdict_stateTheEngineApiDoesNotName_isUnreadable() {
        assertEquals(new Unreadable("execution state 'STATE_UNSPECIFIED'"), verdict("STATE_UNSPECIFIED", null));
        assertEquals(new Unreadable("execution state 'null'"), verdict(null, null));
    }
}
