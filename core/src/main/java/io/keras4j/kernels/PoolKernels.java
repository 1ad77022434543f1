package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max and average pooling of channels_last float32 tensors over a {@link WindowGeometry}
 * ({@code inChannels == outChannels}, one group, dilation 1), vectorised across channels, and the
 * scatters their gradients need.
 *
 * <p>Padding never takes part: a max is over the in-range positions only, and an average divides
 * by the number of in-range positions (TensorFlow's and Keras's "same" average pooling). The max
 * kernel can also record, per output element, the spatial index (within its image) of the first
 * maximum in window order, which is where the gradient goes.
 */
public final class PoolKernels {
    private PoolKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final long MIN_PARALLEL_WORK = 1 << 16;

    private static int minRows(WindowGeometry g) {
        return (int) Math.max(1, MIN_PARALLEL_WORK / Math.max(1L, (long) g.taps() * g.inChannels));
    }

    /**
     * Fills {@code pos[0..k)} with the in-image spatial indices of row r's in-range taps, in window
     * order, and returns k. {@code coords} is {n, od, oh, ow} of row r.
     */
    private static int windowPositions(WindowGeometry g, int[] coords, int[] pos) {
        int od = coords[1], oh = coords[2], ow = coords[3], k = 0;
        for (int a = 0; a < g.kd; a++) {
            int zd = od * g.sd + a - g.pd;
            if (zd < 0 || zd >= g.id) continue;
            for (int b = 0; b < g.kh; b++) {
                int zh = oh * g.sh + b - g.ph;
                if (zh < 0 || zh >= g.ih) continue;
                for (int c = 0; c < g.kw; c++) {
                    int zw = ow * g.sw + c - g.pw;
                    if (zw >= 0 && zw < g.iw) pos[k++] = (zd * g.ih + zh) * g.iw + zw;
                }
            }
        }
        return k;
    }

    private static void setCoords(WindowGeometry g, int r, int[] coords) {
        coords[3] = r % g.ow;
        r /= g.ow;
        coords[2] = r % g.oh;
        r /= g.oh;
        coords[1] = r % g.od;
        coords[0] = r / g.od;
    }

    private static void nextCoords(WindowGeometry g, int[] coords) {
        if (++coords[3] == g.ow) {
            coords[3] = 0;
            if (++coords[2] == g.oh) {
                coords[2] = 0;
                if (++coords[1] == g.od) { coords[1] = 0; coords[0]++; }
            }
        }
    }

    /**
     * The output positions whose windows lie wholly inside the input, [lo, hi) along each axis,
     * and the in-image offsets of a window's taps from its first position, in window order: for
     * those rows a window is its origin plus fixed offsets, with no bounds to test. Borders (windows
     * that reach into the padding) take the general path ({@link #windowPositions}).
     */
    private record Interior(int loD, int hiD, int loH, int hiH, int loW, int hiW, int[] taps) {
        static Interior of(WindowGeometry g) {
            int[] taps = new int[g.taps()];
            int t = 0;
            for (int a = 0; a < g.kd; a++) {
                for (int b = 0; b < g.kh; b++) {
                    for (int c = 0; c < g.kw; c++) taps[t++] = (a * g.ih + b) * g.iw + c;
                }
            }
            return new Interior(lo(g.pd, g.sd, g.od), hi(g.id, g.kd, g.pd, g.sd, g.od), lo(g.ph, g.sh, g.oh),
                    hi(g.ih, g.kh, g.ph, g.sh, g.oh), lo(g.pw, g.sw, g.ow), hi(g.iw, g.kw, g.pw, g.sw, g.ow), taps);
        }

        /** First output position whose window starts at or after input position 0: o * s - pad >= 0. */
        private static int lo(int pad, int s, int out) {
            return Math.min(out, (pad + s - 1) / s);
        }

        /** One past the last output position whose window ends inside the input: o * s - pad + k <= in. */
        private static int hi(int in, int k, int pad, int s, int out) {
            int room = in - k + pad;
            return room < 0 ? 0 : Math.min(out, room / s + 1);
        }

        boolean line(int od, int oh) {
            return od >= loD && od < hiD && oh >= loH && oh < hiH;
        }

        /** In-image spatial index of the first position of the window of (od, oh, ow). */
        static int origin(WindowGeometry g, int od, int oh, int ow) {
            return ((od * g.sd - g.pd) * g.ih + oh * g.sh - g.ph) * g.iw + ow * g.sw - g.pw;
        }
    }

    // ------------------------------------------------------------------ max

