package io.metaspn.streams.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.ValidationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Timestamps}: ISO-8601 in with any offset, UTC with {@code Z} out, microseconds kept. */
class TimestampsTest {
    private static final Instant NOON = Instant.parse("2026-02-06T12:00:00Z");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private static Instant parse(String text) {
        return Timestamps.parse(text, "timestamp");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "2026-02-06T12:00:00Z",
        "2026-02-06T12:00:00z",
        "2026-02-06T12:00:00+00:00",
        "2026-02-06T12:00:00-00:00",
        "2026-02-06T17:30:00+05:30",
        "2026-02-06T17:30:00+0530",
        "2026-02-06T04:00:00-08:00",
        "2026-02-06T04:00:00-0800",
        "2026-02-07T01:45:00+13:45",
        "2026-02-06T00:00:00-12:00",
        "2026-02-06T12:00:00",
        "2026-02-06 12:00:00",
        "2026-02-06t12:00:00Z",
    })
    void offsetsNameTheSameInstant(String text) {
        assertThat(parse(text)).isEqualTo(NOON);
    }

    @Test
    void naiveMeansUtc() {
        assertThat(parse("2026-02-06T12:00:00.250")).isEqualTo(Instant.parse("2026-02-06T12:00:00.250Z"));
    }

    @Test
    void offsetsCrossDayAndYearBoundaries() {
        assertThat(parse("2026-01-01T00:30:00+05:30")).isEqualTo(Instant.parse("2025-12-31T19:00:00Z"));
        assertThat(parse("2026-02-06T17:00:00+05")).isEqualTo(Instant.parse("2026-02-06T12:00:00Z"));
        assertThat(parse("2026-02-06T04:00:00-08")).isEqualTo(Instant.parse("2026-02-06T12:00:00Z"));
        assertThat(parse("2025-12-31T20:00:00-08:00")).isEqualTo(Instant.parse("2026-01-01T04:00:00Z"));
        assertThat(parse("2024-02-29T23:59:59-01:00")).isEqualTo(Instant.parse("2024-03-01T00:59:59Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-02-06T12:00:00.5Z, 500000000",
        "2026-02-06T12:00:00.12Z, 120000000",
        "2026-02-06T12:00:00.123Z, 123000000",
        "2026-02-06T12:00:00.1234+00:00, 123400000",
        "2026-02-06T12:00:00.12345-00:00, 123450000",
        "2026-02-06T12:00:00.123456Z, 123456000",
        "2026-02-06T12:00:00.000001Z, 1000",
        "2026-02-06T12:00:00.0Z, 0",
        "2026-02-06T12:00:00.000000, 0",
    })
    void fractionsOfOneToSixDigits(String text, int nanos) {
        Instant instant = parse(text);
        assertThat(instant.getNano()).isEqualTo(nanos);
        assertThat(instant.truncatedTo(ChronoUnit.SECONDS)).isEqualTo(NOON);
    }

    @Test
    void fractionWithOffset() {
        assertThat(parse("2026-02-06T17:30:00.654321+05:30")).isEqualTo(Instant.parse("2026-02-06T12:00:00.654321Z"));
    }

    @ParameterizedTest(name = "rejects [{0}]")
    @ValueSource(strings = {"2026-02-06T12:00:00.1234567Z", "2026-02-06T12:00:00.123456789+00:00",
        "2026-02-06T12:00:00.Z", "2026-13-06T12:00:00Z", "2026-00-06T12:00:00Z", "2026-02-30T12:00:00Z",
        "2025-02-29T12:00:00Z", "2026-02-06T24:00:00Z", "2026-02-06T12:60:00Z", "2026-02-06T12:00:60Z",
        "2026-02-06T12:00:00+24:00", "2026-02-06T12:00:00+05:60", "2026-02-06T12:00:00+5:30",
        "2026-02-06T12:00:00 Z", "2026-02-06T12:00:00ZZ", "2026-02-06X12:00:00Z",
        "2026-2-06T12:00:00Z", "20260206T120000Z", "2026-02-06", "", "yesterday", "２０２６-02-06T12:00:00Z",
        "2026-02-06T12:00:00.+05:30", "+2026-02-06T12:00:00Z"})
    void rejects(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text, "timestamp"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("timestamp");
                    assertThat(e.getMessage()).contains("not an ISO-8601 timestamp", "'" + text + "'");
                });
    }

    @Test
    void rejectionNamesTheGivenField() {
        assertThatThrownBy(() -> Timestamps.parse("nope", "metadata.seen_at"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("metadata.seen_at"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2026-02-06T12:00:00Z, 2026-02-06T12:00:00Z",
        "2026-02-06T17:30:00+05:30, 2026-02-06T12:00:00Z",
        "2026-02-06T04:00:00.5-08:00, 2026-02-06T12:00:00.500000Z",
        "2026-02-06T12:00:00.000001, 2026-02-06T12:00:00.000001Z",
        "2026-02-06T12:00:00.120, 2026-02-06T12:00:00.120000Z",
        "2026-02-06T12:00:00.000, 2026-02-06T12:00:00Z",
        "1969-12-31T23:59:59.999999Z, 1969-12-31T23:59:59.999999Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z, 9999-12-31T23:59:59.999999Z",
        "2026-01-01T00:30:00+05:30, 2025-12-31T19:00:00Z",
    })
    void formatsUtcWithZAndSixFractionDigitsWhenNotZero(String text, String expected) {
        assertThat(Timestamps.format(parse(text))).isEqualTo(expected);
    }

    @Test
    void formatKeepsMicrosecondsAndDropsNanoseconds() {
        assertThat(Timestamps.format(Instant.parse("2026-02-06T12:00:00.000001999Z")))
                .isEqualTo("2026-02-06T12:00:00.000001Z");
        assertThat(Timestamps.format(Instant.parse("2026-02-06T12:00:00.000000999Z"))).isEqualTo("2026-02-06T12:00:00Z");
    }

    /** Instants with microsecond precision from year 1 to 9999. */
    @Property(tries = 3000)
    void roundTripKeepsTheInstant(@ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long epochSecond,
                                  @ForAll @IntRange(min = 0, max = 999_999) int micros) {
        Instant instant = Instant.ofEpochSecond(epochSecond, micros * 1000L);
        String text = Timestamps.format(instant);
        assertThat(text).endsWith("Z").hasSize(micros == 0 ? 20 : 27);
        assertThat(parse(text)).isEqualTo(instant);
        assertThat(Instant.parse(text)).isEqualTo(instant);
    }

    /** Any offset, any fraction length: the instant written in that form, and java.time's reading of it. */
    @Property(tries = 3000)
    void agreesWithJavaTime(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond,
                            @ForAll @IntRange(min = 0, max = 999_999) int micros,
                            @ForAll @IntRange(min = -18 * 60 + 1, max = 18 * 60 - 1) int offsetMinutes,
                            @ForAll @IntRange(min = 0, max = 6) int fractionDigits,
                            @ForAll boolean colon) {
        int kept = micros - micros % pow10(6 - fractionDigits);
        Instant instant = Instant.ofEpochSecond(epochSecond, kept * 1000L);
        OffsetDateTime local = instant.atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
        StringBuilder text = new StringBuilder(local.format(SECONDS));
        if (fractionDigits > 0) {
            text.append('.').append(String.format("%06d", kept), 0, fractionDigits);
        }
        int abs = Math.abs(offsetMinutes);
        text.append(offsetMinutes < 0 ? '-' : '+').append(String.format("%02d", abs / 60))
                .append(colon ? ":" : "").append(String.format("%02d", abs % 60));

        Instant parsed = parse(text.toString());
        assertThat(parsed).as(text.toString()).isEqualTo(instant);
        if (colon) {
            assertThat(OffsetDateTime.parse(text).toInstant()).isEqualTo(parsed);
        }
        String utc = instant.atOffset(ZoneOffset.UTC).format(SECONDS) + (kept == 0 ? "" : String.format(".%06d", kept))
                + "Z";
        assertThat(Timestamps.format(parsed)).isEqualTo(utc);
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
