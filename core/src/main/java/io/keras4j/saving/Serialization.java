package io.keras4j.saving;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code keras.saving.serialize_keras_object} / {@code deserialize_keras_object} for Keras objects. */
public final class Serialization {
    private Serialization() {}

    /** Extra top-level entries a serialized object may carry ({@code build_config}, {@code compile_config}). */
    public interface WithBuildConfig {
        /** The object's {@code build_config}, or null. */
        default Map<String, Object> getBuildConfig() { return null; }

        /** The object's {@code compile_config}, or null. */
        default Map<String, Object> getCompileConfig() { return null; }

        /** Rebuilds from a saved {@code build_config} (called by {@link #deserialize} when one is present). */
        default void buildFromConfig(Map<String, Object> buildConfig) {}

        /** Compiles from a saved {@code compile_config} (called by {@link #deserialize} when a non-empty one is present). */
        default void compileFromConfig(Map<String, Object> compileConfig) {}
    }

    /**
     * An object whose serialized {@code module} / {@code class_name} / {@code registered_name} depend
     * on its state rather than only on its class (a functional {@code Model} serializes as Keras's
     * {@code Functional}).
     */
    public interface WithIdentity {
        /** {@code {module, class_name, registered_name}}; any may be null to use the class's. */
        String[] kerasIdentity();
    }

    /** {@code {"module", "class_name", "config", "registered_name"}} (plus build/compile configs where present). */
    public static Map<String, Object> serialize(KerasSerializable obj) {
        Class<?> cls = obj.getClass();
        String registered = ObjectRegistry.registeredName(cls);
        String module = ObjectRegistry.module(cls), className = ObjectRegistry.className(cls);
        if (obj instanceof WithIdentity wi) {
            String[] id = wi.kerasIdentity();
            if (id != null) {
                if (id[0] != null) module = id[0];
                if (id[1] != null) className = id[1];
                if (id[2] != null) registered = id[2];
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", module);
        out.put("class_name", className);
        out.put("config", obj.getConfig());
        out.put("registered_name", registered);
        if (obj instanceof WithBuildConfig w) {
            Map<String, Object> build = w.getBuildConfig();
            if (build != null) out.put("build_config", ConfigCodec.encode(build));
            Map<String, Object> compile = w.getCompileConfig();
            if (compile != null) out.put("compile_config", ConfigCodec.encode(compile));
        }
        return out;
    }

    /**
     * Rebuilds an object from its serialized form. Only classes known to {@link ObjectRegistry}
     * (Keras built-ins and registered user classes) can be created, never an arbitrary class named by
     * a file; the result must be a {@code expected}.
     */
    public static <T> T deserialize(Map<String, Object> serialized, Class<T> expected) {
        Object className = serialized.get("class_name");
        if (!(className instanceof String name)) {
            throw new IllegalArgumentException("not a serialized Keras object (no class_name): " + serialized.keySet());
        }
        String module = serialized.get("module") instanceof String m ? m : null;
        String registered = serialized.get("registered_name") instanceof String r ? r : null;
        if (io.keras4j.ops.Operation.isOperationModule(module)) {
            // a keras.ops call in a functional graph (keras.src.ops.numpy.Square, ...): one class, the op named by class_name
            if (!expected.isAssignableFrom(io.keras4j.ops.Operation.class)) {
                throw new IllegalArgumentException("'" + name + "' is a Keras operation, not a " + expected.getSimpleName());
            }
            Object config = serialized.get("config");
            @SuppressWarnings("unchecked")
            Map<String, Object> cfg = config instanceof Map<?, ?> ? (Map<String, Object>) config : Map.of();
            return expected.cast(io.keras4j.ops.Operation.fromConfig(module, name, cfg));
        }
        Class<?> cls = ObjectRegistry.lookup(module, name, registered);
        if (cls == null) {
            throw new IllegalArgumentException("Unknown Keras class '" + name + "'"
                    + (registered != null ? " (registered name '" + registered + "')" : "")
                    + (module != null ? " from module '" + module + "'" : "")
                    + ". If it is your own class, register it before loading: "
                    + "ObjectRegistry.registerKerasSerializable(YourClass.class, \"package\", \"" + name + "\")");
        }
        if (!expected.isAssignableFrom(cls)) {
            throw new IllegalArgumentException("'" + name + "' is a " + cls.getSimpleName() + ", not a " + expected.getSimpleName());
        }
        Object config = serialized.get("config");
        @SuppressWarnings("unchecked")
        Map<String, Object> cfg = config instanceof Map<?, ?> ? (Map<String, Object>) config : Map.of();
        // a layer rebuilt under the name its config gives takes no automatic name, as Keras's Layer(name=...)
        boolean named = io.keras4j.layers.Layer.class.isAssignableFrom(cls) && cfg.get("name") instanceof String;
        final Class<?> c = cls;
        T obj = expected.cast(named ? io.keras4j.layers.Naming.withoutCounting(() -> ConfigCodec.fromConfig(c, cfg))
                : ConfigCodec.fromConfig(cls, cfg));
        if (obj instanceof WithBuildConfig w) {
            // as Keras's deserialize_keras_object: build from build_config, then compile from a non-empty compile_config
            if (serialized.get("build_config") instanceof Map<?, ?> build && !build.isEmpty()) w.buildFromConfig(stringKeys(build));
            if (serialized.get("compile_config") instanceof Map<?, ?> compile && !compile.isEmpty()) w.compileFromConfig(stringKeys(compile));
        }
        return obj;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
