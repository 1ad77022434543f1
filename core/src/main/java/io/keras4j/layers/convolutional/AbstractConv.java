package io.keras4j.layers.convolutional;

import io.keras4j.Variable;
import io.keras4j.activations.Activation;
import io.keras4j.activations.Activations;
import io.keras4j.constraints.Constraint;
import io.keras4j.initializers.Initializer;
import io.keras4j.initializers.Zeros;
import io.keras4j.layers.InputSpec;
import io.keras4j.layers.Layer;
import io.keras4j.ops.OperationUtils;
import io.keras4j.ops.Ops;
import io.keras4j.regularizers.Regularizer;
import io.keras4j.saving.Config;
import io.keras4j.tensor.Tensor;
import io.keras4j.utils.ArgumentValidation;

import java.util.Map;

/**
 * What the four convolution bases share ({@link BaseConv}, {@link BaseConvTranspose},
 * {@link BaseDepthwiseConv}, {@link BaseSeparableConv}; Keras repeats these in each of its four
 * base classes): the window settings ({@code kernel_size}, {@code strides}, {@code padding},
 * {@code data_format}, {@code dilation_rate}), the activation and the bias with its initializer,
 * regularizer and constraint, their fluent setters (which refuse changes once built), the
 * standardisation of a loaded config, the bias-then-activation tail of {@code call} and the
 * config's {@code activity_regularizer} slot. The kernels, their settings and each base's checks
 * stay in the bases. Each base lists its keys in Keras's order with
 * {@link io.keras4j.saving.ConfigOrder}, since Keras interleaves them with these.
 *
 * @param <T> the concrete layer, which the fluent setters return
 */
public abstract class AbstractConv<T extends AbstractConv<T>> extends Layer {
    @Config private int[] kernelSize;
    @Config private int[] strides;
    @Config private String padding = "valid";
    @Config private String dataFormat = "channels_last";
    @Config private int[] dilationRate;
    @Config private Activation activation = Activations.LINEAR;
    @Config private boolean useBias = true;
    @Config private Initializer biasInitializer = new Zeros();
    @Config private Regularizer biasRegularizer;
    @Config private Constraint biasConstraint;

    /** Spatial axes. */
    protected final int rank;
    /** Whether padding may be "causal" (1D convolutions only). */
    private final boolean causalAllowed;
    private Variable bias;

    /** For from_config: the config supplies kernel_size; unit strides and dilation, "valid" padding. */
    protected AbstractConv(int rank, boolean causalAllowed) {
        this.rank = rank;
        this.causalAllowed = causalAllowed;
        this.strides = ConvUtils.ones(rank);
        this.dilationRate = ConvUtils.ones(rank);
        setInputSpec(InputSpec.minNdim(rank + 2));
    }

    /** With kernelSize: one size for every spatial axis, or one per axis. */
    protected AbstractConv(int rank, boolean causalAllowed, int[] kernelSize) {
        this(rank, causalAllowed);
        this.kernelSize = ArgumentValidation.standardizeTuple(kernelSize, rank, "kernel_size", false);
    }

    @SuppressWarnings("unchecked")
    protected final T self() { return (T) this; }

    /** Refuses a setting once the layer is built. */
    protected final void requireNotBuilt(String argument) { ConvUtils.requireNotBuilt(this, argument); }

    // ------------------------------------------------------------------ fluent settings

    /** One stride for every spatial axis, or one per axis. */
    public T strides(int... strides) {
        requireNotBuilt("strides");
        this.strides = ArgumentValidation.standardizeTuple(strides, rank, "strides", false);
        return self();
    }

    /** "valid" (no padding), "same" (output size ceil(input / stride)), or "causal" for {@link Conv1D}. */
    public T padding(String padding) {
        requireNotBuilt("padding");
        this.padding = ArgumentValidation.standardizePadding(padding, causalAllowed);
        return self();
    }

    /** "channels_last" (the default: {@code (batch, spatial..., channels)}) or "channels_first". */
    public T dataFormat(String dataFormat) {
        requireNotBuilt("data_format");
        this.dataFormat = ArgumentValidation.standardizeDataFormat(dataFormat);
        return self();
    }

    /** One dilation rate for every spatial axis, or one per axis. */
    public T dilationRate(int... dilationRate) {
        requireNotBuilt("dilation_rate");
        this.dilationRate = ArgumentValidation.standardizeTuple(dilationRate, rank, "dilation_rate", false);
        return self();
    }

    /** An activation by name ("relu") or null for none. */
    public T activation(String activation) {
        requireNotBuilt("activation");
        this.activation = Activation.get(activation);
        return self();
    }

    /** The activation applied after the bias. */
    public Activation activation() { return activation; }

    public T activation(Activation activation) {
        requireNotBuilt("activation");
        this.activation = Activation.get(activation);
        return self();
    }

    public T useBias(boolean useBias) {
        requireNotBuilt("use_bias");
        this.useBias = useBias;
        return self();
    }

    /** An initializer: a name ("zeros"), a serialized dict or an {@link Initializer}. */
    public T biasInitializer(Object initializer) {
        requireNotBuilt("bias_initializer");
        this.biasInitializer = Initializer.get(initializer);
        return self();
    }

