package io.metaspn.streams.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text passed on line by line through a {@link Redactor}. A partial line waits for its end (so
 * that a secret printed in pieces is still masked) and goes on at {@link #close()}; the target is
 * never closed.
 */
final class RedactingOutputStream extends OutputStream {
    private final OutputStream target;
    private final Redactor redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    RedactingOutputStream(OutputStream target, Redactor redactor) {
        this.target = target;
        this.redactor = redactor;
    }

    /** A print stream (autoflush, UTF-8) that redacts what it prints and passes it to {@code target}. */
    static PrintStream printStream(OutputStream target, Redactor redactor) {
        return new PrintStream(new RedactingOutputStream(target, redactor), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(bytes, start, end - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        emit();
        target.flush();
    }

    private void emit() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        target.write(redactor.redact(text).getBytes(StandardCharsets.UTF_8));
    }
}
