package io.metaspn.streams.cli;

import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.streams.StageTopics;
import io.metaspn.streams.streams.StreamsAppConfig;
import io.metaspn.streams.streams.StreamsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code topics create}: the signals, emissions and dead-letter topics of the configured stages. */
@Command(name = "topics", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = "Manages the application's public topics.", subcommands = TopicsCommand.Create.class)
public final class TopicsCommand {

    /** Creates the public topics of {@code settings}' stages that do not exist yet; returns their names. */
    static List<String> createMissing(Admin admin, StreamsSettings settings, int partitions, short replicationFactor)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (Stage<?, ?> stage : settings.stages()) {
            StageTopics topics = settings.topics(stage);
            for (String topic : List.of(topics.signals(), topics.emissions(), topics.deadLetters())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replicationFactor));
                }
            }
        }
        admin.createTopics(missing).all().get();
        return missing.stream().map(NewTopic::name).toList();
    }

    /** {@code topics create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
            description = "Creates the signals, emissions and dead-letter topics of the configured stages "
                    + "(those that exist are left as they are).")
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

        @Override
        public Integer call() throws Exception {
            Map<String, Object> config = cluster.configuration();
            ClusterOptions.putIfSet(config, StreamsSettings.STAGES, stages);
            StreamsSettings settings = StreamsAppConfig.settings(config);
            try (Admin admin = Admin.create(ClientConfigs.forClients(config))) {
                for (String topic : createMissing(admin, settings, partitions, replicationFactor)) {
                    System.out.println("created " + topic);
                }
            }
            return 0;
        }
    }
}
