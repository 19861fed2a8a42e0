package dev.baton.fraud;

/**
 * One rule that fired.
 *
 * @param rule    the rule's stable name ({@code amount.review}, {@code velocity.customer.count}, ...); the list is in
 *                the README
 * @param detail  what it saw, for the person reviewing
 * @param verdict what the rule alone asks for
 * @param score   the rule's risk points (summed and capped at 100 into the assessment's score)
 */
public record Reason(String rule, String detail, Verdict verdict, int score) {
}
