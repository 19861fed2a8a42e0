package dev.baton.engine.expression;

/**
 * The error tags Google Cloud Workflows documents; every runtime error carries exactly one of them as its
 * first tag, so workflows written against Google ({@code "KeyError" in e.tags}) behave the same here.
 */
public enum ErrorTag {
    AuthError, ConnectionError, ConnectionFailedError, HttpError, IndexError, KeyError, OperationError,
    ParallelNestingError, RecursionError, ResourceLimitError, ResponseTypeError, SystemError, TimeoutError,
    TypeError, UnhandledBranchError, ValueError, ZeroDivisionError
}
