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
        Parallel.forRange(g.rows(), minRows(g), (s, e) -> {
            int C = g.inChannels, image = g.inPerImage() * C, taps = in.taps.length;
            int[] coords = new int[4], pos = new int[g.taps()];
            setCoords(g, s, coords);
            for (int r = s; r < e; ) {
                // one output line (or the part of it in [s, e)): the interior middle, borders on either side
                int ow0 = coords[3], end = Math.min(e, r + g.ow - ow0);
                boolean line = in.line(coords[1], coords[2]);
                int base = xOff + coords[0] * image;
                for (int ow = ow0; r < end; r++, ow++) {
                    if (line && ow >= in.loW && ow < in.hiW) {
                        int origin = Interior.origin(g, coords[1], coords[2], ow);
                        if (argmax == null) maxRow(x, base + origin * C, in.taps, taps, C, y, r * C);
                        else maxRowWithIndex(x, base + origin * C, in.taps, origin, taps, C, y, argmax, r * C);
                    } else {
                        coords[3] = ow;
                        int k = windowPositions(g, coords, pos);
                        if (argmax == null) maxRow(x, base, pos, k, C, y, r * C);
                        else maxRowWithIndex(x, base, pos, 0, k, C, y, argmax, r * C);
                    }
                }
                coords[3] = g.ow - 1;
                nextCoords(g, coords);
            }
        });
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

    /** As {@link #maxRow}, recording {@code origin + pos[t]} of the first maximum. */
    private static void maxRowWithIndex(float[] x, int base, int[] pos, int origin, int k, int C, float[] y, int[] argmax, int yo) {
        int c = 0, up = S.loopBound(C);
        for (; c < up; c += S.length()) {
            FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            IntVector at = IntVector.broadcast(I, origin + (k > 0 ? pos[0] : 0));
            for (int t = 0; t < k; t++) {
                FloatVector v = FloatVector.fromArray(S, x, base + pos[t] * C + c);
                VectorMask<Float> better = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                best = best.blend(v, better);
                at = at.blend(IntVector.broadcast(I, origin + pos[t]), better.cast(I));
            }
            best.intoArray(y, yo + c);
            at.intoArray(argmax, yo + c);
        }
        for (; c < C; c++) {
            float best = Float.NEGATIVE_INFINITY;
            int at = origin + (k > 0 ? pos[0] : 0);
            for (int t = 0; t < k; t++) {
                float v = x[base + pos[t] * C + c];
                if (v > best || v != v) { best = v; at = origin + pos[t]; }
            }
            y[yo + c] = best;
            argmax[yo + c] = at;
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
                        for (int c = 0; c < C; c++) dx[base + argmax[i + c] * C + c] += grad[gOff + i + c];
                    }
                }
            }
        });
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
        int C = g.inChannels, perImage = g.outPerImage(), image = g.inPerImage() * C;
        Parallel.forRange(g.batch, Math.max(1, (1 << 16) / Math.max(1, perImage * C)), (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                int base = vOff + n * image;
                for (int i = n * perImage * C, end = (n + 1) * perImage * C; i < end; i += C) {
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
                int base = xOff + coords[0] * image, yo = r * C;
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
        });
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
                int base = coords[0] * image, go = gOff + r * C;
                float count = k;
                for (int c = 0; c < C; c++) share[c] = grad[go + c] / count;
                for (int t = 0; t < k; t++) VectorAdd.addInto(share, 0, dx, base + pos[t] * C, C);
            }
        });
    }
}
