package io.metaspn.streams.stages;

import java.util.List;

/**
 * The five reference stages, in order. Looking a stage up by name, and running it, goes through the games on the
 * class path ({@code io.metaspn.streams.game.Games}), where the reference stages are games like any other.
 */
public final class StageCatalogue {
    private StageCatalogue() {
    }

    /** The reference stages' short names, in order. */
    public static final List<String> SHORT_NAMES = List.of("m0", "m1", "m2", "m3", "m4");

    /** All reference stages with default configuration, in order. */
    public static List<Stage<?, ?>> all() {
        return List.of(new M0Ingest(), new M1Route(), new M2Shortlist(), new M3Learning(), new M4Rewards());
    }
}
