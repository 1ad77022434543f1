package io.keras4j.ops;

import io.keras4j.autograd.GradientTape;
import io.keras4j.kernels.BiasActivationKernels;
import io.keras4j.kernels.ConvKernels;
import io.keras4j.kernels.WindowGeometry;
import io.keras4j.ops.WindowArgs.Padding;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

/**
 * Convolutions of {@code keras.ops.nn}: {@code conv}, {@code depthwise_conv},
 * {@code separable_conv} and {@code conv_transpose}, for 1 to 3 spatial axes.
 *
 * <p>All of them reduce to three float32 primitives on channels_last tensors over one
 * {@link WindowGeometry}: the convolution {@code y = conv(x, W)} and its two adjoints,
 * {@code backpropInput(dy, W)} (which is also the transposed convolution) and
 * {@code backpropFilter(x, dy)}. They are the three partial derivatives of the one trilinear form
 * {@code <conv(x, W), dy>}, so each one's derivative rule is written with the other two and
 * derivatives of any order come out right. channels_first is a transpose on each side.
 */
final class ConvOps {
    private ConvOps() {}

    /** A convolution's geometry and the channels_last shapes of its input, kernel and output. */
    record Plan(WindowGeometry geometry, int[] xShape, int[] wShape, int[] yShape) {}

    // ------------------------------------------------------------------ public ops

    /**
     * keras.ops.conv: kernel {@code (spatial..., in_channels / groups, out_channels)}; groups are
     * inferred as in_channels / kernel in_channels, as Keras does.
     */
    static Tensor conv(Tensor inputs, Tensor kernel, int[] strides, String padding, String dataFormat, int[] dilationRate) {
        return convNamed("conv", inputs, kernel, strides, padding, dataFormat, dilationRate, true);
    }

    private static Tensor convNamed(String op, Tensor inputs, Tensor kernel, int[] strides, String padding, String dataFormat,
                                    int[] dilationRate, boolean causalAllowed) {
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        Plan plan = convPlan(op, inputs, kernel, strides, padding, cf, dilationRate, causalAllowed);
        Tensor x = WindowArgs.float32(inputs), w = WindowArgs.float32(kernel);
        if (cf) x = WindowArgs.toChannelsLast(x);
        Tensor y = forward(plan, x, w);
        return cf ? WindowArgs.toChannelsFirst(y) : y;
    }

    /**
     * A convolution layer's {@code act(conv(inputs, kernel) + bias)} with relu or no activation, as
     * one op for channels_last: the bias and relu are the epilogue of the convolution kernel, applied
     * to each block of its output while it is in cache, so the values are bit-identical to
     * {@code conv}, {@code add} and {@code relu} with one output array instead of three and no
     * second pass over it. Its derivative is the composition's. channels_first computes
     * the convolution and then {@link BiasActivationOps#biasActivation}.
     */
    static Tensor convBiasActivation(Tensor inputs, Tensor kernel, Tensor bias, int[] strides, String padding, String dataFormat,
                                     int[] dilationRate, boolean relu) {
        String op = "conv";
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        if (cf) return BiasActivationOps.biasActivation(convNamed(op, inputs, kernel, strides, padding, dataFormat, dilationRate, true),
                bias, 1, relu);
        Plan p = convPlan(op, inputs, kernel, strides, padding, false, dilationRate, true);
        int filters = p.yShape[p.yShape.length - 1];
        Shapes.requireShape(op, "bias", new int[]{filters}, bias.shape());
        Tensor x = WindowArgs.float32(inputs), w = WindowArgs.float32(kernel);
        if (bias.dtype() != io.keras4j.tensor.DType.FLOAT32) {
            return BiasActivationOps.biasActivation(forward(p, x, w), bias, -1, relu);
        }
        Tensor xc = x.contiguous(), wc = w.contiguous(), bc = bias.contiguous();
        float[] y = new float[Shapes.size(p.yShape)];
        ConvKernels.forward(p.geometry, xc.floatData(), xc.offset(), wc.floatData(), wc.offset(), y, bc.floatData(), bc.offset(), relu);
        Tensor out = Tensor.of(y, p.yShape);
        int[] biasShape = new int[p.yShape.length];
        java.util.Arrays.fill(biasShape, 1);
        biasShape[biasShape.length - 1] = filters;
        Tensor biasView = bias.reshape(biasShape); // only its shape is read: the target of the bias gradient's sum
        return GradientTape.record("conv_bias_activation", out, g -> {
            if (relu && g.dtype() == io.keras4j.tensor.DType.FLOAT32 && ConvKernels.fusesReluGradient(p.geometry)
                    && !GradientTape.isRecordingAny(g, out, x, w, bias)) {
                return reluBackward(p, g, out, x, w, bias);
            }
            Tensor gz = relu ? MathOps.reluGrad(g, out) : g;
            return new Tensor[]{
                    GradientTape.needsGradient(x) ? backpropInput(p, gz, w) : null,
                    GradientTape.needsGradient(w) ? backpropFilter(p, x, gz) : null,
                    GradientTape.needsGradient(bias) ? ShapeOps.reshape(MathOps.sumTo(gz, biasView), filters) : null};
        }, x, w, bias);
    }

