package io.metaspn.streams.stages;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;

/** The reference engine's Python semantics that the stages must reproduce exactly. */
public final class PythonCompat {
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    /** Below this magnitude a scaled value's ulp is at most 1/8, so its fraction is meaningful. */
    private static final double FAST_PATH_LIMIT = 0x1p49;

    /** Orders strings by Unicode code point, as Python does. */
    public static final Comparator<String> CODE_POINT_ORDER = PythonCompat::compareCodePoints;

    private PythonCompat() {
    }

    /**
     * Python's {@code round(x, digits)} on a float: the exact binary value of {@code x} rounded to
     * {@code digits} decimal places, ties to even, returned as the nearest double. Zero keeps its sign.
     */
    public static double round(double x, int digits) {
        if (!Double.isFinite(x)) {
            return x;
        }
        if (digits >= 0 && digits < POWERS_OF_TEN.length) {
            double scale = POWERS_OF_TEN[digits];
            double scaled = x * scale;
            if (Math.abs(scaled) < FAST_PATH_LIMIT) {
                double nearest = Math.rint(scaled);
                double distanceFromTie = Math.abs(Math.abs(scaled - nearest) - 0.5);
                // scaled is within half an ulp of the exact product: far from a tie, rint decides as the exact value would
                if (distanceFromTie > 4 * Math.ulp(scaled)) {
                    return Math.copySign(nearest / scale, x);
                }
            }
        }
        double rounded = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
        return Math.copySign(rounded, x);
    }

    /**
     * Compares two strings by Unicode code point (Python's order), not by UTF-16 unit. A surrogate
     * that is not part of a pair counts as the code point of its own value, as in Python.
     */
    public static int compareCodePoints(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
                    // the code point may have started one unit earlier (same high surrogate in both)
                    int start = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
                    return compareCodePointsFrom(a, b, start);
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    /** Code point by code point from {@code start}, a code point boundary in both strings. */
    private static int compareCodePointsFrom(String a, String b, int start) {
        int i = start;
        while (i < a.length() && i < b.length()) {
            int cpA = a.codePointAt(i);
            int cpB = b.codePointAt(i);
            if (cpA != cpB) {
                return Integer.compare(cpA, cpB);
            }
            i += Character.charCount(cpA);
        }
        return a.length() - b.length();
    }
}
