package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** The production side of the dead-letter handler: what a write the broker refused leads to. */
class DeadLetterHandlerTest {

    /** The context Kafka Streams hands over when a write fails: the record being processed at that moment. */
    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        @Override
        public String topic() {
            return "app-m2-by-entity-repartition";
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public long offset() {
            return 42;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "m2-emissions";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(1, 0);
        }

        @Override
        public long timestamp() {
            return 1_000L;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    };

    private static DeadLetterHandler handler(String guarantee) {
        DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee));
        return handler;
    }

    private static ProducerRecord<byte[], byte[]> emission(String signalId) {
        Headers headers = new RecordHeaders();
        if (signalId != null) {
            headers.add(MetaspnTopology.HEADER_SIGNAL_ID, signalId.getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>("metaspn.m2.emissions.v1", null, 5L, "aud".getBytes(StandardCharsets.UTF_8),
                new byte[] {1, 2, 3}, headers);
    }

    @Test
    void exactlyOnceARefusedWriteFailsTheTaskWithoutADeadLetter() {
        ProductionExceptionHandler.Response response = handler(StreamsConfig.EXACTLY_ONCE_V2)
                .handleError(CONTEXT, emission("big-1"), new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void atLeastOnceARefusedEmissionIsDeadLetteredAtOnceWithItsSignalIdButARefusedDeadLetterIsNot() {
        DeadLetterHandler handler = handler(StreamsConfig.AT_LEAST_ONCE);
        ProductionExceptionHandler.Response response = handler.handleError(CONTEXT, emission("big-2"),
                new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.topic()).isEqualTo("metaspn.m2.dlq.v1");
            assertThat(deadLetter.value()).containsExactly(1, 2, 3);
            assertThat(header(deadLetter, MetaspnTopology.HEADER_SIGNAL_ID)).isEqualTo("big-2");
            assertThat(header(deadLetter, DeadLetterHandler.ERROR_CLASS))
                    .isEqualTo(RecordTooLargeException.class.getName());
            assertThat(header(deadLetter, DeadLetterHandler.ERROR_MESSAGE))
                    .isEqualTo("the broker refused this record, written to metaspn.m2.emissions.v1: too large");
            assertThat(header(deadLetter, DeadLetterHandler.STAGE)).isEqualTo("m2");
        });
        ProducerRecord<byte[], byte[]> deadLetter = response.deadLetterQueueRecords().get(0);
        assertThat(handler.handleError(CONTEXT, deadLetter, new RecordTooLargeException("too large")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void aRetriableWriteFailureRetriesTheTaskAndAnyOtherFailsIt() {
        DeadLetterHandler handler = handler(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(handler.handleError(CONTEXT, emission("s"), new TimeoutException("expired")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(handler.handleError(CONTEXT, emission("s"), new TopicAuthorizationException("no ACL")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(handler.handleSerializationError(CONTEXT, emission("s"), new IllegalStateException("registry"),
                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void deadLettersAreReportedByStageAndReasonToTheListenerInTheConfiguration() {
        java.util.List<String> reported = new java.util.ArrayList<>();
        ProcessingListener listener = new ProcessingListener() {
            @Override
            public void deadLettered(String stage, DeadLetterReason reason) {
                reported.add(stage + " " + reason.tag());
            }
        };
        DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                MetaspnConfig.PROCESSING_LISTENER, listener));

        handler.handleError(CONTEXT, (org.apache.kafka.streams.processor.api.Record<?, ?>) null,
                new io.metaspn.streams.engine.ValidationException("payload.x", "must be a number"));
        handler.handleError(CONTEXT, (org.apache.kafka.streams.processor.api.Record<?, ?>) null,
                new io.metaspn.streams.engine.StepFailedException("m2", "score", "s1", new IllegalStateException("boom")));
        handler.handleError(CONTEXT, (org.apache.kafka.streams.processor.api.Record<?, ?>) null,
                new OversizedRecordException("emission e", 2000, 1024));
        handler.handleError(CONTEXT, emission("s1"), new RecordTooLargeException("too large"));

        assertThat(reported).containsExactly("m2 invalid", "m2 step_failed", "m2 oversized", "m2 refused_by_broker");
    }
}