    /**
     * The gradients of {@link #convBiasActivation} with relu, when they are not themselves being
     * differentiated: relu's gradient {@code gz = g * (y > 0)} is never stored, but applied by each
     * consumer as it reads g (the convolution's two adjoints as they pack it, the bias gradient
     * as it sums it), so the largest array of the backward pass and two passes over it are saved.
     * The values are those of the composition, bit for bit.
     */
    private static Tensor[] reluBackward(Plan p, Tensor g, Tensor y, Tensor x, Tensor w, Tensor bias) {
        Tensor gc = g.contiguous(), yc = y.contiguous();
        float[] gd = gc.floatData(), yd = yc.floatData();
        int go = gc.offset(), yo = yc.offset();
        Tensor dx = null, dw = null, db = null;
        if (GradientTape.needsGradient(x)) {
            Tensor wc = w.contiguous();
            float[] out = new float[Shapes.size(p.xShape)];
            ConvKernels.backwardInputThroughRelu(p.geometry, gd, go, yd, yo, wc.floatData(), wc.offset(), out, 0);
            dx = Tensor.of(out, p.xShape);
        }
        if (GradientTape.needsGradient(w)) {
            Tensor xc = x.contiguous();
            float[] out = new float[Shapes.size(p.wShape)];
            ConvKernels.backwardFilterThroughRelu(p.geometry, xc.floatData(), xc.offset(), gd, go, yd, yo, out);
            dw = Tensor.of(out, p.wShape);
        }
        if (GradientTape.needsGradient(bias)) {
            int filters = p.yShape[p.yShape.length - 1];
            float[] out = new float[filters];
            BiasActivationKernels.reluBiasGradient(gd, go, yd, yo, filters == 0 ? 0 : gc.size() / filters, filters, out, 0);
            db = Tensor.of(out, filters);
        }
        return new Tensor[]{dx, dw, db};
    }

