package io.metaspn.streams.kafka;

import io.metaspn.streams.game.reference.ReferenceGames;
import static io.metaspn.streams.kafka.TopologyHarness.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.stages.M1Route;
import io.metaspn.streams.stages.M2Shortlist;
import io.metaspn.streams.stages.M4Rewards;
import io.metaspn.streams.stages.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record timestamps and the fault taxonomy on TopologyTestDriver: what is written carries the time the
 * signal was written to Kafka, output the broker would refuse is dead-lettered before it is written, and
 * an infrastructure fault fails the task instead of dead-lettering a good signal.
 */
class FaultsAndTimestampsTopologyTest {
    private static final Instant WRITTEN = Instant.parse("2026-12-01T10:00:00Z");
    private static final String M1_LINE = "{\"signal_id\": \"s-%s\", \"timestamp\": \"%s\", \"source\": \"t\", "
            + "\"payload\": {\"profile_id\": \"p1\", \"profile_tier\": \"core\", \"channel\": \"email\", "
            + "\"quality_score\": 0.9, \"intent_score\": 0.5}}";

    private final String scope = "faults-test-" + UUID.randomUUID();
    private final FlakyRegistry registry = new FlakyRegistry(SchemaRegistries.inMemory(scope));

    @TempDir
    Path stateDir;

    @AfterEach
    void dropRegistry() {
        SchemaRegistries.dropScope(scope);
    }

    private <T, S> TopologyHarness<T, S> harness(Stage<T, S> stage, StreamsSettings settings) {
        return new TopologyHarness<>(stage, settings, registry);
    }

    private static StreamsSettings defaults() {
        return StreamsSettings.defaults(M4Rewards.Config.DEFAULT);
    }

    private static <T> void pipeAt(TopologyHarness<T, ?> harness, TopologyTestDriver driver, Signal<T> signal,
                                   Instant written) {
        harness.pipeAt(driver, harness.encode(signal, null, null), written);
    }

    @Test
    void emissionsCarryTheTimeTheSignalWasWrittenNotItsEventTimeWhichStaysInTheEnvelope() {
        TopologyHarness<M1Route.Profile, M1Route.RouteState> m1 = harness(new M1Route(), defaults());
        try (TopologyTestDriver driver = m1.driver(stateDir)) {
            Instant future = WRITTEN.plus(Duration.ofDays(3));
            Instant past = Instant.parse("1990-01-01T00:00:00Z");
            pipeAt(m1, driver, m1.signal(M1_LINE.formatted("future", future)), WRITTEN);
            pipeAt(m1, driver, m1.signal(M1_LINE.formatted("past", past)), WRITTEN.plusSeconds(1));

            List<TestRecord<String, byte[]>> records = m1.emissionRecords(driver);
            assertThat(records).hasSize(2 * m1.stage.suffixes().size());
            for (TestRecord<String, byte[]> record : records) {
                Emission<Object> emission = m1.emission(record);
                boolean fromFuture = emission.causedBy().equals("s-future");
                assertThat(record.getRecordTime()).isEqualTo(fromFuture ? WRITTEN : WRITTEN.plusSeconds(1));
                assertThat(emission.timestamp()).isEqualTo(fromFuture ? future : past);
            }
            assertThat(m1.deadLetters(driver)).isEmpty();
        }
    }

    @Test
    void aFarFutureEventTimeDoesNotMoveTheTimeProcessedIdsExpireIn() {
        TopologyHarness<M1Route.Profile, M1Route.RouteState> m1 =
                harness(new M1Route(), defaults().withDedupRetention(Duration.ofHours(1)));
        try (TopologyTestDriver driver = m1.driver(stateDir)) {
            pipeAt(m1, driver, m1.signal(M1_LINE.formatted("first", WRITTEN)), WRITTEN);
            pipeAt(m1, driver, m1.signal(M1_LINE.formatted("future", WRITTEN.plus(Duration.ofDays(10)))),
                    WRITTEN.plusSeconds(1));
            pipeAt(m1, driver, m1.signal(M1_LINE.formatted("first", WRITTEN)), WRITTEN.plusSeconds(2));

            assertThat(m1.emissionRecords(driver)).extracting(r -> header(r, "signal_id"))
                    .containsOnly("s-first", "s-future").hasSize(2 * m1.stage.suffixes().size());
        }
    }

