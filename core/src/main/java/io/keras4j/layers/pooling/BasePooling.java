package io.keras4j.layers.pooling;

import io.keras4j.KerasTensor;
import io.keras4j.layers.InputSpec;
import io.keras4j.layers.Layer;
import io.keras4j.ops.OperationUtils;
import io.keras4j.ops.Ops;
import io.keras4j.saving.Config;
import io.keras4j.tensor.Tensor;
import io.keras4j.utils.ArgumentValidation;

/**
 * The pooling layer behind {@code MaxPooling1D/2D/3D} and {@code AveragePooling1D/2D/3D}
 * ({@code keras.src.layers.pooling.base_pooling.BasePooling}): a window of {@code pool_size}
 * moved by {@code strides} (by default the pool size) over the spatial axes, taking the maximum
 * ({@link Ops#maxPool}) or the mean ({@link Ops#averagePool}; with "same" padding the mean of the
 * in-range values only). Pooling layers have no weights and are built when made, as in Keras.
 *
 * @param <T> the concrete layer, which the fluent setters return
 */
public abstract class BasePooling<T extends BasePooling<T>> extends Layer {
    @Config private int[] poolSize;
    @Config private String padding = "valid";
    @Config private int[] strides;
    @Config private String dataFormat = "channels_last";

    private final int poolDimensions;
    private final boolean max;

    /** Pooling over {@code poolDimensions} spatial axes; {@code max} picks max pooling, otherwise average pooling. */
    protected BasePooling(int poolDimensions, boolean max, int[] poolSize) {
        this(poolDimensions, max);
        this.poolSize = ArgumentValidation.standardizeTuple(poolSize, poolDimensions, "pool_size", false);
        this.strides = this.poolSize.clone();
    }

    /** For from_config: the config supplies pool_size and strides. */
    protected BasePooling(int poolDimensions, boolean max) {
        this.poolDimensions = poolDimensions;
        this.max = max;
        setInputSpec(InputSpec.ndim(poolDimensions + 2));
        markBuilt(); // no weights: built at construction (Keras's _build_at_init), so there is no build_config
    }

    @SuppressWarnings("unchecked")
    private T self() { return (T) this; }

    static String who(Layer layer) {
        return "Layer \"" + layer.name() + "\" (" + layer.getClass().getSimpleName() + ")";
    }

    /** One stride for every spatial axis, or one per axis (the default is the pool size). */
    public T strides(int... strides) {
        this.strides = ArgumentValidation.standardizeTuple(strides, poolDimensions, "strides", false);
        return self();
    }

    /** "valid" (windows inside the input only) or "same" (output size ceil(input / stride)). */
    public T padding(String padding) {
        ArgumentValidation.standardizePadding(padding, false);
        this.padding = padding; // Keras keeps the spelling it was given
        return self();
    }

    /** "channels_last" (the default) or "channels_first". */
    public T dataFormat(String dataFormat) {
        this.dataFormat = ArgumentValidation.standardizeDataFormat(dataFormat);
        return self();
    }

    @Override
    public T name(String name) {
        super.name(name);
        return self();
    }

    @Override
    public void onConfigLoaded() {
        poolSize = ArgumentValidation.standardizeTuple(poolSize, poolDimensions, "pool_size", false);
        strides = strides == null ? poolSize.clone() : ArgumentValidation.standardizeTuple(strides, poolDimensions, "strides", false);
        ArgumentValidation.standardizePadding(padding, false);
        dataFormat = ArgumentValidation.standardizeDataFormat(dataFormat);
    }

    /** The window's size along each spatial axis. */
    public int[] poolSize() { return poolSize.clone(); }

    /** The window's step along each spatial axis. */
    public int[] strides() { return strides.clone(); }

    /** "valid" or "same". */
    public String padding() { return padding; }

    /** "channels_last" or "channels_first". */
    public String dataFormat() { return dataFormat; }

    /** Whether this is max pooling (else average pooling). */
    public boolean isMaxPooling() { return max; }

    @Override
    public Tensor call(Tensor inputs) {
        return max ? Ops.maxPool(inputs, poolSize, strides, padding, dataFormat)
                : Ops.averagePool(inputs, poolSize, strides, padding, dataFormat);
    }

    /** Keras's {@code compute_pooling_output_shape}; {@code -1} dimensions stay unknown. */
    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != poolDimensions + 2) {
            throw new IllegalArgumentException(who(this) + " expects inputs of rank " + (poolDimensions + 2) + ", but received an input "
                    + "with shape " + KerasTensor.shapeString(inputShape));
        }
        try {
            return OperationUtils.computePoolingOutputShape(inputShape, poolSize, strides, padding, dataFormat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(who(this) + ": " + e.getMessage(), e);
        }
    }
}
