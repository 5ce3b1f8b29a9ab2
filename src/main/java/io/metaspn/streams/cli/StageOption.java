package io.metaspn.streams.cli;

import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.stages.StageCatalogue;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --stage} option of the commands that read or write one stage's topics. */
final class StageOption {

    @Option(names = "--stage", required = true, paramLabel = "STAGE",
            description = "m0, m1, m2, m3 or m4 (or a stage key such as m1_route).")
    String name;

    Stage<?, ?> stage() {
        return StageCatalogue.byName(name);
    }

    /** The stage's topic names under the {@code metaspn.topic.*} settings of {@code config}. */
    StageTopics topics(Map<String, ?> config) {
        return new MetaspnConfig(config).topics(stage());
    }
}
