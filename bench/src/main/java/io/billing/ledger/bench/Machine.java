package io.billing.ledger.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine: cores, memory, CPU model, Java, OS. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), " + memory()
                + ", Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + "), " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format("%.1f GiB RAM",
                            Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse("unknown RAM");
        } catch (Exception e) {
            return "unknown RAM";
        }
    }
}
