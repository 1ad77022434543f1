package io.keras4j.ops;

import io.keras4j.KerasTensor;
import io.keras4j.autograd.GradientTape;
import io.keras4j.layers.CallContext;
import io.keras4j.layers.Layer;
import io.keras4j.layers.Naming;
import io.keras4j.saving.Serialization;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One {@code keras.ops} call on symbolic tensors, a node of a functional graph, as Keras's
 * {@code keras.src.ops.operation.Operation} subclasses are ({@code Square}, {@code Add},
 * {@code Sum}, ...): {@code Ops.square(x)} on a {@link KerasTensor} makes one and calls it.
 *
 * <pre>{@code
 * KerasTensor x = Keras.input(32);
 * KerasTensor y = Ops.square(x);               // this op will be treated like a layer
 * Model model = new Model(x, y);
 * }</pre>
 *
 * <p>In Keras, Operation is the base of Layer; here it is a weightless {@link Layer}, so the graph
 * builds, infers shapes, runs and trains through it the way it does through any layer. It saves as
 * Keras does: module {@code keras.src.ops.numpy} or {@code keras.src.ops.nn}, the op's class name
 * (also its {@code registered_name}), and a config of {@code name} plus the op's constructor
 * arguments ({@code {"name": "sum", "axis": 1, "keepdims": true}}); a constant operand stays in
 * the call's {@code args} ({@code [<tensor>, 2.0]}). Like Keras, a model's {@code layers()} leaves
 * operations out ({@code operations()} has them), so they own no weights path. Names come from
 * the class name as Keras's: {@code square}, {@code square_1}, {@code absolute}, {@code expand_dims}.
 */
public final class Operation extends Layer implements Serialization.WithIdentity {

    /** What an op computes from its positional arguments (Tensors, or a list of them) and its constructor arguments. */
    private record Spec(String module, String className, Map<String, Object> defaults,
                        BiFunction<List<Object>, Map<String, Object>, Tensor> fn) {}

    /** A positional argument that is the next tensor input. */
    private static final Object TENSOR = new Object() {
        @Override public String toString() { return "<tensor>"; }
    };
    /** A positional argument that is the list of all tensor inputs ({@code concatenate([a, b])}). */
    private static final Object TENSORS = new Object() {
        @Override public String toString() { return "[<tensors>]"; }
    };

    private static final String NUMPY = "keras.src.ops.numpy", NN = "keras.src.ops.nn";
    /**
     * The operations keras4j runs, by Keras class name: a holder of its own so that loading a
     * model file (which asks {@link #isOperationModule} of every object) does not build it.
     */
    private static final class Catalog {
        static final Map<String, Spec> SPECS = new LinkedHashMap<>();

        static {
            unary(NUMPY, "Square", Ops::square);
            unary(NUMPY, "Sqrt", Ops::sqrt);
            unary(NUMPY, "Exp", Ops::exp);
            unary(NUMPY, "Log", Ops::log);
            unary(NUMPY, "Absolute", Ops::abs);
            unary(NUMPY, "Negative", Ops::negative);
            unary(NUMPY, "Sin", Ops::sin);
            unary(NUMPY, "Cos", Ops::cos);
            unary(NUMPY, "Tanh", Ops::tanh);
            unary(NN, "Sigmoid", Ops::sigmoid);
            unary(NN, "Relu", Ops::relu);
            spec(NN, "Softmax", params("axis", -1), (a, p) -> Ops.softmax(tensor(a, 0), intValue(p, "axis")));
            binary("Add", Ops::add);
            binary("Subtract", Ops::subtract);
            binary("Multiply", Ops::multiply);
            binary("Divide", Ops::divide);
            binary("Maximum", Ops::maximum);
            binary("Minimum", Ops::minimum);
            binary("Power", Ops::power);
            binary("Matmul", Ops::matmul);
            spec(NUMPY, "Sum", params("axis", null, "keepdims", false),
                    (a, p) -> Ops.sum(tensor(a, 0), axes(p), bool(p, "keepdims")));
            spec(NUMPY, "Mean", params("axis", null, "keepdims", false),
                    (a, p) -> Ops.mean(tensor(a, 0), axes(p), bool(p, "keepdims")));
            spec(NUMPY, "Max", params("axis", null, "keepdims", false, "initial", null), (a, p) -> {
                if (p.get("initial") != null) throw new IllegalArgumentException("max: keras4j does not support initial=" + p.get("initial"));
                return Ops.max(tensor(a, 0), axes(p), bool(p, "keepdims"));
            });
            spec(NUMPY, "Reshape", params("newshape", null), (a, p) -> Ops.reshape(tensor(a, 0), ints(p, "newshape")));
            spec(NUMPY, "Transpose", params("axes", null),
                    (a, p) -> Ops.transpose(tensor(a, 0), p.get("axes") == null ? new int[0] : ints(p, "axes")));
            spec(NUMPY, "Concatenate", params("axis", 0), (a, p) -> {
                @SuppressWarnings("unchecked")
                List<Tensor> xs = (List<Tensor>) a.get(0);
                return Ops.concatenate(xs, intValue(p, "axis"));
            });
            spec(NUMPY, "ExpandDims", params("axis", null), (a, p) -> Ops.expandDims(tensor(a, 0), intValue(p, "axis")));
        }