    /** A regularizer: a name ("l2"), a serialized dict, a {@link Regularizer}, or null. */
    public T biasRegularizer(Object regularizer) {
        requireNotBuilt("bias_regularizer");
        this.biasRegularizer = Regularizer.get(regularizer);
        return self();
    }

    /** A constraint: a name ("non_neg"), a serialized dict, a {@link Constraint}, or null. */
    public T biasConstraint(Object constraint) {
        requireNotBuilt("bias_constraint");
        this.biasConstraint = Constraint.get(constraint);
        return self();
    }

    @Override
    public T activityRegularizer(Object regularizer) {
        super.activityRegularizer(regularizer);
        return self();
    }

    @Override
    public T name(String name) {
        super.name(name);
        return self();
    }

    // ------------------------------------------------------------------ state for the bases

    /** The bias (null before build or without use_bias). */
    public Variable bias() { return bias; }

    protected final int[] kernelSize() { return kernelSize; }

    protected final int[] strides() { return strides; }

    protected final String padding() { return padding; }

    protected final String dataFormat() { return dataFormat; }

    protected final int[] dilationRate() { return dilationRate; }

    protected final boolean useBias() { return useBias; }

    protected final boolean channelsFirst() { return dataFormat.equals("channels_first"); }

    /** Keras's error when kernel_size was never given (a config without it). */
    protected final void requireKernelSize() {
        if (kernelSize == null) throw new IllegalArgumentException(ConvUtils.who(this) + ": the `kernel_size` argument is required");
    }

    /** Keras's check that strides and dilation above 1 are not combined (plain and transposed convolutions). */
    protected final void requireStridesOrDilation() {
        if (ConvUtils.max(strides) > 1 && ConvUtils.max(dilationRate) > 1) {
            throw new IllegalArgumentException(ConvUtils.who(this) + ": `strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                    + "Received: strides=" + ConvUtils.tuple(strides) + " and dilation_rate=" + ConvUtils.tuple(dilationRate));
        }
    }

    /** The standardisation of a loaded config that every base needs; bases call this first. */
    @Override
    public void onConfigLoaded() {
        kernelSize = ArgumentValidation.standardizeTuple(kernelSize, rank, "kernel_size", false);
        strides = ArgumentValidation.standardizeTuple(strides, rank, "strides", false);
        dilationRate = ArgumentValidation.standardizeTuple(dilationRate, rank, "dilation_rate", false);
        padding = ArgumentValidation.standardizePadding(padding, causalAllowed);
        dataFormat = ArgumentValidation.standardizeDataFormat(dataFormat);
        if (activation == null) activation = Activations.LINEAR;
    }

    /** The input's channel count, after checking its rank and that the channel axis is known (Keras's build). */
    protected final int inputChannels(int[] inputShape) {
        return ConvUtils.inputChannels(this, rank, inputShape, channelsFirst());
    }

    /** Pins the channel axis of the input spec to the built channel count. */
    protected final void pinChannels(int channels) {
        setInputSpec(InputSpec.minNdim(rank + 2).withAxis(channelsFirst() ? 1 : -1, channels));
    }

    /** {@code (*kernel_size, a, b)}: the shape of a kernel. */
    protected final int[] kernelShape(int a, int b) {
        int[] shape = new int[rank + 2];
        System.arraycopy(kernelSize, 0, shape, 0, rank);
        shape[rank] = a;
        shape[rank + 1] = b;
        return shape;
    }

    /** Creates the bias of {@code units} values when use_bias; call after the kernels (Keras's creation order). */
    protected final void buildBias(int units) {
        bias = useBias ? addWeight("bias", new int[]{units}, biasInitializer, biasRegularizer, biasConstraint, true) : null;
    }

    /** The end of {@code call}: the bias along the channel axis when use_bias, then the activation. */
    protected final Tensor biasAndActivation(Tensor outputs) {
        if (useBias) {
            // one fused pass (Ops.biasActivation), bit-identical to the broadcast add and the relu
            boolean relu = activation == Activations.RELU;
            outputs = Ops.biasActivation(outputs, bias.value(), channelsFirst() ? 1 : -1, relu);
            if (relu) return outputs;
        }
        return activation.apply(outputs);
    }

    /** Keras's {@code compute_conv_output_shape} with the given number of filters; {@code -1} dimensions stay unknown. */
    protected final int[] convOutputShape(int[] inputShape, int filters) {
        ConvUtils.requireRank(this, rank, inputShape, channelsFirst());
        try {
            return OperationUtils.computeConvOutputShape(inputShape, filters, kernelSize, strides, padding, dataFormat, dilationRate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConvUtils.who(this) + ": " + e.getMessage(), e);
        }
    }

    /** Keras lists {@code activity_regularizer} (null when unset) between the bias regularizer and the constraints. */
    @Override
    public Map<String, Object> getConfig() {
        return ConvUtils.withActivityRegularizerSlot(super.getConfig(), "bias_regularizer");
    }
}
