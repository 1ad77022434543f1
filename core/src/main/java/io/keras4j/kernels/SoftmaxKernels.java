package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax and log-softmax over contiguous rows of length n, and their backward passes, each
 * fused into one kernel per row: the maximum is subtracted before exponentiating, so any finite
 * logits (1e4, -1e4, ...) give finite results. Rows are split over threads when the work is large.
 *
 * <ul>
 *   <li>softmax: y = exp(x - max) / sum(exp(x - max))</li>
 *   <li>log_softmax: y = x - max - log(sum(exp(x - max)))</li>
 *   <li>softmax backward: dx = (g - sum(g * y)) * y</li>
 *   <li>log_softmax backward: dx = g - exp(y) * sum(g)</li>
 * </ul>
 */
public final class SoftmaxKernels {
    private SoftmaxKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static void forRows(int rows, int n, Parallel.RangeBody body) {
        if ((long) rows * n < (1 << 16) || rows == 1) {
            body.run(0, rows);
        } else {
            Parallel.forRange(rows, Math.max(1, (1 << 15) / Math.max(n, 1)), body);
        }
    }

    // ------------------------------------------------------------------ float32

    /**
     * Inputs smaller than this (a single sample's class scores) take their row tails with scalar
     * {@code Math.exp}: the first vector exp of a JVM links the vector math library (~20 ms), a
     * model's first prediction would otherwise pay for it, and a few scalar exps cost nothing.
     */
    private static final int SCALAR_TAILS_BELOW = 1024;

    public static void softmax(float[] x, int xo, float[] y, int yo, int rows, int n) {
        if ((long) rows * n < SCALAR_TAILS_BELOW) {
            for (int r = 0; r < rows; r++) softmaxRow(x, xo + r * n, y, yo + r * n, n, true);
            return;
        }
        forRows(rows, n, (from, to) -> {
            for (int r = from; r < to; r++) softmaxRow(x, xo + r * n, y, yo + r * n, n, false);
        });
    }

    public static void logSoftmax(float[] x, int xo, float[] y, int yo, int rows, int n) {
        if ((long) rows * n < SCALAR_TAILS_BELOW) {
            for (int r = 0; r < rows; r++) logSoftmaxRow(x, xo + r * n, y, yo + r * n, n, true);
            return;
        }
        forRows(rows, n, (from, to) -> {
            for (int r = from; r < to; r++) logSoftmaxRow(x, xo + r * n, y, yo + r * n, n, false);
        });
    }

    /** dx = (g - sum(g * y)) * y per row, y the softmax output. */
    public static void softmaxBackward(float[] g, int go, float[] y, int yo, float[] dx, int dxo, int rows, int n) {
        forRows(rows, n, (from, to) -> {
            for (int r = from; r < to; r++) softmaxBackwardRow(g, go + r * n, y, yo + r * n, dx, dxo + r * n, n);
        });
    }

    /** dx = g - exp(y) * sum(g) per row, y the log_softmax output. */
    public static void logSoftmaxBackward(float[] g, int go, float[] y, int yo, float[] dx, int dxo, int rows, int n) {
        forRows(rows, n, (from, to) -> {
            for (int r = from; r < to; r++) logSoftmaxBackwardRow(g, go + r * n, y, yo + r * n, dx, dxo + r * n, n);
        });
    }

    // Each row runs whole vectors, then its tail (fewer than L elements) as one masked vector, so
    // short rows (a 10-class softmax) cost a few vector operations instead of a scalar exp each;
    // with scalarTail (small inputs, see SCALAR_TAILS_BELOW) the tail takes scalar Math.exp.

