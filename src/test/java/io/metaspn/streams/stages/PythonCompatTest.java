package io.metaspn.streams.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PythonCompat}: Python's {@code round(x, n)} on floats and Python's string order. */
class PythonCompatTest {

    /** The spec's definition of {@code round(x, n)}, sign of zero kept. */
    static double pythonRound(double x, int n) {
        return Math.copySign(new BigDecimal(x).setScale(n, RoundingMode.HALF_EVEN).doubleValue(), x);
    }

    // ---------------------------------------------------------------- round: known values

    @ParameterizedTest(name = "round({0}, {1}) = {2}")
    @CsvSource({
        // exact binary value just below the decimal tie: rounds down (Math.round(x * 1e4) / 1e4 gives 0.0002)
        "0.00015, 4, 0.0001",
        "0.015, 2, 0.01",
        "0.00035, 4, 0.0003",
        "0.045, 2, 0.04",
        "2.675, 2, 2.67",
        "-2.675, 2, -2.67",
        // exact ties go to the even neighbour
        "0.125, 2, 0.12",
        "0.375, 2, 0.38",
        "-0.125, 2, -0.12",
        "0.5, 0, 0.0",
        "1.5, 0, 2.0",
        "2.5, 0, 2.0",
        "-2.5, 0, -2.0",
        "3.5, 0, 4.0",
        // just above a tie
        "1.0000500000000001, 4, 1.0001",
        "1.00005, 4, 1.0001",
        "0.1, 1, 0.1",
        "0.8, 4, 0.8",
        "0.82, 4, 0.82",
        "1.005, 2, 1.0",
        "0.285, 2, 0.28",
        "0.615, 2, 0.61",
        "4.35, 1, 4.3",
        "0.0005, 3, 0.001",
        "0.1234565, 6, 0.123456",
        "1e-7, 6, 0.0",
        "123456.123456789, 6, 123456.123457",
        "1e20, 2, 1e20",
        "1.7976931348623157e308, 6, 1.7976931348623157e308",
        "562949953421312.5, 0, 562949953421312.0",
        "562949953421313.5, 0, 562949953421314.0",
        "9007199254740993, 3, 9007199254740992",
        "-123456789.98765432, 4, -123456789.9877",
        "4.9e-324, 10, 0.0",
    })
    void knownValues(double x, int n, double expected) {
        assertThat(PythonCompat.round(x, n)).isEqualTo(expected);
        assertThat(PythonCompat.round(x, n)).isEqualTo(pythonRound(x, n));
    }

    @Test
    void naiveScalingDiffersFromPython() {
        // 0.015 is 0.01499999999999999944...: Python rounds down, but 0.015 * 100 rounds to exactly 1.5
        assertThat(Math.round(0.015 * 100) / 100.0).isEqualTo(0.02);
        assertThat(PythonCompat.round(0.015, 2)).isEqualTo(0.01);
        assertThat(Math.round(0.00035 * 1e4) / 1e4).isEqualTo(0.0004);
        assertThat(PythonCompat.round(0.00035, 4)).isEqualTo(0.0003);
        // an exact tie: half-up against Python's half-even
        assertThat(Math.round(0.125 * 100) / 100.0).isEqualTo(0.13);
        assertThat(PythonCompat.round(0.125, 2)).isEqualTo(0.12);
    }