    /** Validates a convolution's arguments and plans it on channels_last shapes. */
    private static Plan convPlan(String op, Tensor inputs, Tensor kernel, int[] strides, String padding, boolean cf,
                                 int[] dilationRate, boolean causalAllowed) {
        int sr = WindowArgs.spatialRank(op, inputs);
        Padding pad = WindowArgs.padding(op, padding, causalAllowed, sr);
        int[] s = WindowArgs.spatial(op, "strides", strides, sr, 1);
        int[] d = WindowArgs.spatial(op, "dilation_rate", dilationRate, sr, 1);
        int[] xs = WindowArgs.lastShape(inputs.shape(), cf);
        int[] ks = kernel.shape();
        requireKernelRank(op, inputs, kernel, sr);
        int channels = xs[sr + 1], kernelIn = ks[sr], filters = ks[sr + 1];
        if (kernelIn == 0 || channels % kernelIn != 0) {
            throw new IllegalArgumentException(op + ": the number of input channels (" + channels + ", inputs shape "
                    + Shapes.toString(inputs.shape()) + ") must be divisible by the kernel's input channels (" + kernelIn
                    + ", kernel shape " + Shapes.toString(ks) + ")");
        }
        int groups = channels / kernelIn;
        if (filters % groups != 0) {
            throw new IllegalArgumentException(op + ": the kernel's output channels (" + filters + ", kernel shape "
                    + Shapes.toString(ks) + ") must be divisible by the number of groups (" + groups + " = " + channels
                    + " input channels / " + kernelIn + " kernel input channels)");
        }
        return forwardPlan(op, xs, ks, s, d, pad, groups, inputs.shape());
    }

    /** keras.ops.depthwise_conv: kernel {@code (spatial..., in_channels, depth_multiplier)}; output channel c * multiplier + m. */
    static Tensor depthwiseConv(Tensor inputs, Tensor kernel, int[] strides, String padding, String dataFormat, int[] dilationRate) {
        return depthwiseNamed("depthwise_conv", inputs, kernel, strides, padding, dataFormat, dilationRate);
    }

    private static Tensor depthwiseNamed(String op, Tensor inputs, Tensor kernel, int[] strides, String padding,
                                         String dataFormat, int[] dilationRate) {
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        int sr = WindowArgs.spatialRank(op, inputs);
        requireKernelRank(op, inputs, kernel, sr);
        int[] xs = WindowArgs.lastShape(inputs.shape(), cf), ks = kernel.shape();
        int channels = xs[sr + 1];
        if (ks[sr] != channels) {
            throw new IllegalArgumentException(op + ": the number of input channels must match the kernel's input channels: "
                    + "inputs shape " + Shapes.toString(inputs.shape()) + " has " + channels + " channels (data_format "
                    + (cf ? "channels_first" : "channels_last") + "), kernel shape " + Shapes.toString(ks) + " expects " + ks[sr]);
        }
        // (spatial..., C, M) is, in memory, the grouped kernel (spatial..., 1, C * M) with C groups
        int[] grouped = ks.clone();
        grouped[sr] = 1;
        grouped[sr + 1] = channels * ks[sr + 1];
        Tensor k = ShapeOps.reshape(WindowArgs.float32(kernel), grouped);
        return convNamed(op, inputs, k, strides, padding, dataFormat, dilationRate, false);
    }

    /** keras.ops.separable_conv: a depthwise convolution, then a 1×1 convolution with the pointwise kernel. */
    static Tensor separableConv(Tensor inputs, Tensor depthwiseKernel, Tensor pointwiseKernel, int[] strides, String padding,
                                String dataFormat, int[] dilationRate) {
        String op = "separable_conv";
        Tensor dw = depthwiseNamed(op, inputs, depthwiseKernel, strides, padding, dataFormat, dilationRate);
        int sr = dw.rank() - 2;
        int[] ps = pointwiseKernel.shape();
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        int mid = cf ? dw.dim(1) : dw.dim(-1);
        boolean ok = ps.length == sr + 2 && ps[sr] == mid;
        for (int i = 0; ok && i < sr; i++) ok = ps[i] == 1;
        if (!ok) {
            int[] expected = new int[sr + 2];
            java.util.Arrays.fill(expected, 1);
            expected[sr] = mid;
            expected[sr + 1] = ps.length > 0 ? ps[ps.length - 1] : 1;
            throw new IllegalArgumentException(op + ": expected pointwise kernel of shape " + Shapes.toString(expected)
                    + " (1×1 over the " + mid + " depthwise output channels), got shape " + Shapes.toString(ps));
        }
        int[] one = {1};
        return convNamed(op, dw, pointwiseKernel, one, "valid", dataFormat, one, false);
    }