    /**
     * y[row, c] = max over the window; when argmax is not null it receives the in-image spatial
     * index of the first maximum (NaN counts as the maximum, as in lax.max).
     */
    public static void maxPool(WindowGeometry g, float[] x, int xOff, float[] y, int[] argmax) {
        Interior in = Interior.of(g);
        int C = g.inChannels;
        int[] tapOff = new int[in.taps.length];
        for (int t = 0; t < tapOff.length; t++) tapOff[t] = in.taps[t] * C;
        Parallel.forRange(g.rows(), minRows(g), (s, e) -> {
            int image = g.inPerImage() * C;
            int[] coords = new int[4], pos = new int[g.taps()];
            setCoords(g, s, coords);
            for (int r = s; r < e; ) {
                // one output line (or the part of it in [s, e)): borders on either side of an interior run
                int ow0 = coords[3], end = Math.min(e, r + g.ow - ow0), ow1 = ow0 + end - r;
                int base = xOff + coords[0] * image;
                int i0 = ow0, i1 = ow0;
                if (in.line(coords[1], coords[2])) {
                    i0 = Math.min(Math.max(ow0, in.loW), ow1);
                    i1 = Math.max(i0, Math.min(ow1, in.hiW));
                }
                for (int ow = ow0; ow < ow1; ) {
                    if (ow == i0 && i1 > i0) { // the interior: fixed offsets from each window's origin, one line at a time
                        int origin = Interior.origin(g, coords[1], coords[2], ow), yo = (r + ow - ow0) * C;
                        if (argmax == null) maxLine(x, base + origin * C, tapOff, C, g.sw * C, i1 - i0, y, yo);
                        else maxLineWithIndex(x, base + origin * C, tapOff, in.taps, origin, g.sw, C, i1 - i0, y, argmax, yo);
                        ow = i1;
                        continue;
                    }
                    coords[3] = ow;
                    int k = windowPositions(g, coords, pos), yo = (r + ow - ow0) * C;
                    if (argmax == null) maxRow(x, base, pos, k, C, y, yo);
                    else maxRowWithIndex(x, base, pos, 0, k, C, y, argmax, yo);
                    ow++;
                }
                r = end;
                coords[3] = g.ow - 1;
                nextCoords(g, coords);
            }
        });
    }

