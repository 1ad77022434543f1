package io.keras4j.ops;

import io.keras4j.autograd.GradientTape;
import io.keras4j.kernels.AdaptivePoolKernels;
import io.keras4j.kernels.AdaptivePoolKernels.Bins;
import io.keras4j.kernels.PoolKernels;
import io.keras4j.kernels.WindowGeometry;
import io.keras4j.ops.WindowArgs.Padding;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

/**
 * Pooling ops of {@code keras.ops.nn}: {@code max_pool} and {@code average_pool} over 1 to 3
 * spatial axes. Strides default to the pool size; "same" padding never contributes values (the
 * max ignores it, the average divides by the in-range count), as in TensorFlow and JAX. And
 * {@code adaptive_max_pool} / {@code adaptive_average_pool}: output position i of an axis of size
 * n pooled to m pools the bin {@code [floor(i*n/m), ceil((i+1)*n/m))}, as Keras 3 and PyTorch.
 *
 * <p>The gradient of max pooling goes to the first maximum of each window (a scatter through the
 * recorded positions), whose own derivative is the matching gather; the gradient of average
 * pooling is its adjoint, which in turn has average pooling as derivative.
 */
final class PoolingOps {
    private PoolingOps() {}

    private record Plan(WindowGeometry geometry, int[] xShape, int[] yShape) {}

    static Tensor maxPool(Tensor inputs, int[] poolSize, int[] strides, String padding, String dataFormat) {
        String op = "max_pool";
        Plan p = plan(op, inputs, poolSize, strides, padding, dataFormat);
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        Tensor x = WindowArgs.float32(inputs);
        if (cf) x = WindowArgs.toChannelsLast(x);
        Tensor y = maxPoolLast(p, x);
        return cf ? WindowArgs.toChannelsFirst(y) : y;
    }

    static Tensor averagePool(Tensor inputs, int[] poolSize, int[] strides, String padding, String dataFormat) {
        String op = "average_pool";
        Plan p = plan(op, inputs, poolSize, strides, padding, dataFormat);
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        Tensor x = WindowArgs.float32(inputs);
        if (cf) x = WindowArgs.toChannelsLast(x);
        Tensor y = averagePoolLast(p, x);
        return cf ? WindowArgs.toChannelsFirst(y) : y;
    }

    private static Plan plan(String op, Tensor inputs, int[] poolSize, int[] strides, String padding, String dataFormat) {
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        int sr = WindowArgs.spatialRank(op, inputs);
        return plan(op, inputs.shape(), WindowArgs.lastShape(inputs.shape(), cf), sr, poolSize, strides, padding);
    }

    /** The plan for a channels_last input of shape xs (userShape: the shape the caller gave, for messages). */
    private static Plan plan(String op, int[] userShape, int[] xs, int sr, int[] poolSize, int[] strides, String padding) {
        Padding pad = WindowArgs.padding(op, padding, false, sr);
        int[] k = WindowArgs.spatial(op, "pool_size", poolSize, sr, 1);
        int[] s = strides == null ? k : WindowArgs.spatial(op, "strides", strides, sr, 1);
        int[] in = new int[sr], out = new int[sr], before = new int[sr], ones = new int[sr];
        for (int i = 0; i < sr; i++) {
            in[i] = xs[i + 1];
            out[i] = WindowArgs.outSize(pad, in[i], k[i], s[i]);
            if (out[i] <= 0) {
                throw new IllegalArgumentException(op + ": computed output size would be zero or negative: inputs shape "
                        + Shapes.toString(userShape) + ", pool_size " + WindowArgs.str(k) + ", strides "
                        + WindowArgs.str(s) + ", padding " + padding);
            }
            before[i] = WindowArgs.padBefore(pad, in[i], out[i], k[i], s[i]);
            ones[i] = 1;
        }
        int c = xs[sr + 1];
        int[] ys = xs.clone();
        System.arraycopy(out, 0, ys, 1, sr);
        return new Plan(new WindowGeometry(xs[0], in, out, k, s, ones, before, c, c, 1), xs.clone(), ys);
    }

