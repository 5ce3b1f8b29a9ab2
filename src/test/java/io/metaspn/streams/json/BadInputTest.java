package io.metaspn.streams.json;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaspn.streams.cli.MetaspnCli;
import io.metaspn.streams.engine.State;
import io.metaspn.streams.stages.Stage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every class of input that the reference accepts but the project must reject (spec, "Input the
 * reference accepts but the project must reject"): each bad line sits between two valid lines of
 * the same entity and must give exactly one error object naming the line, the signal and the field,
 * while the valid lines are processed exactly as if the bad line were absent.
 */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = "@@raw@@";
    private static final String TIMESTAMP = "2026-02-06T12:00:00Z";

    // ---------------------------------------------------------------- valid signals, one entity per stage

    static ObjectNode signal(String stage, String id) {
        ObjectNode signal = JSON.createObjectNode();
        signal.put("signal_id", id);
        signal.put("timestamp", TIMESTAMP);
        signal.put("source", "test." + stage);
        ObjectNode p = signal.putObject("payload");
        switch (stage) {
            case "m0" -> {
                p.put("platform", "x");
                p.put("external_id", "ext-" + id);
                p.put("actor_ref", "alice");
                p.put("content_hash", "h-" + id);
            }
            case "m1" -> {
                p.put("profile_id", "p1");
                p.put("profile_tier", "gold");
                p.put("channel", "email");
                p.put("quality_score", 0.8);
                p.put("intent_score", 0.7);
            }
            case "m2" -> {
                p.put("audience_id", "aud1");
                p.put("prompt", "Try");
                ArrayNode candidates = p.putArray("candidates");
                candidates.addObject().put("candidate_id", "c1").put("title", "One").put("score", 0.5)
                        .put("context_boost", 0.1);
                candidates.addObject().put("candidate_id", "c2").put("title", "Two").put("score", 0.7);
            }
            case "m3" -> {
                p.put("learner_id", "l1");
                p.put("skill_id", "algebra");
                p.put("attempt_id", "att-" + id);
                p.put("expected_score", 0.8);
                p.put("observed_score", 0.75);
            }
            case "m4" -> {
                p.put("season_id", "season1");
                p.put("total_reward_pool", 1000.0);
                ArrayNode games = p.putArray("games");
                ObjectNode g0 = games.addObject().put("game_id", "g0").put("attention_weight", 2.0);
                ArrayNode stakers = g0.putArray("stakers");
                stakers.addObject().put("staker_id", "s0").put("stake_weight", 1.0).put("conviction_days", 3);
                stakers.addObject().put("staker_id", "s1").put("stake_weight", 2.0);
                games.addObject().put("game_id", "g1").put("attention_weight", 1.0).putArray("stakers");
            }
            default -> throw new IllegalArgumentException(stage);
        }
        return signal;
    }

    /** The signal {@code "bad"} of {@code stage} after {@code change}, as one line. */
    static String bad(String stage, Consumer<ObjectNode> change) {
        ObjectNode signal = signal(stage, "bad");
        change.accept(signal);
        return signal.toString();
    }

    /** The signal {@code "bad"} of {@code stage} with the field at {@code path} replaced by the raw JSON text {@code literal}. */
    static String badRaw(String stage, String path, String literal) {
        String line = bad(stage, s -> set(s, path, JSON.getNodeFactory().textNode(RAW)));
        assertThat(line).contains('"' + RAW + '"');
        return line.replace('"' + RAW + '"', literal);
    }

    static ObjectNode payload(ObjectNode signal) {
        return (ObjectNode) signal.get("payload");
    }

    /** Sets the field at a dotted path with indexes, e.g. {@code payload.games[0].stakers[1].staker_id}. */
    static void set(ObjectNode signal, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode node = signal;
        for (int i = 0; i < parts.length - 1; i++) {
            node = step(node, parts[i]);
        }
        ((ObjectNode) node).set(parts[parts.length - 1], value);
    }

    static void remove(ObjectNode signal, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode node = signal;
        if (dot >= 0) {
            for (String part : path.substring(0, dot).split("\\.")) {
                node = step(node, part);
            }
        }
        assertThat(((ObjectNode) node).remove(path.substring(dot + 1))).as("removed " + path).isNotNull();
    }

    private static JsonNode step(JsonNode node, String part) {
        int bracket = part.indexOf('[');
        if (bracket < 0) {
            return node.get(part);
        }
        JsonNode array = node.get(part.substring(0, bracket));
        return array.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
    }

    // ---------------------------------------------------------------- running and checking

    record Run(JsonlRunner.Summary summary, String output, List<JsonNode> emissions, List<JsonNode> errors,
               Map<String, State<?>> states) {
    }

    static Run run(String stageName, String... lines) throws IOException {
        Stage<?, ?> stage = ReferenceBindings.byName(stageName);
        JsonlRunner<?, ?> runner = ReferenceBindings.runner(stage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        JsonlRunner.Summary summary = runner.run(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")),
                out, err);
        Map<String, State<?>> states = new TreeMap<>();
        for (String key : runner.engine().keys()) {
            states.put(key, runner.engine().getState(key));
        }
        String output = out.toString(StandardCharsets.UTF_8);
        return new Run(summary, output, jsonLines(output), jsonLines(err.toString(StandardCharsets.UTF_8)), states);
    }

    static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    static List<String> ids(List<JsonNode> emissions) {
        return emissions.stream().map(e -> e.get("emission_id").asText()).toList();
    }

    /**
     * Runs {@code good, badLine, good} through {@code stage} and checks the one error object and
     * that the output and every state equal those of the run without the bad line.
     *
     * @return the error object
     */
    static JsonNode assertRejected(String stage, String badLine, String signalId, String field,
                                   String... errorFragments) throws IOException {
        String first = signal(stage, "a").toString();
        String last = signal(stage, "c").toString();
        Run withBad = run(stage, first, badLine, last);
        Run control = run(stage, first, last);

        assertThat(withBad.errors()).as("error objects for %s", badLine).hasSize(1);
        JsonNode error = withBad.errors().get(0);
        assertThat(iterable(error.fieldNames())).containsExactly("line", "signal_id", "field", "error");
        assertThat(error.get("line").isIntegralNumber()).isTrue();
        assertThat(error.get("line").asLong()).isEqualTo(2);
        if (signalId == null) {
            assertThat(error.get("signal_id").isNull()).as("signal_id of %s", error).isTrue();
        } else {
            assertThat(error.get("signal_id").asText()).isEqualTo(signalId);
        }
        if (field == null) {
            assertThat(error.get("field").isNull()).as("field of %s", error).isTrue();
        } else {
            assertThat(error.get("field").asText()).as("field of %s", error).isEqualTo(field);
        }
        assertThat(error.get("error").isTextual()).isTrue();
        assertThat(error.get("error").asText()).as("error of %s", error).contains(errorFragments);

        assertThat(withBad.summary()).isEqualTo(new JsonlRunner.Summary(3, 2, 1, control.summary().emissions(),
                control.summary().entities()));
        List<String> expectedIds = new ArrayList<>(ReferenceBindings.expectedEmissionIds("a", stage));
        expectedIds.addAll(ReferenceBindings.expectedEmissionIds("c", stage));
        assertThat(ids(withBad.emissions())).isEqualTo(expectedIds);
        assertThat(withBad.output()).isEqualTo(control.output());
        assertThat(withBad.states()).hasSize(1).isEqualTo(control.states());
        assertThat(withBad.states().values()).allSatisfy(state -> assertThat(state.version()).isEqualTo(2));
        return error;
    }

    private static Iterable<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    /** The M0 ordinal of signal {@code c} continues from {@code a}, as if the bad line were absent. */
    static void assertM0OrdinalContinues(String badLine) throws IOException {
        Run run = run("m0", signal("m0", "a").toString(), badLine, signal("m0", "c").toString());
        JsonNode emitOfC = run.emissions().stream()
                .filter(e -> e.get("emission_id").asText().equals("c:emit")).findFirst().orElseThrow();
        assertThat(emitOfC.get("payload").get("ordinal").asLong()).isEqualTo(2);
        assertThat(emitOfC.get("payload").get("entity_ref").asText()).isEqualTo("x:alice");
    }

    // ---------------------------------------------------------------- missing, wrongly typed, null fields

    @Nested
    class MissingField {
        @Test
        void missingPayloadNumber() throws IOException {
            assertRejected("m1", bad("m1", s -> remove(s, "payload.quality_score")),
                    "bad", "payload.quality_score", "missing");
        }

        @Test
        void missingPayloadString() throws IOException {
            String line = bad("m0", s -> remove(s, "payload.content_hash"));
            assertRejected("m0", line, "bad", "payload.content_hash", "missing");
            assertM0OrdinalContinues(line);
        }

        @Test
        void missingNestedField() throws IOException {
            assertRejected("m2", bad("m2", s -> remove(s, "payload.candidates[1].title")),
                    "bad", "payload.candidates[1].title", "missing");
        }

        @Test
        void missingStakerId() throws IOException {
            assertRejected("m4", bad("m4", s -> remove(s, "payload.games[0].stakers[1].staker_id")),
                    "bad", "payload.games[0].stakers[1].staker_id", "missing");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"timestamp", "source", "payload"})
        void missingTopLevelField(String field) throws IOException {
            assertRejected("m3", bad("m3", s -> remove(s, field)), "bad", field, "missing");
        }

        @Test
        void missingSignalId() throws IOException {
            assertRejected("m3", bad("m3", s -> remove(s, "signal_id")), null, "signal_id", "missing");
        }

        @Test
        void missingCandidatesAndGames() throws IOException {
            assertRejected("m2", bad("m2", s -> remove(s, "payload.candidates")), "bad", "payload.candidates",
                    "missing");
            assertRejected("m4", bad("m4", s -> remove(s, "payload.games")), "bad", "payload.games", "missing");
        }
    }

    @Nested
    class WronglyTypedField {
        @Test
        void stringFieldGivenANumber() throws IOException {
            assertRejected("m1", bad("m1", s -> payload(s).put("profile_tier", 3)),
                    "bad", "payload.profile_tier", "must be a string", "integer (3)");
        }

        @Test
        void stringFieldGivenAFloat() throws IOException {
            assertRejected("m2", bad("m2", s -> set(s, "payload.candidates[1].candidate_id",
                    JSON.getNodeFactory().numberNode(2.5))), "bad", "payload.candidates[1].candidate_id",
                    "must be a string", "2.5");
        }

        @Test
        void numberFieldGivenAString() throws IOException {
            assertRejected("m1", bad("m1", s -> payload(s).put("quality_score", "0.8")),
                    "bad", "payload.quality_score", "must be a number", "got a string");
        }

        @Test
        void intFieldGivenAFraction() throws IOException {
            assertRejected("m4", bad("m4", s -> set(s, "payload.games[0].stakers[0].conviction_days",
                    JSON.getNodeFactory().numberNode(1.5))), "bad", "payload.games[0].stakers[0].conviction_days",
                    "must be an integer", "1.5");
        }

        @Test
        void intFieldGivenAString() throws IOException {
            assertRejected("m4", bad("m4", s -> set(s, "payload.games[0].stakers[0].conviction_days",
                    JSON.getNodeFactory().textNode("30"))), "bad", "payload.games[0].stakers[0].conviction_days",
                    "must be an integer", "string");
        }

        @Test
        void numberFieldGivenABoolean() throws IOException {
            assertRejected("m3", bad("m3", s -> payload(s).put("observed_score", true)),
                    "bad", "payload.observed_score", "must be a number", "boolean");
        }

        @Test
        void numberFieldGivenAnObject() throws IOException {
            assertRejected("m4", bad("m4", s -> set(s, "payload.games[1].attention_weight",
                    JSON.createObjectNode())), "bad", "payload.games[1].attention_weight", "must be a number",
                    "object");
        }

        @Test
        void listFieldGivenAnObject() throws IOException {
            assertRejected("m2", bad("m2", s -> payload(s).putObject("candidates")), "bad", "payload.candidates",
                    "must be an array", "object");
        }

        @Test
        void listElementNotAnObject() throws IOException {
            assertRejected("m4", bad("m4", s -> ((ArrayNode) s.get("payload").get("games").get(0).get("stakers"))
                    .add("s9")), "bad", "payload.games[0].stakers[2]", "must be an object", "string");
        }

        @Test
        void signalIdGivenANumber() throws IOException {
            assertRejected("m0", bad("m0", s -> s.put("signal_id", 17)), null, "signal_id", "must be a string");
        }

        @Test
        void timestampGivenANumber() throws IOException {
            assertRejected("m1", bad("m1", s -> s.put("timestamp", 1770379200)), "bad", "timestamp",
                    "must be a string");
        }
    }

    @Nested
    class NullField {
        @Test
        void nullNumber() throws IOException {
            assertRejected("m1", bad("m1", s -> payload(s).putNull("intent_score")), "bad", "payload.intent_score",
                    "null");
        }

        @Test
        void nullString() throws IOException {
            String line = bad("m0", s -> payload(s).putNull("external_id"));
            assertRejected("m0", line, "bad", "payload.external_id", "null");
            assertM0OrdinalContinues(line);
        }

        @Test
        void nullOptionalNumber() throws IOException {
            assertRejected("m2", bad("m2", s -> set(s, "payload.candidates[0].context_boost",
                    JSON.nullNode())), "bad", "payload.candidates[0].context_boost", "null");
        }

        @Test
        void nullSource() throws IOException {
            assertRejected("m3", bad("m3", s -> s.putNull("source")), "bad", "source", "null");
        }

        @Test
        void nullPayload() throws IOException {
            assertRejected("m4", bad("m4", s -> s.putNull("payload")), "bad", "payload", "must be an object", "null");
        }

        @Test
        void nullSignalId() throws IOException {
            assertRejected("m4", bad("m4", s -> s.putNull("signal_id")), null, "signal_id", "null");
        }
    }

    // ---------------------------------------------------------------- empty identifiers

    @Test
    void emptySignalId() throws IOException {
        String line = bad("m0", s -> s.put("signal_id", ""));
        assertRejected("m0", line, null, "signal_id", "empty");
        assertM0OrdinalContinues(line);
    }

    @Test
    void emptySource() throws IOException {
        assertRejected("m1", bad("m1", s -> s.put("source", "")), "bad", "source", "empty");
    }

    static Stream<Arguments> entityKeyFields() {
        return Stream.of(
                Arguments.of("m0", "platform"),
                Arguments.of("m0", "actor_ref"),
                Arguments.of("m1", "profile_id"),
                Arguments.of("m2", "audience_id"),
                Arguments.of("m3", "learner_id"),
                Arguments.of("m4", "season_id"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("entityKeyFields")
    void emptyEntityKeyField(String stage, String field) throws IOException {
        String line = bad(stage, s -> payload(s).put(field, ""));
        assertRejected(stage, line, "bad", "payload." + field, "empty");
        if (stage.equals("m0")) {
            assertM0OrdinalContinues(line);
        }
    }

    // ---------------------------------------------------------------- non-finite numbers

    static Stream<Arguments> nonFiniteNumbers() {
        return Stream.of(
                Arguments.of("m1", "payload.quality_score", "NaN", "NaN"),
                Arguments.of("m1", "payload.intent_score", "Infinity", "Infinity"),
                Arguments.of("m3", "payload.expected_score", "-Infinity", "-Infinity"),
                Arguments.of("m2", "payload.candidates[1].score", "NaN", "NaN"),
                Arguments.of("m2", "payload.candidates[0].context_boost", "-Infinity", "-Infinity"),
                Arguments.of("m4", "payload.total_reward_pool", "Infinity", "Infinity"),
                Arguments.of("m4", "payload.games[0].attention_weight", "NaN", "NaN"),
                Arguments.of("m4", "payload.games[0].stakers[1].stake_weight", "-Infinity", "-Infinity"),
                Arguments.of("m1", "payload.quality_score", "1e999", "Infinity"),
                Arguments.of("m3", "payload.observed_score", "-1e999", "-Infinity"),
                Arguments.of("m4", "payload.games[1].attention_weight", "1" + "0".repeat(399), "Infinity"),
                Arguments.of("m1", "payload.intent_score", "-" + "9".repeat(400), "-Infinity"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("nonFiniteNumbers")
    void nonFiniteNumber(String stage, String field, String literal, String shown) throws IOException {
        JsonNode error = assertRejected(stage, badRaw(stage, field, literal), "bad", field, "finite", shown);
        if (literal.length() > 20) {
            assertThat(error.get("error").asText()).contains("overflows");
        }
    }

    @Test
    void overflowingIntegerForAnIntField() throws IOException {
        assertRejected("m4", badRaw("m4", "payload.games[0].stakers[0].conviction_days", "9".repeat(400)),
                "bad", "payload.games[0].stakers[0].conviction_days", "out of range");
    }

    // ---------------------------------------------------------------- M2 and M4 structure

    @Test
    void m2WithoutCandidates() throws IOException {
        assertRejected("m2", bad("m2", s -> payload(s).putArray("candidates")), "bad", "payload.candidates",
                "must not be empty");
    }

    @Test
    void m2RepeatedCandidateId() throws IOException {
        assertRejected("m2", bad("m2", s -> set(s, "payload.candidates[1].candidate_id",
                JSON.getNodeFactory().textNode("c1"))), "bad", "payload.candidates[1].candidate_id", "repeats", "'c1'");
    }

    @Test
    void m4RepeatedGameId() throws IOException {
        assertRejected("m4", bad("m4", s -> set(s, "payload.games[1].game_id", JSON.getNodeFactory().textNode("g0"))),
                "bad", "payload.games[1].game_id", "repeats", "'g0'");
    }

    @Test
    void m4RepeatedStakerIdInAGame() throws IOException {
        assertRejected("m4", bad("m4", s -> set(s, "payload.games[0].stakers[1].staker_id",
                JSON.getNodeFactory().textNode("s0"))), "bad", "payload.games[0].stakers[1].staker_id", "repeats",
                "'s0'");
    }

    @Test
    void m4NegativeTotalRewardPool() throws IOException {
        assertRejected("m4", bad("m4", s -> payload(s).put("total_reward_pool", -0.5)), "bad",
                "payload.total_reward_pool", "negative", "-0.5");
    }

    @Test
    void m4NegativeConvictionDays() throws IOException {
        assertRejected("m4", bad("m4", s -> set(s, "payload.games[0].stakers[1].conviction_days",
                JSON.getNodeFactory().numberNode(-1))), "bad", "payload.games[0].stakers[1].conviction_days",
                "negative", "-1");
    }

    // ---------------------------------------------------------------- timestamps

    @ParameterizedTest(name = "timestamp [{0}]")
    @ValueSource(strings = {"yesterday", "", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-02-06T24:00:00Z", "2026-02-06T12:00:00.1234567Z", "2026-02-06T12:00:00.Z", "2026-02-06",
        "2026-02-06T12:00:00+25:00", "2026-02-06T12:00:00Zjunk", "2026/02/06T12:00:00Z"})
    void unparseableTimestamp(String timestamp) throws IOException {
        String line = bad("m0", s -> s.put("timestamp", timestamp));
        assertRejected("m0", line, "bad", "timestamp", "not an ISO-8601 timestamp", "'" + timestamp + "'");
        assertM0OrdinalContinues(line);
    }

    @Test
    void sevenFractionDigitsNamesTheLimit() throws IOException {
        assertRejected("m1", bad("m1", s -> s.put("timestamp", "2026-02-06T12:00:00.1234567+00:00")), "bad",
                "timestamp", "1 to 6 digits");
    }

    @Test
    void monthThirteenNamesTheMonth() throws IOException {
        assertRejected("m1", bad("m1", s -> s.put("timestamp", "2026-13-06T12:00:00Z")), "bad", "timestamp",
                "MonthOfYear");
    }

    // ---------------------------------------------------------------- whole-line problems

    @ParameterizedTest(name = "line [{0}]")
    @ValueSource(strings = {"{\"signal_id\": \"bad\", \"timestamp\": ", "not json", "{\"signal_id\": \"bad\"} {}",
        "{\"signal_id\": \"bad\",}", "{'signal_id': 'bad'}"})
    void malformedJson(String line) throws IOException {
        assertRejected("m0", line, null, null, "malformed JSON");
        assertM0OrdinalContinues(line);
    }

    @Test
    void lineIsAnArray() throws IOException {
        assertRejected("m1", "[" + signal("m1", "bad") + "]", null, null, "must be a JSON object", "array");
    }

    @Test
    void lineIsAScalar() throws IOException {
        assertRejected("m1", "42", null, null, "must be a JSON object", "integer");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "\"text\"", "7", "true"})
    void payloadNotAnObject(String literal) throws IOException {
        assertRejected("m3", badRaw("m3", "payload", literal), "bad", "payload", "must be an object");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "\"text\"", "7"})
    void metadataNotAnObject(String literal) throws IOException {
        assertRejected("m2", badRaw("m2", "metadata", literal), "bad", "metadata", "must be an object");
    }

    @Test
    void oneErrorPerBadLineAndLineNumbersCountBlankLines() throws IOException {
        Run run = run("m1", signal("m1", "a").toString(), "", "oops", signal("m1", "b").toString(),
                bad("m1", s -> s.put("source", "")), "  ", signal("m1", "c").toString());
        assertThat(run.errors()).hasSize(2);
        assertThat(run.errors().get(0).get("line").asLong()).isEqualTo(3);
        assertThat(run.errors().get(1).get("line").asLong()).isEqualTo(5);
        assertThat(run.summary()).isEqualTo(new JsonlRunner.Summary(5, 3, 2, 9, 1));
        assertThat(run.states().get("p1").value())
                .isEqualTo(new io.metaspn.streams.stages.M1Route.RouteState(3, 3, 3, "priority_review"));
    }

    // ---------------------------------------------------------------- valid input that looks odd

    @Nested
    class ValidEdgeCases {
        @Test
        void scoresOutsideTheUnitInterval() throws IOException {
            Run m1 = run("m1", bad("m1", s -> payload(s).put("quality_score", 1.5).put("intent_score", -0.2)));
            assertAccepted(m1, 3);
            JsonNode score = m1.emissions().get(1).get("payload");
            assertThat(score.get("score").asDouble()).isEqualTo(0.82);
            assertThat(score.get("route_hint").asText()).isEqualTo("priority_review");

            Run m3 = run("m3", bad("m3", s -> payload(s).put("expected_score", 7.0).put("observed_score", -3.0)));
            assertAccepted(m3, 4);
            assertThat(m3.emissions().get(1).get("payload").get("gap").asDouble()).isEqualTo(10.0);
            assertThat(m3.emissions().get(2).get("payload").get("failure_class").asText()).isEqualTo("major_gap");

            Run m2 = run("m2", bad("m2", s -> {
                set(s, "payload.candidates[0].score", JSON.getNodeFactory().numberNode(-4.0));
                set(s, "payload.candidates[1].score", JSON.getNodeFactory().numberNode(12.5));
            }));
            assertAccepted(m2, 2);
            assertThat(m2.emissions().get(0).get("payload").get("top_candidate_id").asText()).isEqualTo("c2");
        }

        @Test
        void negativeWeights() throws IOException {
            Run run = run("m4", bad("m4", s -> {
                set(s, "payload.games[1].attention_weight", JSON.getNodeFactory().numberNode(-5.0));
                set(s, "payload.games[0].stakers[0].stake_weight", JSON.getNodeFactory().numberNode(-1.0));
            }));
            assertAccepted(run, 3);
            JsonNode shares = run.emissions().get(0).get("payload").get("attention_share_by_game");
            assertThat(shares.get("g0").asDouble()).isEqualTo(1.0);
            assertThat(shares.get("g1").asDouble()).isEqualTo(0.0);
            JsonNode rewards = run.emissions().get(2).get("payload").get("staker_reward_by_game").get("g0");
            assertThat(rewards.get("s0").asDouble()).isEqualTo(0.0);
            assertThat(rewards.get("s1").asDouble()).isEqualTo(1000.0);
        }

        @Test
        void emptyGames() throws IOException {
            Run run = run("m4", bad("m4", s -> payload(s).putArray("games")));
            assertAccepted(run, 3);
            JsonNode attention = run.emissions().get(0).get("payload");
            assertThat(attention.get("attention_share_by_game").isEmpty()).isTrue();
            assertThat(attention.get("total_attention").asDouble()).isEqualTo(0.0);
            assertThat(run.emissions().get(2).get("payload").get("total_distributed").asDouble()).isEqualTo(0.0);
        }

        @Test
        void zeroPoolNoStakersAndNullMetadata() throws IOException {
            Run run = run("m4", bad("m4", s -> {
                payload(s).put("total_reward_pool", 0.0);
                s.putNull("metadata");
            }));
            assertAccepted(run, 3);
        }

        private void assertAccepted(Run run, int emissions) {
            assertThat(run.errors()).isEmpty();
            assertThat(run.summary()).isEqualTo(new JsonlRunner.Summary(1, 1, 0, emissions, 1));
            assertThat(run.emissions()).hasSize(emissions);
        }
    }

    // ---------------------------------------------------------------- the process command's exit status

    @Nested
    class ProcessExitStatus {
        @TempDir
        Path dir;

        private Path input(String... lines) throws IOException {
            return Files.write(dir.resolve("in.jsonl"), List.of(lines), StandardCharsets.UTF_8);
        }

        @Test
        void zeroWhenEveryLineIsAccepted() throws IOException {
            Path in = input(signal("m1", "a").toString(), signal("m1", "c").toString());
            Path out = dir.resolve("out.jsonl");
            assertThat(MetaspnCli.run("process", "--stage", "m1", "--input", in.toString(), "--output",
                    out.toString())).isZero();
            assertThat(ids(jsonLines(Files.readString(out)))).containsExactly("a:profile", "a:score", "a:route",
                    "c:profile", "c:score", "c:route");
        }

        @Test
        void twoWhenAnyLineIsRejected() throws IOException {
            Path in = input(signal("m4", "a").toString(), bad("m4", s -> payload(s).put("total_reward_pool", -1.0)),
                    signal("m4", "c").toString());
            Path out = dir.resolve("out.jsonl");
            assertThat(MetaspnCli.run("process", "--stage", "m4_rewards", "--input", in.toString(), "--output",
                    out.toString())).isEqualTo(2);
            assertThat(ids(jsonLines(Files.readString(out)))).containsExactly("a:attention", "a:pool", "a:staker",
                    "c:attention", "c:pool", "c:staker");
        }

        @Test
        void sixtyFourForAnUnknownStage() throws IOException {
            Path in = input(signal("m1", "a").toString());
            Path out = dir.resolve("out.jsonl");
            assertThat(MetaspnCli.run("process", "--stage", "m9", "--input", in.toString(), "--output",
                    out.toString())).isEqualTo(64);
            assertThat(out).doesNotExist();
        }
    }
}