    @Test
    void zeroKeepsItsSign() {
        assertThat(PythonCompat.round(-0.00001, 2)).isEqualTo(-0.0);
        assertThat(PythonCompat.round(-0.4, 0)).isEqualTo(-0.0);
        assertThat(PythonCompat.round(-0.5, 0)).isEqualTo(-0.0);
        assertThat(PythonCompat.round(-0.0, 3)).isEqualTo(-0.0);
        assertThat(PythonCompat.round(0.0, 3)).isEqualTo(0.0);
        assertThat(PythonCompat.round(0.00001, 2)).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(PythonCompat.round(-1e-9, 4)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void nonFiniteValuesPassThrough() {
        assertThat(PythonCompat.round(Double.NaN, 2)).isNaN();
        assertThat(PythonCompat.round(Double.POSITIVE_INFINITY, 2)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PythonCompat.round(Double.NEGATIVE_INFINITY, 0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void manyDigitsAndLargeValuesUseTheExactPath() {
        double[] values = {0.1, 2.675, 1e15 + 0.3, 3.0e17, -7.25e21, 1.2345678901234567e-5, Math.PI, -Math.E};
        for (double x : values) {
            for (int n : new int[] {0, 1, 4, 15, 16, 17, 22, 23, 30, 330}) {
                assertThat(PythonCompat.round(x, n)).as("round(%s, %d)", x, n).isEqualTo(pythonRound(x, n));
            }
        }
    }

    @Test
    void everyTwoDecimalTieBelowTen() {
        // x.yz5 for all y, z: the double nearest is above, below or on the tie; all must follow the exact value
        for (int k = 0; k < 10_000; k++) {
            double x = (k * 10 + 5) / 1000.0;
            assertThat(PythonCompat.round(x, 2)).as("round(%s, 2)", x).isEqualTo(pythonRound(x, 2));
            assertThat(PythonCompat.round(-x, 2)).as("round(%s, 2)", -x).isEqualTo(pythonRound(-x, 2));
        }
    }

    // ---------------------------------------------------------------- round: properties

    @Property(tries = 5000)
    void agreesWithTheExactDefinitionOnAnyDouble(@ForAll double x, @ForAll @IntRange(min = 0, max = 10) int n) {
        assertThat(PythonCompat.round(x, n)).isEqualTo(pythonRound(x, n));
    }

    @Property(tries = 5000)
    void agreesWithTheExactDefinitionOnScoreLikeValues(
            @ForAll @DoubleRange(min = -1000, max = 1000) double x, @ForAll @IntRange(min = 0, max = 10) int n) {
        assertThat(PythonCompat.round(x, n)).isEqualTo(pythonRound(x, n));
    }

    /** Doubles within a few ulps of a decimal tie {@code (k + 0.5) / 10^n}: where a fast path can go wrong. */
    @Provide
    Arbitrary<double[]> nearTies() {
        Arbitrary<Integer> digits = Arbitraries.integers().between(0, 10);
        Arbitrary<Long> units = Arbitraries.longs().between(-2_000_000_000L, 2_000_000_000L);
        Arbitrary<Integer> ulps = Arbitraries.integers().between(-4, 4);
        return Combinators.combine(digits, units, ulps).as((n, k, offset) -> {
            double x = (k + 0.5) / Math.pow(10, n);
            for (int i = 0; i < Math.abs(offset); i++) {
                x = offset > 0 ? Math.nextUp(x) : Math.nextDown(x);
            }
            return new double[] {x, n};
        });
    }

    @Property(tries = 10000)
    void agreesWithTheExactDefinitionNearTies(@ForAll("nearTies") double[] xAndDigits) {
        double x = xAndDigits[0];
        int n = (int) xAndDigits[1];
        assertThat(PythonCompat.round(x, n)).as("round(%s, %d)", x, n).isEqualTo(pythonRound(x, n));
    }

    // ---------------------------------------------------------------- code point order

    @Test
    void charactersOutsideTheBmpComeAfterTheBmp() {
        String maxBmp = "\uFFFF";
        String grinning = "\uD83D\uDE00"; // U+1F600
        assertThat(maxBmp.compareTo(grinning)).as("UTF-16 order").isPositive();
        assertThat(PythonCompat.compareCodePoints(maxBmp, grinning)).isNegative();
        assertThat(PythonCompat.compareCodePoints(grinning, maxBmp)).isPositive();
        assertThat(PythonCompat.compareCodePoints("\uE000", "\uD800\uDC00")).isNegative(); // U+E000 < U+10000
        assertThat(PythonCompat.compareCodePoints("a\uFFFD", "a\uD83D\uDE00")).isNegative();
        assertThat(PythonCompat.compareCodePoints("\uD7FF", grinning)).isNegative();
        assertThat(PythonCompat.compareCodePoints("\uD83D\uDE00", "\uD83D\uDE01")).isNegative();
        assertThat(PythonCompat.compareCodePoints("\uD83D\uDE00", "\uD83E\uDD14")).isNegative(); // U+1F600 < U+1F914
        assertThat(PythonCompat.compareCodePoints("\uDBFF\uDFFF", "\uD800\uDC00")).isPositive(); // U+10FFFF > U+10000
    }

    @Test
    void ordinaryStrings() {
        assertThat(PythonCompat.compareCodePoints("c1", "c1")).isZero();
        assertThat(PythonCompat.compareCodePoints("", "")).isZero();
        assertThat(PythonCompat.compareCodePoints("", "a")).isNegative();
        assertThat(PythonCompat.compareCodePoints("c1", "c10")).isNegative();
        assertThat(PythonCompat.compareCodePoints("c10", "c2")).isNegative();
        assertThat(PythonCompat.compareCodePoints("B", "a")).isNegative();
        assertThat(PythonCompat.compareCodePoints("é", "z")).isPositive();
        assertThat(PythonCompat.compareCodePoints(grin(), grin() + "a")).isNegative();
    }

    @Test
    void loneSurrogatesOrderByTheirOwnValue() {
        // Python strings may hold lone surrogates (json.loads('"\\ud800"')); they are code points D800..DFFF
        assertThat(PythonCompat.compareCodePoints("\uD800", "\uE000")).isNegative();
        assertThat(PythonCompat.compareCodePoints("\uDC00", "\uFFFF")).isNegative();
        assertThat(PythonCompat.compareCodePoints("\uD7FF", "\uDFFF")).isNegative();
        assertThat(PythonCompat.compareCodePoints("\uDBFF", "\uD800\uDC00")).isNegative(); // U+DBFF < U+10000
        assertThat(PythonCompat.compareCodePoints("\uD800x", "\uD800\uDC00")).isNegative();
        assertThat(PythonCompat.compareCodePoints("\uD800\uE000", "\uD800\uDC00")).isNegative();
        assertThat(PythonCompat.compareCodePoints("\uD83D", grin())).isNegative();
        assertThat(PythonCompat.compareCodePoints("\uDE00", "\uE000")).isNegative();
    }

    @Test
    void sortingMatchesPythonSorted() {
        // sorted(["b", "\U0001F600", "\uffff", "a", "\ue000", "ab"]) in Python
        List<String> ids = new ArrayList<>(List.of("b", grin(), "\uFFFF", "a", "\uE000", "ab"));
        ids.sort(PythonCompat.CODE_POINT_ORDER);
        assertThat(ids).containsExactly("a", "ab", "b", "\uE000", "\uFFFF", grin());
    }

    private static String grin() {
        return "\uD83D\uDE00";
    }

    static int byCodePointArrays(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** Strings over characters where UTF-16 and code point order disagree, including lone surrogates. */
    @Provide
    Arbitrary<String> trickyStrings() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between('a', 'e')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x7F, 0x80)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(0x10000, 0x1F600, 0x1F601, 0x10FFFF, 0x1F914)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xD800, 0xDFFF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0x10FFFF)));
        return codePoints.list().ofMaxSize(6).map(list -> {
            StringBuilder s = new StringBuilder();
            list.forEach(s::appendCodePoint);
            return s.toString();
        });
    }

    @Property(tries = 5000)
    void agreesWithCodePointArrays(@ForAll("trickyStrings") String a, @ForAll("trickyStrings") String b) {
        assertThat(Integer.signum(PythonCompat.compareCodePoints(a, b))).as("compare(%s, %s)", escape(a), escape(b))
                .isEqualTo(Integer.signum(byCodePointArrays(a, b)));
    }

    @Property(tries = 2000)
    void agreesWithCodePointArraysOnSharedPrefixes(@ForAll("trickyStrings") String prefix,
                                                   @ForAll("trickyStrings") String a, @ForAll("trickyStrings") String b) {
        String x = prefix + a;
        String y = prefix + b;
        assertThat(Integer.signum(PythonCompat.compareCodePoints(x, y))).as("compare(%s, %s)", escape(x), escape(y))
                .isEqualTo(Integer.signum(byCodePointArrays(x, y)));
    }

    @Property(tries = 2000)
    void agreesWithCodePointArraysOnAnyStrings(@ForAll String a, @ForAll String b) {
        assertThat(Integer.signum(PythonCompat.compareCodePoints(a, b)))
                .isEqualTo(Integer.signum(byCodePointArrays(a, b)));
        assertThat(Integer.signum(PythonCompat.compareCodePoints(a, a))).isZero();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x80 && c >= 0x20 ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return out.toString();
    }
}
