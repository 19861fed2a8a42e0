package dev.baton.engine.definition;

/** A named step: its kind and the optional {@code next} jump (a step name, end, break or continue). */
public record Step(String name, StepKind kind, String next) {
}
