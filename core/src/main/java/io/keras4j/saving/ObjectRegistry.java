package io.keras4j.saving;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Java class a serialized Keras object names, and back. Built-in classes carry
 * {@link KerasClass}; each family lists them in an index class that is loaded on first lookup.
 * User classes are registered by name, as with {@code keras.saving.register_keras_serializable}.
 * Nothing outside these two tables can be instantiated from a file.
 */
public final class ObjectRegistry {
    private ObjectRegistry() {}

    /** Family index classes: each has {@code static List<Class<?>> builtins()}. Loaded lazily, missing ones skipped. */
    private static final List<String> FAMILIES = List.of(
            "io.keras4j.activations.Activations",
            "io.keras4j.initializers.Initializers",
            "io.keras4j.regularizers.Regularizers",
            "io.keras4j.constraints.Constraints",
            "io.keras4j.optimizers.Optimizers",
            "io.keras4j.optimizers.schedules.LearningRateSchedules",
            "io.keras4j.losses.Losses",
            "io.keras4j.metrics.Metrics",
            "io.keras4j.layers.Layers",
            "io.keras4j.models.Models");

    private static final Map<String, Class<?>> BUILTIN = new ConcurrentHashMap<>();   // "module>Name"
    private static final Map<String, Class<?>> BY_CLASS_NAME = new ConcurrentHashMap<>(); // "Name" (first wins)
    private static final Map<String, Class<?>> CUSTOM = new ConcurrentHashMap<>();    // "package>Name"
    private static final Map<Class<?>, String> CUSTOM_NAMES = new ConcurrentHashMap<>();
    private static volatile boolean loaded;

    /**
     * Registers a user class under {@code package>name}, so files that name it load, and so it saves
     * with that {@code registered_name}. The class needs a no-argument constructor (any visibility)
     * or a static {@code fromConfig(Map)} method.
     */
    public static void registerKerasSerializable(Class<?> cls, String pkg, String name) {
        String key = pkg + ">" + name;
        Class<?> prev = CUSTOM.putIfAbsent(key, cls);
        if (prev != null && prev != cls) {
            throw new IllegalArgumentException("'" + key + "' is already registered to " + prev.getName());
        }
        CUSTOM_NAMES.put(cls, key);
    }

    /**
     * Registers a user class under the name its {@link RegisterKerasSerializable} annotation gives,
     * or else under package "Custom" and the class's simple name, as Keras's defaults do.
     */
    public static void registerKerasSerializable(Class<?> cls) {
        RegisterKerasSerializable r = cls.getAnnotation(RegisterKerasSerializable.class);
        if (r != null) registerKerasSerializable(cls, r.pkg(), r.name().isEmpty() ? cls.getSimpleName() : r.name());
        else registerKerasSerializable(cls, "Custom", cls.getSimpleName());
    }

    /** The registered name of a user class, or null for built-ins and unregistered classes. */
    public static String registeredName(Class<?> cls) {
        return CUSTOM_NAMES.get(cls);
    }

    /** The Keras module of a class: its {@link KerasClass} module, else its Java package. */
    public static String module(Class<?> cls) {
        KerasClass k = cls.getAnnotation(KerasClass.class);
        return k != null ? k.module() : cls.getPackageName();
    }

    /** The Keras class name of a class. */
    public static String className(Class<?> cls) {
        KerasClass k = cls.getAnnotation(KerasClass.class);
        return k != null && !k.name().isEmpty() ? k.name() : cls.getSimpleName();
    }

    /**
     * The family index holding a module's built-ins, so that a lookup by module loads that family
     * alone: initialising every family (Metrics and Losses build their function tables, Layers
     * loads ~140 classes) takes ~140 ms of a cold JVM, most of a model's load time.
     */
    private static final Map<String, String> FAMILY_OF_MODULE = Map.ofEntries(
            Map.entry("keras.layers", "io.keras4j.layers.Layers"),
            Map.entry("keras.initializers", "io.keras4j.initializers.Initializers"),
            Map.entry("keras.regularizers", "io.keras4j.regularizers.Regularizers"),
            Map.entry("keras.constraints", "io.keras4j.constraints.Constraints"),
            Map.entry("keras.optimizers", "io.keras4j.optimizers.Optimizers"),
            Map.entry("keras.optimizers.schedules", "io.keras4j.optimizers.schedules.LearningRateSchedules"),
            Map.entry("keras.losses", "io.keras4j.losses.Losses"),
            Map.entry("keras.src.losses.losses", "io.keras4j.losses.Losses"),
            Map.entry("keras.metrics", "io.keras4j.metrics.Metrics"),
            Map.entry("keras", "io.keras4j.models.Models"),
            Map.entry("keras.src.models.functional", "io.keras4j.models.Models"));
    private static final Set<String> LOADED_FAMILIES = ConcurrentHashMap.newKeySet();

