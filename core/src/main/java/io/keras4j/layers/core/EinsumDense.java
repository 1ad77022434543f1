package io.keras4j.layers.core;

import io.keras4j.KerasTensor;
import io.keras4j.Variable;
import io.keras4j.activations.Activations;
import io.keras4j.constraints.Constraint;
import io.keras4j.initializers.GlorotUniform;
import io.keras4j.initializers.Initializer;
import io.keras4j.initializers.VarianceScaling;
import io.keras4j.initializers.Zeros;
import io.keras4j.layers.InputSpec;
import io.keras4j.layers.Layer;
import io.keras4j.ops.Ops;
import io.keras4j.regularizers.Regularizer;
import io.keras4j.saving.Config;
import io.keras4j.saving.KerasClass;
import io.keras4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dense layer computed by an einsum ({@code keras.layers.EinsumDense}):
 * {@code output = activation(einsum(equation, inputs, kernel) + bias)}.
 *
 * <p>The equation has the form {@code "ab,bc->ac"}, {@code "...ab,bc->...ac"} or
 * {@code "ab...,bc->ac..."}: the input's labels, the kernel's labels and the output's labels.
 * {@code output_shape} gives the output's dimensions without the batch and the elided axes
 * ({@code null} where the input decides); the kernel takes each label's size from the output
 * shape or the input shape, exactly as Keras computes it. {@code bias_axes} names the output
 * labels that get a bias; the bias spans from the first of them to the end of the output (size 1
 * on the other labels in between, and on right-elided axes).
 *
 * <pre>{@code
 * var dense = new EinsumDense("ab,bc->ac", 64).biasAxes("c");               // Dense(64)
 * var seq = new EinsumDense("abc,cd->abd", null, 64).biasAxes("d");         // Dense over a sequence
 * var heads = new EinsumDense("abc,cde->abde", null, 8, 16).biasAxes("de"); // MultiHeadAttention's query projection
 * }</pre>
 *
 * <p>The einsums attention layers use reduce to one matrix product each ({@link Ops#einsum} folds
 * the free and contracted labels into a GEMM). A variance-scaling kernel initializer that lacks
 * {@code input_axes} or {@code output_axes} draws the kernel through a copy whose axes are the
 * kernel's input labels and output labels, as Keras does (so its fans are not a convolution
 * kernel's); the layer's config keeps the initializer as given. LoRA ({@code lora_rank}) freezes the kernel and learns
 * {@code (lora_alpha / lora_rank) * lora_kernel_a @ lora_kernel_b}, the factorization on the
 * kernel's last axis. Quantized configs are rejected.
 */
@KerasClass(module = "keras.layers")
public class EinsumDense extends Layer {
    @Config private Integer[] outputShape;
    @Config private String equation;
    @Config private io.keras4j.activations.Activation activation = Activations.LINEAR;
    @Config private String biasAxes;
    @Config private Initializer kernelInitializer = new GlorotUniform();
    @Config private Initializer biasInitializer = new Zeros();
    @Config private Regularizer kernelRegularizer;
    @Config private Regularizer biasRegularizer;
    @Config private Constraint kernelConstraint;
    @Config private Constraint biasConstraint;
    @Config private Object quantizationConfig;
    @Config private Integer loraRank;
    @Config private Integer loraAlpha;
    @Config private Integer gptqUnpackedColumnSize;

    private Variable kernel;
    private Variable bias;
    private Variable loraKernelA;
    private Variable loraKernelB;
    private boolean loraEnabled;

    /**
     * {@code EinsumDense(equation, output_shape)}: {@code outputShape} lists the output's sizes
     * after the batch (and without elided axes), {@code null} for sizes the input decides.
     */
    public EinsumDense(String equation, Integer... outputShape) {
        this.equation = checkEquation(equation);
        this.outputShape = checkOutputShape(outputShape);
    }

    private EinsumDense() {} // fromConfig

    private static String checkEquation(String equation) {
        if (equation == null) throw new IllegalArgumentException("EinsumDense: `equation` is required");
        return equation;
    }

    private static Integer[] checkOutputShape(Integer[] outputShape) {
        if (outputShape == null) throw new IllegalArgumentException("EinsumDense: `output_shape` is required (null entries for unknown sizes)");
        for (Integer d : outputShape) {
            if (d != null && d < 0) {
                throw new IllegalArgumentException("EinsumDense: `output_shape` sizes must be non-negative or None, got " + Arrays.toString(outputShape));
            }
        }
        return outputShape.clone();
    }

    @Override
    public void onConfigLoaded() {
        checkEquation(equation);
        checkOutputShape(outputShape);
        if (activation == null) activation = Activations.LINEAR;
        if (quantizationConfig != null || gptqUnpackedColumnSize != null) {
            throw new IllegalArgumentException("EinsumDense \"" + name() + "\": quantized layers are not supported (quantization_config="
                    + quantizationConfig + (gptqUnpackedColumnSize != null ? ", gptq_unpacked_column_size=" + gptqUnpackedColumnSize : "") + ")");
        }
        if (loraRank != null && loraAlpha == null) loraAlpha = loraRank;
    }

    // ------------------------------------------------------------------ fluent options

    public EinsumDense activation(String activation) {
        this.activation = io.keras4j.activations.Activation.get(activation);
        return this;
    }

    public EinsumDense activation(io.keras4j.activations.Activation activation) {
        this.activation = io.keras4j.activations.Activation.get(activation);
        return this;
    }

    /** The output labels that get a bias ({@code "de"}), or null for no bias (the default). */
    public EinsumDense biasAxes(String biasAxes) {
        requireUnbuilt("bias_axes");
        this.biasAxes = biasAxes;
        return this;
    }

    public EinsumDense kernelInitializer(Object initializer) {
        requireUnbuilt("kernel_initializer");
        this.kernelInitializer = Initializer.get(initializer);
        return this;
    }

    public EinsumDense biasInitializer(Object initializer) {
        requireUnbuilt("bias_initializer");
        this.biasInitializer = Initializer.get(initializer);
        return this;
    }

    public EinsumDense kernelRegularizer(Object regularizer) {
        requireUnbuilt("kernel_regularizer");
        this.kernelRegularizer = Regularizer.get(regularizer);
        return this;
    }

    public EinsumDense biasRegularizer(Object regularizer) {
        requireUnbuilt("bias_regularizer");
        this.biasRegularizer = Regularizer.get(regularizer);
        return this;
    }

    public EinsumDense kernelConstraint(Object constraint) {
        requireUnbuilt("kernel_constraint");
        this.kernelConstraint = Constraint.get(constraint);
        return this;
    }

    public EinsumDense biasConstraint(Object constraint) {
        requireUnbuilt("bias_constraint");
        this.biasConstraint = Constraint.get(constraint);
        return this;
    }

    @Override
    public EinsumDense activityRegularizer(Object regularizer) {
        super.activityRegularizer(regularizer);
        return this;
    }

    /** {@code lora_rank}: LoRA of this rank from the build on ({@code lora_alpha} defaults to the rank). */
    public EinsumDense loraRank(int rank) {
        requireUnbuilt("lora_rank");
        if (rank <= 0) throw new IllegalArgumentException("EinsumDense \"" + name() + "\": lora_rank must be positive, got " + rank);
        this.loraRank = rank;
        if (loraAlpha == null) loraAlpha = rank;
        return this;
    }

    /** {@code lora_alpha}: the LoRA update is scaled by {@code lora_alpha / lora_rank}. */
    public EinsumDense loraAlpha(int alpha) {
        requireUnbuilt("lora_alpha");
        this.loraAlpha = alpha;
        return this;
    }

    @Override
    public EinsumDense name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public EinsumDense dtype(String dtypeName) {
        requireUnbuilt("dtype");
        super.dtype(dtypeName);
        return this;
    }

    private void requireUnbuilt(String what) {
        if (built()) throw new IllegalStateException("EinsumDense \"" + name() + "\": cannot change " + what + " after the layer is built");
    }

    // ------------------------------------------------------------------ accessors

    public String equation() { return equation; }

    /** The partial output shape as configured (null entries for unknown sizes). */
    public Integer[] outputShape() { return outputShape.clone(); }

    public String biasAxes() { return biasAxes; }

    public io.keras4j.activations.Activation activation() { return activation; }

    /** The kernel as {@code call} uses it: the variable's value, plus the scaled LoRA update when LoRA is on. */
    public Tensor kernel() {
        requireBuilt("kernel");
        if (!loraEnabled) return kernel.value();
        Tensor delta = Ops.multiply(Ops.matmul(loraKernelA.value(), loraKernelB.value()), (float) ((double) loraAlpha / loraRank));
        return Ops.cast(Ops.add(kernel.value(), delta), computeDtype());
    }

    /** The bias variable, or null without bias axes. */
    public Variable bias() {
        requireBuilt("bias");
        return bias;
    }

    public boolean loraEnabled() { return loraEnabled; }

    private void requireBuilt(String what) {
        if (!built()) throw new IllegalStateException("EinsumDense \"" + name() + "\": you must build the layer before accessing `" + what + "`");
    }

    // ------------------------------------------------------------------ shapes from the equation

    /** What an equation and input shape make: Keras's {@code _analyze_einsum_string}. Sizes are -1 where unknown. */
    record Analysis(int[] kernelShape, int[] biasShape, int[] fullOutputShape, int[] inputAxes, int[] outputAxes) {}

    private static final Pattern PLAIN = Pattern.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)");
    private static final Pattern LEFT = Pattern.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)");
    private static final Pattern RIGHT = Pattern.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0");

    Analysis analyze(int[] inputShape) {
        String s = equation.replace("...", "0");
        Matcher m = PLAIN.matcher(s);
        if (m.lookingAt()) return analyzeSplit(m, inputShape, false);
        m = LEFT.matcher(s);
        if (m.lookingAt()) return analyzeSplit(m, inputShape, true);
        m = RIGHT.matcher(s);
        if (m.lookingAt()) return analyzeSplit(m, inputShape, false);
        throw error("invalid einsum equation '" + equation + "'. Equations must be in the form "
                + "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....");
    }

    private Analysis analyzeSplit(Matcher m, int[] inputShape, boolean leftElided) {
        String inputSpec = m.group(1), weightSpec = m.group(2), outputSpec = m.group(3);
        boolean ellipsis = equation.contains("...");
        int elided = inputShape.length - inputSpec.length();
        if (elided < 0 || (!ellipsis && elided != 0)) {
            throw error("the equation '" + equation + "' names " + inputSpec.length() + " input axes but the input has shape "
                    + KerasTensor.shapeString(inputShape));
        }
        if (inputShape.length == 0) throw error("inputs must have at least one axis, got a scalar");
        // the full output shape: batch, (left-elided axes), the given shape, (right-elided axes)
        List<Integer> out = new ArrayList<>();
        out.add(inputShape[0]);
        if (elided > 0 && leftElided) for (int i = 1; i < elided; i++) out.add(inputShape[i]);
        for (Integer d : outputShape) out.add(d == null ? -1 : d);
        if (elided > 0 && !leftElided) for (int i = inputShape.length - elided; i < inputShape.length; i++) out.add(inputShape[i]);

        Map<Character, Integer> inputDim = new HashMap<>(), outputDim = new HashMap<>();
        for (int i = 0; i < inputSpec.length(); i++) inputDim.put(inputSpec.charAt(i), leftElided ? i + elided : i);
        for (int i = 0; i < outputSpec.length(); i++) outputDim.put(outputSpec.charAt(i), leftElided ? i + elided : i);
        if (outputSpec.length() + elided != out.size()) {
            throw error("output_shape " + Arrays.toString(outputShape) + " does not fit the output labels '" + outputSpec + "' of '"
                    + equation + "' for inputs of shape " + KerasTensor.shapeString(inputShape) + " (it lists the output's sizes after the "
                    + "batch axis, without the axes '...' covers)");
        }
        for (char c : inputSpec.toCharArray()) {
            Integer o = outputDim.get(c);
            if (o == null) continue;
            int in = inputShape[inputDim.get(c)], os = out.get(o);
            if (os >= 0 && os != in) {
                throw error("input shape and output shape do not match at shared dimension '" + c + "'. Input shape is "
                        + (in < 0 ? "None" : in) + ", and output shape is " + os + ".");
            }
        }
        // sizes output_shape leaves unknown are the input's where the label is the input's (Keras's documented shapes;
        // its compute_output_shape leaves them None)
        for (char c : outputSpec.toCharArray()) {
            Integer in = inputDim.get(c);
            int o = outputDim.get(c);
            if (in != null && out.get(o) < 0) out.set(o, inputShape[in < 0 ? in + inputShape.length : in]);
        }
        for (char c : outputSpec.toCharArray()) {
            if (inputSpec.indexOf(c) < 0 && weightSpec.indexOf(c) < 0) {
                throw error("dimension '" + c + "' was specified in the output '" + outputSpec + "' but has no corresponding dim in the input spec '"
                        + inputSpec + "' or weight spec '" + weightSpec + "'");
            }
        }
        int[] kernelShape = new int[weightSpec.length()];
        List<Integer> inAxes = new ArrayList<>(), outAxes = new ArrayList<>();
        for (int i = 0; i < weightSpec.length(); i++) {
            char c = weightSpec.charAt(i);
            if (outputDim.containsKey(c)) {
                kernelShape[i] = out.get(outputDim.get(c));
                outAxes.add(i);
            } else if (inputDim.containsKey(c)) {
                kernelShape[i] = inputShape[inputDim.get(c)];
                inAxes.add(i);
            } else {
                throw error("weight dimension '" + c + "' did not have a match in either the input spec '" + inputSpec
                        + "' or the output spec '" + outputSpec + "'. For this layer, the weight must be fully specified.");
            }
        }
        int[] biasShape = null;
        if (biasAxes != null) {
            int numLeftElided = leftElided ? elided : 0;
            int first = Integer.MAX_VALUE;
            for (char c : biasAxes.toCharArray()) {
                int at = outputSpec.indexOf(c);
                if (at < 0) throw error("bias dimension '" + c + "' was requested, but is not part of the output spec '" + outputSpec + "'");
                first = Math.min(first, at);
            }
            List<Integer> b = new ArrayList<>();
            for (int i = first; i < outputSpec.length(); i++) {
                b.add(biasAxes.indexOf(outputSpec.charAt(i)) >= 0 ? out.get(i + numLeftElided) : 1);
            }
            if (!leftElided) for (int i = 0; i < elided; i++) b.add(1);
            biasShape = b.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Analysis(kernelShape, biasShape, out.stream().mapToInt(Integer::intValue).toArray(),
                inAxes.stream().mapToInt(Integer::intValue).toArray(), outAxes.stream().mapToInt(Integer::intValue).toArray());
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("EinsumDense \"" + name() + "\": " + message);
    }

    // ------------------------------------------------------------------ build and call

    @Override
    public void build(int[] inputShape) {
        Analysis a = analyze(inputShape);
        requireKnown("kernel", a.kernelShape());
        if (a.biasShape() != null) requireKnown("bias", a.biasShape());
        setInputSpec(InputSpec.ndim(inputShape.length));
        // Keras's _update_kernel_initializer: a variance-scaling kernel initializer without both axis lists
        // draws through a copy that counts fans over the kernel's input and output labels (same seed);
        // kernel_initializer itself, and so the config, is unchanged
        Initializer init = kernelInitializer;
        if (kernelInitializer instanceof VarianceScaling vs && (vs.inputAxes() == null || vs.outputAxes() == null)) {
            init = vs.withAxes(a.inputAxes(), a.outputAxes());
        }
        kernel = addWeight("kernel", a.kernelShape(), init, kernelRegularizer, kernelConstraint, true);
        if (a.biasShape() != null) bias = addWeight("bias", a.biasShape(), biasInitializer, biasRegularizer, biasConstraint, true);
        if (loraRank != null) startLora(loraRank, loraAlpha == null ? loraRank : loraAlpha, "he_uniform", "zeros");
    }

    private void requireKnown(String what, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw error("the " + what + " shape " + KerasTensor.shapeString(shape) + " has an unknown dimension; give its size in "
                        + "output_shape or in the input shape (equation '" + equation + "')");
            }
        }
    }

    /** {@code enable_lora(rank)}: freezes the kernel and adds the trainable low-rank factors ({@code lora_alpha = rank}). */
    public void enableLora(int rank) {
        enableLora(rank, rank, "he_uniform", "zeros");
    }

    /**
     * {@code enable_lora(rank, lora_alpha, a_initializer, b_initializer)}: the kernel becomes
     * non-trainable; {@code lora_kernel_a} (kernel.shape[:-1] + (rank,)) and {@code lora_kernel_b}
     * (rank, kernel.shape[-1]) are added, regularized like the kernel.
     */
    public void enableLora(int rank, int loraAlpha, Object aInitializer, Object bInitializer) {
        if (!built()) throw new IllegalStateException("EinsumDense \"" + name() + "\": cannot enable lora on a layer that isn't yet built.");
        if (loraEnabled) {
            throw new IllegalStateException("EinsumDense \"" + name() + "\": lora is already enabled. This can only be done once per layer.");
        }
        startLora(rank, loraAlpha, aInitializer, bInitializer);
    }

    private void startLora(int rank, int alpha, Object aInit, Object bInit) {
        if (kernelConstraint != null) {
            throw new IllegalArgumentException("EinsumDense \"" + name() + "\": Lora is incompatible with kernel constraints. "
                    + "In order to enable lora on this layer, remove the `kernel_constraint` argument.");
        }
        if (rank <= 0) throw new IllegalArgumentException("EinsumDense \"" + name() + "\": lora rank must be positive, got " + rank);
        int[] ks = kernel.shape();
        int[] aShape = Arrays.copyOf(ks, ks.length);
        aShape[ks.length - 1] = rank;
        loraKernelA = addWeight("lora_kernel_a", aShape, aInit, kernelRegularizer, null, true);
        loraKernelB = addWeight("lora_kernel_b", new int[]{rank, ks[ks.length - 1]}, bInit, kernelRegularizer, null, true);
        kernel.setTrainable(false);
        loraEnabled = true;
        loraRank = rank;
        loraAlpha = alpha;
    }

    @Override
    public Tensor call(Tensor inputs) {
        Tensor x = inputs.dtype() == computeDtype() ? inputs : Ops.cast(inputs, computeDtype());
        Tensor y = Ops.einsum(equation, x, kernel());
        if (bias != null) y = Ops.add(y, bias.value());
        return activation == Activations.LINEAR ? y : activation.apply(y);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return analyze(inputShape).fullOutputShape();
    }

    /**
     * As Keras's {@code save_own_variables}: the kernel (merged with the LoRA update when LoRA is on;
     * the LoRA factors are not saved) as {@code "0"}, then the bias as {@code "1"}.
     */
    @Override
    public void saveOwnVariables(Map<String, Tensor> store) {
        if (built()) LoraSaving.save(store, kernel(), LoraSaving.bias(bias));
    }

    /** As Keras's {@code load_own_variables}: kernel and bias; with LoRA on, the factors restart at zero. */
    @Override
    public void loadOwnVariables(Map<String, Tensor> store) {
        if (built()) LoraSaving.load(name(), store, kernel, LoraSaving.bias(bias), loraEnabled, loraKernelA, loraKernelB);
    }

    /**
     * Keras's key order: {@code activity_regularizer} sits with the base keys when set, else it is
     * written as null after {@code bias_regularizer}; {@code lora_rank}/{@code lora_alpha} only with LoRA.
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> base = super.getConfig();
        Map<String, Object> config = new LinkedHashMap<>();
        boolean hasActivity = base.containsKey("activity_regularizer");
        for (var e : base.entrySet()) {
            config.put(e.getKey(), e.getValue());
            if (!hasActivity && e.getKey().equals("bias_regularizer")) config.put("activity_regularizer", null);
        }
        if (loraRank == null) {
            config.remove("lora_rank");
            config.remove("lora_alpha");
        }
        if (gptqUnpackedColumnSize == null) config.remove("gptq_unpacked_column_size");
        return config;
    }
}
