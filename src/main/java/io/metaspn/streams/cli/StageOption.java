package io.metaspn.streams.cli;

import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.Games;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --stage} option of the commands that read or write one stage's topics. */
final class StageOption {

    @Option(names = "--stage", required = true, paramLabel = "STAGE",
            description = {"m0, m1, m2, m3, m4 (or a stage key such as m1_route), or the name of a game on the",
                "class path (podcast)."})
    String name;

    GameBinding<?, ?> stage() {
        return Games.discover().byName(name);
    }

    /** The stage's topic names under the {@code metaspn.topic.*} settings of {@code config}. */
    StageTopics topics(Map<String, ?> config) {
        return new MetaspnConfig(config).topics(stage());
    }
}
