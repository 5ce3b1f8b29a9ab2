package io.metaspn.streams.engine;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Argument checks that fail with a {@link ValidationException} naming the field. */
public final class Checks {
    private Checks() {
    }

    /** The value, when it is present and not empty. */
    public static String nonEmpty(String value, String field) {
        if (value == null) {
            throw new ValidationException(field, "is missing");
        }
        if (value.isEmpty()) {
            throw new ValidationException(field, "must not be empty");
        }
        return value;
    }

    /** The value, when it is present (possibly empty). */
    public static <V> V present(V value, String field) {
        if (value == null) {
            throw new ValidationException(field, "is missing");
        }
        return value;
    }

    /** The value, when it is a finite number (not NaN, not infinite). */
    public static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new ValidationException(field, "must be a finite number, got " + value);
        }
        return value;
    }

    /** The value, when it is finite and not negative. */
    public static double nonNegative(double value, String field) {
        finite(value, field);
        if (value < 0) {
            throw new ValidationException(field, "must not be negative, got " + value);
        }
        return value;
    }

    /** The value, when it is not negative. */
    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new ValidationException(field, "must not be negative, got " + value);
        }
        return value;
    }

    /** The list, when it is present and has at least one element. */
    public static <E> List<E> nonEmpty(List<E> list, String field) {
        present(list, field);
        if (list.isEmpty()) {
            throw new ValidationException(field, "must not be empty");
        }
        return list;
    }

    /** Fails naming {@code field[i].idField} when two elements share an id. */
    public static <E> void uniqueIds(Collection<E> elements, Function<E, String> id, String field, String idField) {
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (E element : elements) {
            String value = id.apply(element);
            if (!seen.add(value)) {
                throw new ValidationException(field + "[" + index + "]." + idField,
                        "repeats " + idField + " '" + value + "'");
            }
            index++;
        }
    }

    /** Builds each element with its index, so errors carry the path {@code field[i].…}. */
    public static <E> List<E> eachOf(List<E> elements, String field) {
        present(elements, field);
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i) == null) {
                throw new ValidationException(field + "[" + i + "]", "is missing");
            }
        }
        return List.copyOf(elements);
    }
}
