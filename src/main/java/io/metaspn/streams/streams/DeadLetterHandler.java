package io.metaspn.streams.streams;

import io.metaspn.streams.engine.StepFailedException;
import io.metaspn.streams.engine.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends every record that cannot be read, fails validation, or makes a step throw to its stage's
 * dead-letter topic ({@code <prefix>.<stage>.dlq.<version>}), with the original key and value bytes
 * and headers naming the error class, message, offending field, stage, and source
 * topic/partition/offset; processing then continues (Kafka Streams' KIP-1034 handler responses, so
 * the dead letter is written in the same transaction under exactly-once). Kafka Streams counts
 * these records in its {@code dropped-records-total} task metric.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    /** Header with the exception class. */
    public static final String ERROR_CLASS = "metaspn.error.class";
    /** Header with the error message. */
    public static final String ERROR_MESSAGE = "metaspn.error.message";
    /** Header with the offending field's path (absent when the whole record is at fault). */
    public static final String ERROR_FIELD = "metaspn.error.field";
    /** Header with the stage key. */
    public static final String STAGE = "metaspn.stage";
    /** Header with the source topic. */
    public static final String SOURCE_TOPIC = "metaspn.source.topic";
    /** Header with the source partition. */
    public static final String SOURCE_PARTITION = "metaspn.source.partition";
    /** Header with the source offset. */
    public static final String SOURCE_OFFSET = "metaspn.source.offset";

    private String prefix = StreamsSettings.DEFAULT_TOPIC_PREFIX;
    private String version = StreamsSettings.DEFAULT_TOPIC_VERSION;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configuredPrefix = configs.get(StreamsSettings.TOPIC_PREFIX);
        Object configuredVersion = configs.get(StreamsSettings.TOPIC_VERSION);
        if (configuredPrefix != null) {
            prefix = configuredPrefix.toString();
        }
        if (configuredVersion != null) {
            version = configuredVersion.toString();
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, exception)));
    }

    /**
     * Dead-letters a record whose processing failed, except when writing a result failed to
     * serialize (an unregistered schema, an unreachable registry): that is the application's
     * problem, not the record's, so the application stops instead of dead-lettering every record.
     */
    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SerializationException) {
                return ProcessingExceptionHandler.Response.fail();
            }
        }
        return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context, exception)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, Exception exception) {
        String stage = stageOf(context);
        Throwable cause = rootOf(exception);
        Headers headers = new RecordHeaders();
        put(headers, ERROR_CLASS, cause.getClass().getName());
        put(headers, ERROR_MESSAGE, String.valueOf(cause instanceof ValidationException v ? v.toString()
                : cause.getMessage()));
        if (cause instanceof ValidationException v && v.field() != null) {
            put(headers, ERROR_FIELD, v.field());
        }
        put(headers, STAGE, stage);
        put(headers, SOURCE_TOPIC, context.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(context.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(context.offset()));
        return new ProducerRecord<>(new StageTopics(stage, prefix, version).deadLetters(), null, context.timestamp(),
                context.sourceRawKey(), context.sourceRawValue(), headers);
    }

    /** The stage, from the source topic when it is a stage's signals topic, else from the node name. */
    private String stageOf(ErrorHandlerContext context) {
        String topic = context.topic();
        String head = prefix + ".";
        String tail = ".signals." + version;
        if (topic != null && topic.startsWith(head) && topic.endsWith(tail)
                && topic.length() > head.length() + tail.length()) {
            return topic.substring(head.length(), topic.length() - tail.length());
        }
        return StageTopics.stageOfNode(context.processorNodeId());
    }

    /** The error that explains the failure: a validation error or a failed step's cause, else the exception itself. */
    private static Throwable rootOf(Throwable exception) {
        for (Throwable current = exception; current != null; current = current.getCause()) {
            if (current instanceof ValidationException) {
                return current;
            }
            if (current instanceof StepFailedException && current.getCause() != null) {
                return current.getCause();
            }
        }
        return exception;
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
