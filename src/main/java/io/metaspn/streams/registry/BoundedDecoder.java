package io.metaspn.streams.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder over a byte array that refuses declared lengths and item counts the remaining
 * bytes cannot hold before anything is allocated for them, so corrupt input fails fast instead of
 * allocating up to gigabytes. Item counts may exceed the remaining bytes by {@link #ZERO_SIZE_ITEM_SLACK}
 * (items such as nulls take no bytes).
 */
final class BoundedDecoder extends Decoder {

    /** How many items a collection block may hold beyond the remaining byte count. */
    static final long ZERO_SIZE_ITEM_SLACK = 1024;

    private final BinaryDecoder in;

    BoundedDecoder(BinaryDecoder in) {
        this.in = in;
    }

    private int remaining() throws IOException {
        return in.inputStream().available();
    }

    private int length(String what) throws IOException {
        long length = in.readLong();
        if (length < 0) {
            throw new AvroRuntimeException("Malformed data: " + what + " length is negative: " + length);
        }
        int remaining = remaining();
        if (length > remaining) {
            throw new AvroRuntimeException("Malformed data: " + what + " length " + length + " exceeds the "
                    + remaining + " byte(s) left");
        }
        return (int) length;
    }

    private long count(long count, String what) throws IOException {
        int remaining = remaining();
        if (count > remaining + ZERO_SIZE_ITEM_SLACK) {
            throw new AvroRuntimeException("Malformed data: " + what + " block of " + count + " items exceeds the "
                    + remaining + " byte(s) left");
        }
        return count;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        if (length > 0) {
            in.readFixed(result.getBytes(), 0, length);
        }
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("string");
        byte[] bytes = new byte[length];
        in.readFixed(bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes");
        ByteBuffer result = old != null && old.capacity() >= length ? old : ByteBuffer.allocate(length);
        result.clear();
        in.readFixed(result.array(), result.arrayOffset(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length("bytes"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return count(in.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return count(in.arrayNext(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return count(in.skipArray(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return count(in.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return count(in.mapNext(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return count(in.skipMap(), "map");
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