    /**
     * keras.ops.conv_transpose: kernel {@code (spatial..., out_channels, in_channels)}. The output
     * size per axis is Keras's: "valid" {@code (in-1)*s + k' + output_padding} (output_padding
     * defaulting to {@code max(k', s) - k'}), "same" {@code in*s}, or {@code (in-1)*s + k'%2 + output_padding}
     * with an explicit output_padding, where {@code k' = (k-1)*dilation + 1}; the output is the
     * adjoint of the convolution from that size back to the input's, with JAX's placement.
     */
    static Tensor convTranspose(Tensor inputs, Tensor kernel, int[] strides, String padding, int[] outputPadding,
                                String dataFormat, int[] dilationRate) {
        String op = "conv_transpose";
        boolean cf = WindowArgs.channelsFirst(op, dataFormat);
        int sr = WindowArgs.spatialRank(op, inputs);
        Padding pad = WindowArgs.padding(op, padding, false, sr);
        int[] s = WindowArgs.spatial(op, "strides", strides, sr, 1);
        int[] d = WindowArgs.spatial(op, "dilation_rate", dilationRate, sr, 1);
        int[] op3 = outputPadding == null ? null : WindowArgs.spatial(op, "output_padding", outputPadding, sr, 0);
        requireKernelRank(op, inputs, kernel, sr);
        int[] xs = WindowArgs.lastShape(inputs.shape(), cf), ks = kernel.shape();
        int channels = xs[sr + 1];
        if (ks[sr + 1] != channels) {
            throw new IllegalArgumentException(op + ": the number of input channels must match the kernel's input channels "
                    + "(its last axis): inputs shape " + Shapes.toString(inputs.shape()) + " has " + channels
                    + " channels, kernel shape " + Shapes.toString(ks) + " expects " + ks[sr + 1]);
        }
        int filters = ks[sr];
        int[] outSp = new int[sr], inSp = new int[sr], k = new int[sr], before = new int[sr];
        for (int i = 0; i < sr; i++) {
            int in = xs[i + 1], kk = ks[i], window = (kk - 1) * d[i] + 1, st = s[i];
            Integer opi = op3 == null ? null : op3[i];
            int left, out;
            if (pad == Padding.VALID) {
                int o = opi == null ? Math.max(window, st) - window : opi;
                out = (in - 1) * st + window + o;
                left = window - 1;
            } else {
                out = opi == null ? in * st : (in - 1) * st + window % 2 + opi;
                int padLen = opi == null ? st + window - 2 : window + window % 2 - 2 + opi;
                left = Math.min(padLen / 2 + padLen % 2, window - 1);
            }
            if (out <= 0) {
                throw new IllegalArgumentException(op + ": computed output size would be zero or negative: inputs shape "
                        + Shapes.toString(inputs.shape()) + ", kernel shape " + Shapes.toString(ks) + ", strides "
                        + WindowArgs.str(s) + ", padding " + padding + ", output_padding " + WindowArgs.str(outputPadding));
            }
            // input element i lands on output positions i*s + t*d - (window-1-left)
            outSp[i] = out;
            inSp[i] = in;
            k[i] = kk;
            before[i] = window - 1 - left;
        }
        int n = xs[0];
        int[] bigShape = new int[sr + 2];
        bigShape[0] = n;
        System.arraycopy(outSp, 0, bigShape, 1, sr);
        bigShape[sr + 1] = filters;
        WindowGeometry g = new WindowGeometry(n, outSp, inSp, k, s, d, before, filters, channels, 1);
        Plan plan = new Plan(g, bigShape, ks, xs);
        Tensor x = WindowArgs.float32(inputs), w = WindowArgs.float32(kernel);
        if (cf) x = WindowArgs.toChannelsLast(x);
        Tensor y = backpropInput(plan, x, w);
        return cf ? WindowArgs.toChannelsFirst(y) : y;
    }

