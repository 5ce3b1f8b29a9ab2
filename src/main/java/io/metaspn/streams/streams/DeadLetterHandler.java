package io.metaspn.streams.streams;

import io.metaspn.streams.engine.StepFailedException;
import io.metaspn.streams.engine.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends every record that is bad in itself to its stage's dead-letter topic
 * ({@code <prefix>.<stage>.dlq.<version>}): a record that cannot be read, fails validation, makes a
 * step throw, or would make the stage write a record the broker refuses. The dead letter carries the
 * original key and value bytes and headers naming the error class, message, offending field, stage,
 * and source topic/partition/offset; processing then continues (Kafka Streams' KIP-1034 handler
 * responses, so under exactly-once the dead letter is written in the same transaction). Kafka
 * Streams counts these records in its {@code dropped-records-total} task metric, and each one is
 * logged with its coordinates.
 *
 * <p>A fault of the infrastructure ({@link Faults#isInfrastructure}: schema registry or broker
 * unreachable or failing, a schema this application writes not registered) is never the record's
 * fault: the handler fails the task instead, and the record is processed again once the fault is
 * gone (see {@link MetaspnStreamsApp} for how the stream thread is then replaced).
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler,
        ProductionExceptionHandler {
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

    private static final System.Logger LOG = System.getLogger(DeadLetterHandler.class.getName());

    private String prefix = StreamsSettings.DEFAULT_TOPIC_PREFIX;
    private String version = StreamsSettings.DEFAULT_TOPIC_VERSION;
    private String applicationId = "";
    private boolean exactlyOnce = true;

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
        Object configuredApplicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (configuredApplicationId != null) {
            applicationId = configuredApplicationId.toString();
        }
        Object guarantee = configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        exactlyOnce = guarantee == null || !StreamsConfig.AT_LEAST_ONCE.equals(guarantee.toString());
    }

    /** Dead-letters a record that cannot be read; fails the task when the reason is the infrastructure's. */
    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        if (Faults.isNotTheRecords(exception)) {
            logNotTheRecords("reading", context, exception);
            return DeserializationExceptionHandler.Response.fail();
        }
        return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, exception)));
    }

    /**
     * Dead-letters a record whose processing failed, except when the failure is the infrastructure's
     * (for instance encoding a result needs a registry that is down, or a schema that is not registered):
     * then the task fails rather than dead-letter every record while the fault lasts.
     */
    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        if (Faults.isNotTheRecords(exception)) {
            logNotTheRecords("processing", context, exception);
            return ProcessingExceptionHandler.Response.fail();
        }
        return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context, exception)));
    }

    /**
     * A write the broker refused. When the broker refused the record itself (too large, a timestamp out of
     * range, an invalid record), the signal whose output it was (its {@code signal_id} header) is to blame.
     * Under exactly-once the refused write has doomed the transaction: the signal is noted and the task fails;
     * when the task processes the signal again, the stage processor dead-letters it ({@link
     * OutputRefusedException}) with nothing written. At-least-once, the refused record itself goes to the
     * dead-letter topic now, with its signal id. Any other refusal fails the task. The stage processor refuses
     * oversized output before it is written, so this is the line of defence for topics changed after start-up
     * or limits it cannot foresee.
     */
    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record,
                                                           Exception exception) {
        Header signalId = record.headers().lastHeader(StageProcessor.HEADER_SIGNAL_ID);
        if (!Faults.isRefusedWrite(exception) || signalId == null) {
            return ProductionExceptionHandler.Response.fail();
        }
        String signal = new String(signalId.value(), StandardCharsets.UTF_8);
        String reason = describe(exception) + " (writing to " + record.topic() + ")";
        LOG.log(System.Logger.Level.WARNING, () -> "the broker refused output of signal " + signal + ": " + reason
                + (exactlyOnce ? "; the task fails and the signal is dead-lettered when processed again" : ""));
        if (!exactlyOnce) {
            Headers headers = new RecordHeaders(record.headers().toArray());
            put(headers, ERROR_CLASS, OutputRefusedException.class.getName());
            put(headers, ERROR_MESSAGE, new OutputRefusedException(reason).getMessage());
            String stage = StageTopics.stageOfNode(context.processorNodeId());
            return ProductionExceptionHandler.Response.resume(List.of(new ProducerRecord<>(
                    new StageTopics(stage, prefix, version).deadLetters(), null, record.timestamp(), record.key(),
                    record.value(), headers)));
        }
        RefusedWrites.note(applicationId, signal, reason);
        return ProductionExceptionHandler.Response.fail();
    }

    /** Encoding a result failed: never the input record's fault (see {@link StageProcessor}), so the task fails. */
    @Override
    @SuppressWarnings("rawtypes") // as Kafka Streams declares it
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
                                                                        ProducerRecord record,
                                                                        Exception exception,
                                                                        SerializationExceptionOrigin origin) {
        logNotTheRecords("writing to " + record.topic(), context, exception);
        return ProductionExceptionHandler.Response.fail();
    }

    private static void logNotTheRecords(String doing, ErrorHandlerContext context, Exception exception) {
        LOG.log(System.Logger.Level.WARNING, () -> "a fault that is not the record's, while " + doing + " the record at "
                + context.topic() + "-" + context.partition() + "@" + context.offset()
                + ": not dead-lettered; the task fails and the record is processed again: " + exception);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, Exception exception) {
        String stage = stageOf(context);
        Throwable cause = rootOf(exception);
        LOG.log(System.Logger.Level.WARNING, () -> "dead-lettered the record at " + context.topic() + "-"
                + context.partition() + "@" + context.offset() + " (stage " + stage + "): " + describe(cause));
        Headers headers = new RecordHeaders();
        put(headers, ERROR_CLASS, cause.getClass().getName());
        put(headers, ERROR_MESSAGE, message(cause));
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

    private static String message(Throwable cause) {
        return String.valueOf(cause instanceof ValidationException v ? v.toString() : cause.getMessage());
    }

    private static String describe(Throwable cause) {
        return cause.getClass().getSimpleName() + ": " + message(cause);
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
