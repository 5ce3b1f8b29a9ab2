package io.metaspn.streams.kafka;

import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.reference.ReferenceGames;
import io.metaspn.streams.stages.M4Rewards;
import io.metaspn.streams.stages.Stage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the stream application runs: which stages, its topic naming, whether input is re-keyed by
 * entity, how long processed signal ids are remembered, and whether writers register schemas. Parsed from the
 * {@code metaspn.*} settings by {@link MetaspnConfig#settings()}.
 *
 * @param stages             the games to run, each its own sub-topology
 * @param topicPrefix        {@code metaspn} in {@code metaspn.m1.signals.v1}
 * @param topicVersion       {@code v1} in {@code metaspn.m1.signals.v1}
 * @param repartitionByEntity re-key input by entity through a repartition topic (off when producers key by entity)
 * @param dedupRetention     how long a processed signal id is remembered (stream time)
 * @param autoRegisterSchemas whether writers of the public topics register their schemas (off for production)
 * @param maxRecordBytes     the largest record (key, value, headers and framing) the application writes; a signal
 *                           whose emissions or state would be larger is dead-lettered, since the broker would refuse it
 */
public record StreamsSettings(List<GameBinding<?, ?>> stages, String topicPrefix, String topicVersion,
                              boolean repartitionByEntity, Duration dedupRetention, boolean autoRegisterSchemas,
                              int maxRecordBytes) {
    /** The default topic prefix. */
    public static final String DEFAULT_TOPIC_PREFIX = "metaspn";
    /** The default topic version. */
    public static final String DEFAULT_TOPIC_VERSION = "v1";
    /** The default dedup retention. */
    public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(7);
    /** The producer's default {@code max.request.size}, under the broker's default {@code message.max.bytes}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;
    /** The smallest record size limit accepted. */
    public static final int MIN_MAX_RECORD_BYTES = 1024;

    public StreamsSettings {
        stages = List.copyOf(stages);
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(topicVersion, "topicVersion");
        if (dedupRetention.isNegative() || dedupRetention.isZero()) {
            throw new IllegalArgumentException("dedup retention must be positive, got " + dedupRetention);
        }
        if (maxRecordBytes < MIN_MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("the record size limit must be at least 1024 bytes, got " + maxRecordBytes);
        }
    }

    /** All five stages (M4 with {@code m4Config}), default naming, re-keying on, 7-day dedup, auto-registration off. */
    public static StreamsSettings defaults(M4Rewards.Config m4Config) {
        return new StreamsSettings(ReferenceGames.all(m4Config), DEFAULT_TOPIC_PREFIX, DEFAULT_TOPIC_VERSION, true,
                DEFAULT_DEDUP_RETENTION, false, DEFAULT_MAX_RECORD_BYTES);
    }

    /** The names of {@code stage}'s topics and stores. */
    public StageTopics topics(Stage<?, ?> stage) {
        return new StageTopics(stage.shortName(), topicPrefix, topicVersion);
    }

    /** These settings running only {@code selected}. */
    public StreamsSettings withStages(List<? extends GameBinding<?, ?>> selected) {
        return new StreamsSettings(List.copyOf(selected), topicPrefix, topicVersion, repartitionByEntity, dedupRetention,
                autoRegisterSchemas, maxRecordBytes);
    }

    /** These settings with re-keying on or off. */
    public StreamsSettings withRepartitionByEntity(boolean repartition) {
        return new StreamsSettings(stages, topicPrefix, topicVersion, repartition, dedupRetention,
                autoRegisterSchemas, maxRecordBytes);
    }

    /** These settings with another dedup retention. */
    public StreamsSettings withDedupRetention(Duration retention) {
        return new StreamsSettings(stages, topicPrefix, topicVersion, repartitionByEntity, retention,
                autoRegisterSchemas, maxRecordBytes);
    }

    /** These settings with another record size limit. */
    public StreamsSettings withMaxRecordBytes(int limit) {
        return new StreamsSettings(stages, topicPrefix, topicVersion, repartitionByEntity, dedupRetention,
                autoRegisterSchemas, limit);
    }

    /** These settings with schema auto-registration on or off. */
    public StreamsSettings withAutoRegisterSchemas(boolean autoRegister) {
        return new StreamsSettings(stages, topicPrefix, topicVersion, repartitionByEntity, dedupRetention,
                autoRegister, maxRecordBytes);
    }
}
