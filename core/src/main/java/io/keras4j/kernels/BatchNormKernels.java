package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Per-channel kernels of batch normalisation, on a contiguous float32 block viewed as
 * {@code [outer, channels, inner]}: channels-last data has {@code inner == 1} (each row is one
 * value per channel), channels-first data has {@code outer = batch} and {@code inner} the spatial
 * size. Every kernel streams the block once.
 *
 * <ul>
 *   <li>{@link #moments}: mean and biased variance per channel in one pass: sums of
 *       {@code d = x - k[c]} and {@code d^2} about a pivot {@code k[c]} (the channel's first
 *       value), so {@code var = (S2 - S1^2 / n) / n} does not cancel catastrophically. Partial
 *       sums are float vectors over short runs and are carried in double across runs.</li>
 *   <li>{@link #affine}: {@code y = x * a[c] + b[c]} (the normalisation itself, and the input
 *       gradient of inference mode).</li>
 *   <li>{@link #gradSums}: {@code S1[c] = sum(g)}, {@code S2[c] = sum(g * (x - m[c]))}, the two
 *       reductions of the backward pass.</li>
 *   <li>{@link #affine2}: {@code dx = g * p[c] + x * q[c] + r[c]}, the training-mode input
 *       gradient once the sums are known.</li>
 * </ul>
 * Large blocks are split over {@link Parallel} by ranges of {@code outer}; reductions keep one
 * partial per task and add them in task order, so results do not depend on timing.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of a channels-last block accumulated in float before the partial sums move to double. */
    private static final int RUN = 64;
    private static final int PARALLEL_WORK = 1 << 16;

    /** How many tasks a reduction over {@code outer} is split into. */
    private static int tasks(int outer, long work) {
        if (work < PARALLEL_WORK || outer < 2) return 1;
        return Math.min(Math.min(Parallel.threads(), outer), (int) Math.max(1, work / (PARALLEL_WORK / 2)));
    }

    // ------------------------------------------------------------------ moments

    /**
     * {@code mean[c]} and biased {@code variance[c]} over the outer and inner axes of
     * {@code x[xo ...]} viewed as {@code [outer, channels, inner]}.
     */
    public static void moments(float[] x, int xo, int outer, int channels, int inner, float[] mean, float[] variance) {
        long n = (long) outer * inner;
        float[] pivot = new float[channels];
        for (int c = 0; c < channels; c++) pivot[c] = x[xo + c * inner];
        int t = tasks(outer, n * channels);
        double[][] s1 = new double[t][channels], s2 = new double[t][channels];
        Parallel.forEachTask(t, task -> {
            int from = (int) ((long) outer * task / t), to = (int) ((long) outer * (task + 1) / t);
            if (inner == 1) momentsRows(x, xo, from, to, channels, pivot, s1[task], s2[task]);
            else momentsSpans(x, xo, from, to, channels, inner, pivot, s1[task], s2[task]);
        });
        for (int c = 0; c < channels; c++) {
            double a = 0, b = 0;
            for (int k = 0; k < t; k++) {
                a += s1[k][c];
                b += s2[k][c];
            }
            double m = a / n;
            mean[c] = (float) (pivot[c] + m);
            variance[c] = (float) Math.max(0.0, b / n - m * m);
        }
    }

    /** Channels-last: rows [from, to) of length channels. */
    private static void momentsRows(float[] x, int xo, int from, int to, int channels, float[] pivot, double[] s1, double[] s2) {
        float[] a1 = new float[channels], a2 = new float[channels];
        int up = S.loopBound(channels);
        for (int r0 = from; r0 < to; r0 += RUN) {
            int r1 = Math.min(to, r0 + RUN);
            java.util.Arrays.fill(a1, 0f);
            java.util.Arrays.fill(a2, 0f);
            for (int r = r0; r < r1; r++) {
                int p = xo + r * channels;
                int c = 0;
                for (; c < up; c += L) {
                    FloatVector d = FloatVector.fromArray(S, x, p + c).sub(FloatVector.fromArray(S, pivot, c));
                    FloatVector.fromArray(S, a1, c).add(d).intoArray(a1, c);
                    d.fma(d, FloatVector.fromArray(S, a2, c)).intoArray(a2, c);
                }
                for (; c < channels; c++) {
                    float d = x[p + c] - pivot[c];
                    a1[c] += d;
                    a2[c] += d * d;
                }
            }
            for (int c = 0; c < channels; c++) {
                s1[c] += a1[c];
                s2[c] += a2[c];
            }
        }
    }

    /** Channels-first: for each outer index, one contiguous span of length inner per channel. */
    private static void momentsSpans(float[] x, int xo, int from, int to, int channels, int inner, float[] pivot,
                                     double[] s1, double[] s2) {
        int up = S.loopBound(inner);
        for (int o = from; o < to; o++) {
            for (int c = 0; c < channels; c++) {
                int p = xo + (o * channels + c) * inner;
                float k = pivot[c];
                FloatVector kv = FloatVector.broadcast(S, k);
                FloatVector v1 = FloatVector.zero(S), v2 = FloatVector.zero(S);
                int i = 0;
                for (; i < up; i += L) {
                    FloatVector d = FloatVector.fromArray(S, x, p + i).sub(kv);
                    v1 = v1.add(d);
                    v2 = d.fma(d, v2);
                }
                float a = LaneSums.sum(v1), b = LaneSums.sum(v2);
                for (; i < inner; i++) {
                    float d = x[p + i] - k;
                    a += d;
                    b += d * d;
                }
                s1[c] += a;
                s2[c] += b;
            }
        }
    }

    // ------------------------------------------------------------------ y = x * a[c] + b[c]

    /** {@code y = x * a[c] + b[c]}; {@code y} may be {@code x}. */
    public static void affine(float[] x, int xo, float[] a, float[] b, float[] y, int yo, int outer, int channels, int inner) {
        forOuter(outer, (long) channels * inner, (from, to) -> {
            if (inner == 1) affineRows(x, xo, a, b, y, yo, from, to, channels);
            else affineSpans(x, xo, a, b, y, yo, from, to, channels, inner);
        });
    }

    private static void affineRows(float[] x, int xo, float[] a, float[] b, float[] y, int yo, int from, int to, int channels) {
        int up = S.loopBound(channels);
        for (int r = from; r < to; r++) {
            int p = xo + r * channels, q = yo + r * channels;
            int c = 0;
            for (; c < up; c += L) {
                FloatVector.fromArray(S, x, p + c).fma(FloatVector.fromArray(S, a, c), FloatVector.fromArray(S, b, c)).intoArray(y, q + c);
            }
            for (; c < channels; c++) y[q + c] = Math.fma(x[p + c], a[c], b[c]);
        }
    }

    private static void affineSpans(float[] x, int xo, float[] a, float[] b, float[] y, int yo, int from, int to, int channels, int inner) {
        int up = S.loopBound(inner);
        for (int o = from; o < to; o++) {
            for (int c = 0; c < channels; c++) {
                int off = (o * channels + c) * inner;
                int p = xo + off, q = yo + off;
                float ac = a[c], bc = b[c];
                FloatVector av = FloatVector.broadcast(S, ac), bv = FloatVector.broadcast(S, bc);
                int i = 0;
                for (; i < up; i += L) FloatVector.fromArray(S, x, p + i).fma(av, bv).intoArray(y, q + i);
                for (; i < inner; i++) y[q + i] = Math.fma(x[p + i], ac, bc);
            }
        }
    }

    // ------------------------------------------------------------------ backward sums

    /** {@code s1[c] = sum(g)} and {@code s2[c] = sum(g * (x - m[c]))} over the outer and inner axes. */
    public static void gradSums(float[] g, int go, float[] x, int xo, float[] m, int outer, int channels, int inner,
                                double[] s1, double[] s2) {
        int t = tasks(outer, (long) outer * channels * inner);
        double[][] p1 = new double[t][channels], p2 = new double[t][channels];
        Parallel.forEachTask(t, task -> {
            int from = (int) ((long) outer * task / t), to = (int) ((long) outer * (task + 1) / t);
            if (inner == 1) gradSumsRows(g, go, x, xo, m, from, to, channels, p1[task], p2[task]);
            else gradSumsSpans(g, go, x, xo, m, from, to, channels, inner, p1[task], p2[task]);
        });
        for (int c = 0; c < channels; c++) {
            double a = 0, b = 0;
            for (int k = 0; k < t; k++) {
                a += p1[k][c];
                b += p2[k][c];
            }
            s1[c] = a;
            s2[c] = b;
        }
    }

    private static void gradSumsRows(float[] g, int go, float[] x, int xo, float[] m, int from, int to, int channels,
                                     double[] s1, double[] s2) {
        float[] a1 = new float[channels], a2 = new float[channels];
        int up = S.loopBound(channels);
        for (int r0 = from; r0 < to; r0 += RUN) {
            int r1 = Math.min(to, r0 + RUN);
            java.util.Arrays.fill(a1, 0f);
            java.util.Arrays.fill(a2, 0f);
            for (int r = r0; r < r1; r++) {
                int pg = go + r * channels, px = xo + r * channels;
                int c = 0;
                for (; c < up; c += L) {
                    FloatVector gv = FloatVector.fromArray(S, g, pg + c);
                    FloatVector d = FloatVector.fromArray(S, x, px + c).sub(FloatVector.fromArray(S, m, c));
                    FloatVector.fromArray(S, a1, c).add(gv).intoArray(a1, c);
                    gv.fma(d, FloatVector.fromArray(S, a2, c)).intoArray(a2, c);
                }
                for (; c < channels; c++) {
                    float gc = g[pg + c];
                    a1[c] += gc;
                    a2[c] += gc * (x[px + c] - m[c]);
                }
            }
            for (int c = 0; c < channels; c++) {
                s1[c] += a1[c];
                s2[c] += a2[c];
            }
        }
    }

    private static void gradSumsSpans(float[] g, int go, float[] x, int xo, float[] m, int from, int to, int channels, int inner,
                                      double[] s1, double[] s2) {
        int up = S.loopBound(inner);
        for (int o = from; o < to; o++) {
            for (int c = 0; c < channels; c++) {
                int off = (o * channels + c) * inner;
                int pg = go + off, px = xo + off;
                float mc = m[c];
                FloatVector mv = FloatVector.broadcast(S, mc);
                FloatVector v1 = FloatVector.zero(S), v2 = FloatVector.zero(S);
                int i = 0;
                for (; i < up; i += L) {
                    FloatVector gv = FloatVector.fromArray(S, g, pg + i);
                    v1 = v1.add(gv);
                    v2 = gv.fma(FloatVector.fromArray(S, x, px + i).sub(mv), v2);
                }
                float a = LaneSums.sum(v1), b = LaneSums.sum(v2);
                for (; i < inner; i++) {
                    a += g[pg + i];
                    b += g[pg + i] * (x[px + i] - mc);
                }
                s1[c] += a;
                s2[c] += b;
            }
        }
    }

    // ------------------------------------------------------------------ dx = g * p[c] + x * q[c] + r[c]

    /** {@code dx = g * p[c] + x * q[c] + r[c]}. */
    public static void affine2(float[] g, int go, float[] x, int xo, float[] p, float[] q, float[] r, float[] dx, int dxo,
                               int outer, int channels, int inner) {
        forOuter(outer, (long) channels * inner, (from, to) -> {
            if (inner == 1) affine2Rows(g, go, x, xo, p, q, r, dx, dxo, from, to, channels);
            else affine2Spans(g, go, x, xo, p, q, r, dx, dxo, from, to, channels, inner);
        });
    }

    private static void affine2Rows(float[] g, int go, float[] x, int xo, float[] p, float[] q, float[] r, float[] dx, int dxo,
                                    int from, int to, int channels) {
        int up = S.loopBound(channels);
        for (int row = from; row < to; row++) {
            int pg = go + row * channels, px = xo + row * channels, pd = dxo + row * channels;
            int c = 0;
            for (; c < up; c += L) {
                FloatVector t = FloatVector.fromArray(S, x, px + c).fma(FloatVector.fromArray(S, q, c), FloatVector.fromArray(S, r, c));
                FloatVector.fromArray(S, g, pg + c).fma(FloatVector.fromArray(S, p, c), t).intoArray(dx, pd + c);
            }
            for (; c < channels; c++) dx[pd + c] = Math.fma(g[pg + c], p[c], Math.fma(x[px + c], q[c], r[c]));
        }
    }

    private static void affine2Spans(float[] g, int go, float[] x, int xo, float[] p, float[] q, float[] r, float[] dx, int dxo,
                                     int from, int to, int channels, int inner) {
        int up = S.loopBound(inner);
        for (int o = from; o < to; o++) {
            for (int c = 0; c < channels; c++) {
                int off = (o * channels + c) * inner;
                int pg = go + off, px = xo + off, pd = dxo + off;
                float pc = p[c], qc = q[c], rc = r[c];
                FloatVector pv = FloatVector.broadcast(S, pc), qv = FloatVector.broadcast(S, qc), rv = FloatVector.broadcast(S, rc);
                int i = 0;
                for (; i < up; i += L) {
                    FloatVector t = FloatVector.fromArray(S, x, px + i).fma(qv, rv);
                    FloatVector.fromArray(S, g, pg + i).fma(pv, t).intoArray(dx, pd + i);
                }
                for (; i < inner; i++) dx[pd + i] = Math.fma(g[pg + i], pc, Math.fma(x[px + i], qc, rc));
            }
        }
    }

    private static void forOuter(int outer, long perOuter, Parallel.RangeBody body) {
        long work = outer * perOuter;
        if (work < PARALLEL_WORK || outer < 2) body.run(0, outer);
        else Parallel.forRange(outer, (int) Math.max(1, (PARALLEL_WORK / 2) / Math.max(1, perOuter)), body);
    }
}
