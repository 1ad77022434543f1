package io.keras4j.kernels;

/**
 * Float32 convolution of channels_last tensors over a {@link WindowGeometry}, and its two
 * adjoints:
 * <ul>
 *   <li>{@link #forward}: {@code y = patches(x) · W};</li>
 *   <li>{@link #backwardInput}: {@code dx += scatter(dy · Wᵀ)} (also the transposed convolution);</li>
 *   <li>{@link #backwardFilter}: {@code dW += patches(x)ᵀ · dy}.</li>
 * </ul>
 * The kernel is Keras's {@code (spatial..., inChannels/groups, outChannels)}, row-major, which is
 * already the GEMM's {@code (taps · inPerGroup) × outChannels} matrix. This class only picks the
 * implementation: a 1×1 window with unit strides needs no patches (the input is the matrix, one
 * {@link Gemm} per group); a depthwise geometry (one input channel per group) runs the direct
 * vector loops of {@link DepthwiseKernels}; everything else is the implicit GEMM of
 * {@link ConvGemm}, which packs patches straight into the GEMM micro-kernel's slivers.
 * Nothing is allocated per element; buffers are reused from call to call ({@link ConvScratch}).
 */
public final class ConvKernels {
    private ConvKernels() {}

    /** y[rows, outChannels] = conv(x, w); x at xOff, w at wOff, y at 0 (overwritten). */
    public static void forward(WindowGeometry g, float[] x, int xOff, float[] w, int wOff, float[] y) {
        forward(g, x, xOff, w, wOff, y, null, 0, false);
    }

    /**
     * y[rows, outChannels] = act(conv(x, w) + bias): bias from bias[bo] (null for none), relu or no
     * activation; the same values bit for bit as the convolution followed by
     * {@link BiasActivationKernels#biasRelu} (or {@link BiasActivationKernels#bias}). The implicit
     * GEMM applies them to each register block of y as it is finished; the other paths in a pass
     * over y afterwards.
     */
    public static void forward(WindowGeometry g, float[] x, int xOff, float[] w, int wOff, float[] y, float[] bias, int bo,
                               boolean relu) {
        if (g.rows() == 0 || g.outChannels == 0) return;
        if (!g.isDepthwise() && !g.isPointwise()) {
            ConvGemm.forward(g, x, xOff, w, wOff, y, bias, bo, relu);
            return;
        }
        plainForward(g, x, xOff, w, wOff, y);
        if (bias == null && !relu) return;
        int n = g.outChannels, rows = g.rows();
        if (y.length < (1 << 16)) {
            BiasActivationKernels.block(y, 0, n, rows, n, bias, bo, relu);
        } else {
            Parallel.forRange(rows, Math.max(1, (1 << 14) / n), (r0, r1) -> BiasActivationKernels.block(y, r0 * n, n, r1 - r0, n, bias, bo, relu));
        }
    }

    private static void plainForward(WindowGeometry g, float[] x, int xOff, float[] w, int wOff, float[] y) {
        if (g.isDepthwise()) {
            DepthwiseKernels.forward(g, x, xOff, w, wOff, y);
        } else if (g.isPointwise()) {
            int C = g.inChannels, F = g.outChannels, G = g.groups, cg = C / G, fg = F / G;
            for (int gi = 0; gi < G; gi++) {
                Gemm.sgemm(false, false, g.rows(), fg, cg, 1f, x, xOff + gi * cg, C, w, wOff + gi * fg, F, 0f, y, gi * fg, F);
            }
        }
    }

    /** dx[batch, in..., inChannels] += the adjoint of conv applied to dy; dx at dxOff (the caller zero-fills it for dx alone). */
    public static void backwardInput(WindowGeometry g, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
        if (g.rows() == 0 || g.inChannels == 0 || g.outChannels == 0) return;
        if (g.isDepthwise()) {
            DepthwiseKernels.backwardInput(g, dy, dyOff, w, wOff, dx, dxOff);
        } else if (g.isPointwise()) {
            int C = g.inChannels, F = g.outChannels, G = g.groups, cg = C / G, fg = F / G;
            for (int gi = 0; gi < G; gi++) {
                Gemm.sgemm(false, true, g.rows(), cg, fg, 1f, dy, dyOff + gi * fg, F, w, wOff + gi * fg, F, 1f, dx, dxOff + gi * cg, C);
            }
        } else {
            ConvGemm.backwardInput(g, dy, dyOff, null, 0, w, wOff, dx, dxOff);
        }
    }

    /** dw[(taps · inPerGroup), outChannels] += patches(x)ᵀ · dy; dw at 0 (the caller zero-fills it for dw alone). */
    public static void backwardFilter(WindowGeometry g, float[] x, int xOff, float[] dy, int dyOff, float[] dw) {
        if (g.rows() == 0 || dw.length == 0) return;
        if (g.isDepthwise()) {
            DepthwiseKernels.backwardFilter(g, x, xOff, dy, dyOff, dw);
        } else if (g.isPointwise()) {
            int C = g.inChannels, F = g.outChannels, G = g.groups, cg = C / G, fg = F / G;
            for (int gi = 0; gi < G; gi++) {
                Gemm.sgemm(true, false, cg, fg, g.rows(), 1f, x, xOff + gi * cg, C, dy, dyOff + gi * fg, F, 1f, dw, gi * fg, F);
            }
        } else {
            ConvGemm.backwardFilter(g, x, xOff, dy, dyOff, null, 0, dw);
        }
    }

    /**
     * Whether {@link #backwardInputThroughRelu} and {@link #backwardFilterThroughRelu} take this
     * geometry: the implicit GEMM's, which applies relu's gradient as it packs dy.
     */
    public static boolean fusesReluGradient(WindowGeometry g) {
        return !g.isDepthwise() && !g.isPointwise();
    }

    /**
     * {@link #backwardInput} of {@code dy * (y > 0 ? 1 : 0)}: the input gradient of a convolution
     * followed by relu, from relu's output y (at yOff, dy's shape), without the product being
     * stored; the same values bit for bit as relu_grad followed by {@link #backwardInput}. Only
     * for geometries where {@link #fusesReluGradient} holds.
     */
    public static void backwardInputThroughRelu(WindowGeometry g, float[] dy, int dyOff, float[] y, int yOff, float[] w, int wOff,
                                                float[] dx, int dxOff) {
        requireFused(g);
        if (g.rows() == 0 || g.inChannels == 0 || g.outChannels == 0) return;
        ConvGemm.backwardInput(g, dy, dyOff, y, yOff, w, wOff, dx, dxOff);
    }

    /** {@link #backwardFilter} of {@code dy * (y > 0 ? 1 : 0)}, as {@link #backwardInputThroughRelu}. */
    public static void backwardFilterThroughRelu(WindowGeometry g, float[] x, int xOff, float[] dy, int dyOff, float[] y, int yOff,
                                                 float[] dw) {
        requireFused(g);
        if (g.rows() == 0 || dw.length == 0) return;
        ConvGemm.backwardFilter(g, x, xOff, dy, dyOff, y, yOff, dw);
    }

    private static void requireFused(WindowGeometry g) {
        if (!fusesReluGradient(g)) {
            throw new IllegalArgumentException("ConvKernels: relu's gradient is fused only into the implicit GEMM "
                    + "(not depthwise, not 1x1 pointwise)");
        }
    }
}
