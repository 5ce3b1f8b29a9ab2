package io.metaspn.streams.avro.derived;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The derived-schema gate over committed files, as a game's own test runs it: the schemas derived from the
 * game's records are written to {@code <root>/games/<game>/current} (a change to a record shows up in the diff),
 * must be released under {@code …/released/<Name>/v<N>.avsc}, and must read every released version
 * (BACKWARD_TRANSITIVE). Release a change with
 * {@code mvn -B test -Dtest=DerivedSchemaGateTest -Dschemas.release=true}.
 */
class DerivedSchemaGateTest {
    /** A small game of the test sources, with its committed schemas in {@code src/test/resources/derived-gate}. */
    static final class SampleGame {
        enum Kind { QUIZ, PUZZLE }

        record Play(String playerId, Kind kind, int points, Instant at, Optional<String> level) {
        }

        record Score(long total, List<String> levels, Map<String, Long> pointsByKind, Optional<Instant> lastPlayed) {
        }

        record LevelUp(String playerId, int level) {
        }

        record Streak(String playerId, int days, Long best) {
        }
    }

    static Stream<Arguments> games() {
        return Stream.of(Arguments.of("sample", Path.of("src", "test", "resources", "derived-gate"),
                GameSchemas.derive("sample", GameSchemas.defaultNamespace("sample"), SampleGame.Play.class,
                        SampleGame.Score.class, List.of(SampleGame.LevelUp.class, SampleGame.Streak.class))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("games")
    void theDerivedSchemasAreCommittedReleasedAndReadEveryReleasedVersion(String game, Path root, GameSchemas schemas) {
        assertThat(DerivedSchemas.gate(DerivedSchemas.gameDir(root, game), schemas.byName(),
                Boolean.getBoolean(DerivedSchemas.RELEASE_PROPERTY))).isEmpty();
    }
}
