package io.keras4j.layers.convolutional;

import io.keras4j.Variable;
import io.keras4j.activations.Activations;
import io.keras4j.constraints.Constraint;
import io.keras4j.initializers.GlorotUniform;
import io.keras4j.initializers.Initializer;
import io.keras4j.layers.Layer;
import io.keras4j.ops.Ops;
import io.keras4j.regularizers.Regularizer;
import io.keras4j.saving.Config;
import io.keras4j.saving.ConfigOrder;
import io.keras4j.tensor.Tensor;

/**
 * The N-D convolution layer behind {@link Conv1D}, {@link Conv2D} and {@link Conv3D}
 * ({@code keras.src.layers.convolutional.base_conv.BaseConv}): a kernel of shape
 * {@code (*kernel_size, input_channels / groups, filters)} cross-correlated with the input through
 * {@link Ops#conv}, plus a bias of shape {@code (filters,)} when {@code use_bias}, then the activation.
 * The window, bias and activation settings live in {@link AbstractConv}.
 *
 * <p>Arguments that span several settings ({@code strides > 1} with {@code dilation_rate > 1},
 * {@code filters} divisible by {@code groups}) are checked when the layer is built, so fluent
 * setters can be called in any order. Settings cannot change once the layer is built.
 *
 * @param <T> the concrete layer, which the fluent setters return
 */
@ConfigOrder({"filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias",
        "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint"})
public abstract class BaseConv<T extends BaseConv<T>> extends AbstractConv<T> {
    @Config private int filters;
    @Config private int groups = 1;
    @Config private Initializer kernelInitializer = new GlorotUniform();
    @Config private Regularizer kernelRegularizer;
    @Config private Constraint kernelConstraint;

    private Variable kernel;

    /** A convolution over {@code rank} spatial axes with unit strides and dilation, "valid" padding. */
    protected BaseConv(int rank, int filters, int[] kernelSize) {
        super(rank, rank == 1, kernelSize);
        if (filters <= 0) {
            throw new IllegalArgumentException(ConvUtils.who(this) + ": Invalid value for argument `filters`. Expected a strictly "
                    + "positive value. Received filters=" + filters + ".");
        }
        this.filters = filters;
    }

    /** For from_config: the config supplies filters and kernel_size. */
    protected BaseConv(int rank) {
        super(rank, rank == 1);
    }

    // ------------------------------------------------------------------ fluent settings

    /** Splits the channels into {@code groups} independent convolutions; input channels and filters must divide by it. */
    public T groups(int groups) {
        requireNotBuilt("groups");
        if (groups <= 0) {
            throw new IllegalArgumentException(ConvUtils.who(this) + ": The number of groups must be a positive integer. Received: groups="
                    + groups + ".");
        }
        this.groups = groups;
        return self();
    }

    /** An initializer: a name ("he_normal"), a serialized dict or an {@link Initializer}. */
    public T kernelInitializer(Object initializer) {
        requireNotBuilt("kernel_initializer");
        this.kernelInitializer = Initializer.get(initializer);
        return self();
    }

    /** A regularizer: a name ("l2"), a serialized dict, a {@link Regularizer}, or null. */
    public T kernelRegularizer(Object regularizer) {
        requireNotBuilt("kernel_regularizer");
        this.kernelRegularizer = Regularizer.get(regularizer);
        return self();
    }

    /** A constraint: a name ("non_neg"), a serialized dict, a {@link Constraint}, or null. */
    public T kernelConstraint(Object constraint) {
        requireNotBuilt("kernel_constraint");
        this.kernelConstraint = Constraint.get(constraint);
        return self();
    }

    // ------------------------------------------------------------------ state

    /** The convolution kernel, {@code (*kernel_size, input_channels / groups, filters)} (null before build). */
    public Variable kernel() { return kernel; }