    private static float rowMax(float[] x, int p, int n, boolean scalarTail) {
        int i = 0, up = S.loopBound(n);
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i < up; i += L) acc = acc.max(FloatVector.fromArray(S, x, p + i));
        if (i < n && !scalarTail) {
            VectorMask<Float> t = S.indexInRange(i, n);
            acc = acc.blend(FloatVector.fromArray(S, x, p + i, t), t).max(acc);
        }
        float m = acc.reduceLanes(VectorOperators.MAX);
        if (scalarTail) for (; i < n; i++) m = Math.max(m, x[p + i]);
        return m;
    }

    private static float rowSum(float[] x, int p, int n) {
        int i = 0, up = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < up; i += L) acc = acc.add(FloatVector.fromArray(S, x, p + i));
        if (i < n) acc = acc.add(FloatVector.fromArray(S, x, p + i, S.indexInRange(i, n)));
        return LaneSums.sum(acc);
    }

    private static void softmaxRow(float[] x, int p, float[] y, int q, int n, boolean scalarTail) {
        if (n == 0) return;
        float m = rowMax(x, p, n, scalarTail);
        int i = 0, up = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < up; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, p + i).sub(m).lanewise(VectorOperators.EXP);
            e.intoArray(y, q + i);
            acc = acc.add(e);
        }
        VectorMask<Float> t = scalarTail ? null : S.indexInRange(up, n);
        FloatVector tail = null;
        float s;
        if (scalarTail) {
            s = LaneSums.sum(acc);
            for (; i < n; i++) {
                float e = (float) Math.exp(x[p + i] - m);
                y[q + i] = e;
                s += e;
            }
        } else {
            if (up < n) {
                tail = FloatVector.fromArray(S, x, p + up, t).sub(m).lanewise(VectorOperators.EXP);
                acc = acc.add(tail, t);
            }
            s = LaneSums.sum(acc);
        }
        float inv = 1f / s;
        for (i = 0; i < up; i += L) FloatVector.fromArray(S, y, q + i).mul(inv).intoArray(y, q + i);
        if (scalarTail) {
            for (; i < n; i++) y[q + i] *= inv;
        } else if (tail != null) {
            tail.mul(inv).intoArray(y, q + up, t);
        }
    }

    private static void logSoftmaxRow(float[] x, int p, float[] y, int q, int n, boolean scalarTail) {
        if (n == 0) return;
        float m = rowMax(x, p, n, scalarTail);
        int i = 0, up = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < up; i += L) acc = acc.add(FloatVector.fromArray(S, x, p + i).sub(m).lanewise(VectorOperators.EXP));
        VectorMask<Float> t = scalarTail ? null : S.indexInRange(up, n);
        float s;
        if (scalarTail) {
            s = LaneSums.sum(acc);
            for (; i < n; i++) s += (float) Math.exp(x[p + i] - m);
        } else {
            if (up < n) acc = acc.add(FloatVector.fromArray(S, x, p + up, t).sub(m).lanewise(VectorOperators.EXP), t);
            s = LaneSums.sum(acc);
        }
        float logSum = (float) Math.log(s);
        // (x - max) - log(sum), not x - (max + log(sum)): exact for the largest logits even when max is huge
        for (i = 0; i < up; i += L) FloatVector.fromArray(S, x, p + i).sub(m).sub(logSum).intoArray(y, q + i);
        if (scalarTail) {
            for (; i < n; i++) y[q + i] = (x[p + i] - m) - logSum;
        } else if (up < n) {
            FloatVector.fromArray(S, x, p + up, t).sub(m).sub(logSum).intoArray(y, q + up, t);
        }
    }

    /** In place when dx is g (attention's backward does that): each element is read before it is written. */
    private static void softmaxBackwardRow(float[] g, int gp, float[] y, int yp, float[] dx, int dp, int n) {
        int i = 0, up = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < up; i += L) acc = FloatVector.fromArray(S, g, gp + i).fma(FloatVector.fromArray(S, y, yp + i), acc);
        VectorMask<Float> t = S.indexInRange(up, n);
        if (up < n) acc = FloatVector.fromArray(S, g, gp + up, t).fma(FloatVector.fromArray(S, y, yp + up, t), acc);
        float dot = LaneSums.sum(acc);
        for (i = 0; i < up; i += L) {
            FloatVector.fromArray(S, g, gp + i).sub(dot).mul(FloatVector.fromArray(S, y, yp + i)).intoArray(dx, dp + i);
        }
        if (up < n) FloatVector.fromArray(S, g, gp + up, t).sub(dot).mul(FloatVector.fromArray(S, y, yp + up, t)).intoArray(dx, dp + up, t);
    }

    private static void logSoftmaxBackwardRow(float[] g, int gp, float[] y, int yp, float[] dx, int dp, int n) {
        float sum = rowSum(g, gp, n);
        int i = 0, up = S.loopBound(n);
        for (; i < up; i += L) {
            FloatVector e = FloatVector.fromArray(S, y, yp + i).lanewise(VectorOperators.EXP);
            FloatVector.fromArray(S, g, gp + i).sub(e.mul(sum)).intoArray(dx, dp + i);
        }
        if (up < n) {
            VectorMask<Float> t = S.indexInRange(up, n);
            FloatVector e = FloatVector.fromArray(S, y, yp + up, t).lanewise(VectorOperators.EXP);
            FloatVector.fromArray(S, g, gp + up, t).sub(e.mul(sum)).intoArray(dx, dp + up, t);
        }
    }

    // ------------------------------------------------------------------ float64 (scalar)

    public static void softmax(double[] x, int xo, double[] y, int yo, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            int p = xo + r * n, q = yo + r * n;
            if (n == 0) continue;
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int i = 0; i < n; i++) m = Math.max(m, x[p + i]);
            for (int i = 0; i < n; i++) { y[q + i] = Math.exp(x[p + i] - m); s += y[q + i]; }
            for (int i = 0; i < n; i++) y[q + i] /= s;
        }
    }

    public static void logSoftmax(double[] x, int xo, double[] y, int yo, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            int p = xo + r * n, q = yo + r * n;
            if (n == 0) continue;
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int i = 0; i < n; i++) m = Math.max(m, x[p + i]);
            for (int i = 0; i < n; i++) s += Math.exp(x[p + i] - m);
            double logSum = Math.log(s);
            for (int i = 0; i < n; i++) y[q + i] = (x[p + i] - m) - logSum;
        }
    }

    public static void softmaxBackward(double[] g, int go, double[] y, int yo, double[] dx, int dxo, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            int a = go + r * n, b = yo + r * n, c = dxo + r * n;
            double dot = 0;
            for (int i = 0; i < n; i++) dot += g[a + i] * y[b + i];
            for (int i = 0; i < n; i++) dx[c + i] = (g[a + i] - dot) * y[b + i];
        }
    }

    public static void logSoftmaxBackward(double[] g, int go, double[] y, int yo, double[] dx, int dxo, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            int a = go + r * n, b = yo + r * n, c = dxo + r * n;
            double sum = 0;
            for (int i = 0; i < n; i++) sum += g[a + i];
            for (int i = 0; i < n; i++) dx[c + i] = g[a + i] - Math.exp(y[b + i]) * sum;
        }
    }
}
