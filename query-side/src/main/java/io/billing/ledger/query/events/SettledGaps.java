package io.billing.ledger.query.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one rule by which the audit chain's sealer and the event stream ({@code GET /v1/events})
 * decide how far the event store's global order is final, so that neither ever passes an event
 * that may still commit below it (docs/audit.md, "Gaps").
 * <p>
 * {@code global_index} is an identity column: a transaction takes its number when it inserts and
 * commits later, so a higher number can be visible before a lower one. A missing number (a gap)
 * below a visible one is either a transaction still in flight, which may yet commit it, or one
 * that rolled back (or a number drawn and never used), which never will. A gap is <em>settled</em>
 * — treated as permanent — only when
 * <ol>
 * <li>it was first seen at least {@code settleAfter} ago: whoever holds the number drew it before
 * the higher number was drawn, so before the rows showing the gap were read, and {@code settleAfter}
 * later its INSERT has long had a transaction id (PostgreSQL assigns one in the same statement,
 * right after drawing the number);</li>
 * <li>then a <em>fence</em> is taken, the {@code xmax} of a snapshot read after that moment: the
 * holder's transaction id is below it;</li>
 * <li>and a later snapshot's (or the same one's) {@code xmin} has reached the fence: every
 * transaction below the fence has ended. The gap is judged with that snapshot, read before the rows
 * that still show the number missing: the holder ended without committing it, so it never will.</li>
 * </ol>
 * A gap that stays open because a transaction is still in flight holds the reader there, however
 * long: it is waited out, never jumped. Everything at or below {@link #settledThrough(long)} (the
 * sealed head of the audit chain, settled by this same rule) needs no judging again. Holds state
 * for one node; another node judges on its own and reaches the same answers, only maybe later.
 */
public final class SettledGaps {

    private final Duration settleAfter;
    /** Gaps seen and not yet below the floor, by their first missing position. */
    private final TreeMap<Long, Gap> gaps = new TreeMap<>();
    private long floor;

    public SettledGaps(Duration settleAfter) {
        this.settleAfter = settleAfter;
    }

    /** Every position at or below {@code position} is final (the audit chain sealed through it). */
    public synchronized void settledThrough(long position) {
        if (position > floor) {
            floor = position;
            gaps.headMap(position + 1).entrySet().removeIf(entry -> entry.getValue().last <= position);
        }
    }

    public synchronized long floor() {
        return floor;
    }

    /**
     * How far, from {@code after}, the order is final: the highest position {@code p} such that
     * every event at or below {@code p} that will ever commit is among {@code visible}.
     *
     * @param after    the position read from (itself final, the caller's cursor)
     * @param visible  the positions above {@code after} one read found, ascending
     * @param horizon  the transactions in flight, read <em>before</em> {@code visible}
     * @param now      a time after {@code visible} was read: when a new gap counts as first seen
     * @return the last position of {@code visible} before the first gap that is not settled, or the
     *         last of all; {@code after} when the first position is already behind such a gap
     */
    public synchronized long finalThrough(long after, long[] visible, TransactionHorizon horizon, Instant now) {
        long expected = after + 1;
        for (long position : visible) {
            if (position > expected && !settled(expected, position - 1, horizon, now)) {
                return expected - 1;
            }
            expected = position + 1;
        }
        return expected - 1;
    }

    /** The gaps above the floor seen so far, lowest first (for tests and diagnostics). */
    public synchronized List<WatchedGap> watched() {
        List<WatchedGap> watched = new ArrayList<>();
        gaps.forEach((first, gap) -> watched.add(new WatchedGap(first, gap.last, gap.fence != null, gap.settled)));
        return watched;
    }

    /** Positions {@code first..last} missing; {@code fenced} once its fence is taken, {@code settled} once permanent. */
    public record WatchedGap(long first, long last, boolean fenced, boolean settled) {
    }

    private boolean settled(long first, long last, TransactionHorizon horizon, Instant now) {
        if (last <= floor) {
            return true;
        }
        Map.Entry<Long, Gap> known = gaps.floorEntry(first);
        Gap gap;
        if (known != null && known.getValue().last >= last) {
            // a part of a run seen before: every number of it was drawn before that run was first seen
            gap = known.getValue();
        } else {
            gap = new Gap(last, now);
            gaps.put(first, gap);
            return false;
        }
        if (gap.settled) {
            return true;
        }
        if (gap.fence == null && !horizon.readAt().isBefore(gap.firstSeen.plus(settleAfter))) {
            gap.fence = horizon.xmax();
        }
        if (gap.fence != null && horizon.xmin() >= gap.fence) {
            gap.settled = true;
        }
        return gap.settled;
    }

    private static final class Gap {
        final long last;
        final Instant firstSeen;
        Long fence;
        boolean settled;

        Gap(long last, Instant firstSeen) {
            this.last = last;
            this.firstSeen = firstSeen;
        }
    }
}
