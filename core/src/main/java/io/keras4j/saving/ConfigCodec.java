package io.keras4j.saving;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one config mechanism: reads and writes {@link Config} fields by reflection (base class
 * first, then declaration order, unless a class gives an explicit {@link ConfigOrder}), converting
 * between Java values and Keras's config values (numbers, strings, booleans, null, lists, maps and
 * nested {@code {"module", "class_name", "config", "registered_name"}} objects).
 */
public final class ConfigCodec {
    private ConfigCodec() {}

    /**
     * A config field and its key. A class, not a record: entries are compared by identity
     * (reorder removes the named ones from a list), and a record's equals would bootstrap its
     * method handles on first use, ~10 ms of a cold JVM's first model load.
     */
    private static final class Entry {
        final String key;
        final Field field;

        Entry(String key, Field field) {
            this.key = key;
            this.field = field;
        }

        String key() { return key; }
    }

    private static final ClassValue<List<Entry>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Entry> computeValue(Class<?> type) {
            List<Entry> out = new ArrayList<>();
            if (type.getSuperclass() != null) out.addAll(get(type.getSuperclass()));
            for (Field f : type.getDeclaredFields()) {
                Config c = f.getAnnotation(Config.class);
                if (c == null) continue;
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                    throw new IllegalStateException("@Config field " + type.getName() + "." + f.getName()
                            + " must be an instance field and not final (from_config sets it)");
                }
                f.setAccessible(true);
                String key = c.value().isEmpty() ? snakeCase(f.getName()) : c.value();
                out.removeIf(e -> e.key.equals(key)); // a subclass may redeclare a key
                out.add(new Entry(key, f));
            }
            ConfigOrder order = type.getDeclaredAnnotation(ConfigOrder.class);
            return List.copyOf(order == null ? out : reorder(type, out, order.value()));
        }
    };

    /** The entries not named in keys, in their order, then the named ones in the order of keys ({@link ConfigOrder}). */
    private static List<Entry> reorder(Class<?> type, List<Entry> entries, String[] keys) {
        List<Entry> named = new ArrayList<>();
        for (String key : keys) {
            Entry found = null;
            for (Entry e : entries) if (e.key.equals(key)) found = e;
            if (found == null || named.contains(found)) {
                throw new IllegalStateException("@ConfigOrder of " + type.getName() + " names "
                        + (found == null ? "unknown config key '" + key + "'" : "config key '" + key + "' twice")
                        + " (keys: " + entries.stream().map(Entry::key).toList() + ")");
            }
            named.add(found);
        }
        List<Entry> out = new ArrayList<>(entries);
        out.removeAll(named);
        out.addAll(named);
        return out;
    }

    /** {@code useBias} → {@code use_bias}; {@code kernelSize} → {@code kernel_size}. */
    public static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) sb.append('_');
                sb.append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** The config keys of a class, in order. */
    public static List<String> keys(Class<?> type) {
        return FIELDS.get(type).stream().map(Entry::key).toList();
    }

    /** Reads every {@link Config} field of {@code obj} into a new ordered map of encoded values. */
    public static Map<String, Object> getConfig(Object obj) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Entry e : FIELDS.get(obj.getClass())) {
            try {
                out.put(e.key, encode(e.field.get(obj)));
            } catch (IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(obj.getClass().getSimpleName() + " config '" + e.key + "': " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /**
     * Builds an instance of {@code type} from a config: its static {@code fromConfig(Map)} if it
     * declares one, else its no-argument constructor followed by setting each key's field.
     * An unknown key is an error that names the class and the key.
     */
    public static <T> T fromConfig(Class<T> type, Map<String, Object> config) {
        try {
            Method custom = findStaticFromConfig(type);
            if (custom != null) return type.cast(custom.invoke(null, config));
            Constructor<T> ctor;
            try {
                ctor = type.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " cannot be built from a config: it needs a "
                        + "no-argument constructor (it may be private) or a static fromConfig(Map) method");
            }
            ctor.setAccessible(true);
            T obj = ctor.newInstance();
            applyConfig(obj, config);
            return obj;
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw new IllegalArgumentException("building " + type.getSimpleName() + " from its config failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName() + " from its config", e);
        }
    }

    /** Sets {@code obj}'s config fields from {@code config}, then calls {@link KerasSerializable#onConfigLoaded}. */
    public static void applyConfig(Object obj, Map<String, Object> config) {
        List<Entry> fields = FIELDS.get(obj.getClass());
        for (var kv : config.entrySet()) {
            Entry e = null;
            for (Entry f : fields) if (f.key.equals(kv.getKey())) { e = f; break; }
            if (e == null && isNeutral(kv.getValue())) continue; // an option of a newer Keras, left off (input_axes: None, optional: False)
            if (e == null) {
                throw new IllegalArgumentException(obj.getClass().getSimpleName() + ": unknown config key '" + kv.getKey()
                        + "' (known keys: " + fields.stream().map(Entry::key).toList() + ")");
            }
            try {
                e.field.set(obj, decode(kv.getValue(), e.field.getGenericType(), e.key));
            } catch (IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            }
        }
        if (obj instanceof KerasSerializable ks) ks.onConfigLoaded();
    }

    /**
     * True for values that mean "feature off" (null, false): newer Keras versions add such keys to
     * configs ({@code input_axes}, {@code optional}, {@code ragged}), and a file that leaves them off
     * loads the same without them. Any other value of an unknown key stays an error.
     */
    private static boolean isNeutral(Object v) {
        return v == null || Boolean.FALSE.equals(v);
    }

    private static Method findStaticFromConfig(Class<?> type) {
        try {
            Method m = type.getDeclaredMethod("fromConfig", Map.class);
            if (Modifier.isStatic(m.getModifiers())) {
                m.setAccessible(true);
                return m;
            }
        } catch (NoSuchMethodException e) {
            // none declared: use the field mechanism
        }
        return null;
    }

    // ------------------------------------------------------------------ encoding: Java → config values

    /** Encodes a Java value into a config value. */
    public static Object encode(Object v) {
        if (v == null || v instanceof Boolean || v instanceof String || v instanceof Integer || v instanceof Long
                || v instanceof Double) {
            return v;
        }
        if (v instanceof Float f) return f.doubleValue(); // the float32 value, widened exactly, as Python prints it
        if (v instanceof Short || v instanceof Byte) return ((Number) v).intValue();
        if (v instanceof Enum<?> en) return en.toString();
        if (v instanceof KerasName n) return n.kerasName();
        if (v instanceof KerasSerializable ks) return Serialization.serialize(ks);
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(encode(o));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : map.entrySet()) out.put(String.valueOf(e.getKey()), encode(e.getValue()));
            return out;
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(encode(Array.get(v, i)));
            return out;
        }
        throw new IllegalArgumentException("cannot serialize a value of type " + v.getClass().getName());
    }

    // ------------------------------------------------------------------ decoding: config values → Java

    /** Decodes a config value into the Java type {@code target}; {@code key} names it in errors. */
    public static Object decode(Object v, Type target, String key) {
        Class<?> raw = rawClass(target);
        if (v == null) {
            if (raw.isPrimitive()) throw new IllegalArgumentException("config key '" + key + "' may not be null");
            return null;
        }
        if (raw == Object.class) return v;
        if (raw == int.class || raw == Integer.class) return integral(v, key).intValue();
        if (raw == long.class || raw == Long.class) return integral(v, key).longValue();
        if (raw == float.class || raw == Float.class) return number(v, key).floatValue();
        if (raw == double.class || raw == Double.class) return number(v, key).doubleValue();
        if (raw == boolean.class || raw == Boolean.class) {
            if (v instanceof Boolean b) return b;
            throw mismatch(key, "a boolean", v);
        }
        if (raw == String.class) {
            if (v instanceof String s) return s;
            throw mismatch(key, "a string", v);
        }
        if (raw.isEnum()) {
            for (Object c : raw.getEnumConstants()) if (c.toString().equalsIgnoreCase(String.valueOf(v))) return c;
            throw mismatch(key, "one of " + java.util.Arrays.toString(raw.getEnumConstants()), v);
        }
        if (raw.isArray()) {
            List<?> list = asList(v, key);
            Class<?> component = raw.getComponentType();
            Object arr = Array.newInstance(component, list.size());
            for (int i = 0; i < list.size(); i++) Array.set(arr, i, decode(list.get(i), component, key + "[" + i + "]"));
            return arr;
        }
        if (List.class.isAssignableFrom(raw)) {
            Type element = target instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            List<Object> out = new ArrayList<>();
            List<?> list = asList(v, key);
            for (int i = 0; i < list.size(); i++) out.add(decode(list.get(i), element, key + "[" + i + "]"));
            return out;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!(v instanceof Map<?, ?> m)) throw mismatch(key, "a dict", v);
            Type valueType = target instanceof ParameterizedType p ? p.getActualTypeArguments()[1] : Object.class;
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) out.put(String.valueOf(e.getKey()), decode(e.getValue(), valueType, key + "." + e.getKey()));
            return out;
        }
        if (raw.isInstance(v)) return v;
        // A family type (Initializer, Regularizer, Activation, ...) resolves identifiers with its static get(Object).
        Method get = familyGet(raw);
        if (get != null) {
            try {
                return get.invoke(null, v);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalArgumentException("config key '" + key + "': " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        if (v instanceof Map<?, ?> m && KerasSerializable.class.isAssignableFrom(raw)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            return Serialization.deserialize(map, raw);
        }
        throw mismatch(key, raw.getSimpleName(), v);
    }

    private static Method familyGet(Class<?> raw) {
        try {
            Method m = raw.getMethod("get", Object.class);
            return Modifier.isStatic(m.getModifiers()) && raw.isAssignableFrom(m.getReturnType()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        return Object.class;
    }

    private static List<?> asList(Object v, String key) {
        if (v instanceof List<?> l) return l;
        if (v.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) out.add(Array.get(v, i));
            return out;
        }
        throw mismatch(key, "a list", v);
    }

    private static Number number(Object v, String key) {
        if (v instanceof Number n) return n;
        throw mismatch(key, "a number", v);
    }

    private static Number integral(Object v, String key) {
        Number n = number(v, key);
        double d = n.doubleValue();
        if (d != Math.rint(d)) throw mismatch(key, "an integer", v);
        return n instanceof Double || n instanceof Float ? (long) d : n;
    }

    private static IllegalArgumentException mismatch(String key, String expected, Object v) {
        return new IllegalArgumentException("config key '" + key + "': expected " + expected + ", got "
                + (v instanceof String ? "'" + v + "'" : v) + " (" + v.getClass().getSimpleName() + ")");
    }
}
