package io.metaspn.streams.stages;

import java.util.List;
import java.util.Locale;

/** The five reference stages, looked up by short name ({@code m1}) or stage key ({@code m1_route}). */
public final class StageCatalogue {
    private StageCatalogue() {
    }

    /** The stage short names, in order. */
    public static final List<String> SHORT_NAMES = List.of("m0", "m1", "m2", "m3", "m4");

    /** All stages with default configuration, in order. */
    public static List<Stage<?, ?>> all() {
        return List.of(new M0Ingest(), new M1Route(), new M2Shortlist(), new M3Learning(), new M4Rewards());
    }

    /** The stage named {@code name} (short name or key), M4 with {@code m4Config}. */
    public static Stage<?, ?> byName(String name, M4Rewards.Config m4Config) {
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "m0", M0Ingest.KEY -> new M0Ingest();
            case "m1", M1Route.KEY -> new M1Route();
            case "m2", M2Shortlist.KEY -> new M2Shortlist();
            case "m3", M3Learning.KEY -> new M3Learning();
            case "m4", M4Rewards.KEY -> new M4Rewards(m4Config);
            default -> throw new IllegalArgumentException(
                    "unknown stage '" + name + "' (expected one of m0, m1, m2, m3, m4 or a stage key)");
        };
    }

    /** The stage named {@code name} with default configuration. */
    public static Stage<?, ?> byName(String name) {
        return byName(name, M4Rewards.Config.DEFAULT);
    }

    /** The emission ids a valid signal {@code signalId} produces in stage {@code stageKey}, in order. */
    public static List<String> expectedEmissionIds(String signalId, String stageKey) {
        return byName(stageKey).expectedEmissionIds(signalId);
    }
}
