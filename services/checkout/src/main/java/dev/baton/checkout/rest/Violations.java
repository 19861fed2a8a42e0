package dev.baton.checkout.rest;

import dev.baton.platform.rest.Problem;
import dev.baton.platform.rest.ProblemException;
import java.util.List;
import java.util.stream.Collectors;

/** 400 problems for input Bean Validation cannot express, in the same shape as the platform's validation problems. */
final class Violations {

    private Violations() {
    }

    static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.Violation(field, message)));
    }

    static ProblemException invalid(List<Problem.Violation> violations) {
        String detail = violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        return new ProblemException(new Problem("urn:baton:problem:invalid-request", "Invalid request", 400, detail,
                null, violations));
    }
}
