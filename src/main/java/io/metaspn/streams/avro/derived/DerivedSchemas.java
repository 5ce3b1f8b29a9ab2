package io.metaspn.streams.avro.derived;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;

/**
 * The committed copies of derived schemas and their compatibility gate, the derived counterpart of the
 * hand-made schemas' gate ({@code SchemaEvolutionTest}). A game's directory ({@link #gameDir},
 * {@code schemas/games/<game>}) holds:
 * <ul>
 *   <li>{@code current/<Name>.avsc}: the schemas as derived now (pretty-printed, stable), written by
 *       {@link #write} so that a change to a record type shows up in a diff;</li>
 *   <li>{@code released/<Name>/v<N>.avsc}: every released version, self-contained, appended by
 *       {@link #release}.</li>
 * </ul>
 * {@link #check} is the gate: the committed current copy equals the derived schema, at least one version
 * is released, the derived schema reads data written with every released version (BACKWARD_TRANSITIVE,
 * {@link SchemaCompatibility}), and the latest released version is the derived schema (a change fails
 * until it is released). An incompatible change needs a new topic instead.
 *
 * <p>A test gate calls {@link #gate}, which writes the current copies, releases when asked (by
 * convention the system property {@value #RELEASE_PROPERTY}) and returns the problems, empty when the
 * gate passes.
 */
public final class DerivedSchemas {
    /** The system property that releases changed schemas in a gate run: {@code -Dschemas.release=true}. */
    public static final String RELEASE_PROPERTY = "schemas.release";

    private DerivedSchemas() {
    }

    /** {@code <schemasRoot>/games/<game>}: where a game's derived schemas are kept. */
    public static Path gameDir(Path schemasRoot, String game) {
        return schemasRoot.resolve("games").resolve(game);
    }

    /** The text a schema is committed as: Avro's pretty form and a final newline. */
    public static String text(Schema schema) {
        return schema.toString(true) + "\n";
    }

    /**
     * Writes {@code <dir>/<Name>.avsc} for each schema (only files whose text changed) and deletes the
     * other {@code .avsc} files in {@code dir}, so that the directory holds exactly these schemas.
     *
     * @param dir     the directory (created when missing), usually {@code <gameDir>/current}
     * @param schemas the schemas by name
     * @return the files written or deleted
     */
    public static List<Path> write(Path dir, Map<String, Schema> schemas) {
        Objects.requireNonNull(schemas, "schemas");
        List<Path> changed = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, Schema> entry : schemas.entrySet()) {
                Path file = dir.resolve(entry.getKey() + ".avsc");
                String text = text(entry.getValue());
                if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                    Files.writeString(file, text, StandardCharsets.UTF_8);
                    changed.add(file);
                }
            }
            Set<String> names = schemas.keySet().stream().map(name -> name + ".avsc").collect(Collectors.toSet());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path stale : files.filter(f -> f.getFileName().toString().endsWith(".avsc")
                        && !names.contains(f.getFileName().toString())).sorted().toList()) {
                    Files.delete(stale);
                    changed.add(stale);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return changed;
    }

    /**
     * Releases each schema that differs from its latest released version (or has none) as
     * {@code <gameDir>/released/<Name>/v<N+1>.avsc}. Compatibility is not checked here: {@link #check} does.
     *
     * @return the versions written
     */
    public static List<Path> release(Path gameDir, Map<String, Schema> schemas) {
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, Schema> entry : schemas.entrySet()) {
                Path dir = gameDir.resolve("released").resolve(entry.getKey());
                List<Path> versions = versions(dir);
                if (versions.isEmpty() || !sameSchema(parse(versions.get(versions.size() - 1)), entry.getValue())) {
                    Files.createDirectories(dir);
                    Path next = dir.resolve("v" + (versions.size() + 1) + ".avsc");
                    Files.writeString(next, text(entry.getValue()), StandardCharsets.UTF_8);
                    written.add(next);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    /**
     * The gate, read-only: what is wrong with the committed schemas of a game, empty when nothing is.
     *
     * @param gameDir the game's directory ({@link #gameDir})
     * @param schemas the derived schemas by name
     * @return one line per problem, naming the schema and the file
     */
    public static List<String> check(Path gameDir, Map<String, Schema> schemas) {
        List<String> problems = new ArrayList<>();
        try {
            for (Map.Entry<String, Schema> entry : schemas.entrySet()) {
                String name = entry.getKey();
                Schema current = entry.getValue();
                Path committed = gameDir.resolve("current").resolve(name + ".avsc");
                if (!Files.exists(committed)) {
                    problems.add(name + ": " + committed + " is missing (write it with DerivedSchemas.write and commit it)");
                } else if (!Files.readString(committed, StandardCharsets.UTF_8).equals(text(current))) {
                    problems.add(name + ": " + committed + " differs from the schema derived from the records"
                            + " (write it with DerivedSchemas.write and commit it)");
                }
                Path dir = gameDir.resolve("released").resolve(name);
                List<Path> versions = versions(dir);
                if (versions.isEmpty()) {
                    problems.add(name + ": no released version in " + dir + "; release it with -D"
                            + RELEASE_PROPERTY + "=true");
                    continue;
                }
                for (Path version : versions) {
                    SchemaCompatibility.SchemaPairCompatibility compatibility =
                            SchemaCompatibility.checkReaderWriterCompatibility(current, parse(version));
                    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                        problems.add(name + ": cannot read data written with " + version + ": "
                                + compatibility.getResult().getIncompatibilities().stream()
                                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                                .collect(Collectors.joining("; ")));
                    }
                }
                Path latest = versions.get(versions.size() - 1);
                if (!sameSchema(parse(latest), current)) {
                    problems.add(name + ": changed since " + latest + "; release it with -D"
                            + RELEASE_PROPERTY + "=true");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    /**
     * A test gate in one call: writes {@code <gameDir>/current}, releases changed schemas when
     * {@code release} is true, then {@link #check checks}.
     *
     * @return the problems, empty when the gate passes
     */
    public static List<String> gate(Path gameDir, Map<String, Schema> schemas, boolean release) {
        write(gameDir.resolve("current"), schemas);
        if (release) {
            release(gameDir, schemas);
        }
        return check(gameDir, schemas);
    }

    /** Whether two schemas are the same: equal parsing forms and equal full text (docs, defaults). */
    public static boolean sameSchema(Schema a, Schema b) {
        return SchemaNormalization.toParsingForm(a).equals(SchemaNormalization.toParsingForm(b))
                && a.toString().equals(b.toString());
    }

    /** The released versions in {@code dir} ({@code v<N>.avsc}), oldest first; none when it does not exist. */
    public static List<Path> versions(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> versions = new ArrayList<>(files
                    .filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc")).toList());
            versions.sort(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString()
                    .replaceAll("\\D", ""))));
            return versions;
        }
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
    }
}
