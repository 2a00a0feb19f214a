package io.billing.ledger.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the CPU went during a measured window (Linux /proc; elsewhere the figures are
 * missing): the whole machine, the server process, this benchmark's own JVM (the clients),
 * and every process named {@code postgres} (a local PostgreSQL, embedded or not). All in
 * core-seconds, so that divided by the window they read as "cores busy".
 */
final class CpuMeter {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final ProcessHandle server;
    private final String database;

    /** server: the server process, or null; database: only client backends of this database count. */
    CpuMeter(ProcessHandle server, String database) {
        this.server = server;
        this.database = database;
    }

    record Snapshot(long wallNanos, long machineBusyTicks, long machineTotalTicks, long irqTicks, long stealTicks,
                    long postgresTicks,
                    long serverNanos, long benchNanos, java.util.Map<Long, Process> processes) {
    }

    /** A process seen in /proc: its name (comm) and its utime + stime in ticks. */
    record Process(String name, long ticks) {
    }

    /** Core-seconds spent in a window; a negative figure means "not measurable here". */
    record Usage(double wallSeconds, double machine, double server, double bench, double postgres,
                 double interrupts, double steal, double otherProcesses, String busiestOthers) {

        double other() {
            if (machine < 0) {
                return -1;
            }
            return Math.max(0, machine - Math.max(server, 0) - Math.max(bench, 0) - Math.max(postgres, 0));
        }

        /** Why the window is not a measurement of our code (other processes or steal above 0.1 core), or null. */
        String disturbance() {
            if (machine < 0 || wallSeconds <= 0 || (otherProcesses + steal) / wallSeconds <= 0.1) {
                return null;
            }
            return String.format(java.util.Locale.ROOT, "other processes %.2f cores, steal %.2f: %s",
                    otherProcesses / wallSeconds, steal / wallSeconds, busiestOthers);
        }

        String describe(long records) {
            if (machine < 0) {
                return "CPU: not measurable on this OS";
            }
            StringBuilder out = new StringBuilder();
            if ((otherProcesses + steal) / wallSeconds > 0.1) {
                out.append(String.format("WARNING: other processes (%.2f cores) or the hypervisor (steal %.2f) took "
                                + "CPU in this window: the machine was not quiet, the figures are disturbed%n      ",
                        otherProcesses / wallSeconds, steal / wallSeconds));
            }
            out.append(String.format("CPU (cores busy of %d): machine %.2f = server JVM %s + bench clients %s + "
                            + "postgres %s + other %.2f", CORES, machine / wallSeconds, cores(server), cores(bench),
                    cores(postgres), other() / wallSeconds));
            out.append(String.format(" [of which kernel irq/softirq %.2f, steal %.2f, other processes %.2f%s]",
                    interrupts / wallSeconds, steal / wallSeconds, otherProcesses / wallSeconds,
                    busiestOthers.isEmpty() ? "" : ": " + busiestOthers));
            if (records > 0) {
                out.append(String.format("%n      CPU per record: server %s, bench %s, postgres %s, total %.1f µs",
                        micros(server, records), micros(bench, records), micros(postgres, records),
                        machine * 1e6 / records));
            }
            return out.toString();
        }

        private String cores(double seconds) {
            return seconds < 0 ? "n/a" : String.format("%.2f", seconds / wallSeconds);
        }

        private static String micros(double seconds, long records) {
            return seconds < 0 ? "n/a" : String.format("%.1f µs", seconds * 1e6 / records);
        }
    }

    Snapshot snapshot() {
        long[] machine = machineTicks();
        long self = ProcessHandle.current().pid();
        long serverPid = server == null ? -1 : server.pid();
        return new Snapshot(System.nanoTime(), machine[0], machine[1], machine[2], machine[3],
                postgresTicks(database), serverNanos(),
                benchNanos(), processes(self, serverPid, database));
    }

