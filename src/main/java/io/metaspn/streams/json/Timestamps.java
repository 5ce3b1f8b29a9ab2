package io.metaspn.streams.json;

import io.metaspn.streams.engine.ValidationException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * ISO-8601 timestamps at the JSON boundary. Reads {@code YYYY-MM-DD[T ]hh:mm:ss[.ffffff][Z|±hh[[:]mm]]}
 * (fractions up to microseconds; no offset means UTC) and writes UTC with {@code Z}, with six
 * fraction digits when the instant has a fraction (as Python's {@code isoformat} does).
 */
public final class Timestamps {
    private Timestamps() {
    }

    /** The instant {@code text} names; a {@link ValidationException} on field {@code field} if it names none. */
    public static Instant parse(String text, String field) {
        try {
            return parseStrict(text);
        } catch (DateTimeException | IndexOutOfBoundsException | NumberFormatException e) {
            throw new ValidationException(field, "is not an ISO-8601 timestamp: '" + text + "'"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private static Instant parseStrict(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw new DateTimeException("expected YYYY-MM-DDThh:mm:ss");
        }
        char separator = s.charAt(10);
        if (separator != 'T' && separator != 't' && separator != ' ') {
            throw new DateTimeException("expected 'T' between date and time");
        }
        LocalDate date = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int pos = 19;
        int nanos = 0;
        if (pos < n && s.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < n && isDigit(s.charAt(pos))) {
                pos++;
            }
            int count = pos - start;
            if (count == 0 || count > 6) {
                throw new DateTimeException("fraction must have 1 to 6 digits (microseconds)");
            }
            nanos = digits(s, start, pos);
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = 0;
        if (pos < n) {
            char c = s.charAt(pos);
            if ((c == 'Z' || c == 'z') && pos + 1 == n) {
                pos++;
            } else if (c == '+' || c == '-') {
                int sign = c == '-' ? -1 : 1;
                int hours = digits(s, pos + 1, pos + 3);
                int minutes = 0;
                if (pos + 3 == n) {
                    pos += 3;
                } else if (s.charAt(pos + 3) == ':') {
                    minutes = digits(s, pos + 4, pos + 6);
                    pos += 6;
                } else {
                    minutes = digits(s, pos + 3, pos + 5);
                    pos += 5;
                }
                if (hours > 23 || minutes > 59) {
                    throw new DateTimeException("offset out of range");
                }
                offsetSeconds = sign * (hours * 3600 + minutes * 60);
            }
            if (pos != n) {
                throw new DateTimeException("unexpected text after the time");
            }
        }
        LocalTime time = LocalTime.of(hour, minute, second, nanos);
        long epochSecond = date.toEpochDay() * 86_400L + time.toSecondOfDay() - offsetSeconds;
        ZoneOffset.ofTotalSeconds(offsetSeconds);
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String s, int from, int to) {
        if (to > s.length()) {
            throw new DateTimeException("truncated");
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                throw new DateTimeException("expected a digit at position " + i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code instant} as ISO-8601 UTC with {@code Z}, microseconds kept (six digits when not zero). */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        int micros = instant.getNano() / 1000;
        StringBuilder out = new StringBuilder(27);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            throw new DateTimeException("year out of range for ISO-8601 output: " + year);
        }
        pad(out, year, 4).append('-');
        pad(out, date.getMonthValue(), 2).append('-');
        pad(out, date.getDayOfMonth(), 2).append('T');
        pad(out, secondOfDay / 3600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2);
        if (micros != 0) {
            pad(out.append('.'), micros, 6);
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
