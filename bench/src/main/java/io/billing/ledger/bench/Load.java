package io.billing.ledger.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one phase: N client threads repeat a unit of work for warm-up + measured seconds (a
 * bounded loop: it ends at the deadline, or early after too many errors). Only units that
 * complete inside the measured window are counted; CPU is sampled at the window's edges.
 */
final class Load {

    /** One request (or JDBC batch); answers how many records it stored. */
    @FunctionalInterface
    interface Unit {
        int run(int client, long sequence) throws Exception;
    }

    record Result(String name, int clients, double seconds, long records, long units, long errors,
                  String firstError, double p50Millis, double p99Millis, long recordsIncludingWarmup,
                  CpuMeter.Usage cpu) {

        double perSecond() {
            return records / seconds;
        }

        String describe() {
            return String.format("%,.0f records/s  (%,d records in %,d units over %.1f s, %d clients; "
                            + "latency p50 %.1f ms, p99 %.1f ms; errors %d%s)%n      %s",
                    perSecond(), records, units, seconds, clients, p50Millis, p99Millis, errors,
                    firstError == null ? "" : ", first: " + firstError, cpu.describe(records));
        }
    }

    private static final int MAX_ERRORS = 50;

    private Load() {
    }

    static Result run(String name, int clients, int warmupSeconds, int measureSeconds, CpuMeter meter, Unit unit)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureStart = start + warmupSeconds * 1_000_000_000L;
        long measureEnd = measureStart + measureSeconds * 1_000_000_000L;
        AtomicLong records = new AtomicLong();
        AtomicLong allRecords = new AtomicLong();
        AtomicLong units = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        System.out.printf("  %s: %d clients, %d s warm-up + %d s measured …%n", name, clients, warmupSeconds,
                measureSeconds);
        for (int c = 0; c < clients; c++) {
            int client = c;
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            Thread thread = new Thread(() -> {
                int count = 0;
                long sequence = 0;
                while (System.nanoTime() < measureEnd && errors.get() < MAX_ERRORS) {
                    long t0 = System.nanoTime();
                    try {
                        int n = unit.run(client, sequence++);
                        long t1 = System.nanoTime();
                        allRecords.addAndGet(n);
                        if (t1 > measureStart && t1 <= measureEnd) {
                            records.addAndGet(n);
                            units.incrementAndGet();
                            if (count < mine.length - 1) {
                                mine[count++] = t1 - t0;
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                }
                mine[mine.length - 1] = count; // how many were stored, read back below
            }, name + "-client-" + c);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        sleepUntil(measureStart);
        CpuMeter.Snapshot from = meter.snapshot();
        sleepUntil(measureEnd);
        CpuMeter.Snapshot to = meter.snapshot();
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        long total = 0;
        for (long[] mine : latencies) {
            total += mine[mine.length - 1];
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] mine : latencies) {
            int count = (int) mine[mine.length - 1];
            System.arraycopy(mine, 0, all, at, count);
            at += count;
        }
        Arrays.sort(all);
        return new Result(name, clients, measureSeconds, records.get(), units.get(), errors.get(), firstError.get(),
                percentile(all, 0.50), percentile(all, 0.99), allRecords.get(), CpuMeter.between(from, to));
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
