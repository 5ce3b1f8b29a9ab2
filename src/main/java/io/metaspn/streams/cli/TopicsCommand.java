package io.metaspn.streams.cli;

import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import io.metaspn.streams.stages.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code topics create}: the signals, emissions and dead-letter topics of the configured stages.
 *
 * <p>Every public topic is created with {@code message.timestamp.type=LogAppendTime}: the broker stamps
 * each record with the time it was written, whatever timestamp its producer set. Retention then counts
 * from the write, so a backfill of signals dated months ago stays until it is processed and its
 * emissions stay for the full retention, and the broker never refuses a record for a timestamp too far
 * in the future. A signal's event time is in its envelope, where the stages read it.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = "Manages the application's public topics.", subcommands = TopicsCommand.Create.class)
public final class TopicsCommand {
    /** Retention of signals and emissions unless given: the broker's default. */
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** Retention of dead letters unless given: long enough to notice, fix and replay. */
    static final Duration DEFAULT_DLQ_RETENTION = Duration.ofDays(30);

    /**
     * Creates the public topics of {@code settings}' stages that do not exist yet (signals and emissions kept for
     * {@code retention}, dead letters for {@code dlqRetention}, all stamped with the broker's append time);
     * returns their names.
     */
    static List<String> createMissing(Admin admin, StreamsSettings settings, int partitions, short replicationFactor,
                                      Duration retention, Duration dlqRetention)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (Stage<?, ?> stage : settings.stages()) {
            StageTopics topics = settings.topics(stage);
            for (String topic : List.of(topics.signals(), topics.emissions(), topics.deadLetters())) {
                if (!existing.contains(topic)) {
                    Duration kept = topic.equals(topics.deadLetters()) ? dlqRetention : retention;
                    missing.add(new NewTopic(topic, partitions, replicationFactor).configs(Map.of(
                            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
                            TopicConfig.RETENTION_MS_CONFIG, Long.toString(kept.toMillis()))));
                }
            }
        }
        admin.createTopics(missing).all().get();
        return missing.stream().map(NewTopic::name).toList();
    }

    /** {@link #createMissing(Admin, StreamsSettings, int, short, Duration, Duration)} with the default retentions. */
    static List<String> createMissing(Admin admin, StreamsSettings settings, int partitions, short replicationFactor)
            throws InterruptedException, ExecutionException {
        return createMissing(admin, settings, partitions, replicationFactor, DEFAULT_RETENTION, DEFAULT_DLQ_RETENTION);
    }

    /** {@code topics create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
            description = {"Creates the signals, emissions and dead-letter topics of the configured stages",
                "(those that exist are left as they are), stamped with the broker's append time",
                "(message.timestamp.type=LogAppendTime) so that retention counts from the write."})
    static final class Create implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Option(names = "--stages", paramLabel = "m0,m1,...", description = "Stages (default: all).")
        String stages;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--replication-factor", defaultValue = "1",
                description = "Replication factor (default: ${DEFAULT-VALUE}).")
        short replicationFactor;

        @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "P7D",
                description = "How long signals and emissions are kept after they were written "
                        + "(ISO-8601, default: ${DEFAULT-VALUE}).")
        Duration retention;

        @Option(names = "--dlq-retention", paramLabel = "DURATION", defaultValue = "P30D",
                description = "How long dead letters are kept (ISO-8601, default: ${DEFAULT-VALUE}).")
        Duration dlqRetention;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT60S",
                description = "How long to wait for the cluster (ISO-8601, default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> config = cluster.configuration();
            ClusterOptions.putIfSet(config, MetaspnConfig.STAGES, stages);
            StreamsSettings settings = new MetaspnConfig(config).settings();
            try (Admin admin = Admin.create(ClientConfigs.bounded(ClientConfigs.forClients(config), timeout))) {
                for (String topic : createMissing(admin, settings, partitions, replicationFactor, retention,
                        dlqRetention)) {
                    System.out.println("created " + topic);
                }
            }
            return 0;
        }
    }
}
