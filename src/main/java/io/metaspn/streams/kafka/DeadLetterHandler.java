package io.metaspn.streams.kafka;

import io.metaspn.streams.engine.StepFailedException;
import io.metaspn.streams.engine.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
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
 * logged with its coordinates, and reported to the application's {@link ProcessingListener} with its
 * {@link DeadLetterReason} (found in the configuration under {@link MetaspnConfig#PROCESSING_LISTENER}).
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
    private boolean exactlyOnce = true;
    private ProcessingListener listener = ProcessingListener.NONE;

    /** Reads the topic naming and the listener from the application's configuration ({@link MetaspnConfig}). */
    @Override
    public void configure(Map<String, ?> configs) {
        // Kafka Streams configures its handlers with the application's configuration as given, objects included
        MetaspnConfig config = new MetaspnConfig(configs);
        prefix = config.topicPrefix();
        version = config.topicVersion();
        listener = config.processingListener();
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
        return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, exception,
                DeadLetterReason.UNREADABLE)));
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
        return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context, exception,
                DeadLetterReason.ofProcessing(exception))));
    }

    /**
     * A write that failed. A retriable failure retries the task, as Kafka Streams' default handler does. When the
     * broker refused the record itself (too large, a timestamp out of range, an invalid record), no input record is
     * to blame here: the failure arrives after the fact, when the task may be at another record, and under
     * exactly-once it has doomed the transaction of every record since the last commit. So the task fails; the
     * application then reads the topics' limits again ({@link OutputLimits}), and when the signal is processed
     * again the stage processor dead-letters it before anything is written. At-least-once (nothing is rolled back)
     * the refused record itself goes to the dead-letter topic, with its {@code signal_id} header and the error,
     * unless it was itself a dead letter. Anything else fails the task.
     */
    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record,
                                                           Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandler.Response.retry();
        }
        if (!Faults.isRefusedWrite(exception)) {
            return ProductionExceptionHandler.Response.fail();
        }
        String stage = StageTopics.stageOfNode(context.processorNodeId());
        String deadLetters = new StageTopics(stage, prefix, version).deadLetters();
        LOG.log(System.Logger.Level.WARNING, () -> "the broker refused a record written to " + record.topic() + ": "
                + describe(exception));
        if (exactlyOnce || record.topic().equals(deadLetters)) {
            return ProductionExceptionHandler.Response.fail();
        }
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, ERROR_CLASS, exception.getClass().getName());
        put(headers, ERROR_MESSAGE, "the broker refused this record, written to " + record.topic() + ": "
                + exception.getMessage());
        put(headers, STAGE, stage);
        listener.deadLettered(stage, DeadLetterReason.REFUSED_BY_BROKER);
        return ProductionExceptionHandler.Response.resume(List.of(new ProducerRecord<>(deadLetters, null,
                record.timestamp(), record.key(), record.value(), headers)));
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

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, Exception exception,
                                                      DeadLetterReason reason) {
        String stage = stageOf(context);
        listener.deadLettered(stage, reason);
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
