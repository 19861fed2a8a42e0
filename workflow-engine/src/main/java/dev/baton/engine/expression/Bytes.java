package dev.baton.engine.expression;

import java.util.Arrays;
import java.util.Base64;

/**
 * The Workflows bytes type. A record around an array so that equality is by content, which list and map
 * comparisons rely on; the array is never handed out for mutation.
 */
public record Bytes(byte[] data) {
    public Bytes {
        data = data.clone();
    }

    /** A copy of the content. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Length in bytes without copying. */
    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Bytes[" + Base64.getEncoder().encodeToString(data) + "]";
    }
}