    /**
     * count interior windows of one output line: y[yo + i*C + c] = max over t of
     * x[xo + i*step + tapOff[t] + c]. The max of a set does not depend on the order it is taken in
     * (NaN wins, +0 beats -0), so two-by-two for 2×2 windows gives the values of {@link #maxRow}.
     */
    private static void maxLine(float[] x, int xo, int[] tapOff, int C, int step, int count, float[] y, int yo) {
        int k = tapOff.length, up = S.loopBound(C);
        for (int i = 0; i < count; i++, xo += step, yo += C) {
            int c = 0;
            if (k == 4) {
                int t0 = xo + tapOff[0], t1 = xo + tapOff[1], t2 = xo + tapOff[2], t3 = xo + tapOff[3];
                for (; c < up; c += S.length()) {
                    FloatVector a = FloatVector.fromArray(S, x, t0 + c).max(FloatVector.fromArray(S, x, t1 + c));
                    FloatVector b = FloatVector.fromArray(S, x, t2 + c).max(FloatVector.fromArray(S, x, t3 + c));
                    a.max(b).intoArray(y, yo + c);
                }
            } else {
                for (; c < up; c += S.length()) {
                    FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                    for (int t = 0; t < k; t++) best = best.max(FloatVector.fromArray(S, x, xo + tapOff[t] + c));
                    best.intoArray(y, yo + c);
                }
            }
            for (; c < C; c++) {
                float best = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < k; t++) best = Math.max(best, x[xo + tapOff[t] + c]);
                y[yo + c] = best;
            }
        }
    }

    /** As {@link #maxLine} with {@link #maxRowWithIndex}'s positions: origin advances by sw per window. */
    private static void maxLineWithIndex(float[] x, int xo, int[] tapOff, int[] taps, int origin, int sw, int C, int count, float[] y,
                                         int[] argmax, int yo) {
        for (int i = 0; i < count; i++, xo += sw * C, origin += sw, yo += C) {
            maxRowWithIndex(x, xo, taps, origin, taps.length, C, y, argmax, yo);
        }
    }

    private static void maxRow(float[] x, int base, int[] pos, int k, int C, float[] y, int yo) {
        int c = 0, up = S.loopBound(C);
        for (; c < up; c += S.length()) {
            FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int t = 0; t < k; t++) best = best.max(FloatVector.fromArray(S, x, base + pos[t] * C + c));
            best.intoArray(y, yo + c);
        }
        for (; c < C; c++) {
            float best = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < k; t++) best = Math.max(best, x[base + pos[t] * C + c]);
            y[yo + c] = best;
        }
    }

    /**
     * y[yo + c] = the first maximum over the window (a NaN counts as the maximum, and of tied values
     * the first stays), recording {@code origin + pos[t]} of it in argmax when argmax is not null.
     * Shared with {@link AdaptivePoolKernels}.
     */
    static void maxRowWithIndex(float[] x, int base, int[] pos, int origin, int k, int C, float[] y, int[] argmax, int yo) {
        int c = 0, up = S.loopBound(C);
        for (; c < up; c += S.length()) {
            FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            IntVector at = IntVector.broadcast(I, origin + (k > 0 ? pos[0] : 0));
            for (int t = 0; t < k; t++) {
                FloatVector v = FloatVector.fromArray(S, x, base + pos[t] * C + c);
                VectorMask<Float> better = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                best = best.blend(v, better);
                if (argmax != null) at = at.blend(IntVector.broadcast(I, origin + pos[t]), better.cast(I));
            }
            best.intoArray(y, yo + c);
            if (argmax != null) at.intoArray(argmax, yo + c);
        }
        for (; c < C; c++) {
            float best = Float.NEGATIVE_INFINITY;
            int at = origin + (k > 0 ? pos[0] : 0);
            for (int t = 0; t < k; t++) {
                float v = x[base + pos[t] * C + c];
                if (v > best || v != v) { best = v; at = origin + pos[t]; }
            }
            y[yo + c] = best;
            if (argmax != null) argmax[yo + c] = at;
        }
    }

    /**
     * dx[n, argmax[row, c], c] += g[row, c]: the gradient of max pooling; dx zero-filled by the
     * caller. When windows do not overlap (strides at least the pool size), an interior window
     * writes every one of its positions once, vector by vector: the gradient where the position is
     * the recorded maximum, zero elsewhere ({@code 0 + g}, the same value as adding g to the zero
     * there). Other windows add their gradients one by one.
     */
    public static void maxPoolScatter(WindowGeometry g, float[] grad, int gOff, int[] argmax, float[] dx) {
        int C = g.inChannels, perImage = g.outPerImage(), image = g.inPerImage() * C;
        boolean disjoint = g.sd >= g.kd && g.sh >= g.kh && g.sw >= g.kw;
        Interior in = Interior.of(g);
        Parallel.forRange(g.batch, Math.max(1, (1 << 16) / Math.max(1, perImage * C)), (n0, n1) -> {
            int[] coords = new int[4];
            setCoords(g, n0 * perImage, coords);
            for (int n = n0; n < n1; n++) {
                int base = n * image;
                for (int i = n * perImage * C, end = (n + 1) * perImage * C; i < end; i += C, nextCoords(g, coords)) {
                    if (disjoint && in.line(coords[1], coords[2]) && coords[3] >= in.loW && coords[3] < in.hiW) {
                        int origin = Interior.origin(g, coords[1], coords[2], coords[3]);
                        writeWindow(grad, gOff + i, argmax, i, dx, base, origin, in.taps, C);
                    } else {
                        addAt(grad, gOff + i, argmax, i, dx, base, C);
                    }
                }
            }
        });
    }

    /** dx[base + argmax[a + c] * C + c] += grad[go + c] for c < C: one output's max-pool gradient. Shared with {@link AdaptivePoolKernels}. */
    static void addAt(float[] grad, int go, int[] argmax, int a, float[] dx, int base, int C) {
        for (int c = 0; c < C; c++) dx[base + argmax[a + c] * C + c] += grad[go + c];
    }

    /** dx[base + (origin + taps[t]) * C + c] = (argmax[a + c] == origin + taps[t] ? 0 + grad[go + c] : 0) for every tap t and channel c. */
    private static void writeWindow(float[] grad, int go, int[] argmax, int a, float[] dx, int base, int origin, int[] taps, int C) {
        FloatVector zero = FloatVector.zero(S);
        int c = 0, up = S.loopBound(C);
        for (; c < up; c += S.length()) {
            FloatVector gv = zero.add(FloatVector.fromArray(S, grad, go + c));
            IntVector at = IntVector.fromArray(I, argmax, a + c);
            for (int t = 0; t < taps.length; t++) {
                int p = origin + taps[t];
                VectorMask<Float> hit = at.compare(VectorOperators.EQ, p).cast(S);
                zero.blend(gv, hit).intoArray(dx, base + p * C + c);
            }
        }
        for (; c < C; c++) {
            float v = 0f + grad[go + c];
            int at = argmax[a + c];
            for (int t = 0; t < taps.length; t++) {
                int p = origin + taps[t];
                dx[base + p * C + c] = at == p ? v : 0f;
            }
        }
    }

    /** out[row, c] = v[n, argmax[row, c], c]: the adjoint of {@link #maxPoolScatter}. */
    public static void maxPoolGather(WindowGeometry g, float[] v, int vOff, int[] argmax, float[] out) {
        gatherAt(g.batch, g.outPerImage() * g.inChannels, g.inPerImage() * g.inChannels, g.inChannels, v, vOff, argmax, out);
    }

    /**
     * out[i] = v[vOff + n * image + argmax[i] * C + i % C] for the outPerImage outputs of each of
     * the batch's images n: reading each output's recorded window position (max pooling's and
     * adaptive max pooling's gather). Shared with {@link AdaptivePoolKernels}.
     */
    static void gatherAt(int batch, int outPerImage, int image, int C, float[] v, int vOff, int[] argmax, float[] out) {
        Parallel.forRange(batch, Math.max(1, (1 << 16) / Math.max(1, outPerImage)), (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                int base = vOff + n * image;
                for (int i = n * outPerImage, end = (n + 1) * outPerImage; i < end; i += C) {
                    for (int c = 0; c < C; c++) out[i + c] = v[base + argmax[i + c] * C + c];
                }
            }
        });
    }

    // ------------------------------------------------------------------ average

    /** y[row, c] = mean of the in-range window elements. */
    public static void averagePool(WindowGeometry g, float[] x, int xOff, float[] y) {
        Parallel.forRange(g.rows(), minRows(g), (s, e) -> {
            int C = g.inChannels, image = g.inPerImage() * C;
            int[] coords = new int[4], pos = new int[g.taps()];
            setCoords(g, s, coords);
            for (int r = s; r < e; r++, nextCoords(g, coords)) {
                int k = windowPositions(g, coords, pos);
                meanRow(x, xOff + coords[0] * image, pos, k, C, y, r * C);
            }
        });
    }

    /** y[yo + c] = the mean of x[base + pos[t] * C + c] over t < k. Shared with {@link AdaptivePoolKernels}. */
    static void meanRow(float[] x, int base, int[] pos, int k, int C, float[] y, int yo) {
        float count = k;
        int c = 0, up = S.loopBound(C);
        for (; c < up; c += S.length()) {
            FloatVector sum = FloatVector.zero(S);
            for (int t = 0; t < k; t++) sum = sum.add(FloatVector.fromArray(S, x, base + pos[t] * C + c));
            sum.div(count).intoArray(y, yo + c);
        }
        for (; c < C; c++) {
            float sum = 0;
            for (int t = 0; t < k; t++) sum += x[base + pos[t] * C + c];
            y[yo + c] = sum / count;
        }
    }

    /** dx[window positions of row] += g[row] / count: the adjoint of {@link #averagePool}; dx zero-filled by the caller. */
    public static void averagePoolAdjoint(WindowGeometry g, float[] grad, int gOff, float[] dx) {
        int perImage = g.outPerImage();
        Parallel.forRange(g.batch, Math.max(1, minRows(g) / Math.max(1, perImage)), (n0, n1) -> {
            int C = g.inChannels, image = g.inPerImage() * C;
            int[] coords = new int[4], pos = new int[g.taps()];
            float[] share = new float[C];
            int s = n0 * perImage, e = n1 * perImage;
            setCoords(g, s, coords);
            for (int r = s; r < e; r++, nextCoords(g, coords)) {
                int k = windowPositions(g, coords, pos);
                if (k == 0) continue;
                spreadMean(grad, gOff + r * C, pos, k, C, share, dx, coords[0] * image);
            }
        });
    }

    /**
     * dx[base + pos[t] * C + c] += grad[go + c] / k for every t < k: one output's share of an
     * average pool's gradient ({@code share} is C floats of scratch). Shared with {@link AdaptivePoolKernels}.
     */
    static void spreadMean(float[] grad, int go, int[] pos, int k, int C, float[] share, float[] dx, int base) {
        float count = k;
        for (int c = 0; c < C; c++) share[c] = grad[go + c] / count;
        for (int t = 0; t < k; t++) VectorAdd.addInto(share, 0, dx, base + pos[t] * C, C);
    }
}
