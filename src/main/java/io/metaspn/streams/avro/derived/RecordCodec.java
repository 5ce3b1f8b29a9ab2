package io.metaspn.streams.avro.derived;

import io.metaspn.streams.engine.ValidationException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts a Java record to and from an Avro {@link GenericRecord} of a schema of the shape
 * {@link RecordSchemas#schemaOf} derives (fields matched by their snake_case names). The reflective
 * accessors and the canonical constructor are looked up once, when the codec is made; converting a
 * record only invokes them.
 *
 * <p>Values in the generic records are Avro's plain generic representation, so a plain
 * {@link org.apache.avro.generic.GenericDatumWriter} writes them: strings as {@link String},
 * {@code Instant}s as {@code long} microseconds since the epoch (sub-microsecond digits dropped), enums
 * as {@link GenericData.EnumSymbol}, lists as lists and maps as {@link LinkedHashMap}s in the record's
 * order. Reading accepts what a {@link org.apache.avro.generic.GenericDatumReader} gives: any
 * {@link CharSequence} for strings and map keys ({@code Utf8}), {@code Long} or {@code Instant} for
 * timestamps, any symbol for enums.
 *
 * <p>Nulls: a boxed or {@code Optional} component is written as null when null or empty, and read as
 * null or {@link Optional#empty()}. Writing {@code null} where the schema has no null branch, or reading a
 * missing value into such a field, throws a {@link ValidationException} naming the field
 * ({@code episodes[2]}, {@code stats.last_route}).
 *
 * <p>Records written with an older, compatible schema are read by resolving them to this codec's schema
 * first: decode with {@code new GenericDatumReader<>(writerSchema, codec.schema())}.
 *
 * @param <R> the record type
 */
public final class RecordCodec<R extends Record> {
    private final Class<R> type;
    private final Schema schema;
    private final RecordConverter converter;

    private RecordCodec(Class<R> type, Schema schema, RecordConverter converter) {
        this.type = type;
        this.schema = schema;
        this.converter = converter;
    }

    /**
     * A codec for {@code type} and a record schema with a field for each of its components.
     *
     * @throws IllegalArgumentException naming the component when the schema does not fit the record
     */
    public static <R extends Record> RecordCodec<R> of(Class<R> type, Schema schema) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schema, "schema");
        return new RecordCodec<>(type, schema, new Builder().record(type, schema, "record " + type.getName()));
    }

    /** A codec for {@code type} with its derived schema ({@link RecordSchemas#schemaOf}). */
    public static <R extends Record> RecordCodec<R> derive(Class<R> type, String namespace) {
        return of(type, RecordSchemas.schemaOf(type, namespace));
    }

    /** The record type. */
    public Class<R> type() {
        return type;
    }

    /** The schema of the records this codec writes and reads. */
    public Schema schema() {
        return schema;
    }

    /**
     * The Avro record of a Java record.
     *
     * @throws ValidationException naming the field when a required value is null
     */
    public GenericRecord toAvro(R value) {
        Objects.requireNonNull(value, "value");
        return converter.toAvro(value);
    }

    /**
     * The Java record of an Avro record of this codec's schema (by field name; fields the Java record
     * lacks are ignored).
     *
     * @throws ValidationException naming the field when a required value is missing or not of its type
     */
    public R fromAvro(GenericRecord record) {
        Objects.requireNonNull(record, "record");
        return type.cast(converter.fromAvro(record));
    }

    @Override
    public String toString() {
        return "RecordCodec[" + type.getName() + " ⇄ " + schema.getFullName() + "]";
    }

    /** Converts one value between its Java and its Avro generic form. */
    private interface Converter {
        Object toAvro(Object value);

        Object fromAvro(Object value);
    }

    /** Builds converters by walking a Java type and an Avro schema together. */
    private static final class Builder {
        private final Map<Class<?>, RecordConverter> records = new HashMap<>();

        RecordConverter record(Class<?> type, Schema schema, String where) {
            if (schema.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException(where + ": schema " + schema.getFullName() + " is not a record");
            }
            RecordConverter known = records.get(type);
            if (known != null) {
                if (known.schema != schema) {
                    throw new IllegalArgumentException(where + ": record " + type.getName()
                            + " appears with two schemas");
                }
                return known;
            }
            RecordConverter converter = new RecordConverter(type, schema);
            records.put(type, converter);
            converter.build(this);
            return converter;
        }

        Converter converter(Type type, Schema schema, String where) {
            Schema nonNull = nonNullBranch(schema, where);
            boolean nullable = nonNull != schema;
            if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
                if (!nullable) {
                    throw new IllegalArgumentException(where + ": Optional needs a nullable schema, not " + schema);
                }
                Converter inner = converter(p.getActualTypeArguments()[0], nonNull, where);
                return new Converter() {
                    @Override
                    public Object toAvro(Object value) {
                        Optional<?> optional = (Optional<?>) value;
                        return optional == null || optional.isEmpty() ? null : inner.toAvro(optional.get());
                    }

                    @Override
                    public Object fromAvro(Object value) {
                        return value == null ? Optional.empty() : Optional.ofNullable(inner.fromAvro(value));
                    }
                };
            }
            Converter plain = plain(type, nonNull, where);
            boolean mayBeNull = nullable && !(type instanceof Class<?> c && c.isPrimitive());
            return new Converter() {
                @Override
                public Object toAvro(Object value) {
                    if (value == null) {
                        if (mayBeNull) {
                            return null;
                        }
                        throw new ValidationException(null, "is null, and its schema has no null");
                    }
                    return plain.toAvro(value);
                }

                @Override
                public Object fromAvro(Object value) {
                    if (value == null) {
                        if (mayBeNull) {
                            return null;
                        }
                        throw new ValidationException(null, "is missing");
                    }
                    return plain.fromAvro(value);
                }
            };
        }

        private Converter plain(Type type, Schema schema, String where) {
            if (type instanceof Class<?> c) {
                Class<?> primitive = c.isPrimitive() ? c : unboxed(c);
                if (primitive != null) {
                    return number(primitive, schema, where);
                }
                if (c == String.class) {
                    expect(schema, Schema.Type.STRING, where);
                    return simple(value -> value, value -> value.toString());
                }
                if (c == Instant.class) {
                    return instant(schema, where);
                }
                if (c.isEnum()) {
                    return enumeration(c, schema, where);
                }
                if (c.isRecord()) {
                    RecordConverter record = record(c, schema, where);
                    return simple(record::toAvro, value -> record.fromAvro((GenericRecord) value));
                }
            }
            if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
                expect(schema, Schema.Type.ARRAY, where);
                Converter item = converter(p.getActualTypeArguments()[0], schema.getElementType(), where);
                return new Converter() {
                    @Override
                    public Object toAvro(Object value) {
                        List<?> list = (List<?>) value;
                        List<Object> items = new ArrayList<>(list.size());
                        int i = 0;
                        for (Object element : list) {
                            items.add(at("[" + i++ + "]", () -> item.toAvro(element)));
                        }
                        return items;
                    }

                    @Override
                    public Object fromAvro(Object value) {
                        Collection<?> array = (Collection<?>) value;
                        List<Object> items = new ArrayList<>(array.size());
                        int i = 0;
                        for (Object element : array) {
                            items.add(at("[" + i++ + "]", () -> item.fromAvro(element)));
                        }
                        return Collections.unmodifiableList(items);
                    }
                };
            }
            if (type instanceof ParameterizedType p && p.getRawType() == Map.class
                    && p.getActualTypeArguments()[0] == String.class) {
                expect(schema, Schema.Type.MAP, where);
                Converter entry = converter(p.getActualTypeArguments()[1], schema.getValueType(), where);
                return new Converter() {
                    @Override
                    public Object toAvro(Object value) {
                        Map<?, ?> map = (Map<?, ?>) value;
                        Map<String, Object> entries = new LinkedHashMap<>(Math.max(4, map.size() * 2));
                        map.forEach((key, element) -> entries.put((String) key,
                                at("." + key, () -> entry.toAvro(element))));
                        return entries;
                    }

                    @Override
                    public Object fromAvro(Object value) {
                        Map<?, ?> map = (Map<?, ?>) value;
                        Map<String, Object> entries = new LinkedHashMap<>(Math.max(4, map.size() * 2));
                        map.forEach((key, element) -> entries.put(key.toString(),
                                at("." + key, () -> entry.fromAvro(element))));
                        return Collections.unmodifiableMap(entries);
                    }
                };
            }
            throw new IllegalArgumentException(where + ": unsupported type " + type.getTypeName()
                    + " (see RecordSchemas for the mapped types)");
        }

        private static Converter number(Class<?> primitive, Schema schema, String where) {
            if (primitive == boolean.class) {
                expect(schema, Schema.Type.BOOLEAN, where);
                return simple(value -> value, value -> (Boolean) value);
            } else if (primitive == int.class) {
                expect(schema, Schema.Type.INT, where);
                return simple(value -> value, value -> ((Number) value).intValue());
            } else if (primitive == long.class) {
                expect(schema, Schema.Type.LONG, where);
                return simple(value -> value, value -> ((Number) value).longValue());
            } else if (primitive == float.class) {
                expect(schema, Schema.Type.FLOAT, where);
                return simple(value -> value, value -> ((Number) value).floatValue());
            } else if (primitive == double.class) {
                expect(schema, Schema.Type.DOUBLE, where);
                return simple(value -> value, value -> ((Number) value).doubleValue());
            }
            throw new IllegalArgumentException(where + ": unsupported type " + primitive.getName()
                    + " (see RecordSchemas for the mapped types)");
        }

        private static Converter instant(Schema schema, String where) {
            expect(schema, Schema.Type.LONG, where);
            LogicalType logical = schema.getLogicalType();
            if (logical instanceof LogicalTypes.TimestampMicros) {
                return simple(value -> toMicros((Instant) value),
                        value -> value instanceof Instant i ? i.truncatedTo(ChronoUnit.MICROS)
                                : ofMicros(((Number) value).longValue()));
            }
            if (logical instanceof LogicalTypes.TimestampMillis) {
                return simple(value -> ((Instant) value).toEpochMilli(),
                        value -> value instanceof Instant i ? i.truncatedTo(ChronoUnit.MILLIS)
                                : Instant.ofEpochMilli(((Number) value).longValue()));
            }
            throw new IllegalArgumentException(where + ": an Instant needs a long with logical type "
                    + "timestamp-micros or timestamp-millis, not " + schema);
        }

        private static Converter enumeration(Class<?> type, Schema schema, String where) {
            expect(schema, Schema.Type.ENUM, where);
            Map<String, Object> constants = new HashMap<>();
            Map<Object, GenericData.EnumSymbol> symbols = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                constants.put(name, constant);
                if (schema.hasEnumSymbol(name)) {
                    symbols.put(constant, new GenericData.EnumSymbol(schema, name));
                }
            }
            return simple(value -> {
                GenericData.EnumSymbol symbol = symbols.get(value);
                if (symbol == null) {
                    throw new ValidationException(null, value + " is not a symbol of " + schema.getFullName());
                }
                return symbol;
            }, value -> {
                String name = value instanceof GenericEnumSymbol<?> s ? s.toString() : value.toString();
                Object constant = constants.get(name);
                if (constant == null) {
                    throw new ValidationException(null, name + " is not a constant of " + type.getName());
                }
                return constant;
            });
        }

        private static void expect(Schema schema, Schema.Type expected, String where) {
            if (schema.getType() != expected) {
                throw new IllegalArgumentException(where + ": needs a " + expected.getName() + " schema, not "
                        + schema);
            }
        }

        private static Schema nonNullBranch(Schema schema, String where) {
            if (schema.getType() != Schema.Type.UNION) {
                return schema;
            }
            List<Schema> types = schema.getTypes();
            if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL) {
                return types.get(1);
            }
            if (types.size() == 2 && types.get(1).getType() == Schema.Type.NULL) {
                return types.get(0);
            }
            throw new IllegalArgumentException(where + ": unsupported union " + schema
                    + " (only a null and one other type)");
        }

        private static Class<?> unboxed(Class<?> c) {
            if (c == Boolean.class) {
                return boolean.class;
            } else if (c == Integer.class) {
                return int.class;
            } else if (c == Long.class) {
                return long.class;
            } else if (c == Float.class) {
                return float.class;
            } else if (c == Double.class) {
                return double.class;
            }
            return null;
        }
    }

    /** One record type: its cached accessors, canonical constructor and field converters. */
    private static final class RecordConverter {
        private final Class<?> type;
        private final Schema schema;
        private Method[] accessors;
        private Constructor<?> constructor;
        private Converter[] converters;
        private String[] names;
        private int[] positions;
        private Object[] fillers;
        private int[] fillerPositions;

        RecordConverter(Class<?> type, Schema schema) {
            this.type = type;
            this.schema = schema;
        }

        void build(Builder builder) {
            RecordComponent[] components = type.getRecordComponents();
            accessors = new Method[components.length];
            converters = new Converter[components.length];
            names = new String[components.length];
            positions = new int[components.length];
            Class<?>[] parameterTypes = new Class<?>[components.length];
            List<String> covered = new ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                String where = "record " + type.getName() + ", component " + component.getName();
                String name = RecordSchemas.fieldName(component.getName());
                Schema.Field field = schema.getField(name);
                if (field == null) {
                    throw new IllegalArgumentException(where + ": schema " + schema.getFullName()
                            + " has no field " + name);
                }
                names[i] = name;
                positions[i] = field.pos();
                covered.add(name);
                converters[i] = builder.converter(component.getGenericType(), field.schema(), where);
                accessors[i] = accessible(component.getAccessor());
                parameterTypes[i] = component.getType();
            }
            List<Object> defaults = new ArrayList<>();
            List<Integer> defaultPositions = new ArrayList<>();
            for (Schema.Field field : schema.getFields()) {
                if (!covered.contains(field.name())) {
                    if (!field.hasDefaultValue()) {
                        throw new IllegalArgumentException("record " + type.getName() + ": schema "
                                + schema.getFullName() + " field " + field.name()
                                + " is not a component and has no default");
                    }
                    defaults.add(GenericData.get().getDefaultValue(field));
                    defaultPositions.add(field.pos());
                }
            }
            fillers = defaults.toArray();
            fillerPositions = defaultPositions.stream().mapToInt(Integer::intValue).toArray();
            try {
                constructor = accessible(type.getDeclaredConstructor(parameterTypes));
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("record " + type.getName() + " has no canonical constructor", e);
            }
        }

        GenericRecord toAvro(Object value) {
            GenericData.Record record = new GenericData.Record(schema);
            for (int i = 0; i < accessors.length; i++) {
                Object component = invoke(accessors[i], value);
                Converter converter = converters[i];
                record.put(positions[i], at(names[i], () -> converter.toAvro(component)));
            }
            for (int i = 0; i < fillers.length; i++) {
                record.put(fillerPositions[i], GenericData.get().deepCopy(
                        schema.getFields().get(fillerPositions[i]).schema(), fillers[i]));
            }
            return record;
        }

        Object fromAvro(GenericRecord record) {
            Object[] arguments = new Object[converters.length];
            boolean sameSchema = record.getSchema() == schema;
            for (int i = 0; i < converters.length; i++) {
                Object avro;
                if (sameSchema) {
                    avro = record.get(positions[i]);
                } else {
                    Schema.Field field = record.getSchema().getField(names[i]);
                    avro = field == null ? null : record.get(field.pos());
                }
                Converter converter = converters[i];
                arguments[i] = at(names[i], () -> converter.fromAvro(avro));
            }
            try {
                return constructor.newInstance(arguments);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("constructing " + type.getName(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("constructing " + type.getName(), e);
            }
        }

        private static Object invoke(Method accessor, Object target) {
            try {
                return accessor.invoke(target);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("calling " + accessor, e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("calling " + accessor, e);
            }
        }

        private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
            member.trySetAccessible();
            return member;
        }
    }

    private static Object at(String path, java.util.function.Supplier<Object> conversion) {
        try {
            return conversion.get();
        } catch (ValidationException e) {
            throw e.under(path.startsWith(".") ? path.substring(1) : path);
        }
    }

    private static Converter simple(java.util.function.UnaryOperator<Object> toAvro,
                                       java.util.function.UnaryOperator<Object> fromAvro) {
        return new Converter() {
            @Override
            public Object toAvro(Object value) {
                return toAvro.apply(value);
            }

            @Override
            public Object fromAvro(Object value) {
                return fromAvro.apply(value);
            }
        };
    }

    private static long toMicros(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new ValidationException(null, instant + " is out of the range of timestamp-micros");
        }
    }

    private static Instant ofMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
