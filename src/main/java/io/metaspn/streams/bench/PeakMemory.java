package io.metaspn.streams.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The peak resident set size of this process, as Linux reports it ({@code VmHWM} in /proc/self/status). */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {
    }

    /** The peak resident set size in bytes; empty where /proc/self/status has no {@code VmHWM} (not Linux). */
    public static OptionalLong peakRssBytes() {
        try {
            return parseVmHwm(Files.readString(STATUS, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException unreadable) {
            return OptionalLong.empty();
        }
    }

    /** The {@code VmHWM:  123 kB} line of a /proc status text, in bytes. */
    static OptionalLong parseVmHwm(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
            }
        }
        return OptionalLong.empty();
    }
}