    static Usage between(Snapshot from, Snapshot to) {
        double wall = (to.wallNanos() - from.wallNanos()) / 1e9;
        if (from.machineTotalTicks() < 0 || to.machineTotalTicks() <= from.machineTotalTicks()) {
            return new Usage(wall, -1, seconds(from.serverNanos(), to.serverNanos()),
                    seconds(from.benchNanos(), to.benchNanos()), -1, 0, 0, 0, "");
        }
        // /proc/stat and /proc/<pid>/stat count in the same clock ticks: scale ticks to core-seconds by
        // how many ticks all cores together counted in the wall time of the window
        double secondsPerTick = wall * CORES / (to.machineTotalTicks() - from.machineTotalTicks());
        double machine = (to.machineBusyTicks() - from.machineBusyTicks()) * secondsPerTick;
        double postgres = from.postgresTicks() < 0 || to.postgresTicks() < 0 ? -1
                : Math.max(0, to.postgresTicks() - from.postgresTicks()) * secondsPerTick;
        long otherTicks = 0;
        for (var entry : to.processes().entrySet()) {
            Process before = from.processes().get(entry.getKey());
            otherTicks += Math.max(0, entry.getValue().ticks() - (before == null ? 0 : before.ticks()));
        }
        return new Usage(wall, machine, seconds(from.serverNanos(), to.serverNanos()),
                seconds(from.benchNanos(), to.benchNanos()), postgres,
                (to.irqTicks() - from.irqTicks()) * secondsPerTick, (to.stealTicks() - from.stealTicks()) * secondsPerTick,
                otherTicks * secondsPerTick, busiest(from, to, secondsPerTick / wall));
    }

    /** The three other processes (by name, summed) that used most CPU in the window, in cores. */
    private static String busiest(Snapshot from, Snapshot to, double coresPerTick) {
        java.util.Map<String, Long> byName = new java.util.HashMap<>();
        to.processes().forEach((pid, now) -> {
            Process before = from.processes().get(pid);
            long delta = now.ticks() - (before == null ? 0 : before.ticks());
            if (delta > 0) {
                byName.merge(now.name(), delta, Long::sum);
            }
        });
        return byName.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(3).filter(e -> e.getValue() * coresPerTick >= 0.01)
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() * coresPerTick))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Every process but this one, the server and our postgres processes, by pid. */
    private static java.util.Map<Long, Process> processes(long self, long serverPid, String database) {
        java.util.Map<Long, Process> processes = new java.util.HashMap<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : all) {
                try {
                    long pid = Long.parseLong(process.getFileName().toString());
                    if (pid == self || pid == serverPid) {
                        continue;
                    }
                    String stat = Files.readString(process.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    if (name.startsWith("postgres")) {
                        if (database == null || ours(process, database)) {
                            continue;
                        }
                        name = "postgres (other databases)";
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    processes.put(pid, new Process(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                } catch (IOException | RuntimeException gone) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            return java.util.Map.of();
        }
        return processes;
    }

    private static double seconds(long fromNanos, long toNanos) {
        return fromNanos < 0 || toNanos < 0 ? -1 : (toNanos - fromNanos) / 1e9;
    }

    private long serverNanos() {
        if (server == null) {
            return 0;
        }
        return server.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private static long benchNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** busy and total ticks of all cores, from the first line of /proc/stat. */
    private static long[] machineTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait, irq + softirq, steal};
        } catch (Exception e) {
            return new long[] {-1, -1, -1, -1};
        }
    }

    /**
     * utime + stime of the live postgres processes that are background processes or backends of
     * {@code database} (backends of a pooled client live as long as the window).
     */
    private static long postgresTicks(String database) {
        long total = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < 0 || !stat.substring(open + 1, close).startsWith("postgres")) {
                        continue;
                    }
                    if (database != null && !ours(process, database)) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    // after "(comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** "postgres: 15/main: user db 127.0.0.1(5432) idle" is a client backend; "… walwriter" is not. */
    private static boolean ours(Path process, String database) throws IOException {
        String title = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
        boolean backend = title.matches(".*\\S+\\(\\d+\\).*") || title.contains("[local]");
        return !backend || title.contains(" " + database + " ");
    }
}
