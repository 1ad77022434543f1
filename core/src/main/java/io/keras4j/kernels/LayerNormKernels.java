package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer normalisation over contiguous rows of length {@code d}, forward and backward, one row at
 * a time so each row is read from memory once and then worked on in L1.
 *
 * <ul>
 *   <li>forward: {@code mean} and {@code var} of the row in one pass (sums of {@code x - k} and
 *       {@code (x - k)^2} about the row's first value {@code k}), {@code inv = 1/sqrt(var + eps)},
 *       {@code y = (x - mean) * inv * gamma + beta}. The row's mean and inv are kept for the
 *       backward pass.</li>
 *   <li>backward: with {@code xh = (x - mean) * inv} and {@code gh = g * gamma},
 *       {@code dx = inv * (gh - mean(gh) - xh * mean(gh * xh))},
 *       {@code dgamma = sum over rows of g * xh}, {@code dbeta = sum over rows of g}.</li>
 * </ul>
 * Rows are split over {@link Parallel}; the parameter gradients keep one partial per task, added
 * in task order.
 */
public final class LayerNormKernels {
    private LayerNormKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int PARALLEL_WORK = 1 << 16;

    /**
     * Normalises {@code rows} rows of {@code x}; {@code gamma} and {@code beta} have length d
     * (pass ones and zeros for none); writes y and each row's mean and inv.
     */
    public static void forward(float[] x, int xo, float[] gamma, float[] beta, float epsilon, float[] y, int yo, int rows, int d,
                               float[] mean, float[] inv) {
        if ((long) rows * d < PARALLEL_WORK || rows < 2) {
            forwardRows(x, xo, gamma, beta, epsilon, y, yo, 0, rows, d, mean, inv);
        } else {
            Parallel.forRange(rows, Math.max(1, (PARALLEL_WORK / 2) / d), (from, to) ->
                    forwardRows(x, xo, gamma, beta, epsilon, y, yo, from, to, d, mean, inv));
        }
    }

    private static void forwardRows(float[] x, int xo, float[] gamma, float[] beta, float epsilon, float[] y, int yo, int from, int to,
                                    int d, float[] mean, float[] inv) {
        int up = S.loopBound(d);
        for (int r = from; r < to; r++) {
            int p = xo + r * d, q = yo + r * d;
            float k = x[p];
            FloatVector kv = FloatVector.broadcast(S, k);
            FloatVector v1 = FloatVector.zero(S), v2 = FloatVector.zero(S);
            int i = 0;
            for (; i < up; i += L) {
                FloatVector dv = FloatVector.fromArray(S, x, p + i).sub(kv);
                v1 = v1.add(dv);
                v2 = dv.fma(dv, v2);
            }
            float s1 = LaneSums.sum(v1), s2 = LaneSums.sum(v2);
            for (; i < d; i++) {
                float dv = x[p + i] - k;
                s1 += dv;
                s2 += dv * dv;
            }
            float m1 = s1 / d;
            float var = Math.max(0f, s2 / d - m1 * m1);
            float mu = k + m1;
            float iv = (float) (1.0 / Math.sqrt(var + epsilon));
            mean[r] = mu;
            inv[r] = iv;
            FloatVector muv = FloatVector.broadcast(S, mu), ivv = FloatVector.broadcast(S, iv);
            i = 0;
            for (; i < up; i += L) {
                FloatVector xh = FloatVector.fromArray(S, x, p + i).sub(muv).mul(ivv);
                xh.fma(FloatVector.fromArray(S, gamma, i), FloatVector.fromArray(S, beta, i)).intoArray(y, q + i);
            }
            for (; i < d; i++) y[q + i] = Math.fma((x[p + i] - mu) * iv, gamma[i], beta[i]);
        }
    }

    /**
     * The backward pass: {@code dx} (null to skip) and the parameter gradients {@code dgamma},
     * {@code dbeta} (null to skip; otherwise overwritten) of {@link #forward}.
     */
    public static void backward(float[] g, int go, float[] x, int xo, float[] gamma, float[] mean, float[] inv, int rows, int d,
                                float[] dx, float[] dgamma, float[] dbeta) {
        long work = (long) rows * d;
        int t = work < PARALLEL_WORK || rows < 2 ? 1
                : Math.min(Math.min(Parallel.threads(), rows), (int) Math.max(1, work / (PARALLEL_WORK / 2)));
        boolean params = dgamma != null || dbeta != null;
        float[][] pg = params ? new float[t][d] : null, pb = params ? new float[t][d] : null;
        Parallel.forEachTask(t, task -> {
            int from = (int) ((long) rows * task / t), to = (int) ((long) rows * (task + 1) / t);
            backwardRows(g, go, x, xo, gamma, mean, inv, from, to, d, dx, params ? pg[task] : null, params ? pb[task] : null);
        });
        if (!params) return;
        for (int i = 0; i < d; i++) {
            float a = 0, b = 0;
            for (int k = 0; k < t; k++) {
                a += pg[k][i];
                b += pb[k][i];
            }
            if (dgamma != null) dgamma[i] = a;
            if (dbeta != null) dbeta[i] = b;
        }
    }

    private static void backwardRows(float[] g, int go, float[] x, int xo, float[] gamma, float[] mean, float[] inv, int from, int to,
                                     int d, float[] dx, float[] dgamma, float[] dbeta) {
        int up = S.loopBound(d);
        for (int r = from; r < to; r++) {
            int pgo = go + r * d, pxo = xo + r * d;
            float mu = mean[r], iv = inv[r];
            FloatVector muv = FloatVector.broadcast(S, mu), ivv = FloatVector.broadcast(S, iv);
            FloatVector v1 = FloatVector.zero(S), v2 = FloatVector.zero(S);
            int i = 0;
            for (; i < up; i += L) {
                FloatVector gv = FloatVector.fromArray(S, g, pgo + i);
                FloatVector xh = FloatVector.fromArray(S, x, pxo + i).sub(muv).mul(ivv);
                FloatVector gh = gv.mul(FloatVector.fromArray(S, gamma, i));
                v1 = v1.add(gh);
                v2 = gh.fma(xh, v2);
                if (dgamma != null) {
                    gv.fma(xh, FloatVector.fromArray(S, dgamma, i)).intoArray(dgamma, i);
                    gv.add(FloatVector.fromArray(S, dbeta, i)).intoArray(dbeta, i);
                }
            }
            float s1 = LaneSums.sum(v1), s2 = LaneSums.sum(v2);
            for (; i < d; i++) {
                float gi = g[pgo + i];
                float xh = (x[pxo + i] - mu) * iv;
                float gh = gi * gamma[i];
                s1 += gh;
                s2 += gh * xh;
                if (dgamma != null) {
                    dgamma[i] += gi * xh;
                    dbeta[i] += gi;
                }
            }
            if (dx == null) continue;
            // dx = inv * gh - xh * (inv * s2 / d) - inv * s1 / d
            float c2 = iv * s2 / d, c1 = iv * s1 / d;
            FloatVector c2v = FloatVector.broadcast(S, c2), c1v = FloatVector.broadcast(S, c1);
            i = 0;
            for (; i < up; i += L) {
                FloatVector xh = FloatVector.fromArray(S, x, pxo + i).sub(muv).mul(ivv);
                FloatVector ghi = FloatVector.fromArray(S, g, pgo + i).mul(FloatVector.fromArray(S, gamma, i)).mul(ivv);
                ghi.sub(xh.fma(c2v, c1v)).intoArray(dx, pxo - xo + i);
            }
            for (; i < d; i++) {
                float xh = (x[pxo + i] - mu) * iv;
                dx[pxo - xo + i] = g[pgo + i] * gamma[i] * iv - (xh * c2 + c1);
            }
        }
    }
}