    /**
     * The Java packages a module's built-ins live in. A lookup first tries the class of that simple
     * name in each (without initialising it) and takes it if its {@link KerasClass} names the module
     * and class looked up: a cold JVM then loads the handful of classes a file names, not a whole
     * family (~140 layer classes and their annotations: ~100 ms of a model's load). A name found
     * nowhere here (a Keras name that is not the Java name, a package missing from this list) falls
     * back to the family's table, so the list only has to be right to be fast, not to be correct.
     */
    private static final Map<String, List<String>> PACKAGES_OF_MODULE = Map.ofEntries(
            Map.entry("keras.layers", List.of("io.keras4j.layers.core", "io.keras4j.layers.convolutional", "io.keras4j.layers.pooling",
                    "io.keras4j.layers.reshaping", "io.keras4j.layers.regularization", "io.keras4j.layers.rnn",
                    "io.keras4j.layers.activations", "io.keras4j.layers.normalization", "io.keras4j.layers.merging",
                    "io.keras4j.layers.attention", "io.keras4j.layers.preprocessing")),
            Map.entry("keras.initializers", List.of("io.keras4j.initializers")),
            Map.entry("keras.regularizers", List.of("io.keras4j.regularizers")),
            Map.entry("keras.constraints", List.of("io.keras4j.constraints")),
            Map.entry("keras.optimizers", List.of("io.keras4j.optimizers")),
            Map.entry("keras.optimizers.schedules", List.of("io.keras4j.optimizers.schedules")),
            Map.entry("keras.losses", List.of("io.keras4j.losses")),
            Map.entry("keras.src.losses.losses", List.of("io.keras4j.losses")),
            Map.entry("keras.metrics", List.of("io.keras4j.metrics")),
            Map.entry("keras", List.of("io.keras4j.models")),
            Map.entry("keras.src.models.functional", List.of("io.keras4j.models")));

    /** Looks a serialized object's class up: registered name first, then module + class name, then class name alone. */
    public static Class<?> lookup(String module, String className, String registeredName) {
        if (registeredName != null) {
            Class<?> c = CUSTOM.get(registeredName);
            if (c != null) return c;
        }
        if (module != null) {
            String family = loaded ? null : FAMILY_OF_MODULE.get(module);
            if (family != null) {
                Class<?> c = BUILTIN.get(module + ">" + className);
                if (c != null) return c;
                c = byPackage(module, className);
                if (c != null) return c;
                loadFamily(family); // the module's own family first; the full tables only if it is not there
                c = BUILTIN.get(module + ">" + className);
                if (c != null) return c;
            }
            ensureLoaded();
            Class<?> c = BUILTIN.get(module + ">" + className);
            if (c != null) return c;
        }
        ensureLoaded();
        Class<?> c = BY_CLASS_NAME.get(className);
        if (c != null) return c;
        for (var e : CUSTOM.entrySet()) {
            if (e.getKey().endsWith(">" + className)) return e.getValue();
        }
        return null;
    }

    /** The built-in {@code module>className} found by its Java name in the module's packages, or null. */
    static Class<?> byPackage(String module, String className) {
        List<String> packages = PACKAGES_OF_MODULE.get(module);
        if (packages == null || className.isEmpty() || className.indexOf('.') >= 0 || className.indexOf('/') >= 0) return null;
        ClassLoader loader = ObjectRegistry.class.getClassLoader();
        for (String pkg : packages) {
            Class<?> c;
            try {
                c = Class.forName(pkg + "." + className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            KerasClass k = c.getAnnotation(KerasClass.class);
            if (k != null && k.module().equals(module) && className(c).equals(className)) {
                BUILTIN.put(module + ">" + className, c);
                return c;
            }
        }
        return null;
    }

    /** Adds built-in classes (called by family index classes and tests). */
    public static void registerBuiltins(List<Class<?>> classes) {
        for (Class<?> c : classes) {
            BUILTIN.put(module(c) + ">" + className(c), c);
            BY_CLASS_NAME.putIfAbsent(className(c), c);
        }
    }

    private static void ensureLoaded() {
        if (loaded) return;
        synchronized (ObjectRegistry.class) {
            if (loaded) return;
            for (String family : FAMILIES) {
                List<Class<?>> builtins = builtinsOf(family);
                if (builtins != null) registerBuiltins(builtins); // in family order: the first class of a name wins
            }
            loaded = true;
        }
    }

    /** Registers one family's classes under their module and class name only (the by-name table waits for the full load). */
    private static void loadFamily(String family) {
        if (LOADED_FAMILIES.contains(family)) return;
        synchronized (ObjectRegistry.class) {
            if (!LOADED_FAMILIES.add(family)) return;
            List<Class<?>> builtins = builtinsOf(family);
            if (builtins != null) for (Class<?> c : builtins) BUILTIN.put(module(c) + ">" + className(c), c);
        }
    }

    /** The modules whose built-ins are looked up by package first (for tests). */
    static Set<String> packagedModules() {
        return PACKAGES_OF_MODULE.keySet();
    }

    /** The built-in classes of the family holding {@code module} (for tests). */
    static List<Class<?>> builtinsOfModule(String module) {
        return builtinsOf(FAMILY_OF_MODULE.get(module));
    }

    /** A family index's built-in classes, or null when the family is not part of this build. */
    @SuppressWarnings("unchecked")
    private static List<Class<?>> builtinsOf(String family) {
        try {
            return (List<Class<?>>) Class.forName(family).getMethod("builtins").invoke(null);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the built-in classes of " + family, e);
        }
    }
}
