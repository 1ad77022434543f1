package io.keras4j.losses;

import io.keras4j.ops.Ops;
import io.keras4j.saving.Serialization;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code keras.losses}: the built-in loss classes ({@link #builtins()}), the loss functions in
 * their functional form ({@code keras.losses.mean_squared_error} is {@link #meanSquaredError}), and
 * {@code serialize}/{@code deserialize}. Each function returns unreduced losses, usually one per
 * sample (the last axis averaged or summed away), computed as Keras computes them.
 */
public final class Losses {
    private Losses() {}

    /** keras.backend.epsilon(). */
    static final double EPSILON = 1e-7;

    /** The built-in loss classes, for {@link io.keras4j.saving.ObjectRegistry}. */
    public static List<Class<?>> builtins() {
        return List.of(LossFunctionWrapper.class,
                MeanSquaredError.class, MeanAbsoluteError.class, MeanAbsolutePercentageError.class,
                MeanSquaredLogarithmicError.class, CosineSimilarity.class, Huber.class, LogCosh.class,
                Hinge.class, SquaredHinge.class, CategoricalHinge.class, KLDivergence.class, Poisson.class,
                BinaryCrossentropy.class, BinaryFocalCrossentropy.class, CategoricalCrossentropy.class,
                CategoricalFocalCrossentropy.class, SparseCategoricalCrossentropy.class, CTC.class, Dice.class,
                Tversky.class, IoU.class, Circle.class, CategoricalGeneralizedCrossEntropy.class);
    }

    // ------------------------------------------------------------------ identifiers (keras.losses.get)

    /**
     * A new instance of the class keras.losses.get instantiates by that name (Keras's ALL_OBJECTS;
     * CategoricalGeneralizedCrossEntropy is not among them), or null. A switch rather than a table of
     * constructor references, which would spin a class each when this class is initialised.
     */
    private static Loss newByClassName(String name) {
        return switch (name) {
            case "MeanSquaredError" -> new MeanSquaredError();
            case "MeanAbsoluteError" -> new MeanAbsoluteError();
            case "MeanAbsolutePercentageError" -> new MeanAbsolutePercentageError();
            case "MeanSquaredLogarithmicError" -> new MeanSquaredLogarithmicError();
            case "CosineSimilarity" -> new CosineSimilarity();
            case "Huber" -> new Huber();
            case "LogCosh" -> new LogCosh();
            case "Hinge" -> new Hinge();
            case "SquaredHinge" -> new SquaredHinge();
            case "CategoricalHinge" -> new CategoricalHinge();
            case "KLDivergence" -> new KLDivergence();
            case "Poisson" -> new Poisson();
            case "BinaryCrossentropy" -> new BinaryCrossentropy();
            case "BinaryFocalCrossentropy" -> new BinaryFocalCrossentropy();
            case "CategoricalCrossentropy" -> new CategoricalCrossentropy();
            case "CategoricalFocalCrossentropy" -> new CategoricalFocalCrossentropy();
            case "SparseCategoricalCrossentropy" -> new SparseCategoricalCrossentropy();
            case "CTC" -> new CTC();
            case "Dice" -> new Dice();
            case "Tversky" -> new Tversky();
            case "IoU" -> new IoU();
            case "Circle" -> new Circle();
            default -> null;
        };
    }

    /** Function names keras.losses.get resolves, with Keras's short aliases. */
    private static final Map<String, String> FUNCTION_NAMES;
    static {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : List.of("kl_divergence", "poisson", "binary_crossentropy", "binary_focal_crossentropy",
                "categorical_crossentropy", "categorical_focal_crossentropy", "sparse_categorical_crossentropy",
                "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
                "mean_squared_logarithmic_error", "cosine_similarity", "log_cosh", "huber", "hinge", "squared_hinge",
                "categorical_hinge", "dice", "iou", "tversky", "circle", "ctc")) {
            m.put(f, f);
        }
        m.put("bce", "binary_crossentropy");
        m.put("BCE", "binary_crossentropy");
        m.put("kld", "kl_divergence");
        m.put("KLD", "kl_divergence");
        m.put("mae", "mean_absolute_error");
        m.put("MAE", "mean_absolute_error");
        m.put("mse", "mean_squared_error");
        m.put("MSE", "mean_squared_error");
        m.put("mape", "mean_absolute_percentage_error");
        m.put("MAPE", "mean_absolute_percentage_error");
        m.put("msle", "mean_squared_logarithmic_error");
        m.put("MSLE", "mean_squared_logarithmic_error");
        FUNCTION_NAMES = Map.copyOf(m);
    }

    /** Every function a serialized LossFunctionWrapper may name (the keras.losses exports). */
    private static final Set<String> WRAPPABLE;
    static {
        java.util.HashSet<String> s = new java.util.HashSet<>(FUNCTION_NAMES.values());
        s.add("categorical_generalized_cross_entropy");
        WRAPPABLE = Set.copyOf(s);
    }

    /** A class name (a new instance) or function name or alias (the function, wrapped and named by its full name). */
    static Loss fromName(String identifier) {
        Loss byClass = newByClassName(identifier);
        if (byClass != null) return byClass;
        String fn = FUNCTION_NAMES.get(identifier);
        if (fn != null) return new LossFunctionWrapper(fn, Map.of(), fn);
        throw new IllegalArgumentException("Could not interpret loss identifier: " + identifier);
    }

    /** {@code keras.losses.serialize}. */
    public static Map<String, Object> serialize(Loss loss) {
        return Serialization.serialize(loss);
    }

    /** {@code keras.losses.deserialize}: a serialized loss object, or a serialized function (wrapped). */
    public static Loss deserialize(Map<String, Object> config) {
        if ("function".equals(config.get("class_name")) && config.get("config") instanceof String fn) {
            String full = FUNCTION_NAMES.get(fn);
            if (full == null) throw new IllegalArgumentException("Could not interpret loss identifier: " + config);
            return new LossFunctionWrapper(full, Map.of(), full);
        }
        return Serialization.deserialize(config, Loss.class);
    }

    /** The function a LossFunctionWrapper config's "fn" names: a string, or Keras's serialized function. */
    static String functionName(Object fn) {
        String name = fn instanceof String s ? s
                : fn instanceof Map<?, ?> m && "function".equals(m.get("class_name")) && m.get("config") instanceof String s ? s : null;
        if (name == null || !WRAPPABLE.contains(name)) {
            throw new IllegalArgumentException("LossFunctionWrapper: unknown loss function " + fn
                    + " (a built-in keras.losses function name is expected)");
        }
        return name;
    }

    /** The built-in function {@code name} with keyword arguments from a config. */
    static LossFunction function(String name, Map<String, Object> kwargs) {
        Kwargs k = new Kwargs(name, kwargs);
        LossFunction f = switch (name) {
            case "mean_squared_error" -> Losses::meanSquaredError;
            case "mean_absolute_error" -> Losses::meanAbsoluteError;
            case "mean_absolute_percentage_error" -> Losses::meanAbsolutePercentageError;
            case "mean_squared_logarithmic_error" -> Losses::meanSquaredLogarithmicError;
            case "cosine_similarity" -> {
                int axis = k.integer("axis", -1);
                yield (t, p) -> cosineSimilarity(t, p, axis);
            }
            case "huber" -> {
                double delta = k.number("delta", 1.0);
                yield (t, p) -> huber(t, p, delta);
            }
            case "log_cosh" -> Losses::logCosh;
            case "hinge" -> Losses::hinge;
            case "squared_hinge" -> Losses::squaredHinge;
            case "categorical_hinge" -> Losses::categoricalHinge;
            case "kl_divergence" -> Losses::klDivergence;
            case "poisson" -> Losses::poisson;
            case "binary_crossentropy" -> {
                boolean fromLogits = k.bool("from_logits", false);
                double ls = k.number("label_smoothing", 0.0);
                int axis = k.integer("axis", -1);
                yield (t, p) -> binaryCrossentropy(t, p, fromLogits, ls, axis);
            }
            case "binary_focal_crossentropy" -> {
                boolean balancing = k.bool("apply_class_balancing", false);
                double alpha = k.number("alpha", 0.25), gamma = k.number("gamma", 2.0);
                boolean fromLogits = k.bool("from_logits", false);
                double ls = k.number("label_smoothing", 0.0);
                int axis = k.integer("axis", -1);
                yield (t, p) -> binaryFocalCrossentropy(t, p, balancing, alpha, gamma, fromLogits, ls, axis);
            }
            case "categorical_crossentropy" -> {
                boolean fromLogits = k.bool("from_logits", false);
                double ls = k.number("label_smoothing", 0.0);
                int axis = k.integer("axis", -1);
                yield (t, p) -> categoricalCrossentropy(t, p, fromLogits, ls, axis);
            }
            case "categorical_focal_crossentropy" -> {
                double[] alpha = CategoricalFocalCrossentropy.alphaOf(k.raw("alpha", 0.25));
                double gamma = k.number("gamma", 2.0);
                boolean fromLogits = k.bool("from_logits", false);
                double ls = k.number("label_smoothing", 0.0);
                int axis = k.integer("axis", -1);
                yield (t, p) -> categoricalFocalCrossentropy(t, p, alpha, gamma, fromLogits, ls, axis);
            }
            case "sparse_categorical_crossentropy" -> {
                boolean fromLogits = k.bool("from_logits", false);
                Integer ignore = k.nullableInteger("ignore_class");
                int axis = k.integer("axis", -1);
                yield (t, p) -> sparseCategoricalCrossentropy(t, p, fromLogits, ignore, axis);
            }
            case "ctc" -> Losses::ctc;
            case "dice" -> {
                int[] axis = k.axes("axis");
                yield (t, p) -> dice(t, p, axis);
            }
            case "iou" -> {
                int[] axis = k.axes("axis");
                yield (t, p) -> iou(t, p, axis);
            }
            case "tversky" -> {
                double alpha = k.number("alpha", 0.5), beta = k.number("beta", 0.5);
                int[] axis = k.axes("axis");
                yield (t, p) -> tversky(t, p, alpha, beta, axis);
            }
            case "circle" -> {
                boolean removeDiagonal = k.bool("remove_diagonal", true);
                double gamma = k.number("gamma", 80), margin = k.number("margin", 0.4);
                yield (t, p) -> circle(t, p, removeDiagonal, gamma, margin);
            }
            case "categorical_generalized_cross_entropy" -> {
                if (!kwargs.containsKey("q")) throw new IllegalArgumentException(name + ": missing keyword argument 'q'");
                double q = k.number("q", 0.5);
                yield (t, p) -> categoricalGeneralizedCrossEntropy(t, p, q);
            }
            default -> throw new IllegalArgumentException("Unknown loss function '" + name + "'");
        };
        k.requireAllUsed();
        return f;
    }

    /** Typed reads of a function's keyword arguments; an argument the function does not take is an error. */
    private static final class Kwargs {
        final String fn;
        final Map<String, Object> values;
        final Set<String> used = new java.util.HashSet<>();

        Kwargs(String fn, Map<String, Object> values) {
            this.fn = fn;
            this.values = values;
        }

        Object raw(String key, Object dflt) {
            used.add(key);
            return values.containsKey(key) ? values.get(key) : dflt;
        }

        boolean bool(String key, boolean dflt) {
            Object v = raw(key, dflt);
            if (v instanceof Boolean b) return b;
            throw new IllegalArgumentException(fn + ": '" + key + "' must be a boolean, got " + v);
        }

        double number(String key, double dflt) {
            Object v = raw(key, dflt);
            if (v instanceof Number n) return n.doubleValue();
            throw new IllegalArgumentException(fn + ": '" + key + "' must be a number, got " + v);
        }

        int integer(String key, int dflt) {
            Object v = raw(key, dflt);
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
            throw new IllegalArgumentException(fn + ": '" + key + "' must be an integer, got " + v);
        }

        Integer nullableInteger(String key) {
            Object v = raw(key, null);
            return v == null ? null : integer(key, 0);
        }

        int[] axes(String key) {
            Object v = raw(key, null);
            if (v == null) return null;
            if (v instanceof Number) return new int[]{integer(key, 0)};
            if (v instanceof int[] a) return a.clone();
            if (v instanceof List<?> l) {
                int[] out = new int[l.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(l.get(i) instanceof Number n)) throw new IllegalArgumentException(fn + ": '" + key + "' must hold integers, got " + v);
                    out[i] = n.intValue();
                }
                return out;
            }
            throw new IllegalArgumentException(fn + ": '" + key + "' must be null, an integer or a list of integers, got " + v);
        }

        void requireAllUsed() {
            for (String key : values.keySet()) {
                if (!used.contains(key)) {
                    throw new IllegalArgumentException(fn + "() got an unexpected keyword argument '" + key + "'");
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** y_pred in a floating dtype (float32 unless it already floats). */
    private static Tensor floating(Tensor x) {
        return x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
    }

    /** A scalar constant in {@code like}'s dtype. */
    private static Tensor k(double v, Tensor like) {
        return like.dtype() == DType.FLOAT64 ? Tensor.of(new double[]{v}) : Tensor.scalar((float) v);
    }

    private static Tensor[] sameRank(Tensor yTrue, Tensor yPred) {
        return Reduction.squeezeOrExpandToSameRank(yTrue, yPred);
    }

    // ------------------------------------------------------------------ regression

    /** mean(square(y_true - y_pred), axis=-1). */
    public static Tensor meanSquaredError(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor[] tp = sameRank(Ops.cast(yTrue, p.dtype()), p);
        return Ops.mean(Ops.square(Ops.subtract(tp[0], tp[1])), -1);
    }

    /** mean(abs(y_true - y_pred), axis=-1). */
    public static Tensor meanAbsoluteError(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor[] tp = sameRank(Ops.cast(yTrue, p.dtype()), p);
        return Ops.mean(Ops.abs(Ops.subtract(tp[0], tp[1])), -1);
    }

    /** 100 * mean(abs((y_true - y_pred) / maximum(abs(y_true), epsilon)), axis=-1). */
    public static Tensor meanAbsolutePercentageError(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor[] tp = sameRank(Ops.cast(yTrue, p.dtype()), p);
        Tensor t = tp[0];
        p = tp[1];
        Tensor diff = Ops.abs(Ops.divide(Ops.subtract(t, p), Ops.maximum(Ops.abs(t), k(EPSILON, p))));
        return Ops.multiply(Ops.mean(diff, -1), k(100.0, p));
    }

    /** mean(square(log(maximum(y_pred, eps) + 1) - log(maximum(y_true, eps) + 1)), axis=-1). */
    public static Tensor meanSquaredLogarithmicError(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor[] tp = sameRank(Ops.cast(yTrue, p.dtype()), p);
        Tensor eps = k(EPSILON, p), one = k(1, p);
        Tensor first = Ops.log(Ops.add(Ops.maximum(tp[1], eps), one));
        Tensor second = Ops.log(Ops.add(Ops.maximum(tp[0], eps), one));
        return Ops.mean(Ops.square(Ops.subtract(first, second)), -1);
    }

    /** -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis=-1). */
    public static Tensor cosineSimilarity(Tensor yTrue, Tensor yPred) {
        return cosineSimilarity(yTrue, yPred, -1);
    }

    /** -sum(l2_normalize(y_true, axis) * l2_normalize(y_pred, axis), axis). */
    public static Tensor cosineSimilarity(Tensor yTrue, Tensor yPred, int axis) {
        Tensor p = floating(yPred);
        Tensor[] tp = sameRank(Ops.cast(yTrue, p.dtype()), p);
        Tensor pn = Ops.normalize(tp[1], axis, 2), tn = Ops.normalize(tp[0], axis, 2);
        return Ops.negative(Ops.sum(Ops.multiply(tn, pn), axis));
    }

    /** Huber loss with delta = 1. */
    public static Tensor huber(Tensor yTrue, Tensor yPred) {
        return huber(yTrue, yPred, 1.0);
    }

    /** mean(where(|e| <= delta, 0.5 e^2, delta |e| - 0.5 delta^2), axis=-1) with e = y_pred - y_true. */
    public static Tensor huber(Tensor yTrue, Tensor yPred, double delta) {
        Tensor p = floating(yPred);
        Tensor[] tp = sameRank(Ops.cast(yTrue, p.dtype()), p);
        Tensor d = k(delta, p), half = k(0.5, p);
        Tensor error = Ops.subtract(tp[1], tp[0]);
        Tensor absError = Ops.abs(error);
        Tensor quadratic = Ops.multiply(half, Ops.square(error));
        Tensor linear = Ops.subtract(Ops.multiply(d, absError), Ops.multiply(half, Ops.square(d)));
        return Ops.mean(Ops.where(Ops.lessEqual(absError, d), quadratic, linear), -1);
    }

    /** mean(log(cosh(y_pred - y_true)), axis=-1), computed as x + softplus(-2x) - log 2. */
    public static Tensor logCosh(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor[] tp = sameRank(Ops.cast(yTrue, p.dtype()), p);
        Tensor x = Ops.subtract(tp[1], tp[0]);
        Tensor log2 = k(p.dtype() == DType.FLOAT64 ? Math.log(2.0) : (float) Math.log(2.0), p);
        return Ops.mean(Ops.subtract(Ops.add(x, Ops.softplus(Ops.multiply(x, k(-2.0, x)))), log2), -1);
    }

    // ------------------------------------------------------------------ hinge

    /** Labels that are all 0 or 1 become -1 or 1; others are left alone. */
    static Tensor convertBinaryLabelsToHinge(Tensor yTrue) {
        Tensor binary = Ops.logicalOr(Ops.equal(yTrue, k(0, yTrue)), Ops.equal(yTrue, k(1, yTrue)));
        if (Ops.all(binary).item() == 0) return yTrue;
        return Ops.subtract(Ops.multiply(yTrue, k(2, yTrue)), k(1, yTrue));
    }

    /** mean(maximum(1 - y_true * y_pred, 0), axis=-1), with 0/1 labels mapped to -1/1. */
    public static Tensor hinge(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor t = convertBinaryLabelsToHinge(Ops.cast(yTrue, p.dtype()));
        return Ops.mean(Ops.maximum(Ops.subtract(k(1, p), Ops.multiply(t, p)), k(0, p)), -1);
    }

    /** mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1), with 0/1 labels mapped to -1/1. */
    public static Tensor squaredHinge(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor t = convertBinaryLabelsToHinge(Ops.cast(yTrue, p.dtype()));
        return Ops.mean(Ops.square(Ops.maximum(Ops.subtract(k(1, p), Ops.multiply(t, p)), k(0, p))), -1);
    }

    /** maximum(max((1 - y_true) * y_pred, -1) - sum(y_true * y_pred, -1) + 1, 0). */
    public static Tensor categoricalHinge(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor t = Ops.cast(yTrue, p.dtype());
        Tensor pos = Ops.sum(Ops.multiply(t, p), -1);
        Tensor neg = Ops.max(Ops.multiply(Ops.subtract(k(1, p), t), p), -1);
        return Ops.maximum(Ops.add(Ops.subtract(neg, pos), k(1, p)), k(0, p));
    }

    // ------------------------------------------------------------------ probabilistic

    /** sum(y_true * log(y_true / y_pred), axis=-1), both clipped to [epsilon, 1]. */
    public static Tensor klDivergence(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor t = Ops.clip(Ops.cast(yTrue, p.dtype()), EPSILON, 1);
        p = Ops.clip(p, EPSILON, 1);
        return Ops.sum(Ops.multiply(t, Ops.log(Ops.divide(t, p))), -1);
    }

    /** mean(y_pred - y_true * log(y_pred + epsilon), axis=-1). */
    public static Tensor poisson(Tensor yTrue, Tensor yPred) {
        Tensor p = floating(yPred);
        Tensor t = Ops.cast(yTrue, p.dtype());
        return Ops.mean(Ops.subtract(p, Ops.multiply(t, Ops.log(Ops.add(p, k(EPSILON, p))))), -1);
    }

    public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred) {
        return binaryCrossentropy(yTrue, yPred, false, 0.0, -1);
    }

    public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
        return binaryCrossentropy(yTrue, yPred, fromLogits, 0.0, -1);
    }

    /**
     * mean(binary_crossentropy(y_true', y_pred), axis) with labels smoothed towards 0.5:
     * y_true' = y_true (1 - label_smoothing) + 0.5 label_smoothing.
     */
    public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits, double labelSmoothing, int axis) {
        Tensor p = floating(yPred);
        Tensor t = Ops.cast(yTrue, p.dtype());
        if (labelSmoothing != 0) t = smoothBinary(t, labelSmoothing);
        return Ops.mean(Ops.binaryCrossentropy(t, p, fromLogits), axis);
    }

    private static Tensor smoothBinary(Tensor t, double ls) {
        return Ops.add(Ops.multiply(t, k(1.0 - ls, t)), k(0.5 * ls, t));
    }

    public static Tensor binaryFocalCrossentropy(Tensor yTrue, Tensor yPred) {
        return binaryFocalCrossentropy(yTrue, yPred, false, 0.25, 2.0, false, 0.0, -1);
    }

    /**
     * mean(focal_factor * bce, axis) with focal_factor = (1 - p_t)^gamma,
     * p_t = y_true y_pred + (1 - y_true)(1 - y_pred) on probabilities (logits go through sigmoid
     * first); with class balancing also weighted by alpha for class 1 and 1 - alpha for class 0.
     */
    public static Tensor binaryFocalCrossentropy(Tensor yTrue, Tensor yPred, boolean applyClassBalancing, double alpha,
                                                 double gamma, boolean fromLogits, double labelSmoothing, int axis) {
        Tensor p = floating(yPred);
        Tensor t = Ops.cast(yTrue, p.dtype());
        if (labelSmoothing != 0) t = smoothBinary(t, labelSmoothing);
        if (fromLogits) p = Ops.sigmoid(p);
        Tensor bce = Ops.binaryCrossentropy(t, p, false);
        Tensor one = k(1, p);
        Tensor oneMinusT = Ops.subtract(one, t);
        Tensor pt = Ops.add(Ops.multiply(t, p), Ops.multiply(oneMinusT, Ops.subtract(one, p)));
        Tensor focal = Ops.multiply(Ops.power(Ops.subtract(one, pt), k(gamma, p)), bce);
        if (applyClassBalancing) {
            Tensor weight = Ops.add(Ops.multiply(t, k(alpha, p)), Ops.multiply(oneMinusT, k(1 - alpha, p)));
            focal = Ops.multiply(weight, focal);
        }
        return Ops.mean(focal, axis);
    }

    public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred) {
        return categoricalCrossentropy(yTrue, yPred, false, 0.0, -1);
    }

    public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
        return categoricalCrossentropy(yTrue, yPred, fromLogits, 0.0, -1);
    }

    /**
     * Cross-entropy of one-hot (or soft) targets along {@code axis}, labels smoothed as
     * y_true (1 - label_smoothing) + label_smoothing / num_classes (num_classes: y_true's last axis).
     */
    public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits, double labelSmoothing, int axis) {
        Tensor p = floating(yPred);
        Tensor t = smoothCategorical(Ops.cast(yTrue, p.dtype()), labelSmoothing);
        return Ops.categoricalCrossentropy(t, p, fromLogits, axis);
    }

    private static Tensor smoothCategorical(Tensor t, double ls) {
        if (ls == 0) return t;
        if (t.rank() == 0) throw new IllegalArgumentException("label smoothing needs y_true of rank >= 1, got a scalar");
        double classes = t.dim(-1);
        return Ops.add(Ops.multiply(t, k(1.0 - ls, t)), k(ls / classes, t));
    }

    public static Tensor categoricalFocalCrossentropy(Tensor yTrue, Tensor yPred) {
        return categoricalFocalCrossentropy(yTrue, yPred, new double[]{0.25}, 2.0, false, 0.0, -1);
    }

    /**
     * sum(alpha (1 - p)^gamma (-y_true log p), axis) with p the renormalised, clipped probabilities
     * (softmax of logits first); {@code alpha} is one weight for all classes or one per class.
     */
    public static Tensor categoricalFocalCrossentropy(Tensor yTrue, Tensor yPred, double[] alpha, double gamma,
                                                      boolean fromLogits, double labelSmoothing, int axis) {
        Tensor p = floating(yPred);
        Tensor t = smoothCategorical(Ops.cast(yTrue, p.dtype()), labelSmoothing);
        if (fromLogits) p = Ops.softmax(p, axis);
        Tensor output = Ops.divide(p, Ops.sum(p, new int[]{axis}, true));
        output = Ops.clip(output, EPSILON, 1.0 - EPSILON);
        Tensor cce = Ops.multiply(Ops.negative(t), Ops.log(output));
        Tensor modulating = Ops.power(Ops.subtract(k(1, p), output), k(gamma, p));
        Tensor a = alpha.length == 1 ? k(alpha[0], p) : Ops.cast(Tensor.of(alpha.clone(), alpha.length), p.dtype());
        return Ops.sum(Ops.multiply(Ops.multiply(modulating, a), cce), axis);
    }

    public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred) {
        return sparseCategoricalCrossentropy(yTrue, yPred, false, null, -1);
    }

    public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
        return sparseCategoricalCrossentropy(yTrue, yPred, fromLogits, null, -1);
    }

    /**
     * Cross-entropy with integer class targets; targets equal to {@code ignoreClass} (may be null)
     * get loss 0 (and are masked out by the loss class's reduction).
     */
    public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits, Integer ignoreClass, int axis) {
        return sparseCategoricalCrossentropyMasked(yTrue, yPred, fromLogits, ignoreClass, axis)[0];
    }

    /** The entries of sparse targets that are not {@code ignoreClass}, shaped like the losses. */
    static Tensor sparseValidMask(Tensor yTrue, Tensor yPred, int ignoreClass, int axis) {
        return sparseCategoricalCrossentropyMasked(yTrue, yPred, true, ignoreClass, axis, true)[1];
    }

    static Tensor[] sparseCategoricalCrossentropyMasked(Tensor yTrue, Tensor yPred, boolean fromLogits, Integer ignoreClass, int axis) {
        return sparseCategoricalCrossentropyMasked(yTrue, yPred, fromLogits, ignoreClass, axis, false);
    }

    /** {losses (null when only the mask is wanted), valid mask (null without ignoreClass)}. */
    private static Tensor[] sparseCategoricalCrossentropyMasked(Tensor yTrue, Tensor yPred, boolean fromLogits, Integer ignoreClass,
                                                                int axis, boolean maskOnly) {
        String op = "sparse_categorical_crossentropy";
        Tensor p = floating(yPred), t = yTrue;
        if (p.rank() < 1) throw new IllegalArgumentException(op + ": y_pred must have rank >= 1, got shape " + Shapes.toString(p.shape()));
        int a = Shapes.axis(op, axis, p.rank());
        if (t.rank() == p.rank() && t.dim(a) == 1) t = Ops.squeeze(t, a);
        Tensor valid = null;
        int[] resShape = null;
        if (ignoreClass != null) {
            int[] ps = p.shape();
            resShape = new int[ps.length - 1];
            for (int i = 0, j = 0; i < ps.length; i++) if (i != a) resShape[j++] = ps[i];
            valid = Ops.notEqual(t, Ops.cast(Tensor.of(new double[]{ignoreClass}), p.dtype()));
            if (maskOnly) return new Tensor[]{null, Ops.reshape(valid, resShape)};
            t = Ops.where(valid, t, Ops.cast(Tensor.scalar(0), t.dtype()));
            p = Ops.where(Ops.expandDims(valid, a), p, k(0, p));
        }
        Tensor classesLast = a == p.rank() - 1 ? p : Ops.moveaxis(p, a, -1);
        Tensor res = Ops.sparseCategoricalCrossentropy(t, classesLast, fromLogits, -1);
        if (valid == null) return new Tensor[]{res, null};
        valid = Ops.reshape(valid, resShape);
        res = Ops.where(valid, res, k(0, res));
        return new Tensor[]{res, valid};
    }

    // ------------------------------------------------------------------ sequence

    /**
     * CTC loss of logits y_pred (batch, max_length, num_classes) for integer labels y_true
     * (batch, max_label_length); 0 is the blank and pads the labels; every frame takes part.
     */
    public static Tensor ctc(Tensor yTrue, Tensor yPred) {
        if (yTrue.rank() != 2) {
            throw new IllegalArgumentException("Targets `y_true` are expected to be a tensor of shape `(batch_size, max_length)` "
                    + "in integer format. Received: y_true.shape=" + Shapes.toString(yTrue.shape()));
        }
        if (yPred.rank() != 3) {
            throw new IllegalArgumentException("Logits `y_pred` are expected to be a tensor of shape "
                    + "`(batch_size, max_length, num_classes)`. Received: y_pred.shape=" + Shapes.toString(yPred.shape()));
        }
        int[] inputLength = new int[yPred.dim(0)];
        java.util.Arrays.fill(inputLength, yPred.dim(1));
        Tensor labelLength = Ops.sum(Ops.cast(Ops.notEqual(yTrue, Ops.zerosLike(yTrue)), DType.INT32), -1);
        return Ops.ctcLoss(yTrue, floating(yPred), labelLength, Tensor.ofInts(inputLength), 0);
    }

    // ------------------------------------------------------------------ segmentation

    /** 1 - 2 sum(y_true y_pred) / (sum(y_true) + sum(y_pred) + epsilon) over {@code axis} (null: all axes). */
    public static Tensor dice(Tensor yTrue, Tensor yPred, int... axis) {
        Tensor p = floating(yPred);
        Tensor t = Ops.cast(yTrue, p.dtype());
        int[] ax = axesOrAll(axis);
        Tensor intersection = Ops.sum(Ops.multiply(t, p), ax, false);
        Tensor denominator = Ops.add(Ops.add(Ops.sum(t, ax, false), Ops.sum(p, ax, false)), k(EPSILON, p));
        return Ops.subtract(k(1, p), Ops.divide(Ops.multiply(k(2, p), intersection), denominator));
    }

    /**
     * 1 - I / (I + alpha fp + beta fn + epsilon) over {@code axis} (null: all axes), with
     * I = sum(y_true y_pred), fp = sum((1 - y_pred) y_true), fn = sum(y_pred (1 - y_true)) as Keras names them.
     */
    public static Tensor tversky(Tensor yTrue, Tensor yPred, double alpha, double beta, int... axis) {
        Tensor p = floating(yPred);
        Tensor t = Ops.cast(yTrue, p.dtype());
        int[] ax = axesOrAll(axis);
        Tensor one = k(1, p);
        Tensor intersection = Ops.sum(Ops.multiply(t, p), ax, false);
        Tensor fp = Ops.sum(Ops.multiply(Ops.subtract(one, p), t), ax, false);
        Tensor fn = Ops.sum(Ops.multiply(p, Ops.subtract(one, t)), ax, false);
        Tensor denominator = Ops.add(Ops.add(Ops.add(intersection, Ops.multiply(fp, k(alpha, p))), Ops.multiply(fn, k(beta, p))), k(EPSILON, p));
        return Ops.subtract(one, Ops.divide(intersection, denominator));
    }

    public static Tensor tversky(Tensor yTrue, Tensor yPred) {
        return tversky(yTrue, yPred, 0.5, 0.5);
    }

    /** 1 - I / (sum(y_true) + sum(y_pred) - I + epsilon) over {@code axis} (null: all axes), I = sum(y_true y_pred). */
    public static Tensor iou(Tensor yTrue, Tensor yPred, int... axis) {
        Tensor p = floating(yPred);
        Tensor t = Ops.cast(yTrue, p.dtype());
        int[] ax = axesOrAll(axis);
        Tensor intersection = Ops.sum(Ops.multiply(t, p), ax, false);
        Tensor union = Ops.subtract(Ops.add(Ops.sum(t, ax, false), Ops.sum(p, ax, false)), intersection);
        return Ops.subtract(k(1, p), Ops.divide(intersection, Ops.add(union, k(EPSILON, p))));
    }

    private static int[] axesOrAll(int[] axis) {
        return axis == null || axis.length == 0 ? null : axis;
    }

    // ------------------------------------------------------------------ similarity

    /** Circle loss with the batch as its own reference, the diagonal removed, gamma = 80, margin = 0.4. */
    public static Tensor circle(Tensor yTrue, Tensor yPred) {
        return circle(yTrue, yPred, null, null, true, 80, 0.4);
    }

    public static Tensor circle(Tensor yTrue, Tensor yPred, boolean removeDiagonal, double gamma, double margin) {
        return circle(yTrue, yPred, null, null, removeDiagonal, gamma, margin);
    }

    /**
     * Circle loss of L2-normalised embeddings y_pred (batch, dim) with integer labels y_true against
     * reference embeddings and labels (null: y_pred and y_true): softplus(lse(positive terms) +
     * lse(negative terms)) per row, the terms weighted by their distance from the optimum.
     */
    public static Tensor circle(Tensor yTrue, Tensor yPred, Tensor refLabels, Tensor refEmbeddings,
                                boolean removeDiagonal, double gamma, double margin) {
        return circleLoss(yTrue, yPred, refLabels, refEmbeddings, removeDiagonal, gamma, margin);
    }

    static Tensor circleLoss(Tensor yTrue, Tensor yPred, Tensor refLabels, Tensor refEmbeddings,
                             boolean removeDiagonal, double gamma, double margin) {
        Tensor p = floating(yPred);
        Tensor labels = Ops.cast(yTrue, DType.INT32);
        Tensor ref = refEmbeddings == null ? p : Ops.cast(refEmbeddings, p.dtype());
        Tensor refL = refLabels == null ? labels : Ops.cast(refLabels, DType.INT32);
        Tensor distances = Ops.maximum(Ops.subtract(k(1, p), Ops.matmul(p, Ops.transpose(ref))), k(0, p));
        Tensor[] masks = posNegMasks(labels, refL, removeDiagonal);
        Tensor pos = Ops.cast(masks[0], p.dtype()), neg = Ops.cast(masks[1], p.dtype());
        Tensor posWeights = Ops.maximum(Ops.multiply(Ops.add(k(margin, p), distances), pos), k(0, p));
        Tensor negWeights = Ops.maximum(Ops.multiply(Ops.subtract(k(1 + margin, p), distances), neg), k(0, p));
        Tensor posDists = Ops.subtract(k(margin, p), distances);
        Tensor negDists = Ops.subtract(k(1 - margin, p), distances);
        Tensor posW = Ops.multiply(Ops.multiply(k(-1 * gamma, p), posWeights), posDists);
        Tensor negW = Ops.multiply(Ops.multiply(k(gamma, p), negWeights), negDists);
        Tensor minusInf = k(Double.NEGATIVE_INFINITY, p);
        Tensor pLoss = Ops.logsumexp(Ops.where(pos, posW, minusInf), new int[]{1}, false);
        Tensor nLoss = Ops.logsumexp(Ops.where(neg, negW, minusInf), new int[]{1}, false);
        return Ops.softplus(Ops.add(pLoss, nLoss));
    }

    /** Keras's build_pos_neg_masks: same label (minus the diagonal if asked) and different label. */
    private static Tensor[] posNegMasks(Tensor queryLabels, Tensor keyLabels, boolean removeDiagonal) {
        Tensor q = queryLabels.rank() == 1 ? Ops.reshape(queryLabels, -1, 1) : queryLabels;
        Tensor kk = keyLabels.rank() == 1 ? Ops.reshape(keyLabels, -1, 1) : keyLabels;
        Tensor positive = Ops.equal(q, Ops.transpose(kk));
        Tensor negative = Ops.logicalNot(positive);
        if (removeDiagonal) {
            Tensor offDiagonal = Ops.equal(Ops.eye(q.size(), kk.size()), Tensor.scalar(0));
            positive = Ops.logicalAnd(positive, offDiagonal);
        }
        return new Tensor[]{positive, negative};
    }

    /**
     * (1 - p^q) / q with p the predicted probability of the true class: integer labels y_true
     * (batch,) or (batch, 1), probabilities y_pred (batch, num_classes).
     */
    public static Tensor categoricalGeneralizedCrossEntropy(Tensor yTrue, Tensor yPred, double q) {
        Tensor p = floating(yPred);
        Tensor t = yTrue;
        if (t.rank() == p.rank() && t.rank() > 1 && t.dim(-1) == 1) t = Ops.squeeze(t, -1);
        Tensor oneHot = Ops.cast(Ops.oneHot(Ops.cast(t, DType.INT32), p.dim(-1)), p.dtype());
        Tensor pTrue = Ops.sum(Ops.multiply(p, oneHot), -1);
        return Ops.divide(Ops.subtract(k(1, p), Ops.power(pTrue, k(q, p))), k(q, p));
    }
}
