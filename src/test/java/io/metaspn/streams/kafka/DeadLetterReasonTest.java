package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.engine.StepFailedException;
import io.metaspn.streams.engine.ValidationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class DeadLetterReasonTest {
    @Test
    void aFieldOfTheSignalIsInvalidButAFieldOfTheStagesOutputIsAFailedStep() {
        ValidationException field = new ValidationException("payload.seconds", "must not be negative");

        assertThat(DeadLetterReason.ofProcessing(new StreamsException(field))).isEqualTo(DeadLetterReason.INVALID);
        assertThat(DeadLetterReason.ofProcessing(new StreamsException(
                new OutputEncodingException("emission s1:score", field)))).isEqualTo(DeadLetterReason.STEP_FAILED);
    }

    @Test
    void anOutputEncodingErrorNamesTheOutputAndReportsNoFieldOfTheSignal() {
        ValidationException field = new ValidationException("episode_id", "is null, and its schema has no null");
        OutputEncodingException error = new OutputEncodingException("emission s1:milestone", field);

        assertThat(error).hasMessage("emission s1:milestone does not fit its schema: episode_id " + field.getMessage())
                .hasNoCause();
        assertThat(error.getSuppressed()).containsExactly(field);
    }

    @Test
    void otherReasonsStayAsTheyWere() {
        assertThat(DeadLetterReason.ofProcessing(new OversizedRecordException("x", 10, 5)))
                .isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(DeadLetterReason.ofProcessing(new IllegalStateException("boom")))
                .isEqualTo(DeadLetterReason.OTHER);
        assertThat(DeadLetterReason.ofProcessing(new StepFailedException("m1", "score", "s1",
                new IllegalStateException("boom")))).isEqualTo(DeadLetterReason.STEP_FAILED);
        assertThat(DeadLetterReason.ofProcessing(new StepFailedException("m1", "score", "s1",
                new ValidationException("score", "out of range")))).isEqualTo(DeadLetterReason.INVALID);
    }
}
