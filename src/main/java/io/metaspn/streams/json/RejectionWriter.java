package io.metaspn.streams.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.metaspn.streams.jsonvalue.JsonMappers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Reports rejected input lines, one JSON object per line, flushed at once:
 * {@code {"line": N, "signal_id": ... or null, "field": ... or null, "error": "..."}}.
 * Closing it flushes but leaves the stream open.
 */
public final class RejectionWriter implements AutoCloseable {
    private final JsonGenerator out;

    public RejectionWriter(OutputStream errors) {
        try {
            out = JsonMappers.MAPPER.getFactory().createGenerator(errors, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        out.setRootValueSeparator(null);
    }

    /** Reports line {@code lineNumber} as rejected for {@code reason}. */
    public void reject(long lineNumber, InvalidSignalException reason) {
        try {
            out.writeStartObject();
            out.writeNumberField("line", lineNumber);
            out.writeStringField("signal_id", reason.signalId());
            out.writeStringField("field", reason.field());
            out.writeStringField("error", reason.getMessage());
            out.writeEndObject();
            out.writeRaw('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
