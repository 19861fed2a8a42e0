package dev.baton.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SagaStepsTest {

    @Test
    void locate_innermostKnownFrameDecides() {
        assertEquals(new SagaSteps.At("capture"), SagaSteps.locate(List.of("forward", "capture")));
        assertEquals(new SagaSteps.At("post_ledger"), SagaSteps.locate(List.of("post_ledger", "unknown_inner")));
        assertEquals(new SagaSteps.At("assess_fraud"), SagaSteps.locate(List.of("init")));
    }

    @Test
    void locate_helperStepsOfTheWorkflow_countAsTheSagaStepTheyServe() {
        assertEquals(new SagaSteps.At("assess_fraud"), SagaSteps.locate(List.of("check_verdict")));
        assertEquals(new SagaSteps.At("authorize"), SagaSteps.locate(List.of("register_void")));
        assertEquals(new SagaSteps.At("create_order"), SagaSteps.locate(List.of("remember_order")));
        assertEquals(new SagaSteps.At("capture"), SagaSteps.locate(List.of("register_refund")));
        assertEquals(new SagaSteps.At("confirm_order"), SagaSteps.locate(List.of("mark_confirm")));
    }

    @Test
    void locate_compensationAndFailureReport_areCompensating() {
        assertEquals(new SagaSteps.Compensating(), SagaSteps.locate(List.of("run_compensation")));
        assertEquals(new SagaSteps.Compensating(), SagaSteps.locate(List.of("record_failure")));
    }

    @Test
    void locate_nothingKnown_isUnknown() {
        assertEquals(new SagaSteps.Unknown(), SagaSteps.locate(List.of("forward")));
        assertEquals(new SagaSteps.Unknown(), SagaSteps.locate(List.of()));
    }

    @Test
    void doneBefore_isTheIndexInTheSaga() {
        assertEquals(Optional.of(0), SagaSteps.doneBefore("assess_fraud"));
        assertEquals(Optional.of(6), SagaSteps.doneBefore("record_outcome"));
        assertEquals(Optional.empty(), SagaSteps.doneBefore("void_authorization"));
        assertEquals(Optional.empty(), SagaSteps.doneBefore(null));
        assertEquals(7, SagaSteps.TOTAL);
    }
}
