package dev.baton.engine.definition;

/** A 1-based line and column in a definition file. */
public record Location(int line, int column) {
    /** Where nothing better is known (generated nodes). */
    public static final Location UNKNOWN = new Location(0, 0);

    /** The same line, {@code n} columns to the right. */
    public Location plus(int n) {
        return new Location(line, column + n);
    }
}
