package io.metaspn.streams.cli;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.Stage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code schemas register|check}: the local topic schemas against the registry. */
@Command(name = "schemas", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = "Registers or checks the signal and emission schemas of the configured stages.",
        subcommands = {SchemasCommand.Register.class, SchemasCommand.Check.class})
public final class SchemasCommand {

    /** One public schema: its subject and the local schema. */
    record Subject(String name, Schema schema) {
    }

    static List<Subject> subjects(StreamsSettings settings) {
        List<Subject> subjects = new ArrayList<>();
        for (GameBinding<?, ?> stage : settings.stages()) {
            StageAvroCodec<?, ?> codec = stage.avro();
            StageTopics topics = settings.topics(stage);
            subjects.add(new Subject(topics.signals() + "-value", codec.signalSchema()));
            subjects.add(new Subject(topics.emissions() + "-value", codec.emissionSchema()));
        }
        return subjects;
    }

    abstract static class SubjectsCommand implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Option(names = "--stages", paramLabel = "m0,m1,...", description = "Stages (default: all).")
        String stages;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> config = cluster.configuration();
            ClusterOptions.putIfSet(config, MetaspnConfig.STAGES, stages);
            MetaspnConfig settings = new MetaspnConfig(config);
            return run(settings.schemaRegistry(), subjects(settings.settings()), System.out);
        }

        abstract int run(SchemaRegistryClient registry, List<Subject> subjects, PrintStream out);
    }

    /** {@code schemas register}: registers each schema under {@code <topic>-value}. */
    @Command(name = "register", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
            description = "Registers the local schemas (a schema already registered keeps its id).",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:every schema is registered", "1:a registry failure (one line on stderr)",
                "64:a bad command line or setting"})
    static final class Register extends SubjectsCommand {
        @Override
        int run(SchemaRegistryClient registry, List<Subject> subjects, PrintStream out) {
            for (Subject subject : subjects) {
                out.println(subject.name() + " id " + registry.register(subject.name(), subject.schema()));
            }
            return 0;
        }
    }

    /** {@code schemas check}: whether each local schema may be registered under its subject's compatibility rule. */
    @Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
            description = "Checks that the local schemas are compatible with what is registered (exit 1 if not).",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:every schema is compatible", "1:a schema is incompatible, or a registry failure",
                "64:a bad command line or setting"})
    static final class Check extends SubjectsCommand {
        @Override
        int run(SchemaRegistryClient registry, List<Subject> subjects, PrintStream out) {
            int incompatible = 0;
            for (Subject subject : subjects) {
                boolean compatible = registry.testCompatibility(subject.name(), subject.schema());
                out.println(subject.name() + (compatible ? " compatible" : " INCOMPATIBLE"));
                if (!compatible) {
                    incompatible++;
                }
            }
            return incompatible == 0 ? 0 : 1;
        }
    }
}
