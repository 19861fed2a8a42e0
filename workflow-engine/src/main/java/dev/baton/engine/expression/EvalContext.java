package dev.baton.engine.expression;

import java.util.List;

/**
 * What an expression can see: variables of the current scope and the functions it may call. The runtime
 * implements it over its scopes, the stdlib and the workflow's subworkflows.
 */
public interface EvalContext {
    /** Marker returned by {@link #lookup} for an unbound name (null is a legal value). */
    Object UNBOUND = new Object();

    /** The variable's value or {@link #UNBOUND}. */
    Object lookup(String name);

    /** Calls a stdlib function or subworkflow by its qualified name. */
    Object call(String function, List<Object> args);

    /** True when {@code name} names a callable stdlib function, a stdlib constant or a subworkflow. */
    boolean isFunction(String name);

    /** The value of a stdlib constant or function reference such as {@code http.default_retry}. */
    Object constant(String name);
}
