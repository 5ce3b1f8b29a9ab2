package io.metaspn.streams.cli;

import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.Stage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reset}: makes a stopped application start over. What kafka-streams-application-reset does
 * (input offsets to earliest, internal topics deleted) plus what it leaves behind (local state,
 * registry subjects of the deleted topics, and on request the output topics).
 */
@Command(name = "reset", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"With the application stopped: rewinds its input offsets to the earliest, deletes its",
            "internal topics (changelogs, repartition) and their subjects, and wipes its local state.",
            "--offsets-only rewinds the input and keeps all state (the signal-id store then skips what",
            "was processed). Refuses while instances of the application are members of its group."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:reset (or planned, with --dry-run)",
            "1:refused, or an I/O, cluster or registry failure (one line on stderr)",
            "64:a bad command line or setting"})
public final class ResetCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    ApplicationOptions application = new ApplicationOptions();

    @Option(names = "--stage", paramLabel = "STAGE", description = "Reset only this stage (default: all configured).")
    String stage;

    @Option(names = "--offsets-only", description = "Only rewind the input offsets; keep internal topics and state.")
    boolean offsetsOnly;

    @Option(names = "--delete-output", description = "Also delete the emissions and dead-letter topics and subjects.")
    boolean deleteOutput;

    @Option(names = "--dry-run", description = "Print what would be done, do nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT60S",
            description = "How long each request to the cluster may take (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** What reset is doing now, for the progress lines on stderr. */
    private volatile String step = "asking the cluster whether the application is stopped";

    @Override
    public Integer call() throws Exception {
        Map<String, Object> config = cluster.configuration();
        ClusterOptions.requireBootstrapServers(config);
        MetaspnConfig settings = new MetaspnConfig(config);
        List<? extends Stage<?, ?>> stages = stage == null ? settings.stages()
                : List.of(settings.game(stage));
        return reset(config, settings, stages, System.out);
    }

    @SuppressWarnings("try") // progress prints from its own thread; the body never calls it
    int reset(Map<String, Object> config, MetaspnConfig settings, List<? extends Stage<?, ?>> stages, PrintStream out)
            throws ExecutionException, InterruptedException, IOException {
        try (Admin admin = Admin.create(ClientConfigs.bounded(ClientConfigs.forClients(config), timeout));
             Progress progress = Progress.start("metaspn-streams reset", Progress.Settings.DEFAULT, System.err,
                     elapsed -> step + ", after " + elapsed.toSeconds() + " s")) {
            Collection<MemberDescription> members = members(admin);
            if (!members.isEmpty()) {
                boolean staticMembers = members.stream().anyMatch(member -> member.groupInstanceId().isPresent());
                System.err.println("metaspn-streams reset: refusing to reset " + application.applicationId + ": "
                        + members.size() + " instance(s) still in its consumer group; stop the application first"
                        + (staticMembers ? " (static members, with a group.instance.id, stay in the group until their"
                                + " session.timeout.ms has passed after they stopped: wait, then retry)" : ""));
                return 1;
            }
            step = "listing the topics and the input offsets";
            Set<String> existing = admin.listTopics().names().get();
            List<String> inputs = new ArrayList<>();
            Set<String> internal = new TreeSet<>();
            Set<String> outputs = new TreeSet<>();
            for (Stage<?, ?> selected : stages) {
                StageTopics topics = settings.topics(selected);
                inputs.add(topics.signals());
                String internalPrefix = application.applicationId + "-" + selected.shortName() + "-";
                existing.stream().filter(t -> t.startsWith(internalPrefix)
                        && (t.endsWith("-changelog") || t.endsWith("-repartition"))).forEach(internal::add);
                if (deleteOutput) {
                    Stream.of(topics.emissions(), topics.deadLetters()).filter(existing::contains).forEach(outputs::add);
                }
            }
            Map<TopicPartition, OffsetAndMetadata> earliest = earliestOffsets(admin,
                    inputs.stream().filter(existing::contains).toList());
            out.println((dryRun ? "would rewind " : "rewinding ") + earliest.size() + " input partition(s) of "
                    + inputs + " to the earliest offset");
            if (!dryRun && !earliest.isEmpty()) {
                step = "rewinding " + earliest.size() + " input partition(s)";
                admin.alterConsumerGroupOffsets(application.applicationId, earliest).all().get();
            }
            if (offsetsOnly) {
                return 0;
            }
            Set<String> deleted = new TreeSet<>(internal);
            deleted.addAll(outputs);
            out.println((dryRun ? "would delete topics " : "deleting topics ") + deleted);
            if (!dryRun && !deleted.isEmpty()) {
                step = "deleting " + deleted.size() + " topic(s)";
                admin.deleteTopics(deleted).all().get();
            }
            deleteSubjects(settings, deleted, out);
            wipeLocalState(config, out);
            return 0;
        }
    }

    private Collection<MemberDescription> members(Admin admin) throws InterruptedException, ExecutionException {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(application.applicationId))
                    .describedGroups().get(application.applicationId).get();
            return group.members();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> earliestOffsets(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicDescription description : admin.describeTopics(topics).allTopicNames().get().values()) {
            description.partitions().forEach(p ->
                    request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.earliest()));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) ->
                offsets.put(partition, new OffsetAndMetadata(info.offset())));
        return offsets;
    }

    private void deleteSubjects(MetaspnConfig settings, Set<String> topics, PrintStream out) {
        if (!settings.hasSchemaRegistry()) {
            return;
        }
        step = "listing the registry's subjects";
        SchemaRegistryClient registry = settings.schemaRegistry();
        List<String> subjects = registry.subjects().stream()
                .filter(s -> topics.stream().anyMatch(t -> s.equals(t + "-value") || s.equals(t + "-key"))).toList();
        out.println((dryRun ? "would delete subjects " : "deleting subjects ") + subjects);
        if (!dryRun) {
            for (int i = 0; i < subjects.size(); i++) {
                step = "deleting subjects: " + i + " of " + subjects.size() + " deleted";
                registry.deleteSubject(subjects.get(i));
            }
        }
    }

    private void wipeLocalState(Map<String, Object> config, PrintStream out) throws IOException {
        Object configured = application.stateDir != null ? application.stateDir
                : config.get(StreamsConfig.STATE_DIR_CONFIG);
        Path base = configured != null ? Path.of(configured.toString())
                : Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams");
        Path appState = base.resolve(application.applicationId);
        out.println((dryRun ? "would wipe " : "wiping ") + appState);
        if (dryRun || !Files.exists(appState)) {
            return;
        }
        step = "listing the files under " + appState;
        try (Stream<Path> files = Files.walk(appState)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (int i = 0; i < all.size(); i++) {
                step = "wiping " + appState + ": " + i + " of " + all.size() + " files and directories deleted";
                Files.delete(all.get(i));
            }
        }
    }
}