    private static void requireKernelRank(String op, Tensor inputs, Tensor kernel, int sr) {
        if (kernel.rank() != sr + 2) {
            throw new IllegalArgumentException(op + ": expected a kernel of rank " + (sr + 2) + " (" + sr
                    + " spatial axes, then input and output channels) for inputs of shape " + Shapes.toString(inputs.shape())
                    + ", got kernel shape " + Shapes.toString(kernel.shape()));
        }
    }

    /** The plan of a forward convolution of channels_last shape xs with kernel ks. */
    private static Plan forwardPlan(String op, int[] xs, int[] ks, int[] s, int[] d, Padding pad, int groups, int[] userShape) {
        int sr = xs.length - 2;
        int[] in = new int[sr], out = new int[sr], k = new int[sr], before = new int[sr];
        for (int i = 0; i < sr; i++) {
            in[i] = xs[i + 1];
            k[i] = ks[i];
            int window = (k[i] - 1) * d[i] + 1;
            out[i] = WindowArgs.outSize(pad, in[i], window, s[i]);
            if (out[i] <= 0) {
                throw new IllegalArgumentException(op + ": computed output size would be zero or negative: inputs shape "
                        + Shapes.toString(userShape) + ", kernel shape " + Shapes.toString(ks) + ", dilation_rate "
                        + WindowArgs.str(d) + ", strides " + WindowArgs.str(s) + ", padding " + pad.name().toLowerCase(java.util.Locale.ROOT));
            }
            before[i] = WindowArgs.padBefore(pad, in[i], out[i], window, s[i]);
        }
        int filters = ks[sr + 1];
        int[] ys = new int[sr + 2];
        ys[0] = xs[0];
        System.arraycopy(out, 0, ys, 1, sr);
        ys[sr + 1] = filters;
        WindowGeometry g = new WindowGeometry(xs[0], in, out, k, s, d, before, xs[sr + 1], filters, groups);
        return new Plan(g, xs.clone(), ks.clone(), ys);
    }

    // ------------------------------------------------------------------ the three primitives

    /** y = conv(x, w) on channels_last float32. */
    static Tensor forward(Plan p, Tensor x, Tensor w) {
        Tensor xc = x.contiguous(), wc = w.contiguous();
        float[] y = new float[Shapes.size(p.yShape)];
        ConvKernels.forward(p.geometry, xc.floatData(), xc.offset(), wc.floatData(), wc.offset(), y);
        return GradientTape.record("conv", Tensor.of(y, p.yShape), g -> new Tensor[]{
                GradientTape.needsGradient(x) ? backpropInput(p, g, w) : null,
                GradientTape.needsGradient(w) ? backpropFilter(p, x, g) : null}, x, w);
    }

    /** dx = d<conv(x, w), dy>/dx: the transposed convolution of dy. */
    static Tensor backpropInput(Plan p, Tensor dy, Tensor w) {
        Tensor dc = dy.contiguous(), wc = w.contiguous();
        float[] dx = new float[Shapes.size(p.xShape)];
        ConvKernels.backwardInput(p.geometry, dc.floatData(), dc.offset(), wc.floatData(), wc.offset(), dx, 0);
        return GradientTape.record("conv_backprop_input", Tensor.of(dx, p.xShape), g -> new Tensor[]{
                forward(p, g, w), backpropFilter(p, g, dy)}, dy, w);
    }

    /** dw = d<conv(x, w), dy>/dw. */
    static Tensor backpropFilter(Plan p, Tensor x, Tensor dy) {
        Tensor xc = x.contiguous(), dc = dy.contiguous();
        float[] dw = new float[Shapes.size(p.wShape)];
        ConvKernels.backwardFilter(p.geometry, xc.floatData(), xc.offset(), dc.floatData(), dc.offset(), dw);
        return GradientTape.record("conv_backprop_filter", Tensor.of(dw, p.wShape), g -> new Tensor[]{
                backpropInput(p, dy, g), forward(p, x, g)}, x, dy);
    }
}
