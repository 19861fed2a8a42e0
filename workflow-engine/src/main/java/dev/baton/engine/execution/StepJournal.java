package dev.baton.engine.execution;

import dev.baton.engine.repository.StepEntryRow;
import dev.baton.engine.runtime.StepEntry;
import dev.baton.engine.runtime.StepListener;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Collects the step transitions of one run of one execution for its checkpoint, coalesced per entry (a step that
 * starts and ends in the run is one row). The cost is bounded whatever the run does: entries still open are all kept
 * (at most one per frame of each fiber), entries that ended are kept for the newest {@code keep} only, and entries
 * opened by an earlier run (already stored as IN_PROGRESS) are always kept when they end, so no stored row stays
 * open forever. A loop of 100,000 steps in one run therefore writes at most {@code keep} + open rows.
 */
public final class StepJournal implements StepListener {

    private final UUID executionId;
    private final int keep;
    private long firstOfRun = 1;
    private final Map<Long, StepEntry> open = new LinkedHashMap<>();
    private final Map<Long, Double> created = new LinkedHashMap<>();
    private final ArrayDeque<StepEntryRow> ended = new ArrayDeque<>();
    private final List<StepEntryRow> endedEarlier = new ArrayList<>();
    private long last;
    private long dropped;

    /** @param keep ended entries of this run kept for the checkpoint (the newest) */
    public StepJournal(UUID executionId, int keep) {
        this.executionId = executionId;
        this.keep = keep;
    }

    /** The run starts after {@code stepsSoFar} steps: entries up to that id were opened by earlier runs. */
    public void startAt(long stepsSoFar) {
        this.firstOfRun = stepsSoFar + 1;
        this.last = Math.max(last, stepsSoFar);
    }

    @Override
    public void transition(StepEntry e) {
        last = Math.max(last, e.id());
        if (e.state() == StepEntry.State.IN_PROGRESS) {
            StepEntry before = open.get(e.id());
            open.put(e.id(), before == null || e.callId() != null ? e : before);
            created.putIfAbsent(e.id(), e.time());
            return;
        }
        StepEntry before = open.remove(e.id());
        Double start = created.remove(e.id());
        StepEntryRow row = row(e, before == null ? null : before.callId(), start == null ? e.time() : start);
        if (e.id() < firstOfRun) {
            endedEarlier.add(row);
            return;
        }
        ended.add(row);
        if (ended.size() > keep) {
            ended.poll();
            dropped++;
        }
    }

    /** The rows for the checkpoint: ended entries (earlier runs' first), then the ones still open, in entry order. */
    public List<StepEntryRow> rows() {
        List<StepEntryRow> out = new ArrayList<>(endedEarlier.size() + ended.size() + open.size());
        out.addAll(endedEarlier);
        out.addAll(ended);
        for (StepEntry e : open.values()) {
            out.add(row(e, null, created.get(e.id())));
        }
        out.sort(java.util.Comparator.comparingLong(StepEntryRow::entryId));
        return out;
    }

    /** The highest entry id reported so far (the execution's step count after the run). */
    public long lastEntry() {
        return last;
    }

    /** Ended entries of this run not kept (older than the newest {@code keep}). */
    public long dropped() {
        return dropped;
    }

    private StepEntryRow row(StepEntry e, String earlierCallId, double start) {
        String callId = e.callId() != null ? e.callId() : earlierCallId;
        String error = e.error() == null ? null : errorJson(e.error());
        return new StepEntryRow(executionId, e.id(), e.parent(), e.thread(), e.routine(), e.step(), e.type(),
                e.state(), callId, error, instant(start), instant(e.time()), null, null);
    }

    private static String errorJson(Object error) {
        try {
            return Codec.json(error);
        } catch (RuntimeException e) {
            // An error holding bytes has no plain JSON form; its text keeps what a reader needs.
            return Codec.json(dev.baton.engine.expression.Values.toText(error));
        }
    }

    private static Instant instant(double seconds) {
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }
}
