package io.keras4j.layers.reshaping;

import io.keras4j.layers.InputSpec;
import io.keras4j.layers.Layer;
import io.keras4j.ops.Ops;
import io.keras4j.tensor.Tensor;

/**
 * The logic of {@link UpSampling1D}, {@link UpSampling2D} and {@link UpSampling3D}: each spatial
 * axis of a {@code (batch, spatial..., channels)} input ({@code (batch, channels, spatial...)} for
 * channels_first) grows by an integer factor, by repeating entries ("nearest", Keras's
 * {@code ops.repeat} per axis; here {@link Ops#upsampleNearest}, one pass), by linear interpolation
 * ("bilinear", {@link Ops#resizeLinear}, Keras's {@code ops.image.resize}) or, in 2D, by
 * {@code ops.image.resize}'s other kernels ("bicubic", "lanczos3", "lanczos5",
 * {@link Ops#resize}).
 */
public abstract class BaseUpSampling extends Layer {
    private final int rank;

    BaseUpSampling(int rank) {
        this.rank = rank;
        setInputSpec(InputSpec.ndim(rank + 2));
    }

    /** The factor of each spatial axis. */
    abstract int[] factors();

    boolean channelsFirst() { return false; }

    /** "nearest", "bilinear", or (2D only) another {@code ops.image.resize} interpolation. */
    String interpolationMethod() { return "nearest"; }

    private int firstSpatialAxis() { return channelsFirst() ? 2 : 1; }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = inputShape.clone();
        int[] f = factors();
        int s0 = firstSpatialAxis();
        for (int i = 0; i < rank; i++) if (out[s0 + i] >= 0) out[s0 + i] *= f[i];
        return out;
    }

    @Override
    public Tensor call(Tensor inputs) {
        int[] f = factors();
        int s0 = firstSpatialAxis();
        String method = interpolationMethod();
        if (!method.equals("nearest") && !method.equals("bilinear")) { // UpSampling2D's other resize kernels
            return Ops.resize(inputs, inputs.dim(s0) * f[0], inputs.dim(s0 + 1) * f[1], method, false, false, false, "constant", 0,
                    channelsFirst() ? "channels_first" : "channels_last");
        }
        if (method.equals("bilinear")) {
            int[] axes = new int[rank], sizes = new int[rank];
            for (int i = 0; i < rank; i++) {
                axes[i] = s0 + i;
                sizes[i] = inputs.dim(s0 + i) * f[i];
            }
            return Ops.resizeLinear(inputs, axes, sizes);
        }
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) axes[i] = s0 + i;
        return Ops.upsampleNearest(inputs, axes, f);
    }
}
