package io.metaspn.streams.avro.derived;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Derives an Avro schema from a Java {@code record} type, deterministically: the same record types
 * give the same schema text on every call and in every JVM, so a derived schema can be committed and
 * diffed, and a change to a record shows up in review and in the compatibility gate
 * ({@link DerivedSchemas}).
 *
 * <p>Fields follow the record components in declaration order. Field names are the components' names
 * in snake_case, exactly as the JSON boundary writes them (Jackson's {@code SNAKE_CASE}:
 * {@code listenerId} → {@code listener_id}), so a record's Avro and JSON field names agree.
 * Nested records and enums are named by their Java simple name in the given namespace (the Java
 * package does not appear in the schema, so moving a class does not change its schema); each is
 * defined once and referred to by name afterwards.
 *
 * <table>
 * <caption>Type mapping</caption>
 * <tr><th>Java component type</th><th>Avro type</th><th>field default</th></tr>
 * <tr><td>{@code boolean}, {@code int}, {@code long}, {@code float}, {@code double}</td>
 *     <td>{@code boolean}, {@code int}, {@code long}, {@code float}, {@code double}</td>
 *     <td>{@code false} / {@code 0}</td></tr>
 * <tr><td>{@code Boolean}, {@code Integer}, {@code Long}, {@code Float}, {@code Double}</td>
 *     <td>{@code ["null", T]}</td><td>{@code null}</td></tr>
 * <tr><td>{@code String}</td><td>{@code string}</td><td>{@code ""}</td></tr>
 * <tr><td>{@code Instant}</td><td>{@code long} with logical type {@code timestamp-micros} (as the
 *     reference envelopes' timestamps; sub-microsecond digits are dropped)</td><td>none</td></tr>
 * <tr><td>an {@code enum}</td><td>{@code enum} (symbols: the constants' names, in order)</td>
 *     <td>none</td></tr>
 * <tr><td>{@code List<X>}</td><td>{@code array} of X</td><td>{@code []}</td></tr>
 * <tr><td>{@code Map<String, X>}</td><td>{@code map} of X</td><td>{@code {}}</td></tr>
 * <tr><td>a {@code record}</td><td>{@code record}</td><td>none</td></tr>
 * <tr><td>{@code Optional<X>}</td><td>{@code ["null", X]}</td><td>{@code null}</td></tr>
 * </table>
 *
 * <p>Nullability: only boxed primitives and {@code Optional} are nullable. Other reference types
 * ({@code String}, {@code Instant}, enums, lists, maps, records) are required: encoding a record that
 * holds {@code null} there fails with a {@link io.metaspn.streams.engine.ValidationException} naming the
 * field. Evolution: Avro schema resolution fills a field that an older writer did not have with its
 * default, so a field added later keeps the schema BACKWARD compatible when its type has a default in
 * the table above (primitives, boxed types, {@code Optional}, {@code String}, lists, maps); add an
 * {@code Instant}, enum or record field as {@code Optional<…>}. Removing a field is compatible for the
 * reader; renaming one is a removal plus an addition.
 *
 * <p>Anything else ({@code Object}, {@code byte}, {@code short}, {@code char}, arrays, raw or wildcard
 * generic types, type variables, other collections, {@code Map} keys other than {@code String},
 * {@code Optional<Optional<…>>}, a record that contains itself, two types with the same simple name, a
 * name that is not a valid Avro name) is refused with an {@link IllegalArgumentException} that names
 * the record and the component.
 */
public final class RecordSchemas {
    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RecordSchemas() {
    }

    /**
     * The Avro record schema of a Java record type.
     *
     * @param type      the record type
     * @param namespace the Avro namespace of the record and of every record and enum it contains
     * @throws IllegalArgumentException naming the record and the component when a component's type is not mapped
     */
    public static Schema schemaOf(Class<? extends Record> type, String namespace) {
        return new Deriver(namespace).record(type);
    }

    /**
     * The Avro (and JSON) field name of a record component: Jackson's {@code SNAKE_CASE} translation
     * (an underscore before an upper-case letter that follows a letter not upper-case, everything in
     * lower case, leading underscores dropped): {@code listenerId} → {@code listener_id},
     * {@code httpURL} → {@code http_url}.
     */
    public static String fieldName(String componentName) {
        StringBuilder result = new StringBuilder(componentName.length() + 4);
        boolean previousUpper = false;
        for (int i = 0; i < componentName.length(); i++) {
            char c = componentName.charAt(i);
            if (i == 0 && c == '_') {
                continue;
            }
            if (Character.isUpperCase(c)) {
                if (!previousUpper && result.length() > 0 && result.charAt(result.length() - 1) != '_') {
                    result.append('_');
                }
                c = Character.toLowerCase(c);
                previousUpper = true;
            } else {
                previousUpper = false;
            }
            result.append(c);
        }
        return result.length() > 0 ? result.toString() : componentName;
    }

    /** Whether {@code name} is a valid Avro name (letters, digits and underscores, not starting with a digit). */
    static boolean isAvroName(String name) {
        return AVRO_NAME.matcher(name).matches();
    }

    /** A nullable union {@code ["null", schema]} (the schema itself when it already is one). */
    static Schema nullable(Schema schema) {
        if (schema.isNullable()) {
            return schema;
        }
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    /** {@code long} with logical type {@code timestamp-micros}. */
    static Schema timestampMicros() {
        return LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
    }

    /**
     * Derives record, enum and field schemas; shares named types between the records derived through
     * one instance, so that each is defined once in a schema that contains several (an envelope).
     */
    static final class Deriver {
        private final String namespace;
        private final Map<Class<?>, Schema> named = new HashMap<>();
        private final Map<String, Object> owners = new HashMap<>();
        private final Deque<Class<?>> inProgress = new ArrayDeque<>();

        Deriver(String namespace) {
            if (namespace == null || namespace.isEmpty()) {
                throw new IllegalArgumentException("a namespace is required");
            }
            for (String part : namespace.split("\\.", -1)) {
                if (!isAvroName(part)) {
                    throw new IllegalArgumentException("namespace " + namespace + " is not a valid Avro namespace");
                }
            }
            this.namespace = namespace;
        }

        String namespace() {
            return namespace;
        }

        /** Claims an Avro name for an owner (a class, or an envelope's name); a second owner is refused. */
        void reserve(String name, Object owner) {
            Object previous = owners.putIfAbsent(name, owner);
            if (previous != null && !previous.equals(owner)) {
                throw new IllegalArgumentException("two types are named " + namespace + "." + name + ": "
                        + describe(previous) + " and " + describe(owner));
            }
        }

        /** The schema of a record type (defined at its first use, referred to by name after). */
        Schema record(Class<?> type) {
            Schema known = named.get(type);
            if (known != null) {
                return known;
            }
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            String name = avroTypeName(type);
            reserve(name, type);
            Schema schema = Schema.createRecord(name, null, namespace, false);
            named.put(type, schema);
            inProgress.push(type);
            try {
                List<Schema.Field> fields = new ArrayList<>();
                Map<String, String> components = new LinkedHashMap<>();
                for (RecordComponent component : type.getRecordComponents()) {
                    String fieldName = fieldName(component.getName());
                    String where = "record " + type.getName() + ", component " + component.getName();
                    if (!isAvroName(fieldName)) {
                        throw new IllegalArgumentException(where + ": field name " + fieldName
                                + " is not a valid Avro name");
                    }
                    String clash = components.putIfAbsent(fieldName, component.getName());
                    if (clash != null) {
                        throw new IllegalArgumentException(where + ": field name " + fieldName
                                + " is also the name of component " + clash);
                    }
                    Type javaType = component.getGenericType();
                    Schema fieldSchema = schema(javaType, where);
                    fields.add(new Schema.Field(fieldName, fieldSchema, null, defaultOf(javaType)));
                }
                schema.setFields(fields);
            } finally {
                inProgress.pop();
            }
            return schema;
        }

        private Schema enumeration(Class<?> type, String where) {
            Schema known = named.get(type);
            if (known != null) {
                return known;
            }
            String name = avroTypeName(type);
            reserve(name, type);
            List<String> symbols = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                String symbol = ((Enum<?>) constant).name();
                if (!isAvroName(symbol)) {
                    throw new IllegalArgumentException(where + ": enum constant " + type.getSimpleName() + "."
                            + symbol + " is not a valid Avro name");
                }
                symbols.add(symbol);
            }
            if (symbols.isEmpty()) {
                throw new IllegalArgumentException(where + ": enum " + type.getName() + " has no constants");
            }
            Schema schema = Schema.createEnum(name, null, namespace, symbols);
            named.put(type, schema);
            return schema;
        }

        private String avroTypeName(Class<?> type) {
            String name = type.getSimpleName();
            if (!isAvroName(name)) {
                throw new IllegalArgumentException(type.getName() + ": simple name " + name
                        + " is not a valid Avro name");
            }
            return name;
        }

        private Schema schema(Type type, String where) {
            if (type instanceof Class<?> c) {
                Schema primitive = primitive(c);
                if (primitive != null) {
                    return primitive;
                }
                Schema boxed = boxed(c);
                if (boxed != null) {
                    return nullable(boxed);
                }
                if (c == String.class) {
                    return Schema.create(Schema.Type.STRING);
                }
                if (c == Instant.class) {
                    return timestampMicros();
                }
                if (c.isEnum()) {
                    return enumeration(c, where);
                }
                if (c.isRecord()) {
                    if (inProgress.contains(c)) {
                        throw new IllegalArgumentException(where + ": record " + c.getName()
                                + " contains itself (recursive types are not supported)");
                    }
                    return record(c);
                }
                if (c == List.class || c == Map.class || c == Optional.class) {
                    throw new IllegalArgumentException(where + ": raw type " + c.getName()
                            + " (declare its type arguments)");
                }
                throw new IllegalArgumentException(where + ": unsupported type " + c.getName()
                        + " (see RecordSchemas for the mapped types)");
            }
            if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
                Type[] arguments = p.getActualTypeArguments();
                if (raw == List.class) {
                    return Schema.createArray(schema(argument(arguments[0], where), where));
                }
                if (raw == Map.class) {
                    if (arguments[0] != String.class) {
                        throw new IllegalArgumentException(where + ": unsupported map key type "
                                + arguments[0].getTypeName() + " (only Map<String, X>)");
                    }
                    return Schema.createMap(schema(argument(arguments[1], where), where));
                }
                if (raw.isRecord()) {
                    throw new IllegalArgumentException(where + ": unsupported type " + type.getTypeName()
                            + " (a generic record: type parameters have no schema)");
                }
                if (raw == Optional.class) {
                    Type inner = argument(arguments[0], where);
                    if (inner instanceof ParameterizedType ip && ip.getRawType() == Optional.class) {
                        throw new IllegalArgumentException(where + ": unsupported type " + type.getTypeName()
                                + " (Optional inside Optional)");
                    }
                    return nullable(schema(inner, where));
                }
            }
            throw new IllegalArgumentException(where + ": unsupported type " + type.getTypeName()
                    + " (see RecordSchemas for the mapped types)");
        }

        private static Type argument(Type argument, String where) {
            if (argument instanceof Class<?> || argument instanceof ParameterizedType) {
                return argument;
            }
            throw new IllegalArgumentException(where + ": unsupported type argument " + argument.getTypeName()
                    + " (wildcards and type variables have no schema)");
        }

        private static String describe(Object owner) {
            return owner instanceof Class<?> c ? c.getName() : String.valueOf(owner);
        }
    }

    /** The Avro schema of a primitive Java type, or null. */
    static Schema primitive(Class<?> c) {
        if (c == boolean.class) {
            return Schema.create(Schema.Type.BOOLEAN);
        } else if (c == int.class) {
            return Schema.create(Schema.Type.INT);
        } else if (c == long.class) {
            return Schema.create(Schema.Type.LONG);
        } else if (c == float.class) {
            return Schema.create(Schema.Type.FLOAT);
        } else if (c == double.class) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        return null;
    }

    /** The (non-null) Avro schema of a boxed primitive type, or null. */
    static Schema boxed(Class<?> c) {
        if (c == Boolean.class) {
            return Schema.create(Schema.Type.BOOLEAN);
        } else if (c == Integer.class) {
            return Schema.create(Schema.Type.INT);
        } else if (c == Long.class) {
            return Schema.create(Schema.Type.LONG);
        } else if (c == Float.class) {
            return Schema.create(Schema.Type.FLOAT);
        } else if (c == Double.class) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        return null;
    }

    /** The field default of a component type (see the table), or null for none. */
    static Object defaultOf(Type type) {
        if (type instanceof Class<?> c) {
            if (c == boolean.class) {
                return false;
            } else if (c == int.class) {
                return 0;
            } else if (c == long.class) {
                return 0L;
            } else if (c == float.class) {
                return 0.0f;
            } else if (c == double.class) {
                return 0.0d;
            } else if (boxed(c) != null) {
                return JsonProperties.NULL_VALUE;
            } else if (c == String.class) {
                return "";
            }
            return null;
        }
        if (type instanceof ParameterizedType p) {
            if (p.getRawType() == List.class) {
                return List.of();
            } else if (p.getRawType() == Map.class) {
                return Map.of();
            } else if (p.getRawType() == Optional.class) {
                return JsonProperties.NULL_VALUE;
            }
        }
        return null;
    }
}
