package io.keras4j.activations;

import io.keras4j.ops.Ops;
import io.keras4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code keras.activations} namespace: the 30 Keras 3 activation functions, as static methods
 * with Keras's parameters and defaults and as named {@link Activation} constants (what a layer's
 * {@code activation="relu"} resolves to), plus the registry of user activations.
 *
 * <p>Defaults are those of {@code keras.activations}, which differ from {@code keras.ops} in one
 * place: {@link #gelu(Tensor)} is the exact GELU ({@code approximate=False}), while
 * {@code Ops.gelu(x)} uses the tanh approximation as {@code keras.ops.gelu} does.
 *
 * <p>{@code "swish"} and {@code "hard_swish"} are aliases of {@code silu} and {@code hard_silu};
 * they resolve to the same functions, which save under their primary names, as in Keras.
 */
public final class Activations {
    private Activations() {}

    // The tables come first: the constants below register themselves in them.
    private static final Map<String, Activation> BUILTIN = new LinkedHashMap<>();
    private static final Map<String, Activation> CUSTOM = new LinkedHashMap<>();
    private static final Map<Activation, String> CUSTOM_NAMES = new IdentityHashMap<>();

    /**
     * A built-in function and its Keras name. It dispatches on the name rather than holding a
     * method reference: thirty method references would each spin a class when this class is
     * initialised, ~10 ms of a cold JVM's first model load.
     */
    private static final class Builtin implements Activation {
        private final String name;

        Builtin(String name) { this.name = name; }

        String name() { return name; }

        @Override
        public Tensor apply(Tensor x) {
            return switch (name) {
                case "celu" -> celu(x);
                case "elu" -> elu(x);
                case "exponential" -> exponential(x);
                case "gelu" -> gelu(x);
                case "glu" -> glu(x);
                case "hard_shrink" -> hardShrink(x);
                case "hard_sigmoid" -> hardSigmoid(x);
                case "hard_silu" -> hardSilu(x);
                case "hard_tanh" -> hardTanh(x);
                case "leaky_relu" -> leakyRelu(x);
                case "linear" -> linear(x);
                case "log_sigmoid" -> logSigmoid(x);
                case "log_softmax" -> logSoftmax(x);
                case "mish" -> mish(x);
                case "relu" -> relu(x);
                case "relu6" -> relu6(x);
                case "selu" -> selu(x);
                case "sigmoid" -> sigmoid(x);
                case "silu" -> silu(x);
                case "soft_shrink" -> softShrink(x);
                case "softmax" -> softmax(x);
                case "softplus" -> softplus(x);
                case "softsign" -> softsign(x);
                case "sparse_plus" -> sparsePlus(x);
                case "sparse_sigmoid" -> sparseSigmoid(x);
                case "sparsemax" -> sparsemax(x);
                case "squareplus" -> squareplus(x);
                case "tanh" -> tanh(x);
                case "tanh_shrink" -> tanhShrink(x);
                case "threshold" -> throw new IllegalArgumentException("threshold(x, threshold, default_value) has no default arguments in Keras: "
                        + "call Activations.threshold(x, threshold, defaultValue)");
                default -> throw new IllegalStateException("no built-in activation " + name);
            };
        }

        @Override
        public String kerasName() { return name; }

        @Override
        public String toString() { return "keras.activations." + name; }
    }

    private static Activation builtin(String name) {
        Activation a = new Builtin(name);
        BUILTIN.put(name, a);
        return a;
    }

    // ================================================================== the named functions (Keras's defaults)

    public static final Activation CELU = builtin("celu");
    public static final Activation ELU = builtin("elu");
    public static final Activation EXPONENTIAL = builtin("exponential");
    public static final Activation GELU = builtin("gelu");
    public static final Activation GLU = builtin("glu");
    public static final Activation HARD_SHRINK = builtin("hard_shrink");
    public static final Activation HARD_SIGMOID = builtin("hard_sigmoid");
    public static final Activation HARD_SILU = builtin("hard_silu");
    public static final Activation HARD_TANH = builtin("hard_tanh");
    public static final Activation LEAKY_RELU = builtin("leaky_relu");
    public static final Activation LINEAR = builtin("linear");
    public static final Activation LOG_SIGMOID = builtin("log_sigmoid");
    public static final Activation LOG_SOFTMAX = builtin("log_softmax");
    public static final Activation MISH = builtin("mish");
    public static final Activation RELU = builtin("relu");
    public static final Activation RELU6 = builtin("relu6");
    public static final Activation SELU = builtin("selu");
    public static final Activation SIGMOID = builtin("sigmoid");
    public static final Activation SILU = builtin("silu");
    public static final Activation SOFT_SHRINK = builtin("soft_shrink");
    public static final Activation SOFTMAX = builtin("softmax");
    public static final Activation SOFTPLUS = builtin("softplus");
    public static final Activation SOFTSIGN = builtin("softsign");
    public static final Activation SPARSE_PLUS = builtin("sparse_plus");
    public static final Activation SPARSE_SIGMOID = builtin("sparse_sigmoid");
    public static final Activation SPARSEMAX = builtin("sparsemax");
    public static final Activation SQUAREPLUS = builtin("squareplus");
    public static final Activation TANH = builtin("tanh");
    public static final Activation TANH_SHRINK = builtin("tanh_shrink");
    /**
     * {@code keras.activations.threshold(x, threshold, default_value)} has no defaults, so the named
     * function (what {@code "threshold"} resolves to) fails when applied, as it does in Keras; call
     * {@link #threshold(Tensor, float, float)} with its arguments.
     */
    public static final Activation THRESHOLD = builtin("threshold");

    /** Alias of {@link #SILU} (saves as "silu"). */
    public static final Activation SWISH = SILU;
    /** Alias of {@link #HARD_SILU} (saves as "hard_silu"). */
    public static final Activation HARD_SWISH = HARD_SILU;

    private static final Map<String, Activation> ALIASES = Map.of("swish", SILU, "hard_swish", HARD_SILU);

    // ================================================================== the functions

    /** max(x, 0). */
    public static Tensor relu(Tensor x) { return Ops.relu(x); }

    /**
     * {@code keras.activations.relu(x, negative_slope, max_value, threshold)}: x above
     * {@code threshold} (else 0), clipped to {@code maxValue}, plus {@code negativeSlope * (x - threshold)}
     * below the threshold. {@code maxValue = Float.POSITIVE_INFINITY} means no maximum (Keras's None).
     */
    public static Tensor relu(Tensor x, float negativeSlope, float maxValue, float threshold) {
        boolean clipMax = maxValue != Float.POSITIVE_INFINITY;
        Tensor negativePart = null;
        if (negativeSlope != 0f) {
            if (!clipMax && threshold == 0f) return Ops.leakyRelu(x, negativeSlope);
            Tensor minusX = Ops.negative(x);
            negativePart = Ops.relu(threshold != 0f ? Ops.add(minusX, threshold) : minusX);
        }
        Tensor y;
        if (threshold != 0f) {
            y = Ops.multiply(x, Ops.cast(Ops.greater(x, Tensor.scalar(threshold)), x.dtype()));
        } else if (maxValue == 6f) {
            y = Ops.relu6(x);
            clipMax = false;
        } else {
            y = Ops.relu(x);
        }
        if (clipMax) y = Ops.clip(y, 0, maxValue);
        if (negativeSlope != 0f) y = Ops.subtract(y, Ops.multiply(negativePart, negativeSlope));
        return y;
    }

    /** x for x >= 0, 0.2 x otherwise. */
    public static Tensor leakyRelu(Tensor x) { return Ops.leakyRelu(x, 0.2f); }

    public static Tensor leakyRelu(Tensor x, float negativeSlope) { return Ops.leakyRelu(x, negativeSlope); }

    /** min(max(x, 0), 6). */
    public static Tensor relu6(Tensor x) { return Ops.relu6(x); }

    /** exp(x) / sum(exp(x)) along the last axis. */
    public static Tensor softmax(Tensor x) { return Ops.softmax(x, -1); }

    public static Tensor softmax(Tensor x, int axis) { return Ops.softmax(x, axis); }

    /** x for x >= 0, alpha (exp(x / alpha) - 1) otherwise; alpha = 1. */
    public static Tensor celu(Tensor x) { return Ops.celu(x, 1f); }

    public static Tensor celu(Tensor x, float alpha) { return Ops.celu(x, alpha); }

    /** x for x > 0, alpha (exp(x) - 1) otherwise; alpha = 1. */
    public static Tensor elu(Tensor x) { return Ops.elu(x, 1f); }

    public static Tensor elu(Tensor x, float alpha) { return Ops.elu(x, alpha); }

    /** scale * elu(x, alpha) with alpha = 1.67326324 and scale = 1.05070098. */
    public static Tensor selu(Tensor x) { return Ops.selu(x); }

    /** log(exp(x) + 1). */
    public static Tensor softplus(Tensor x) { return Ops.softplus(x); }

    /** x / (|x| + 1). */
    public static Tensor softsign(Tensor x) { return Ops.softsign(x); }

    /** (x + sqrt(x^2 + b)) / 2; b = 4. */
    public static Tensor squareplus(Tensor x) { return Ops.squareplus(x, 4f); }

    public static Tensor squareplus(Tensor x, float b) { return Ops.squareplus(x, b); }

    /** x - threshold above threshold, x + threshold below -threshold, else 0; threshold = 0.5. */
    public static Tensor softShrink(Tensor x) { return Ops.softShrink(x, 0.5f); }

    public static Tensor softShrink(Tensor x, float threshold) { return Ops.softShrink(x, threshold); }

    /** 0 for x <= -1, (x + 1)^2 / 4 in between, x for x >= 1. */
    public static Tensor sparsePlus(Tensor x) { return Ops.sparsePlus(x); }

    /** x * sigmoid(x) (also "swish"). */
    public static Tensor silu(Tensor x) { return Ops.silu(x); }

    /** The exact GELU, 0.5 x (1 + erf(x / sqrt 2)): Keras's activation default is {@code approximate=False}. */
    public static Tensor gelu(Tensor x) { return Ops.gelu(x, false); }

    public static Tensor gelu(Tensor x, boolean approximate) { return Ops.gelu(x, approximate); }

    /** a * sigmoid(b), with a and b the two halves of x along the last axis. */
    public static Tensor glu(Tensor x) { return Ops.glu(x, -1); }

    public static Tensor glu(Tensor x, int axis) { return Ops.glu(x, axis); }

    public static Tensor tanh(Tensor x) { return Ops.tanh(x); }

    /** x - tanh(x). */
    public static Tensor tanhShrink(Tensor x) { return Ops.tanhShrink(x); }

    /** x where x > threshold, else defaultValue (Keras gives these no defaults). */
    public static Tensor threshold(Tensor x, float threshold, float defaultValue) { return Ops.threshold(x, threshold, defaultValue); }

    /** 1 / (1 + exp(-x)). */
    public static Tensor sigmoid(Tensor x) { return Ops.sigmoid(x); }

    /** 0 for x <= -1, (x + 1) / 2 in between, 1 for x >= 1. */
    public static Tensor sparseSigmoid(Tensor x) { return Ops.sparseSigmoid(x); }

    /** exp(x). */
    public static Tensor exponential(Tensor x) { return Ops.exp(x); }

    /** 0 for x <= -3, 1 for x >= 3, x / 6 + 0.5 in between. */
    public static Tensor hardSigmoid(Tensor x) { return Ops.hardSigmoid(x); }

    /** x * hard_sigmoid(x) (also "hard_swish"). */
    public static Tensor hardSilu(Tensor x) { return Ops.hardSilu(x); }

    /** clip(x, -1, 1). */
    public static Tensor hardTanh(Tensor x) { return Ops.hardTanh(x); }

    /** x where |x| > threshold, else 0; threshold = 0.5. */
    public static Tensor hardShrink(Tensor x) { return Ops.hardShrink(x, 0.5f); }

    public static Tensor hardShrink(Tensor x, float threshold) { return Ops.hardShrink(x, threshold); }

    /** The identity: x unmodified. */
    public static Tensor linear(Tensor x) { return x; }

    /** x * tanh(softplus(x)). */
    public static Tensor mish(Tensor x) { return Ops.mish(x); }

    /** log(softmax(x)) along the last axis. */
    public static Tensor logSoftmax(Tensor x) { return Ops.logSoftmax(x, -1); }

    public static Tensor logSoftmax(Tensor x, int axis) { return Ops.logSoftmax(x, axis); }

    /** log(1 / (1 + exp(-x))). */
    public static Tensor logSigmoid(Tensor x) { return Ops.logSigmoid(x); }

    /** max(x - tau, 0) along the last axis, tau chosen so each slice sums to 1. */
    public static Tensor sparsemax(Tensor x) { return Ops.sparsemax(x, -1); }

    public static Tensor sparsemax(Tensor x, int axis) { return Ops.sparsemax(x, axis); }

    // ================================================================== names

    /**
     * Names a user activation ({@code keras.saving.register_keras_serializable} for functions): a
     * layer holding {@code fn} then saves it as {@code name}, and {@code Activation.get(name)}
     * returns it. Returns {@code fn}.
     *
     * @throws IllegalArgumentException if {@code name} is a built-in name or already names another
     *         function, or {@code fn} already has another name
     */
    public static synchronized Activation register(String name, Activation fn) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("Activations.register: the name must not be empty");
        if (fn == null) throw new IllegalArgumentException("Activations.register: the function must not be null");
        if (BUILTIN.containsKey(name) || ALIASES.containsKey(name)) {
            throw new IllegalArgumentException("Activations.register: '" + name + "' is a built-in activation name");
        }
        if (fn instanceof Builtin b) {
            throw new IllegalArgumentException("Activations.register: the built-in '" + b.name() + "' cannot be renamed");
        }
        Activation previous = CUSTOM.get(name);
        if (previous != null && previous != fn) {
            throw new IllegalArgumentException("Activations.register: '" + name + "' is already registered to another function");
        }
        String previousName = CUSTOM_NAMES.get(fn);
        if (previousName != null && !previousName.equals(name)) {
            throw new IllegalArgumentException("Activations.register: this function is already registered as '" + previousName + "'");
        }
        CUSTOM.put(name, fn);
        CUSTOM_NAMES.put(fn, name);
        return fn;
    }

    /** Every name {@link Activation#get} accepts: built-ins, aliases and registered names, sorted. */
    public static synchronized List<String> names() {
        TreeSet<String> all = new TreeSet<>(BUILTIN.keySet());
        all.addAll(ALIASES.keySet());
        all.addAll(CUSTOM.keySet());
        return List.copyOf(all);
    }

    /** The Keras names of the built-in functions (without aliases), sorted. */
    public static List<String> builtinNames() {
        List<String> out = new ArrayList<>(BUILTIN.keySet());
        Collections.sort(out);
        return List.copyOf(out);
    }

    /** Activations are functions, not classes: there are no built-in classes to index. */
    public static List<Class<?>> builtins() {
        return List.of();
    }

    /** The saved name of {@code fn}, or null when it has none. */
    static synchronized String nameOf(Activation fn) {
        if (fn instanceof Builtin b) return b.name();
        return CUSTOM_NAMES.get(fn);
    }

    static synchronized boolean isKnown(String name) {
        return BUILTIN.containsKey(name) || ALIASES.containsKey(name) || CUSTOM.containsKey(name);
    }

    /** The function named {@code name}; {@code identifier} is what the caller was given, for the error. */
    static synchronized Activation byName(String name, Object identifier) {
        Activation a = BUILTIN.get(name);
        if (a == null) a = ALIASES.get(name);
        if (a == null) a = CUSTOM.get(name);
        if (a == null) {
            throw new IllegalArgumentException("Could not interpret activation function identifier: "
                    + (identifier instanceof String ? "'" + identifier + "'" : identifier)
                    + ". Valid names: " + names() + " (register your own with Activations.register)");
        }
        return a;
    }
}
