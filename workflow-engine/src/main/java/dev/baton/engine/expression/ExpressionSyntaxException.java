package dev.baton.engine.expression;

/**
 * A malformed expression; {@link #offset()} is the character inside the expression text where parsing
 * stopped, which the definition parser turns into a line and column.
 */
public final class ExpressionSyntaxException extends RuntimeException {
    private final int offset;

    public ExpressionSyntaxException(String message, int offset) {
        super(message, null, false, false);
        this.offset = offset;
    }

    /** Offset within the expression text. */
    public int offset() {
        return offset;
    }
}
