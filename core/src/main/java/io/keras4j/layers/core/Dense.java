package io.keras4j.layers.core;

import io.keras4j.Variable;
import io.keras4j.activations.Activations;
import io.keras4j.constraints.Constraint;
import io.keras4j.initializers.GlorotUniform;
import io.keras4j.initializers.Initializer;
import io.keras4j.initializers.Zeros;
import io.keras4j.layers.InputSpec;
import io.keras4j.layers.Layer;
import io.keras4j.ops.Ops;
import io.keras4j.regularizers.Regularizer;
import io.keras4j.saving.Config;
import io.keras4j.saving.KerasClass;
import io.keras4j.tensor.Tensor;

import java.util.Map;

/**
 * The densely-connected layer ({@code keras.layers.Dense}):
 * {@code output = activation(dot(input, kernel) + bias)}, with a kernel of shape
 * {@code (input_dim, units)} and a bias of shape {@code (units,)}.
 *
 * <p>Inputs of any rank {@code >= 2} are multiplied on their last axis: a
 * {@code (batch, d0, ..., input_dim)} input gives {@code (batch, d0, ..., units)}. The leading axes
 * are folded into one, so every call is a single matrix product followed by a broadcast bias add,
 * and the kernel's gradient is a single product too.
 *
 * <pre>{@code
 * var dense = new Dense(64, "relu");
 * var head = new Dense(10).useBias(false).kernelInitializer("he_normal").kernelRegularizer(new L2(1e-4f));
 * }</pre>
 *
 * <p>LoRA ({@code lora_rank}) freezes the kernel and learns a low-rank update
 * {@code (lora_alpha / lora_rank) * lora_kernel_a @ lora_kernel_b} on top of it, as Keras does.
 * Quantization is not supported: a config with a non-null {@code quantization_config} is rejected.
 */
@KerasClass(module = "keras.layers")
public class Dense extends Layer {
    @Config private int units;
    @Config private io.keras4j.activations.Activation activation = Activations.LINEAR;
    @Config private boolean useBias = true;
    @Config private Initializer kernelInitializer = new GlorotUniform();
    @Config private Initializer biasInitializer = new Zeros();
    @Config private Regularizer kernelRegularizer;
    @Config private Regularizer biasRegularizer;
    @Config private Constraint kernelConstraint;
    @Config private Constraint biasConstraint;
    @Config private Object quantizationConfig;
    @Config private Integer loraRank;
    @Config private Integer loraAlpha;

    private Variable kernel;
    private Variable bias;
    private Variable loraKernelA;
    private Variable loraKernelB;
    private boolean loraEnabled;

    /** {@code Dense(units)}: a linear layer with a bias. */
    public Dense(int units) {
        this.units = checkUnits(units);
        setInputSpec(InputSpec.minNdim(2));
        setSupportsMasking(true);
    }

    /** {@code Dense(units, activation="relu")}. */
    public Dense(int units, String activation) {
        this(units);
        activation(activation);
    }

    /** {@code Dense(units, activation=fn)}. */
    public Dense(int units, io.keras4j.activations.Activation activation) {
        this(units);
        activation(activation);
    }

    private Dense() { // fromConfig
        setInputSpec(InputSpec.minNdim(2));
        setSupportsMasking(true);
    }

