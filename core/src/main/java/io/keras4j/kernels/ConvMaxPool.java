package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A convolution with bias and relu followed by max pooling, as one pass: the convolution's output
 * is computed a block of pooling windows at a time into a buffer that stays in cache and reduced
 * there, so the full-resolution activation (the largest array of a small CNN) is never written,
 * read back, or allocated; positions no window covers are not computed at all. Its gradient is
 * likewise never stored: {@link #gradientRows} rebuilds any rows of relu's gradient at the
 * convolution's output from the pooled gradient, the pooled maxima and their positions, for the
 * convolution's adjoints ({@link ConvGemm#backwardFilter}, {@link ConvGemm#backwardInput}) to
 * read as they pack.
 *
 * <p>Windows must not overlap and must lie inside the convolution's output (pool strides at
 * least the pool size, no padding: {@link #applies}). The values are those of
 * {@link ConvKernels#forward} with bias and relu followed by {@link PoolKernels#maxPool}, and the
 * rebuilt rows those of {@link PoolKernels#maxPoolScatter} followed by relu_grad
 * ({@link ActivationGradKernels#reluGrad}), bit for bit: the same windows in the same tap
 * order, the same first maximum (NaN counts as the maximum), the same position encoding (the
 * spatial index within the convolution's output image).
 */
final class ConvMaxPool {
    private ConvMaxPool() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int L = S.length();
    /** Convolution rows computed per block (whole windows of them). */
    private static final int BLOCK_ROWS = ConvGemm.MB;

    /**
     * Whether conv (geometry g) followed by max pooling (geometry pg over g's output) runs fused:
     * the convolution takes the implicit GEMM or {@link SingleChannelConv}, and the pooling's
     * windows are disjoint, undilated and wholly inside the convolution's output (no padding
     * before or after).
     */
    static boolean applies(WindowGeometry g, WindowGeometry pg) {
        return !g.isDepthwise() && !g.isPointwise() && pg.batch == g.batch && pg.inChannels == g.outChannels
                && pg.outChannels == g.outChannels && pg.groups == 1 && pg.id == g.od && pg.ih == g.oh && pg.iw == g.ow
                && pg.pd == 0 && pg.ph == 0 && pg.pw == 0 && pg.dd == 1 && pg.dh == 1 && pg.dw == 1
                && pg.sd >= pg.kd && pg.sh >= pg.kh && pg.sw >= pg.kw
                && (pg.od - 1) * pg.sd + pg.kd <= pg.id && (pg.oh - 1) * pg.sh + pg.kh <= pg.ih && (pg.ow - 1) * pg.sw + pg.kw <= pg.iw;
    }

    /** The convolution's output position of each pooling tap, relative to the window's first: index within the output image. */
    private static int[] tapPositions(WindowGeometry pg) {
        int[] taps = new int[pg.taps()];
        int t = 0;
        for (int a = 0; a < pg.kd; a++) {
            for (int b = 0; b < pg.kh; b++) {
                for (int c = 0; c < pg.kw; c++) taps[t++] = (a * pg.ih + b) * pg.iw + c;
            }
        }
        return taps;
    }

    /**
     * out[pooled rows, F] = max over each window of relu(conv(x, w) + bias); argmax (null for
     * none) receives the position of each first maximum. bias from bias[bo], not null.
     */
    static void forward(WindowGeometry g, WindowGeometry pg, float[] x, int xOff, float[] w, int wOff, float[] bias, int bo,
                        float[] out, int[] argmax) {
        boolean direct = SingleChannelConv.applies(g);
        ConvGemm.Prepared f = direct ? null : ConvGemm.prepare(g, x, xOff, w, wOff);
        PatchLayout p = direct ? new PatchLayout(g) : f.p();
        float[] src = direct ? ConvGemm.source(p, x, xOff) : null;
        int so = direct && !p.padded ? xOff : 0;
        int T = pg.taps(), F = g.outChannels, perBlock = Math.max(1, BLOCK_ROWS / T);
        int[] taps = tapPositions(pg);
        int[] tapBase = new int[T];
        for (int t = 0; t < T; t++) {
            int a = taps[t] / (pg.ih * pg.iw), b = taps[t] / pg.iw % pg.ih, c = taps[t] % pg.iw;
            tapBase[t] = p.rowBase(0, a, b, c);
        }
        long work = (long) T * p.k * F;
        if (direct && argmax == null && SingleChannelConv.poolsInRegisters(g, pg)) {
            pooledLines(g, pg, p, src, so, w, wOff, bias, bo, out, tapBase, work);
            return;
        }
        ConvGemm.balanced(pg.rows(), (int) Math.max(1, (1L << 19) / Math.max(1, work)), (s, e) -> {
            ConvScratch t = ConvScratch.get();
            int[] rb = t.rows(perBlock * T + SingleChannelConv.R);
            float[] buf = t.dyRows(perBlock * T * F);
            int[] origin = new int[perBlock];
            int POW = pg.ow, POH = pg.oh, POD = pg.od;
            for (int w0 = s; w0 < e; w0 += perBlock) {
                int nw = Math.min(perBlock, e - w0);
                // the windows' first convolution positions, then each window's taps in window order
                int ww = w0 % POW, q = w0 / POW, wh = q % POH;
                q /= POH;
                int wd = q % POD, n = q / POD;
                for (int i = 0; i < nw; i++) {
                    int od = wd * pg.sd, oh = wh * pg.sh, ow = ww * pg.sw;
                    origin[i] = (od * pg.ih + oh) * pg.iw + ow;
                    int base = p.rowBase(n, od, oh, ow);
                    for (int k = 0; k < T; k++) rb[i * T + k] = base + tapBase[k];
                    if (++ww == POW) {
                        ww = 0;
                        if (++wh == POH) {
                            wh = 0;
                            if (++wd == POD) { wd = 0; n++; }
                        }
                    }
                }
                int m = nw * T;
                if (direct) SingleChannelConv.rowsAt(p, src, so, w, wOff, rb, m, buf, 0, bias, bo, true);
                else ConvGemm.rowsAt(f, rb, m, buf, 0, bias, bo, true);
                for (int i = 0; i < nw; i++) {
                    int yo = (w0 + i) * F;
                    if (argmax == null) maxRows(buf, i * T * F, T, F, out, yo);
                    else maxRowsWithIndex(buf, i * T * F, T, F, origin[i], taps, out, argmax, yo);
                }
            }
        });
    }

    /**
     * The inference forward of a single-channel convolution pooled by 2×2 windows two columns
     * apart ({@link SingleChannelConv#poolsInRegisters}), one pooled line at a time: three windows
     * per register block, their maxima taken in registers ({@link SingleChannelConv#pooledBlock}),
     * so no position list is built and no block is stored before pooling; a line's last one or two
     * windows take the general block. Same values as the general path, bit for bit.
     */
    private static void pooledLines(WindowGeometry g, WindowGeometry pg, PatchLayout p, float[] src, int so, float[] w, int wOff,
                                    float[] bias, int bo, float[] out, int[] tapBase, long work) {
        int F = g.outChannels, POW = pg.ow, POH = pg.oh, POD = pg.od, T = pg.taps();
        int lineBelow = tapBase[2]; // input distance from a window's top taps to its bottom ones
        int lines = pg.batch * POD * POH;
        int minLines = (int) Math.max(1, (1L << 19) / Math.max(1, work * POW));
        ConvGemm.balanced(lines, minLines, (s, e) -> {
            ConvScratch t = ConvScratch.get();
            int[] rb = t.rows(3 * T + SingleChannelConv.R);
            float[] buf = t.dyRows(3 * T * F);
            for (int line = s; line < e; line++) {
                int wh = line % POH, q = line / POH, wd = q % POD, n = q / POD;
                int base = p.rowBase(n, wd * pg.sd, wh * pg.sh, 0) + so; // tap (0, 0) of the line's first window
                int yo = line * POW * F, ww = 0;
                for (; ww + 3 <= POW; ww += 3, yo += 3 * F) {
                    for (int j = 0; j < F; j += 2 * GemmMicroKernel.L) {
                        SingleChannelConv.pooledBlock(src, base + 2 * ww, lineBelow, p.offset, p.k, w, wOff + j, F, bias, bo + j,
                                out, yo + j);
                    }
                }
                int left = POW - ww;
                if (left == 0) continue;
                for (int i = 0; i < left; i++) {
                    for (int k = 0; k < T; k++) rb[i * T + k] = base - so + 2 * (ww + i) + tapBase[k];
                }
                SingleChannelConv.rowsAt(p, src, so, w, wOff, rb, left * T, buf, 0, bias, bo, true);
                for (int i = 0; i < left; i++) maxRows(buf, i * T * F, T, F, out, yo + i * F);
            }
        });
    }

    /** y[yo + c] = max over t of a[ao + t*F + c]. */
    private static void maxRows(float[] a, int ao, int T, int F, float[] y, int yo) {
        int c = 0, up = S.loopBound(F);
        for (; c < up; c += L) {
            FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int t = 0; t < T; t++) best = best.max(FloatVector.fromArray(S, a, ao + t * F + c));
            best.intoArray(y, yo + c);
        }
        for (; c < F; c++) {
            float best = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < T; t++) best = Math.max(best, a[ao + t * F + c]);
            y[yo + c] = best;
        }
    }

    /** As {@link #maxRows}, recording origin + taps[t] of the first maximum (NaN counts as the maximum), as PoolKernels does. */
    private static void maxRowsWithIndex(float[] a, int ao, int T, int F, int origin, int[] taps, float[] y, int[] argmax, int yo) {
        int c = 0, up = S.loopBound(F);
        for (; c < up; c += L) {
            FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            IntVector at = IntVector.broadcast(I, origin + taps[0]);
            for (int t = 0; t < T; t++) {
                FloatVector v = FloatVector.fromArray(S, a, ao + t * F + c);
                VectorMask<Float> better = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                best = best.blend(v, better);
                at = at.blend(IntVector.broadcast(I, origin + taps[t]), better.cast(I));
            }
            best.intoArray(y, yo + c);
            at.intoArray(argmax, yo + c);
        }
        for (; c < F; c++) {
            float best = Float.NEGATIVE_INFINITY;
            int at = origin + taps[0];
            for (int t = 0; t < T; t++) {
                float v = a[ao + t * F + c];
                if (v > best || v != v) { best = v; at = origin + taps[t]; }
            }
            y[yo + c] = best;
            argmax[yo + c] = at;
        }
    }

    /**
     * Rows of relu's gradient at the convolution's output (geometry pg's input), rebuilt from the
     * pooled gradient gp (at gpOff), the pooled maxima (at pOff) and their positions: at a window's
     * recorded maximum {@code (0 + gp) * (max > 0 ? 1 : 0)}, elsewhere zero; the values the
     * scatter of the pooling's gradient followed by relu_grad gives.
     */
    static ConvGemm.GradientRows gradientRows(WindowGeometry pg, float[] gp, int gpOff, int[] argmax, float[] pooled, int pOff) {
        int[] wd = windows(pg.id, pg.kd, pg.sd, pg.od), wh = windows(pg.ih, pg.kh, pg.sh, pg.oh), ww = windows(pg.iw, pg.kw, pg.sw, pg.ow);
        return (r0, count, dst, dstOff) -> rebuild(pg, wd, wh, ww, gp, gpOff, argmax, pooled, pOff, r0, count, dst, dstOff);
    }

    /** For each position along an axis of the convolution's output, the pooling window holding it, or -1. */
    private static int[] windows(int in, int k, int s, int out) {
        int[] w = new int[in];
        for (int i = 0; i < in; i++) w[i] = i / s < out && i % s < k ? i / s : -1;
        return w;
    }

    private static void rebuild(WindowGeometry pg, int[] winD, int[] winH, int[] winW, float[] gp, int gpOff, int[] argmax,
                                float[] pooled, int pOff, int r0, int count, float[] dst, int dstOff) {
        int F = pg.inChannels, OW = pg.iw, OH = pg.ih, OD = pg.id, perImage = OD * OH * OW;
        int ow = r0 % OW, q = r0 / OW, oh = q % OH;
        q /= OH;
        int od = q % OD, n = q / OD, pos = (od * OH + oh) * OW + ow;
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int up = S.loopBound(F);
        for (int i = 0; i < count; i++) {
            int d = dstOff + i * F;
            int wd = winD[od], wh = winH[oh], ww = winW[ow];
            if ((wd | wh | ww) < 0) { // no window holds this position
                java.util.Arrays.fill(dst, d, d + F, 0f);
            } else {
                int win = (((n * pg.od + wd) * pg.oh + wh) * pg.ow + ww) * F;
                int c = 0;
                for (; c < up; c += L) {
                    VectorMask<Float> hit = IntVector.fromArray(I, argmax, win + c).compare(VectorOperators.EQ, pos).cast(S);
                    VectorMask<Float> on = FloatVector.fromArray(S, pooled, pOff + win + c).compare(VectorOperators.GT, 0f);
                    FloatVector v = zero.add(FloatVector.fromArray(S, gp, gpOff + win + c)).mul(zero.blend(one, on));
                    zero.blend(v, hit).intoArray(dst, d + c);
                }
                for (; c < F; c++) {
                    float v = (0f + gp[gpOff + win + c]) * (pooled[pOff + win + c] > 0f ? 1f : 0f);
                    dst[d + c] = argmax[win + c] == pos ? v : 0f;
                }
            }
            if (++pos == perImage) pos = 0;
            if (++ow == OW) {
                ow = 0;
                if (++oh == OH) {
                    oh = 0;
                    if (++od == OD) { od = 0; n++; }
                }
            }
        }
    }
}
