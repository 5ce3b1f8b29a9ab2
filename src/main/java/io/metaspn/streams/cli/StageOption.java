package io.metaspn.streams.cli;

import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.kafka.MetaspnConfig;
import picocli.CommandLine.Option;

/** The {@code --stage} option of the commands that read or write one stage's topics. */
final class StageOption {

    @Option(names = "--stage", required = true, paramLabel = "STAGE",
            description = {"m0, m1, m2, m3, m4 (or a stage key such as m1_route), or the name of a game on the",
                "class path (podcast)."})
    String name;

    /** The game named by the option, configured from {@code config}. */
    GameBinding<?, ?> stage(MetaspnConfig config) {
        return config.game(name);
    }
}
