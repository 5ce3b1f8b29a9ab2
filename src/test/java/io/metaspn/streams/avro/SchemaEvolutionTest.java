package io.metaspn.streams.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.avro.derived.DerivedSchemas;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.reference.ReferenceGames;
import io.metaspn.streams.stages.M4Rewards;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema evolution gate. Every topic and store schema (each stage's signal envelope, emission
 * envelope and state) has its released versions in {@code schemas/released/<stage>/<Name>/v<N>.avsc}
 * (self-contained). The current schema must be BACKWARD_TRANSITIVE compatible with all of them (it
 * can read data written with any), and must be released: a change fails this test until it is
 * released as the next version with
 * {@code mvn -B test -Dtest=SchemaEvolutionTest -Dschemas.release=true}.
 * An incompatible change needs a new topic version instead.
 */
class SchemaEvolutionTest {
    private static final Path RELEASED = Path.of("schemas", "released");

    static Stream<Schema> gatedSchemas() {
        return ReferenceGames.all(M4Rewards.Config.DEFAULT).stream().map(GameBinding::avro)
                .flatMap(codec -> Stream.of(codec.signalSchema(), codec.emissionSchema(), codec.stateSchema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gatedSchemas")
    void currentSchemaIsReleasedAndReadsEveryReleasedVersion(Schema current) throws IOException {
        Path dir = RELEASED.resolve(current.getNamespace().substring(current.getNamespace().lastIndexOf('.') + 1))
                .resolve(current.getName());
        List<Path> versions = DerivedSchemas.versions(dir);
        if (Boolean.getBoolean("schemas.release") && (versions.isEmpty()
                || !sameSchema(parse(versions.get(versions.size() - 1)), current))) {
            Files.createDirectories(dir);
            Path next = dir.resolve("v" + (versions.size() + 1) + ".avsc");
            Files.writeString(next, current.toString(true) + "\n", StandardCharsets.UTF_8);
            versions = DerivedSchemas.versions(dir);
        }

        assertThat(versions).as("released versions of %s in %s; release with "
                + "mvn -B test -Dtest=SchemaEvolutionTest -Dschemas.release=true", current.getFullName(), dir)
                .isNotEmpty();
        for (Path version : versions) {
            SchemaCompatibility.SchemaPairCompatibility compatibility =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, parse(version));
            assertThat(compatibility.getType())
                    .as("%s reads data written with %s: %s", current.getFullName(), version,
                            compatibility.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
        assertThat(sameSchema(parse(versions.get(versions.size() - 1)), current))
                .as("%s changed since %s: release it (mvn -B test -Dtest=SchemaEvolutionTest -Dschemas.release=true)",
                        current.getFullName(), versions.get(versions.size() - 1))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gatedSchemas")
    void anIncompatibleChangeIsCaught(Schema current) {
        // a new required field without a default: the new schema cannot read the old data
        Schema.Parser parser = new Schema.Parser();
        String changed = current.toString().replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"added_without_default\",\"type\":\"string\"},");
        Schema incompatible = parser.parse(changed);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(incompatible, current).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static boolean sameSchema(Schema a, Schema b) {
        return SchemaNormalization.toParsingForm(a).equals(SchemaNormalization.toParsingForm(b))
                && a.toString().equals(b.toString());
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
    }

}
