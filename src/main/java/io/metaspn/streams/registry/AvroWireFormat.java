package io.metaspn.streams.registry;

import io.metaspn.streams.registry.AvroWireFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Confluent Avro wire format: magic byte 0, the writer schema's registry id as 4 bytes big-endian,
 * then the datum in Avro binary encoding. Readers resolve the writer schema by id and read with their
 * own reader schema, so data written with an earlier compatible schema stays readable.
 */
public final class AvroWireFormat {
    /** A reader resolves its writer schema against its reader schema once: kept per thread, per schema pair. */
    private record ReaderKey(Schema writer, Schema reader, GenericData data) {
    }

    private static final ThreadLocal<Map<ReaderKey, DatumReader<Object>>> READERS =
            ThreadLocal.withInitial(HashMap::new);
    private static final Map<Schema, DatumWriter<Object>> SPECIFIC_WRITERS = new ConcurrentHashMap<>();
    private static final Map<Schema, DatumWriter<Object>> GENERIC_WRITERS = new ConcurrentHashMap<>();
    /** Each thread encodes into its own buffer and encoder, reused from record to record. */
    private static final ThreadLocal<Encoding> ENCODINGS = ThreadLocal.withInitial(Encoding::new);
    /** A buffer grown past this by one large record is not kept for the next. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    /** A thread's reusable output buffer and the direct (unbuffered) encoder writing to it. */
    private static final class Encoding {
        private ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        private BinaryEncoder encoder;

        BinaryEncoder start() {
            if (out.size() > KEPT_BUFFER_BYTES) {
                out = new ByteArrayOutputStream(256);
            }
            out.reset();
            encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
            return encoder;
        }
    }

    /** The first byte of every record in the format. */
    public static final byte MAGIC_BYTE = 0;
    /** The header length: magic byte and schema id. */
    public static final int HEADER_LENGTH = 5;

    private AvroWireFormat() {
    }

    /**
     * The datum (a generic or specific record, or any value Avro can write with the schema) written
     * with the writer schema, framed with the schema id.
     *
     * @throws AvroWireFormatException ({@link Reason#INVALID_RECORD}) when the datum does not match the schema
     */
    public static byte[] encode(int schemaId, Object datum, Schema writer) {
        Objects.requireNonNull(writer, "writer");
        Encoding encoding = ENCODINGS.get();
        BinaryEncoder encoder = encoding.start();
        ByteArrayOutputStream out = encoding.out;
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        DatumWriter<Object> datumWriter = datum instanceof SpecificRecord
                ? SPECIFIC_WRITERS.computeIfAbsent(writer, SpecificDatumWriter::new)
                : GENERIC_WRITERS.computeIfAbsent(writer, schema -> new GenericDatumWriter<>(schema, GenericData.get()));
        try {
            datumWriter.write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new AvroWireFormatException(Reason.INVALID_RECORD, schemaId,
                    "cannot write " + describe(datum) + " with schema " + writer.getFullName() + " (id " + schemaId
                            + "): " + e, e);
        }
        return out.toByteArray();
    }

    /**
     * The schema id in the header.
     *
     * @throws AvroWireFormatException for null, short or non-wire-format bytes
     */
    public static int schemaId(byte[] bytes) {
        if (bytes == null) {
            throw new AvroWireFormatException(Reason.NULL_INPUT, -1, "no bytes to decode (null)", null);
        }
        if (bytes.length < HEADER_LENGTH) {
            throw new AvroWireFormatException(Reason.TOO_SHORT, -1, "too short for the Avro wire format: "
                    + bytes.length + " byte(s), the header alone is " + HEADER_LENGTH, null);
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new AvroWireFormatException(Reason.UNKNOWN_MAGIC_BYTE, -1, String.format(
                    "unknown magic byte 0x%02x, expected 0x00 (not the Confluent Avro wire format)", bytes[0] & 0xff), null);
        }
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }

    /**
     * The datum in the bytes, read as generic data (records as {@link org.apache.avro.generic.GenericRecord},
     * strings as {@link org.apache.avro.util.Utf8}) with the writer schema fetched by id and the given
     * reader schema, or the writer schema itself when the reader is null.
     *
     * @throws AvroWireFormatException naming the problem: null, short or non-wire-format bytes, an
     *     unknown schema id, bytes that are not valid Avro for the writer schema, or a writer schema
     *     the reader schema cannot read
     */
    public static Object decode(byte[] bytes, SchemaRegistryClient registry, Schema reader) {
        int id = schemaId(bytes);
        Schema writer = writerSchema(registry, id);
        Schema target = reader == null ? writer : reader;
        return read(bytes, id, writer, target, READERS.get().computeIfAbsent(
                new ReaderKey(writer, target, GenericData.get()),
                key -> new GenericDatumReader<>(key.writer(), key.reader(), key.data())));
    }

    /**
     * The record in the bytes as an instance of the generated class, read with the writer schema
     * fetched by id and the class's schema as reader schema.
     *
     * @throws AvroWireFormatException as for {@link #decode(byte[], SchemaRegistryClient, Schema)}
     */
    public static <T extends SpecificRecord> T decode(byte[] bytes, SchemaRegistryClient registry, Class<T> type) {
        Objects.requireNonNull(type, "type");
        int id = schemaId(bytes);
        Schema writer = writerSchema(registry, id);
        SpecificData data = SpecificData.getForClass(type);
        Schema target = data.getSchema(type);
        Object datum = read(bytes, id, writer, target, READERS.get().computeIfAbsent(new ReaderKey(writer, target, data),
                key -> new SpecificDatumReader<>(key.writer(), key.reader(), (SpecificData) key.data())));
        if (!type.isInstance(datum)) {
            throw new AvroWireFormatException(Reason.SCHEMA_MISMATCH, id, "schema id " + id + " was read as "
                    + describe(datum) + ", not " + type.getName(), null);
        }
        return type.cast(datum);
    }

    private static Schema writerSchema(SchemaRegistryClient registry, int id) {
        Objects.requireNonNull(registry, "registry");
        try {
            return registry.getSchemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND || e.isNotFound()) {
                throw new AvroWireFormatException(Reason.UNKNOWN_SCHEMA_ID, id,
                        "unknown schema id " + id + ": the registry has no such schema", e);
            }
            throw new AvroWireFormatException(Reason.REGISTRY_UNAVAILABLE, id,
                    "cannot fetch writer schema id " + id + " from the registry: " + e.getMessage(), e);
        }
    }

    private static Object read(byte[] bytes, int id, Schema writer, Schema reader, DatumReader<Object> datumReader) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        Object datum;
        try {
            datum = datumReader.read(null, new BoundedDecoder(decoder));
        } catch (AvroTypeException e) {
            if (isResolutionProblem(e)) {
                throw new AvroWireFormatException(Reason.SCHEMA_MISMATCH, id, "writer schema id " + id + " ("
                        + writer.getFullName() + ") cannot be read with reader schema " + reader.getFullName() + ": "
                        + e.getMessage(), e);
            }
            throw invalid(id, writer, bytes, e);
        } catch (EOFException e) {
            throw new AvroWireFormatException(Reason.INVALID_AVRO, id, "not valid Avro for writer schema id " + id
                    + " (" + writer.getFullName() + "): the data ends early, after " + (bytes.length - HEADER_LENGTH)
                    + " byte(s)", e);
        } catch (IOException | RuntimeException e) {
            throw invalid(id, writer, bytes, e);
        }
        try {
            if (!decoder.isEnd()) {
                int left = decoder.inputStream().available();
                throw new AvroWireFormatException(Reason.INVALID_AVRO, id, "not valid Avro for writer schema id " + id
                        + " (" + writer.getFullName() + "): " + left + " byte(s) left over after the datum", null);
            }
        } catch (IOException e) {
            throw invalid(id, writer, bytes, e);
        }
        return datum;
    }

    private static boolean isResolutionProblem(AvroTypeException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("Found ") || m.contains("missing required field") || m.contains("expecting");
    }

    private static AvroWireFormatException invalid(int id, Schema writer, byte[] bytes, Exception e) {
        return new AvroWireFormatException(Reason.INVALID_AVRO, id, "not valid Avro for writer schema id " + id
                + " (" + writer.getFullName() + ", " + (bytes.length - HEADER_LENGTH) + " byte(s) of data): " + e, e);
    }

    private static String describe(Object datum) {
        return datum == null ? "null" : datum.getClass().getName();
    }
}