    @Test
    void aSignalWhoseOutputWouldBeTooLargeIsDeadLetteredWithNothingWrittenAndTheNextIsProcessed() {
        TopologyHarness<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> m2 =
                harness(new M2Shortlist(), defaults().withMaxRecordBytes(2048));
        try (TopologyTestDriver driver = m2.driver(stateDir)) {
            List<M2Shortlist.Candidate> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add(new M2Shortlist.Candidate("candidate-" + i, "title " + i, i / 200.0, 0.0));
            }
            Signal<M2Shortlist.Shortlist> big = Signal.of(new M2Shortlist.Shortlist("aud", "prompt", many),
                    WRITTEN, "t", "big");
            Signal<M2Shortlist.Shortlist> small = Signal.of(new M2Shortlist.Shortlist("aud", "prompt",
                    many.subList(0, 2)), WRITTEN, "t", "small");
            pipeAt(m2, driver, big, WRITTEN);
            pipeAt(m2, driver, small, WRITTEN);

            List<TestRecord<byte[], byte[]>> deadLetters = m2.deadLetters(driver);
            assertThat(deadLetters).hasSize(1);
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_CLASS))
                    .isEqualTo(OversizedRecordException.class.getName());
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_MESSAGE))
                    .contains("emission big:").contains("over the limit of 2048 bytes (metaspn.max.record.bytes)");
            List<TestRecord<String, byte[]>> emissions = m2.emissionRecords(driver);
            assertThat(emissions).isNotEmpty().allSatisfy(r -> assertThat(header(r, "signal_id")).isEqualTo("small"));
            assertThat(m2.state(driver, "aud").rankedCount()).isEqualTo(1);
        }
    }

    @Test
    void aSignalWhoseOutputTheEmissionsTopicWouldRefuseForItsTimestampIsDeadLetteredAndTheNextIsProcessed() {
        TopologyHarness<M1Route.Profile, M1Route.RouteState> m1 = harness(new M1Route(), defaults());
        OutputLimits limits = new OutputLimits(StreamsSettings.DEFAULT_MAX_RECORD_BYTES);
        // a CreateTime emissions topic that accepts records up to a minute ahead of the broker's clock
        limits.update(Map.of(m1.topics.emissions(), new OutputLimits.Limit(1_048_588, Long.MAX_VALUE, 60_000)));
        try (TopologyTestDriver driver = m1.driver(stateDir, limits, WRITTEN)) {
            pipeAt(m1, driver, m1.signal(M1_LINE.formatted("ahead", WRITTEN)), WRITTEN.plus(Duration.ofMinutes(30)));
            pipeAt(m1, driver, m1.signal(M1_LINE.formatted("now", WRITTEN)), WRITTEN);

            List<TestRecord<byte[], byte[]>> deadLetters = m1.deadLetters(driver);
            assertThat(deadLetters).hasSize(1);
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_CLASS))
                    .isEqualTo(OutputRefusedException.class.getName());
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_MESSAGE))
                    .contains("1800000 ms from now").contains("message.timestamp.after.max.ms=60000");
            assertThat(m1.emissionRecords(driver)).isNotEmpty()
                    .allSatisfy(r -> assertThat(header(r, "signal_id")).isEqualTo("s-now"));
            assertThat(m1.state(driver, "p1").profiledCount()).isEqualTo(1);
        }
    }

    @Test
    void theSizeLimitOfTheEmissionsTopicAppliesToEmissions() {
        TopologyHarness<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> m2 = harness(new M2Shortlist(), defaults());
        OutputLimits limits = new OutputLimits(StreamsSettings.DEFAULT_MAX_RECORD_BYTES);
        limits.update(Map.of(m2.topics.emissions(), new OutputLimits.Limit(2048, Long.MAX_VALUE, Long.MAX_VALUE)));
        List<M2Shortlist.Candidate> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new M2Shortlist.Candidate("candidate-" + i, "title " + i, i / 200.0, 0.0));
        }
        try (TopologyTestDriver driver = m2.driver(stateDir, limits, WRITTEN)) {
            pipeAt(m2, driver, Signal.of(new M2Shortlist.Shortlist("aud", "prompt", many), WRITTEN, "t", "big"), WRITTEN);

            assertThat(header(m2.deadLetters(driver).get(0), DeadLetterHandler.ERROR_MESSAGE))
                    .contains("emission big:").contains("over the limit of 2048 bytes");
            assertThat(m2.emissionRecords(driver)).isEmpty();
        }
    }

    @Test
    void aRegistryOutageWhileReadingFailsTheTaskWithoutADeadLetterAndTheSignalIsProcessedOnceItIsBack() {
        TopologyHarness<M1Route.Profile, M1Route.RouteState> m1 = harness(new M1Route(), defaults());
        try (TopologyTestDriver driver = m1.driver(stateDir)) {
            Signal<M1Route.Profile> signal = m1.signal(M1_LINE.formatted("1", WRITTEN));
            byte[] bytes = m1.encode(signal, null, null);
            registry.down(true, false);
            assertThatThrownBy(() -> m1.pipeAt(driver, bytes, WRITTEN)).isInstanceOf(StreamsException.class);
            assertThat(m1.deadLetters(driver)).isEmpty();
            assertThat(m1.emissionRecords(driver)).isEmpty();
        }
        try (TopologyTestDriver driver = m1.driver(stateDir)) {
            registry.down(false, false);
            m1.pipeAt(driver, m1.encode(m1.signal(M1_LINE.formatted("1", WRITTEN)), null, null), WRITTEN);
            assertThat(m1.emissionRecords(driver)).hasSize(m1.stage.suffixes().size());
            assertThat(m1.deadLetters(driver)).isEmpty();
        }
    }

    @Test
    void aRegistryOutageWhileWritingFailsTheTaskWithoutADeadLetterOrAStateChange() {
        TopologyHarness<M1Route.Profile, M1Route.RouteState> m1 =
                harness(new M1Route(), defaults().withRepartitionByEntity(false));
        try (TopologyTestDriver driver = m1.driver(stateDir)) {
            byte[] bytes = m1.encode(m1.signal(M1_LINE.formatted("1", WRITTEN)), null, null);
            registry.down(false, true); // reading the signal works, encoding its emissions does not
            assertThatThrownBy(() -> m1.pipeAt(driver, bytes, WRITTEN)).isInstanceOf(StreamsException.class);
            assertThat(m1.deadLetters(driver)).isEmpty();
            assertThat(m1.emissionRecords(driver)).isEmpty();
            assertThat(m1.state(driver, "p1")).isNull();
        }
    }

    @Test
    void anUnregisteredEmissionSchemaFailsTheTaskAndIsNamedAtStartUp() {
        StreamsSettings settings = defaults().withStages(List.of(ReferenceGames.m1()));
        assertThatThrownBy(() -> MetaspnStreamsApp.requireWrittenSchemas(settings, registry))
                .isInstanceOf(SchemaNotRegisteredException.class)
                .hasMessageContaining("metaspn.m1.emissions.v1-value")
                .hasMessageContaining("metaspn-streams schemas register");
        MetaspnStreamsApp.requireWrittenSchemas(settings.withAutoRegisterSchemas(true), registry);
        TopologyHarness<M1Route.Profile, M1Route.RouteState> m1 = harness(new M1Route(), settings);
        MetaspnStreamsApp.requireWrittenSchemas(settings, registry);
        registry.deleteSubject(m1.topics.emissions() + "-value");
        try (TopologyTestDriver driver = m1.driver(stateDir)) {
            byte[] bytes = m1.encode(m1.signal(M1_LINE.formatted("1", WRITTEN)), null, null);
            assertThatThrownBy(() -> m1.pipeAt(driver, bytes, WRITTEN)).isInstanceOf(StreamsException.class)
                    .rootCause().isInstanceOf(SchemaNotRegisteredException.class);
            assertThat(m1.deadLetters(driver)).isEmpty();
        }
    }
}
