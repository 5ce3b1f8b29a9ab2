package io.metaspn.streams.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;

/**
 * The bearer token that guards state queries, read from a file (a mounted Kubernetes Secret, say): its content,
 * trimmed. The file is read again when its modification time, size or identity changes (Kubernetes swaps a
 * Secret's files by a symbolic link when it rotates them), so a rotated token is in force at the next request.
 * Only the token's SHA-256 digest is kept, and a presented token is compared by digest in constant time; the
 * token itself is never logged or returned.
 */
final class BearerToken {
    /** The result of checking a request's {@code Authorization} header. */
    enum Check {
        /** The right token. */
        ACCEPTED,
        /** No {@code Authorization: Bearer} header. */
        MISSING,
        /** Another token. */
        REFUSED,
        /** The token file cannot be read now, or is empty: every request is refused. */
        UNAVAILABLE
    }

    private static final String SCHEME = "bearer ";
    private final Path file;
    private Object version;
    private byte[] digest;

    /** The token in {@code file}; fails when it cannot be read or is empty. */
    BearerToken(Path file) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        if (!reload()) {
            throw new IOException(file + ": the HTTP token file is empty");
        }
    }

    /** Checks an {@code Authorization} header (null when absent) against the file's current token. */
    Check check(String authorization) {
        byte[] expected;
        try {
            expected = current();
        } catch (IOException e) {
            return Check.UNAVAILABLE;
        }
        if (expected == null) {
            return Check.UNAVAILABLE;
        }
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Check.MISSING;
        }
        byte[] presented = sha256(authorization.substring(SCHEME.length()).trim());
        return MessageDigest.isEqual(expected, presented) ? Check.ACCEPTED : Check.REFUSED;
    }

    /** The digest of the file's token, read again when the file changed; null when it is empty. */
    private synchronized byte[] current() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!versionOf(attributes).equals(version)) {
            reload();
        }
        return digest;
    }

    /** Reads the file; false when it holds no token. */
    private synchronized boolean reload() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        digest = token.isEmpty() ? null : sha256(token);
        version = versionOf(attributes);
        return digest != null;
    }

    private static Object versionOf(BasicFileAttributes attributes) {
        return java.util.List.of(attributes.lastModifiedTime(), attributes.size(),
                String.valueOf(attributes.fileKey()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
