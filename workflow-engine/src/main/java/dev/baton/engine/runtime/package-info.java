/**
 * Phase 4: the interpreter, an explicit state machine. Each fiber (main, or one parallel branch or
 * iteration) is a stack of frames (call, branch, block, for, try, parallel) plus one pending signal (child
 * done, value, error, return, break, continue, jump) that the loop in {@code Fiber.run} applies to the top
 * frame. No Java stack survives a step, so at every blocking call the whole state serializes to JSON.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> BODY: try step entered
 *     BODY --> [*]: body done
 *     BODY --> PREDICATE: error, retries left, subworkflow predicate
 *     BODY --> BACKOFF: error, built-in predicate says retry
 *     BODY --> EXCEPT: error, no retry, except present
 *     PREDICATE --> BACKOFF: predicate returned true
 *     PREDICATE --> EXCEPT: false, except present
 *     BACKOFF --> BODY: sleep outcome (whole body re-runs)
 *     EXCEPT --> [*]: except steps done
 * }</pre>
 *
 * The try frame's phases above (mermaid); an error with nowhere to go propagates past the frame.
 */
package dev.baton.engine.runtime;
