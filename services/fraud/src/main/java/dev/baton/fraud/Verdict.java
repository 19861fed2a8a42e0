package dev.baton.fraud;

/**
 * What fraud tells the payment saga, mirrored by {@code fraud_assessment_verdict_check}. Declared from least to most
 * severe: an assessment's verdict is the most severe verdict of the rules that fired ({@link #worst}).
 */
public enum Verdict {

    /** No rule fired; the saga goes on to authorize. */
    APPROVE,

    /** Something looks off (amount, velocity, countries): a person should look; the saga stops (fraud_review). */
    REVIEW,

    /** A block list or hard limit matched: the saga stops (fraud_rejected). */
    REJECT;

    /** The more severe of the two. */
    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
