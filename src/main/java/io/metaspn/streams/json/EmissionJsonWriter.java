package io.metaspn.streams.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.EmissionSink;
import io.metaspn.streams.jsonvalue.JsonMappers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes emissions as JSON lines in the spec's shape: {@code {"emission_id", "caused_by",
 * "emission_type", "timestamp", "payload": {...}, "metadata": {...}}}, timestamps in UTC with
 * {@code Z}. The same emissions always give the same bytes.
 */
public final class EmissionJsonWriter implements EmissionSink {
    private final JsonGenerator generator;
    private final SerializerProvider serializers = JsonMappers.MAPPER.getSerializerProviderInstance();
    private final Map<Class<?>, JsonSerializer<Object>> serializerByType = new HashMap<>();
    private Instant lastInstant;
    private String lastTimestamp;

    /** A writer to {@code out} (UTF-8); closing the writer closes {@code out}. */
    public EmissionJsonWriter(OutputStream out) {
        try {
            this.generator = JsonMappers.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator.setRootValueSeparator(null);
    }

    /** One emission as a JSON line. */
    @Override
    public void accept(Emission<?> emission) {
        try {
            generator.writeStartObject();
            generator.writeStringField("emission_id", emission.emissionId());
            generator.writeStringField("caused_by", emission.causedBy());
            generator.writeStringField("emission_type", emission.emissionType());
            generator.writeStringField("timestamp", timestamp(emission.timestamp()));
            generator.writeFieldName("payload");
            writeValue(emission.payload());
            generator.writeFieldName("metadata");
            Map<String, Object> metadata = emission.metadata();
            if (metadata.isEmpty()) {
                generator.writeStartObject();
                generator.writeEndObject();
            } else {
                writeValue(metadata);
            }
            generator.writeEndObject();
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One emission as a JSON string (no newline). */
    public static String toJson(Emission<?> emission) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(256);
        try (EmissionJsonWriter writer = new EmissionJsonWriter(bytes)) {
            writer.accept(emission);
        }
        String line = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        return line.substring(0, line.length() - 1);
    }

    @Override
    public void flush() {
        try {
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            generator.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeValue(Object value) throws IOException {
        JsonSerializer<Object> serializer = serializerByType.get(value.getClass());
        if (serializer == null) {
            serializer = serializers.findTypedValueSerializer(value.getClass(), true, null);
            serializerByType.put(value.getClass(), serializer);
        }
        serializer.serialize(value, generator, serializers);
    }

    private String timestamp(Instant instant) {
        if (!instant.equals(lastInstant)) {
            lastInstant = instant;
            lastTimestamp = Timestamps.format(instant);
        }
        return lastTimestamp;
    }
}
