package dev.baton.taskqueue;

/**
 * Whether a queue dispatches. Mirrored by the CHECK constraint on {@code queue.state}.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> RUNNING: CreateQueue / UpdateQueue
 *     RUNNING --> PAUSED: PauseQueue
 *     PAUSED --> RUNNING: ResumeQueue
 *     DISABLED --> RUNNING: ResumeQueue
 *     RUNNING --> [*]: DeleteQueue
 *     PAUSED --> [*]: DeleteQueue
 * }</pre>
 */
public enum QueueState {
    /**
     * Tasks are dispatched within the queue's rate limits. Entered on creation and by ResumeQueue; left by
     * PauseQueue and DeleteQueue.
     */
    RUNNING(1),
    /**
     * Tasks can be added but nothing is dispatched except tasks forced by RunTask. Entered by PauseQueue, left
     * by ResumeQueue.
     */
    PAUSED(2),
    /**
     * Cloud Tasks uses this for queues disabled with App Engine; we never enter it ourselves but keep it so a
     * stored or imported value round-trips. ResumeQueue moves it back to RUNNING.
     */
    DISABLED(3);

    /** The proto enum number, for clients that send or expect {@code enum-encoding=int}. */
    public final int number;

    QueueState(int number) {
        this.number = number;
    }
}
