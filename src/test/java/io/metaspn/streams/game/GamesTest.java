package io.metaspn.streams.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.game.reference.ReferenceGames;
import io.metaspn.streams.stages.M4Rewards;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GamesTest {

    @Test
    void theReferenceStagesAreFoundThroughTheServiceLoaderFirstAndInOrder() {
        Games games = Games.discover();

        assertThat(games.names()).startsWith("m0", "m1", "m2", "m3", "m4");
        assertThat(games.reference()).extracting(GameBinding::shortName).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(games.byName("M1_ROUTE").shortName()).isEqualTo("m1");
        assertThat(games.select(" m4, ,m1")).extracting(GameBinding::shortName).containsExactly("m4", "m1");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Games.discover().byName("m9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown stage 'm9'")
                .hasMessageContaining("m0, m1, m2, m3, m4");
        assertThatThrownBy(() -> Games.discover().select(" , ")).hasMessageContaining("names no stage");
    }

    @Test
    void twoGamesOfTheSameNameAreRefused() {
        List<GameBinding<?, ?>> twice = new ArrayList<>(ReferenceGames.all(M4Rewards.Config.DEFAULT));
        twice.add(ReferenceGames.m1());

        assertThatThrownBy(() -> Games.of(twice))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two games are named 'm1'");
    }

    @Test
    void eachGameReadsItsOwnSettingsWithoutThePrefix() {
        GameSettings settings = GameSettings.from(Map.of("metaspn.m4.early.conviction.days.threshold", " 10 ",
                "metaspn.m1.x", "y", "metaspn.stages", "m1", "bootstrap.servers", "b:9092"));

        assertThat(settings.of("m4")).containsExactly(Map.entry("early.conviction.days.threshold", "10"));
        assertThat(ReferenceGames.m4Config(settings.of("m4")))
                .isEqualTo(new M4Rewards.Config(false, 1.25, 10));
        assertThatThrownBy(() -> ReferenceGames.m4Config(Map.of("early.conviction.multiplier", "lots")))
                .hasMessageContaining("Invalid value lots for configuration metaspn.m4.early.conviction.multiplier");
    }
}
