package io.metaspn.streams.avro.derived;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The derived-schema gate, on a game whose records change from one version of the code to the next. */
class DerivedSchemasTest {
    private static final String NAMESPACE = "io.metaspn.streams.games.evolving";

    /** The records as first released. */
    static final class Before {
        record Play(String playerId, long points, Instant at) {
        }

        record Score(long total) {
        }

        record LevelUp(String playerId, int level) {
        }

        record Bonus(String playerId, long points) {
        }
    }

    /** A boxed field added to the payload, an Optional one to the state, a payload type added to the union. */
    static final class Compatible {
        record Play(String playerId, long points, Instant at, Integer streak) {
        }

        record Score(long total, Optional<Instant> lastPlayed) {
        }

        record LevelUp(String playerId, int level) {
        }

        record Bonus(String playerId, long points) {
        }

        record Badge(String playerId, String name) {
        }
    }

    /** The time renamed (a field without default: old data has no value for it). */
    static final class Renamed {
        record Play(String playerId, long points, Instant playedAt) {
        }
    }

    /** The points as text. */
    static final class Retyped {
        record Play(String playerId, String points, Instant at) {
        }
    }

    /** The time removed: the new reader ignores it in old data. */
    static final class Removed {
        record Play(String playerId, long points) {
        }
    }

    @TempDir
    Path root;

    private static Map<String, Schema> before() {
        return GameSchemas.derive("evolving", NAMESPACE, Before.Play.class, Before.Score.class,
                List.of(Before.LevelUp.class, Before.Bonus.class)).byName();
    }

    private Path released() {
        Path game = DerivedSchemas.gameDir(root, "evolving");
        assertThat(DerivedSchemas.gate(game, before(), true)).isEmpty();
        return game;
    }

    @Test
    void aGameWithoutReleasedSchemasFailsUntilReleased() throws IOException {
        Path game = DerivedSchemas.gameDir(root, "evolving");

        assertThat(DerivedSchemas.gate(game, before(), false)).hasSize(3)
                .allMatch(problem -> problem.contains("no released version"));
        assertThat(DerivedSchemas.gate(game, before(), true)).isEmpty();
        assertThat(game.resolve("current/EvolvingSignal.avsc")).hasContent(
                DerivedSchemas.text(before().get("EvolvingSignal")).strip());
        assertThat(game.resolve("released/EvolvingSignal/v1.avsc")).exists();
        assertThat(DerivedSchemas.release(game, before())).as("nothing changed, nothing to release").isEmpty();
    }

    @Test
    void addingFieldsWithDefaultsAndAPayloadTypeAtTheEndPassesOnceReleased() throws IOException {
        Path game = released();
        Map<String, Schema> compatible = GameSchemas.derive("evolving", NAMESPACE, Compatible.Play.class,
                Compatible.Score.class, List.of(Compatible.LevelUp.class, Compatible.Bonus.class,
                        Compatible.Badge.class)).byName();

        List<String> unreleased = DerivedSchemas.gate(game, compatible, false);
        assertThat(unreleased).hasSize(3).allMatch(problem -> problem.contains("changed since")
                && problem.contains("v1.avsc") && problem.contains("-Dschemas.release=true"));
        assertThat(Files.readString(game.resolve("current/EvolvingSignal.avsc"), StandardCharsets.UTF_8))
                .as("the change shows in the committed copy").contains("\"streak\"");

        assertThat(DerivedSchemas.gate(game, compatible, true)).isEmpty();
        assertThat(game.resolve("released/EvolvingSignal/v2.avsc")).exists();
    }

    @Test
    void renamingAFieldWithoutDefaultFailsEvenWhenReleased() {
        Path game = released();
        Map<String, Schema> renamed = GameSchemas.derive("evolving", NAMESPACE, Renamed.Play.class, Before.Score.class,
                List.of(Before.LevelUp.class, Before.Bonus.class)).byName();

        assertThat(DerivedSchemas.gate(game, renamed, true)).singleElement().asString()
                .startsWith("EvolvingSignal: cannot read data written with")
                .contains("v1.avsc").contains("READER_FIELD_MISSING_DEFAULT_VALUE at payload.played_at");
    }

    @Test
    void changingAFieldsTypeFails() {
        Path game = released();
        Map<String, Schema> retyped = GameSchemas.derive("evolving", NAMESPACE, Retyped.Play.class, Before.Score.class,
                List.of(Before.LevelUp.class, Before.Bonus.class)).byName();

        assertThat(DerivedSchemas.gate(game, retyped, true)).singleElement().asString()
                .contains("cannot read data written with").contains("TYPE_MISMATCH at payload.points");
    }

    @Test
    void removingAnEmissionPayloadTypeFails() {
        Path game = released();
        Map<String, Schema> fewer = GameSchemas.derive("evolving", NAMESPACE, Before.Play.class, Before.Score.class,
                List.of(Before.LevelUp.class)).byName();

        assertThat(DerivedSchemas.gate(game, fewer, true)).singleElement().asString()
                .startsWith("EvolvingEmission: cannot read data written with").contains("MISSING_UNION_BRANCH at payload");
    }

    @Test
    void removingAFieldPassesBackwardCompatibilityOnceReleased() {
        Path game = released();
        Map<String, Schema> removed = GameSchemas.derive("evolving", NAMESPACE, Removed.Play.class, Before.Score.class,
                List.of(Before.LevelUp.class, Before.Bonus.class)).byName();

        assertThat(DerivedSchemas.gate(game, removed, false)).singleElement().asString().contains("changed since");
        assertThat(DerivedSchemas.gate(game, removed, true)).isEmpty();
    }

    @Test
    void checkIsReadOnlyAndCatchesAnOutdatedCommittedCopy() throws IOException {
        Path game = released();
        Path copy = game.resolve("current/EvolvingState.avsc");
        Files.writeString(copy, "{}\n");

        assertThat(DerivedSchemas.check(game, before())).singleElement().asString()
                .contains("EvolvingState.avsc differs from the schema derived from the records");
        assertThat(copy).hasContent("{}");
    }

    @Test
    void writeKeepsExactlyTheGivenSchemas() throws IOException {
        Path current = root.resolve("current");
        Files.createDirectories(current);
        Files.writeString(current.resolve("Gone.avsc"), "{}\n");

        List<Path> changed = DerivedSchemas.write(current, before());

        assertThat(changed).contains(current.resolve("Gone.avsc"), current.resolve("EvolvingSignal.avsc"));
        try (var files = Files.list(current)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("EvolvingEmission.avsc", "EvolvingSignal.avsc", "EvolvingState.avsc");
        }
        assertThat(DerivedSchemas.write(current, before())).as("unchanged files are not rewritten").isEmpty();
    }
}
