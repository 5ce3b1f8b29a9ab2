package io.metaspn.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code process --stage podcast}: the example game found by its provider, run in process from JSON lines. */
class PodcastProcessTest {

    @Test
    void theSampleListensEmitTheMilestonesAndTheNegativeListenIsRejectedByTheGame(@TempDir Path dir)
            throws IOException {
        Path output = dir.resolve("out.jsonl");

        int status = MetaspnCli.run(new String[] {"process", "--stage", "podcast", "--input",
            "examples/podcast-signals.jsonl", "--output", output.toString()});

        List<JsonNode> emissions = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                .map(PodcastProcessTest::json).toList();
        assertThat(status).isEqualTo(2);
        assertThat(emissions).extracting(e -> e.get("emission_id").asText())
                .containsExactly("listen-3:milestone-1", "listen-4:milestone-2", "listen-4:milestone-3",
                        "listen-5:milestone-1");
        assertThat(emissions.get(0).get("emission_type").asText()).isEqualTo("podcast.milestone.reached");
        assertThat(emissions.get(0).get("payload").toString())
                .isEqualTo("{\"listener_id\":\"ana\",\"hours\":1,\"total_seconds\":3900,\"episode_id\":\"ep-2\"}");
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