        private static void spec(String module, String className, Map<String, Object> defaults,
                                 BiFunction<List<Object>, Map<String, Object>, Tensor> fn) {
            SPECS.put(className, new Spec(module, className, defaults, fn));
        }

        private static void unary(String module, String className, java.util.function.UnaryOperator<Tensor> fn) {
            spec(module, className, Map.of(), (a, p) -> fn.apply(tensor(a, 0)));
        }

        private static void binary(String className, java.util.function.BinaryOperator<Tensor> fn) {
            spec(NUMPY, className, Map.of(), (a, p) -> fn.apply(tensor(a, 0), tensor(a, 1)));
        }
    }

    /** Constructor arguments and their defaults, in Keras's order. */
    private static Map<String, Object> params(Object... keysAndDefaults) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndDefaults.length; i += 2) m.put((String) keysAndDefaults[i], keysAndDefaults[i + 1]);
        return m;
    }

    private final Spec spec;
    private final Map<String, Object> params;
    /** The call's positional arguments: {@link #TENSOR}, {@link #TENSORS} or a constant Number; null until the first call. */
    private List<Object> arguments;

    private Operation(Spec spec, Map<String, Object> params) {
        this.spec = spec;
        this.params = params;
    }

    // ------------------------------------------------------------------ making and calling (the Ops facade)

    /**
     * Makes the operation {@code className} with constructor arguments {@code params} (Keras's
     * names; the rest take Keras's defaults), named as Keras names it, and calls it on
     * {@code args}: KerasTensors, a KerasTensor array (one list argument), or constant Numbers.
     */
    static KerasTensor call(String className, Map<String, Object> params, Object... args) {
        Spec spec = spec(className, NUMPY);
        Operation op = Naming.withoutCounting(() -> new Operation(spec, withDefaults(spec, params)));
        op.name(Naming.uniqueName(Naming.toSnakeCase(className)));
        List<Object> template = new ArrayList<>(args.length);
        List<KerasTensor> inputs = new ArrayList<>();
        for (Object a : args) {
            switch (a) {
                case KerasTensor t -> {
                    template.add(TENSOR);
                    inputs.add(t);
                }
                case KerasTensor[] ts -> {
                    if (args.length != 1) throw new IllegalArgumentException(op.name() + ": a list of tensors must be the only argument");
                    template.add(TENSORS);
                    inputs.addAll(Arrays.asList(ts));
                }
                case Number n -> template.add(n);
                case null, default -> throw new IllegalArgumentException(op.name() + ": expected a KerasTensor or a number, got " + a);
            }
        }
        if (inputs.isEmpty()) throw new IllegalArgumentException(op.name() + ": a symbolic call needs at least one KerasTensor");
        op.bindArguments(template);
        return op.apply(inputs.toArray(KerasTensor[]::new));
    }

    private static Spec spec(String className, String module) {
        Spec spec = Catalog.SPECS.get(className);
        if (spec == null) {
            throw new IllegalArgumentException("Unknown Keras operation '" + className + "' from module '" + module
                    + "': keras4j runs these operations in functional models: " + Catalog.SPECS.keySet());
        }
        return spec;
    }

    private static Map<String, Object> withDefaults(Spec spec, Map<String, Object> given) {
        Map<String, Object> out = new LinkedHashMap<>(spec.defaults());
        for (var e : given.entrySet()) {
            if (!out.containsKey(e.getKey())) {
                throw new IllegalArgumentException("Keras operation '" + spec.className() + "' has no argument '" + e.getKey()
                        + "' (it takes " + spec.defaults().keySet() + ")");
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The Keras class name of the op ({@code Square}, {@code Sum}, ...). */
    @Override
    public String kerasClassName() { return spec.className(); }

    /** Sets the call's positional arguments; a second call of the same operation must pass the same kinds. */
    private void bindArguments(List<Object> template) {
        List<Object> t = List.copyOf(template);
        if (arguments != null && !arguments.equals(t)) {
            throw new IllegalArgumentException("Operation '" + name() + "' (" + spec.className() + ") was called with arguments "
                    + arguments + " and then " + t + "; keras4j keeps one argument pattern per operation");
        }
        int tensors = 0;
        for (Object a : t) if (a == TENSOR) tensors++;
        int expected = expectedArgs();
        if (t.size() != expected) {
            throw new IllegalArgumentException("Operation '" + name() + "' (" + spec.className() + ") takes " + expected
                    + " positional argument(s), got " + t.size() + ": " + t);
        }
        if (tensors == 0 && !t.contains(TENSORS)) {
            throw new IllegalArgumentException("Operation '" + name() + "' (" + spec.className() + ") needs a tensor argument: " + t);
        }
        if (t.contains(TENSORS) && !spec.className().equals("Concatenate")) {
            throw new IllegalArgumentException("Operation '" + name() + "' (" + spec.className() + ") does not take a list of tensors");
        }
        if (spec.className().equals("Concatenate") && !t.equals(List.of(TENSORS))) {
            throw new IllegalArgumentException("Operation '" + name() + "' (Concatenate) takes one list of tensors, got " + t);
        }
        this.arguments = t;
    }

    private int expectedArgs() {
        return switch (spec.className()) {
            case "Add", "Subtract", "Multiply", "Divide", "Maximum", "Minimum", "Power", "Matmul" -> 2;
            default -> 1;
        };
    }

    // ------------------------------------------------------------------ computing

    @Override
    public List<Tensor> call(List<Tensor> inputs, CallContext ctx) {
        if (arguments == null) throw new IllegalStateException("Operation '" + name() + "' has not been called symbolically");
        List<Object> positional = new ArrayList<>(arguments.size());
        int next = 0;
        DType like = inputs.isEmpty() ? DType.FLOAT32 : inputs.get(0).dtype();
        for (Object a : arguments) {
            if (a == TENSOR) positional.add(inputs.get(next++));
            else if (a == TENSORS) {
                positional.add(List.copyOf(inputs));
                next = inputs.size();
            } else positional.add(constant((Number) a, like));
        }
        if (next != inputs.size()) {
            throw new IllegalArgumentException("Operation '" + name() + "' (" + spec.className() + ") expects " + next
                    + " tensor input(s), but it received " + inputs.size());
        }
        return List.of(spec.fn().apply(positional, params));
    }

    /**
     * A constant operand as a scalar tensor, weakly typed as Keras's Python scalars are: it takes
     * the tensor operand's dtype, except that a fractional constant makes an integer tensor float32.
     */
    private static Tensor constant(Number n, DType like) {
        boolean integral = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
        Tensor s = Tensor.scalar(n.floatValue());
        if (like.isFloating() || (like.isInteger() && integral)) return like == DType.FLOAT32 ? s : Ops.cast(s, like);
        return s;
    }

    /** The dtype of each output: the op run once on zeros of the inputs' dtypes (shapes come from Layer's dry runs). */
    @Override
    protected List<DType> computeOutputDtypes(List<KerasTensor> inputs) {
        List<Tensor> zeros = new ArrayList<>(inputs.size());
        for (KerasTensor t : inputs) {
            int[] s = t.shape();
            for (int d = 0; d < s.length; d++) if (s[d] < 0) s[d] = 2;
            zeros.add(Tensor.zeros(t.dtype(), s));
        }
        try (AutoCloseable paused = GradientTape.stopRecording()) {
            return List.of(call(zeros, null).get(0).dtype());
        } catch (Exception e) {
            return List.of(inputs.isEmpty() ? computeDtype() : inputs.get(0).dtype());
        }
    }

    // ------------------------------------------------------------------ saving

    @Override
    public String[] kerasIdentity() {
        return new String[]{spec.module(), spec.className(), spec.className()};
    }

    /** {@code name} and the op's constructor arguments, as Keras's Operation.get_config. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name());
        config.putAll(params);
        return config;
    }

    /** Operations are not built and have no build config. */
    @Override
    public Map<String, Object> getBuildConfig() { return null; }

    /** The call's {@code args} as Keras writes them: the serialized tensors in their places, constants as they are. */
    public List<Object> serializeArguments(List<Object> serializedTensors) {
        List<Object> out = new ArrayList<>();
        int next = 0;
        for (Object a : arguments) {
            if (a == TENSOR) out.add(serializedTensors.get(next++));
            else if (a == TENSORS) out.add(List.copyOf(serializedTensors));
            else out.add(a);
        }
        return out;
    }

    /** Whether a serialized object's module holds Keras operations ({@code keras.src.ops.*}). */
    public static boolean isOperationModule(String module) {
        return module != null && module.startsWith("keras.src.ops.");
    }

    /**
     * The operation a Keras file names: class {@code className} of {@code module} with its saved
     * {@code config}. An op keras4j does not know, or an argument it does not know, is an error
     * naming it.
     */
    public static Operation fromConfig(String module, String className, Map<String, Object> config) {
        Spec spec = spec(className, module);
        if (!spec.module().equals(module)) {
            throw new IllegalArgumentException("Unknown Keras operation '" + className + "' from module '" + module
                    + "' (keras4j knows '" + className + "' from '" + spec.module() + "')");
        }
        Map<String, Object> params = new LinkedHashMap<>(config);
        Object name = params.remove("name");
        Operation op = Naming.withoutCounting(() -> new Operation(spec, withDefaults(spec, params)));
        op.name(name instanceof String s ? s : Naming.uniqueName(Naming.toSnakeCase(className)));
        return op;
    }

    /**
     * Binds one saved call's {@code args} (serialized tensors, one list of them, or constants) and
     * returns which of them are tensor references, in order, for the caller to resolve.
     */
    public List<Object> bindSavedArguments(List<?> args) {
        List<Object> template = new ArrayList<>(args.size());
        List<Object> tensorRefs = new ArrayList<>();
        for (Object a : args) {
            if (a instanceof Number n) {
                template.add(n);
            } else if (a instanceof List<?> list) {
                template.add(TENSORS);
                tensorRefs.addAll(list);
            } else if (a instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"))) {
                template.add(TENSOR);
                tensorRefs.add(a);
            } else {
                throw new IllegalArgumentException("Operation '" + name() + "' (" + spec.className()
                        + "): keras4j cannot pass the argument " + a + " (tensors and numbers only)");
            }
        }
        bindArguments(template);
        return tensorRefs;
    }

    // ------------------------------------------------------------------ argument helpers

    private static Tensor tensor(List<Object> args, int i) {
        return (Tensor) args.get(i);
    }

    private static int intValue(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("Keras operation argument '" + key + "' must be an integer, got " + v);
        return n.intValue();
    }

    private static boolean bool(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof Boolean b)) throw new IllegalArgumentException("Keras operation argument '" + key + "' must be a boolean, got " + v);
        return b;
    }

    /** An axis argument: null (all axes), an integer or a list of integers. */
    private static int[] axes(Map<String, Object> p) {
        Object v = p.get("axis");
        if (v == null) return null;
        if (v instanceof Number n) return new int[]{n.intValue()};
        return ints(p, "axis");
    }

    private static int[] ints(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (v instanceof int[] a) return a.clone();
        if (!(v instanceof List<?> list)) throw new IllegalArgumentException("Keras operation argument '" + key + "' must be a list of integers, got " + v);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) throw new IllegalArgumentException("Keras operation argument '" + key + "' must be a list of integers, got " + v);
            out[i] = n.intValue();
        }
        return out;
    }

    /** Integers as the list a config holds. */
    static List<Integer> list(int... values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) out.add(v);
        return out;
    }
}