    /**
     * The geometry of max_pool over a channels_last tensor of shape xs, validated as
     * {@link #maxPool} validates it (op names the caller in messages): for ops that pool the
     * output of another kernel without materialising it.
     */
    static WindowGeometry maxPoolGeometry(String op, int[] xs, int[] poolSize, int[] strides, String padding) {
        return plan(op, xs, xs, xs.length - 2, poolSize, strides, padding).geometry;
    }

    // ------------------------------------------------------------------ max (channels_last)

    private static Tensor maxPoolLast(Plan p, Tensor x) {
        Tensor xc = x.contiguous();
        float[] y = OutputReuse.floats(Shapes.size(p.yShape)); // every element is written
        if (!GradientTape.isRecording()) { // inference: no positions to remember
            PoolKernels.maxPool(p.geometry, xc.floatData(), xc.offset(), y, null);
            return Tensor.of(y, p.yShape);
        }
        int[] argmax = new int[y.length];
        PoolKernels.maxPool(p.geometry, xc.floatData(), xc.offset(), y, argmax);
        return GradientTape.record("max_pool", Tensor.of(y, p.yShape), g -> new Tensor[]{scatter(p, argmax, g)}, x);
    }

    /** The gradient of max pooling: each output's gradient added at its window's first maximum. */
    private static Tensor scatter(Plan p, int[] argmax, Tensor g) {
        Tensor gc = g.contiguous();
        float[] dx = new float[Shapes.size(p.xShape)];
        PoolKernels.maxPoolScatter(p.geometry, gc.floatData(), gc.offset(), argmax, dx);
        return GradientTape.record("max_pool_grad", Tensor.of(dx, p.xShape), u -> new Tensor[]{gather(p, argmax, u)}, g);
    }

    /** The adjoint of {@link #scatter}: each output reads its window's maximum position. */
    private static Tensor gather(Plan p, int[] argmax, Tensor v) {
        Tensor vc = v.contiguous();
        float[] out = new float[Shapes.size(p.yShape)];
        PoolKernels.maxPoolGather(p.geometry, vc.floatData(), vc.offset(), argmax, out);
        return GradientTape.record("max_pool_gather", Tensor.of(out, p.yShape), u -> new Tensor[]{scatter(p, argmax, u)}, v);
    }

    // ------------------------------------------------------------------ average (channels_last)

    private static Tensor averagePoolLast(Plan p, Tensor x) {
        Tensor xc = x.contiguous();
        float[] y = new float[Shapes.size(p.yShape)];
        PoolKernels.averagePool(p.geometry, xc.floatData(), xc.offset(), y);
        return GradientTape.record("average_pool", Tensor.of(y, p.yShape), g -> new Tensor[]{averageAdjoint(p, g)}, x);
    }

    private static Tensor averageAdjoint(Plan p, Tensor g) {
        Tensor gc = g.contiguous();
        float[] dx = new float[Shapes.size(p.xShape)];
        PoolKernels.averagePoolAdjoint(p.geometry, gc.floatData(), gc.offset(), dx);
        return GradientTape.record("average_pool_grad", Tensor.of(dx, p.xShape), u -> new Tensor[]{averagePoolLast(p, u)}, g);
    }

    // ------------------------------------------------------------------ adaptive pooling (channels_last inside)

    private record AdaptivePlan(Bins bins, int[] xShape, int[] yShape) {}

    /** keras.ops.adaptive_max_pool: output_size is one size for every spatial axis or one per axis. */
    static Tensor adaptiveMaxPool(Tensor inputs, int[] outputSize, String dataFormat) {
        String op = "adaptive_max_pool";
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        AdaptivePlan p = adaptivePlan(op, inputs, outputSize, cf);
        Tensor x = WindowArgs.float32(inputs);
        if (cf) x = WindowArgs.toChannelsLast(x);
        Tensor xc = x.contiguous();
        float[] y = new float[Shapes.size(p.yShape)];
        Tensor out;
        if (!GradientTape.isRecording()) {
            AdaptivePoolKernels.maxPool(p.bins, xc.floatData(), xc.offset(), y, null);
            out = Tensor.of(y, p.yShape);
        } else {
            int[] argmax = new int[y.length];
            AdaptivePoolKernels.maxPool(p.bins, xc.floatData(), xc.offset(), y, argmax);
            out = GradientTape.record("adaptive_max_pool", Tensor.of(y, p.yShape), g -> new Tensor[]{adaptiveScatter(p, argmax, g)}, x);
        }
        return cf ? WindowArgs.toChannelsFirst(out) : out;
    }

