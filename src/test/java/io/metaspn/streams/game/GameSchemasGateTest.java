package io.metaspn.streams.game;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.avro.derived.DerivedSchemas;
import io.metaspn.streams.stages.StageCatalogue;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema gate of the games in this project whose schemas are derived from their records (the reference stages'
 * hand-made schemas have {@code SchemaEvolutionTest}): the derived schemas are committed under
 * {@code schemas/games/<game>/current}, released under {@code …/released/<Name>/v<N>.avsc}, and read every released
 * version (BACKWARD_TRANSITIVE). A changed record shows up in the diff of {@code current} and fails here until it is
 * released with {@code mvn -B test -Dtest=GameSchemasGateTest -Dschemas.release=true}.
 */
class GameSchemasGateTest {
    private static final Path SCHEMAS = Path.of("schemas");

    static Stream<GameBinding<?, ?>> derivedGames() {
        return Games.discover().all().stream().filter(game -> !StageCatalogue.SHORT_NAMES.contains(game.shortName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("derivedGames")
    void theDerivedSchemasAreCommittedReleasedAndCompatible(GameBinding<?, ?> game) {
        StageAvroCodec<?, ?> avro = game.avro();
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (Schema schema : new Schema[] {avro.signalSchema(), avro.emissionSchema(), avro.stateSchema()}) {
            schemas.put(schema.getName(), schema);
        }

        assertThat(DerivedSchemas.gate(DerivedSchemas.gameDir(SCHEMAS, game.shortName()), schemas,
                Boolean.getBoolean(DerivedSchemas.RELEASE_PROPERTY))).isEmpty();
    }
}
