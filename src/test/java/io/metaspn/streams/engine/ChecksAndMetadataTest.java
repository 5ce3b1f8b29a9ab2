package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksAndMetadataTest {

    private static void rejects(Runnable check, String field) {
        assertThatThrownBy(check::run)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void checksNameTheField() {
        assertThat(Checks.nonEmpty("x", "f")).isEqualTo("x");
        rejects(() -> Checks.nonEmpty((String) null, "a"), "a");
        rejects(() -> Checks.nonEmpty("", "b"), "b");
        assertThat(Checks.present("", "f")).isEmpty();
        rejects(() -> Checks.present(null, "c"), "c");
        assertThat(Checks.finite(1.5, "f")).isEqualTo(1.5);
        rejects(() -> Checks.finite(Double.NaN, "d"), "d");
        rejects(() -> Checks.finite(Double.POSITIVE_INFINITY, "d"), "d");
        assertThat(Checks.nonNegative(0.0, "f")).isZero();
        rejects(() -> Checks.nonNegative(-0.5, "e"), "e");
        assertThat(Checks.nonNegative(0L, "f")).isZero();
        rejects(() -> Checks.nonNegative(-1L, "g"), "g");
        rejects(() -> Checks.nonEmpty(List.of(), "h"), "h");
        assertThat(Checks.nonEmpty(List.of(1), "h")).containsExactly(1);
    }

    @Test
    void uniqueIdsAndEachOfReportIndexedPaths() {
        rejects(() -> Checks.uniqueIds(List.of("a", "b", "a"), s -> s, "items", "id"), "items[2].id");
        Checks.uniqueIds(List.of("a", "b"), s -> s, "items", "id");
        rejects(() -> Checks.eachOf(Arrays.asList("a", null), "items"), "items[1]");
        assertThat(Checks.eachOf(List.of("a"), "items")).containsExactly("a");
    }

    @Test
    void validationExceptionUnderPrefixesThePath() {
        ValidationException e = new ValidationException("score", "bad");
        assertThat(e.under("payload").field()).isEqualTo("payload.score");
        assertThat(new ValidationException("[1].id", "bad").under("items").field()).isEqualTo("items[1].id");
        assertThat(new ValidationException(null, "bad").under("payload").field()).isEqualTo("payload");
        assertThat(e.toString()).isEqualTo("score: bad");
        assertThat(e.getMessage()).isEqualTo("bad");
    }

    @Test
    void metadataOfKeepsOrderAndRejectsOddArguments() {
        Map<String, Object> meta = Metadata.of("z", 1, "a", 2, "m", 3);
        assertThat(meta.keySet()).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> Metadata.of("a")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Metadata.empty()).isEmpty();
        assertThat(Metadata.with(meta, "a", 9)).containsEntry("a", 9).hasSize(3);
        assertThat(meta).containsEntry("a", 2);
    }
}