    /** The checks Keras makes in its constructor that involve more than one argument. */
    private void checkArguments() {
        requireKernelSize();
        if (filters <= 0) {
            throw new IllegalArgumentException(ConvUtils.who(this) + ": Invalid value for argument `filters`. Expected a strictly "
                    + "positive value. Received filters=" + filters + ".");
        }
        if (groups <= 0) {
            throw new IllegalArgumentException(ConvUtils.who(this) + ": The number of groups must be a positive integer. Received: groups="
                    + groups + ".");
        }
        if (filters % groups != 0) {
            throw new IllegalArgumentException(ConvUtils.who(this) + ": The number of filters must be evenly divisible by the number of "
                    + "groups. Received: groups=" + groups + ", filters=" + filters + ".");
        }
        requireStridesOrDilation();
    }

    @Override
    public void onConfigLoaded() {
        super.onConfigLoaded();
        checkArguments();
    }

    @Override
    public void build(int[] inputShape) {
        checkArguments();
        int channels = inputChannels(inputShape);
        if (channels % groups != 0) {
            throw new IllegalArgumentException(ConvUtils.who(this) + ": The number of input channels must be evenly divisible by the "
                    + "number of groups. Received groups=" + groups + ", but the input has " + channels
                    + " channels (full input shape is " + ConvUtils.tuple(inputShape) + ").");
        }
        computeOutputShape(inputShape); // rejects inputs too small for the window
        pinChannels(channels);
        kernel = addWeight("kernel", kernelShape(channels / groups, filters), kernelInitializer, kernelRegularizer, kernelConstraint,
                true);
        buildBias(filters);
    }

    /** The convolution itself ({@code convolution_op}); subclasses may transform the kernel here. */
    protected Tensor convolutionOp(Tensor inputs, Tensor kernel) {
        return Ops.conv(inputs, kernel, strides(), padding(), dataFormat(), dilationRate());
    }

    @Override
    public Tensor call(Tensor inputs) {
        if (useBias() && PLAIN_CONVOLUTION_OP.get(getClass()) && (activation() == Activations.RELU || activation() == Activations.LINEAR)) {
            // the convolution, bias and relu as one op (bit-identical to the three)
            return Ops.convBiasActivation(inputs, kernel.value(), bias().value(), strides(), padding(), dataFormat(), dilationRate(),
                    activation() == Activations.RELU);
        }
        return biasAndActivation(convolutionOp(inputs, kernel.value()));
    }

    /**
     * Convolution, bias and relu followed by a max pooling layer, as one op
     * ({@link Ops#convBiasReluMaxPool}: the full-resolution activation is never stored; the same
     * values and gradients as the two calls). Only for this class's own convolution with a bias
     * and relu, and max pooling in the same data format; anything else runs the two layers.
     */
    @Override
    public boolean fusesWith(Layer next) {
        return next instanceof io.keras4j.layers.pooling.BasePooling<?> pool && pool.isMaxPooling() && useBias()
                && activation() == Activations.RELU && PLAIN_CONVOLUTION_OP.get(getClass()) && pool.dataFormat().equals(dataFormat());
    }

    @Override
    protected Tensor callFusedWith(Tensor inputs, Layer next) {
        if (!fusesWith(next)) return null;
        io.keras4j.layers.pooling.BasePooling<?> pool = (io.keras4j.layers.pooling.BasePooling<?>) next;
        return Ops.convBiasReluMaxPool(inputs, kernel.value(), bias().value(), strides(), padding(), dataFormat(), dilationRate(),
                pool.poolSize(), pool.strides(), pool.padding());
    }

    /** Whether a layer class keeps this class's {@link #convolutionOp} (so the fused op computes the same). */
    private static final ClassValue<Boolean> PLAIN_CONVOLUTION_OP = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != BaseConv.class; c = c.getSuperclass()) {
                try {
                    c.getDeclaredMethod("convolutionOp", Tensor.class, Tensor.class);
                    return false;
                } catch (NoSuchMethodException e) {
                    // not overridden here
                }
            }
            return true;
        }
    };

    /** Keras's {@code compute_conv_output_shape}; {@code -1} dimensions stay unknown. */
    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return convOutputShape(inputShape, filters);
    }
}
