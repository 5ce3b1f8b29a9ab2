package io.metaspn.streams.ops;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a request path asks for: one of the endpoint's paths, or nothing it serves. */
sealed interface Route {

    /** {@code /health/live}. */
    record Live() implements Route {
    }

    /** {@code /health/ready}. */
    record Ready() implements Route {
    }

    /** {@code /metrics}. */
    record Metrics() implements Route {
    }

    /** {@code /topology}. */
    record Topology() implements Route {
    }

    /**
     * {@code /state/{stage}/{entity}}, each segment percent-decoded (an entity key may hold {@code :} or, encoded
     * as {@code %2F}, {@code /}).
     */
    record State(String stage, String entity) implements Route {
        /** The path of this query, each segment percent-encoded. */
        String path() {
            return "/state/" + encodeSegment(stage) + "/" + encodeSegment(entity);
        }
    }

    /** A path the endpoint does not serve. */
    record NotFound() implements Route {
    }

    /** A path that cannot be decoded (a bad percent-encoding, not UTF-8). */
    final class MalformedPathException extends Exception {
        MalformedPathException(String message) {
            super(message);
        }
    }

    /** The route of a request's raw (still percent-encoded) path. */
    static Route parse(String rawPath) throws MalformedPathException {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new MalformedPathException("the request target must be an absolute path");
        }
        switch (rawPath) {
            case "/health/live":
                return new Live();
            case "/health/ready":
                return new Ready();
            case "/metrics":
                return new Metrics();
            case "/topology":
                return new Topology();
            default:
                break;
        }
        List<String> segments = List.of(rawPath.substring(1).split("/", -1));
        if (segments.size() == 3 && segments.get(0).equals("state") && !segments.get(1).isEmpty()
                && !segments.get(2).isEmpty()) {
            return new State(decodeSegment(segments.get(1)), decodeSegment(segments.get(2)));
        }
        return new NotFound();
    }

    /** A path segment percent-decoded as UTF-8 ({@code +} stays a plus: this is a path, not a form). */
    static String decodeSegment(String raw) throws MalformedPathException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                if (c > 0x7f) {
                    throw new MalformedPathException("a path may hold only ASCII characters (percent-encode the rest)");
                }
                bytes.write(c);
                continue;
            }
            if (i + 2 >= raw.length()) {
                throw new MalformedPathException("a '%' in the path is not followed by two hex digits");
            }
            int high = Character.digit(raw.charAt(i + 1), 16);
            int low = Character.digit(raw.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                throw new MalformedPathException("a '%' in the path is not followed by two hex digits");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPathException("the path's percent-encoded bytes are not UTF-8");
        }
    }

    /** {@code text} as a path segment: everything but RFC 3986's unreserved characters percent-encoded. */
    static String encodeSegment(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The names of the paths served, for a 404's body. */
    static List<String> paths() {
        return new ArrayList<>(List.of("/health/live", "/health/ready", "/metrics", "/state/{stage}/{entity}",
                "/topology"));
    }
}
