package io.metaspn.streams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.GameSettings;
import io.metaspn.streams.game.Games;
import io.metaspn.streams.game.reference.ReferenceGames;
import io.metaspn.streams.json.JsonlRunner;
import io.metaspn.streams.json.StagePayloads;
import io.metaspn.streams.stages.M4Rewards;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code process}: JSONL signals through one stage, in process, emissions as JSONL. */
@Command(name = "process", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"Runs JSONL signals through one stage (or game) in this process, one state per entity key,",
            "and writes the emissions as JSONL in order.",
            "A line that cannot be accepted is skipped and reported on stderr as",
            "{\"line\", \"signal_id\", \"field\", \"error\"}; it changes no state."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every line was accepted", "2:some lines were rejected (see stderr)",
            "1:an I/O error (one line on stderr)", "64:a bad command line"})
public final class ProcessCommand implements Callable<Integer> {
    private static final int BUFFER = 1 << 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--stage", required = true, paramLabel = "STAGE",
            description = {"m0, m1, m2, m3, m4 (or a stage key such as m1_route), or the name of a game on",
                "the class path (podcast)."})
    String stageName;

    @Option(names = "--input", paramLabel = "FILE", defaultValue = "-",
            description = "JSONL signals; - for stdin (default).")
    String input;

    @Option(names = "--output", paramLabel = "FILE", defaultValue = "-",
            description = "Where emissions go; - for stdout (default).")
    String output;

    @Option(names = "--m4-config", paramLabel = "FILE",
            description = "M4 config JSON: enable_early_conviction_multiplier, early_conviction_multiplier, "
                    + "early_conviction_days_threshold.")
    Path m4Config;

    @Override
    public Integer call() throws IOException {
        GameBinding<?, ?> stage = stage();
        OutputStream errors = new FileOutputStream(FileDescriptor.err);
        try (BufferedReader reader = reader(); OutputStream out = output()) {
            JsonlRunner.Summary summary = runner(stage).run(reader, out, errors);
            return summary.rejected() == 0 ? 0 : 2;
        }
    }

    private static <T, S> JsonlRunner<T, S> runner(GameBinding<T, S> game) {
        return new JsonlRunner<>(game, game::decodePayload);
    }

    private GameBinding<?, ?> stage() {
        M4Rewards.Config config = M4Rewards.Config.DEFAULT;
        if (m4Config != null) {
            try {
                JsonNode node = new ObjectMapper().readTree(Files.readString(m4Config));
                config = StagePayloads.m4Config(node);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--m4-config " + m4Config + ": " + e.getMessage());
            } catch (ValidationException e) {
                throw new ParameterException(spec.commandLine(), "--m4-config " + m4Config + ": " + e);
            }
        }
        try {
            return Games.discover(GameSettings.from(ReferenceGames.m4Settings(config))).byName(stageName);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private BufferedReader reader() throws IOException {
        if ("-".equals(input)) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), BUFFER);
        }
        return new BufferedReader(new InputStreamReader(Files.newInputStream(Path.of(input)), StandardCharsets.UTF_8),
                BUFFER);
    }

    private OutputStream output() throws IOException {
        OutputStream raw = "-".equals(output) ? new FileOutputStream(FileDescriptor.out)
                : Files.newOutputStream(Path.of(output));
        return new BufferedOutputStream(raw, BUFFER);
    }
}