    private static int checkUnits(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: received an invalid value for `units`, expected a positive integer. "
                    + "Received: units=" + units);
        }
        return units;
    }

    @Override
    public void onConfigLoaded() {
        checkUnits(units);
        if (activation == null) activation = Activations.LINEAR;
        if (quantizationConfig != null) {
            throw new IllegalArgumentException("Dense \"" + name() + "\": quantized layers are not supported (quantization_config="
                    + quantizationConfig + ")");
        }
        if (loraRank != null && loraAlpha == null) loraAlpha = loraRank;
    }

    // ------------------------------------------------------------------ fluent options

    public Dense activation(String activation) {
        this.activation = io.keras4j.activations.Activation.get(activation);
        return this;
    }

    public Dense activation(io.keras4j.activations.Activation activation) {
        this.activation = io.keras4j.activations.Activation.get(activation);
        return this;
    }

    public Dense useBias(boolean useBias) {
        requireUnbuilt("use_bias");
        this.useBias = useBias;
        return this;
    }

    /** An initializer name ({@code "he_normal"}), serialized dict or {@link Initializer}. */
    public Dense kernelInitializer(Object initializer) {
        requireUnbuilt("kernel_initializer");
        this.kernelInitializer = Initializer.get(initializer);
        return this;
    }

    public Dense biasInitializer(Object initializer) {
        requireUnbuilt("bias_initializer");
        this.biasInitializer = Initializer.get(initializer);
        return this;
    }

    /** A regularizer name ({@code "l2"}), serialized dict, {@link Regularizer}, or null for none. */
    public Dense kernelRegularizer(Object regularizer) {
        requireUnbuilt("kernel_regularizer");
        this.kernelRegularizer = Regularizer.get(regularizer);
        return this;
    }

    public Dense biasRegularizer(Object regularizer) {
        requireUnbuilt("bias_regularizer");
        this.biasRegularizer = Regularizer.get(regularizer);
        return this;
    }

    /** A constraint name ({@code "max_norm"}), serialized dict, {@link Constraint}, or null for none. */
    public Dense kernelConstraint(Object constraint) {
        requireUnbuilt("kernel_constraint");
        this.kernelConstraint = Constraint.get(constraint);
        return this;
    }

    public Dense biasConstraint(Object constraint) {
        requireUnbuilt("bias_constraint");
        this.biasConstraint = Constraint.get(constraint);
        return this;
    }

    @Override
    public Dense activityRegularizer(Object regularizer) {
        super.activityRegularizer(regularizer);
        return this;
    }

    /** {@code lora_rank}: enable LoRA of this rank when the layer is built ({@code lora_alpha} defaults to the rank). */
    public Dense loraRank(int rank) {
        requireUnbuilt("lora_rank");
        if (rank <= 0) throw new IllegalArgumentException("Dense \"" + name() + "\": lora_rank must be positive, got " + rank);
        this.loraRank = rank;
        if (loraAlpha == null) loraAlpha = rank;
        return this;
    }

    /** {@code lora_alpha}: the LoRA update is scaled by {@code lora_alpha / lora_rank}. */
    public Dense loraAlpha(int alpha) {
        requireUnbuilt("lora_alpha");
        this.loraAlpha = alpha;
        return this;
    }

    @Override
    public Dense name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Dense dtype(String dtypeName) {
        requireUnbuilt("dtype");
        super.dtype(dtypeName);
        return this;
    }

    private void requireUnbuilt(String what) {
        if (built()) {
            throw new IllegalStateException("Dense \"" + name() + "\": cannot change " + what + " after the layer is built");
        }
    }

    // ------------------------------------------------------------------ accessors

    public int units() { return units; }

    public io.keras4j.activations.Activation activation() { return activation; }

    public boolean useBias() { return useBias; }

    /** The bias variable, or null without a bias. */
    public Variable bias() {
        requireBuilt("bias");
        return bias;
    }

    /** The kernel as used by {@code call}: the kernel variable's value, plus the scaled LoRA update when LoRA is on. */
    public Tensor kernel() {
        requireBuilt("kernel");
        if (!loraEnabled) return kernel.value();
        Tensor delta = Ops.multiply(Ops.matmul(loraKernelA.value(), loraKernelB.value()), (float) ((double) loraAlpha / loraRank));
        return Ops.cast(Ops.add(kernel.value(), delta), computeDtype());
    }

    public boolean loraEnabled() { return loraEnabled; }

    /**
     * As Keras's {@code save_own_variables}: the kernel (merged with the LoRA update when LoRA is on;
     * the factors are not saved) as {@code "0"}, then the bias as {@code "1"}.
     */
    @Override
    public void saveOwnVariables(java.util.Map<String, Tensor> store) {
        if (built()) LoraSaving.save(store, kernel(), LoraSaving.bias(bias));
    }

    /** As Keras's {@code load_own_variables}: kernel and bias; with LoRA on, the factors restart at zero. */
    @Override
    public void loadOwnVariables(java.util.Map<String, Tensor> store) {
        if (built()) LoraSaving.load(name(), store, kernel, LoraSaving.bias(bias), loraEnabled, loraKernelA, loraKernelB);
    }

    private void requireBuilt(String what) {
        if (!built()) {
            throw new IllegalStateException("Dense \"" + name() + "\": you must build the layer before accessing `" + what + "`");
        }
    }

    // ------------------------------------------------------------------ build and call

    @Override
    public void build(int[] inputShape) {
        int inputDim = inputShape[inputShape.length - 1];
        if (inputDim < 0) {
            throw new IllegalArgumentException("Dense \"" + name() + "\": the last dimension of the inputs must be known to build "
                    + "the layer, got input shape " + io.keras4j.KerasTensor.shapeString(inputShape));
        }
        kernel = addWeight("kernel", new int[]{inputDim, units}, kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) bias = addWeight("bias", new int[]{units}, biasInitializer, biasRegularizer, biasConstraint, true);
        setInputSpec(InputSpec.minNdim(2).withAxis(-1, inputDim));
        // Keras 3.15's build calls enable_lora(lora_rank), which resets lora_alpha to the rank; the
        // lora_alpha argument is honoured here, as Keras documents it.
        if (loraRank != null) startLora(inputDim, loraRank, loraAlpha == null ? loraRank : loraAlpha, "he_uniform", "zeros");
    }

    /** {@code enable_lora(rank)}: freezes the kernel and adds the trainable low-rank factors ({@code lora_alpha = rank}). */
    public void enableLora(int rank) {
        enableLora(rank, rank, "he_uniform", "zeros");
    }

    /**
     * {@code enable_lora(rank, lora_alpha, a_initializer, b_initializer)}: the kernel becomes
     * non-trainable and {@code lora_kernel_a (input_dim, rank)}, {@code lora_kernel_b (rank, units)}
     * are added, regularized like the kernel.
     */
    public void enableLora(int rank, int loraAlpha, Object aInitializer, Object bInitializer) {
        if (!built()) throw new IllegalStateException("Dense \"" + name() + "\": cannot enable lora on a layer that isn't yet built.");
        if (loraEnabled) {
            throw new IllegalStateException("Dense \"" + name() + "\": lora is already enabled. This can only be done once per layer.");
        }
        startLora(kernel.shape()[0], rank, loraAlpha, aInitializer, bInitializer);
    }

    private void startLora(int inputDim, int rank, int alpha, Object aInit, Object bInit) {
        if (kernelConstraint != null) {
            throw new IllegalArgumentException("Dense \"" + name() + "\": Lora is incompatible with kernel constraints. "
                    + "In order to enable lora on this layer, remove the `kernel_constraint` argument.");
        }
        if (rank <= 0) throw new IllegalArgumentException("Dense \"" + name() + "\": lora rank must be positive, got " + rank);
        loraKernelA = addWeight("lora_kernel_a", new int[]{inputDim, rank}, aInit, kernelRegularizer, null, true);
        loraKernelB = addWeight("lora_kernel_b", new int[]{rank, units}, bInit, kernelRegularizer, null, true);
        kernel.setTrainable(false);
        loraEnabled = true;
        loraRank = rank;
        loraAlpha = alpha;
    }

    @Override
    public Tensor call(Tensor inputs) {
        Tensor x = inputs.dtype() == computeDtype() ? inputs : Ops.cast(inputs, computeDtype());
        Tensor k = kernel();
        int rank = x.rank();
        // one fused op: the product, then the bias and a relu in place (Ops.dense); other activations after it
        boolean relu = activation == Activations.RELU;
        Tensor b = bias == null ? null : bias.value();
        Tensor y;
        if (rank == 2) {
            y = Ops.dense(x, k, b, relu);
        } else {
            // fold the leading axes into one: one matrix product instead of one per leading index
            int[] shape = x.shape();
            int rows = 1;
            for (int i = 0; i < rank - 1; i++) rows *= shape[i];
            y = Ops.dense(Ops.reshape(x, rows, shape[rank - 1]), k, b, relu);
            shape[rank - 1] = units;
            y = Ops.reshape(y, shape);
        }
        return relu || activation == Activations.LINEAR ? y : activation.apply(y);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length < 2) {
            throw new IllegalArgumentException("Dense \"" + name() + "\": expected inputs of rank >= 2, got shape "
                    + io.keras4j.KerasTensor.shapeString(inputShape));
        }
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    /** Keras writes {@code lora_rank} and {@code lora_alpha} only when LoRA is configured. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        if (loraRank == null) {
            config.remove("lora_rank");
            config.remove("lora_alpha");
        }
        return config;
    }
}