    /** The gradient of adaptive max pooling: each output's gradient added at its bin's first maximum. */
    private static Tensor adaptiveScatter(AdaptivePlan p, int[] argmax, Tensor g) {
        Tensor gc = g.contiguous();
        float[] dx = new float[Shapes.size(p.xShape)];
        AdaptivePoolKernels.maxPoolScatter(p.bins, gc.floatData(), gc.offset(), argmax, dx);
        return GradientTape.record("adaptive_max_pool_grad", Tensor.of(dx, p.xShape), u -> new Tensor[]{adaptiveGather(p, argmax, u)}, g);
    }

    /** The adjoint of {@link #adaptiveScatter}: each output reads its bin's maximum position. */
    private static Tensor adaptiveGather(AdaptivePlan p, int[] argmax, Tensor v) {
        Tensor vc = v.contiguous();
        float[] out = new float[Shapes.size(p.yShape)];
        AdaptivePoolKernels.maxPoolGather(p.bins, vc.floatData(), vc.offset(), argmax, out);
        return GradientTape.record("adaptive_max_pool_gather", Tensor.of(out, p.yShape), u -> new Tensor[]{adaptiveScatter(p, argmax, u)}, v);
    }

    /** keras.ops.adaptive_average_pool: output_size is one size for every spatial axis or one per axis. */
    static Tensor adaptiveAveragePool(Tensor inputs, int[] outputSize, String dataFormat) {
        String op = "adaptive_average_pool";
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        AdaptivePlan p = adaptivePlan(op, inputs, outputSize, cf);
        Tensor x = WindowArgs.float32(inputs);
        if (cf) x = WindowArgs.toChannelsLast(x);
        Tensor y = adaptiveAverageLast(p, x);
        return cf ? WindowArgs.toChannelsFirst(y) : y;
    }

    private static Tensor adaptiveAverageLast(AdaptivePlan p, Tensor x) {
        Tensor xc = x.contiguous();
        float[] y = new float[Shapes.size(p.yShape)];
        AdaptivePoolKernels.averagePool(p.bins, xc.floatData(), xc.offset(), y);
        return GradientTape.record("adaptive_average_pool", Tensor.of(y, p.yShape), g -> new Tensor[]{adaptiveAverageAdjoint(p, g)}, x);
    }

    private static Tensor adaptiveAverageAdjoint(AdaptivePlan p, Tensor g) {
        Tensor gc = g.contiguous();
        float[] dx = new float[Shapes.size(p.xShape)];
        AdaptivePoolKernels.averagePoolAdjoint(p.bins, gc.floatData(), gc.offset(), dx);
        return GradientTape.record("adaptive_average_pool_grad", Tensor.of(dx, p.xShape), u -> new Tensor[]{adaptiveAverageLast(p, u)}, g);
    }

    private static AdaptivePlan adaptivePlan(String op, Tensor inputs, int[] outputSize, boolean cf) {
        int sr = WindowArgs.spatialRank(op, inputs);
        int[] out = WindowArgs.spatial(op, "output_size", outputSize, sr, 1);
        int[] xs = WindowArgs.lastShape(inputs.shape(), cf);
        int[] in = new int[sr];
        for (int i = 0; i < sr; i++) {
            in[i] = xs[i + 1];
            if (in[i] == 0) {
                throw new IllegalArgumentException(op + ": cannot pool an empty spatial axis: inputs shape "
                        + Shapes.toString(inputs.shape()) + ", output_size " + WindowArgs.str(out));
            }
        }
        int[] ys = xs.clone();
        System.arraycopy(out, 0, ys, 1, sr);
        return new AdaptivePlan(Bins.of(xs[0], in, out, xs[sr + 1]), xs.clone(), ys);
    }
}
