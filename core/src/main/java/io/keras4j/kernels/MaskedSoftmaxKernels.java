package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax over contiguous rows of attention logits with a boolean mask, in one kernel per row:
 * the logits of disallowed positions are replaced by {@code fill}, the row is normalised (the
 * maximum subtracted first), and, when {@code zeroMasked}, disallowed positions are set to zero
 * afterwards. This is both of Keras's masked softmaxes:
 * <ul>
 *   <li>the Softmax layer (used by MultiHeadAttention when it keeps the scores): fill -1e9, zeroed
 *       afterwards, so a row with nothing allowed is all zeros;</li>
 *   <li>{@code ops.dot_product_attention}: fill -0.7 * FLT_MAX, not zeroed, so a row with nothing
 *       allowed is uniform.</li>
 * </ul>
 * A position j of row r is allowed when the mask allows it ({@code mask[rowOffsets[r] + j * colStride]},
 * colStride 0 or 1; no mask allows all) and, with causal rows {@code t > 0}, when {@code j <= r % t}
 * (row r is query position r % t of a {@code (..., t, n)} block: Keras's lower-triangular causal mask).
 */
public final class MaskedSoftmaxKernels {
    private MaskedSoftmaxKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * Writes the masked softmax of {@code rows} rows of length {@code n} of x (from {@code xo}) to y
     * (from 0), splitting large work over the pool. Returns the number of rows in which no
     * position was allowed.
     */
    public static int softmax(float[] x, int xo, float[] y, int rows, int n, boolean[] mask, int[] rowOffsets, int colStride,
                              int causalRows, float fill, boolean zeroMasked) {
        if (mask != null && colStride != 0 && colStride != 1) throw new IllegalArgumentException("mask column stride must be 0 or 1, got " + colStride);
        if (rows == 0 || n == 0) return 0;
        int[] empty = new int[1];
        Parallel.RangeBody body = (from, to) -> {
            int none = rows(x, xo + from * n, y, from * n, from, to - from, n, mask, rowOffsets, colStride, causalRows, fill, zeroMasked, null);
            if (none > 0) {
                synchronized (empty) { empty[0] += none; }
            }
        };
        if ((long) rows * n < (1 << 15) || rows == 1) body.run(0, rows);
        else Parallel.forRange(rows, Math.max(1, (1 << 14) / n), body);
        return empty[0];
    }

    /**
     * The masked softmax of {@code count} consecutive rows on this thread: rows {@code first ..
     * first + count - 1} of the logits (their mask offsets {@code rowOffsets[row]}, causal position
     * {@code row % causalRows}) read from x at {@code xo} and written to y at {@code yo} (x and y may
     * be the same array at the same offset). Rows with nothing allowed are counted and, when
     * {@code emptyRows} is given, marked there (at their row index).
     */
    public static int rows(float[] x, int xo, float[] y, int yo, int first, int count, int n, boolean[] mask, int[] rowOffsets,
                           int colStride, int causalRows, float fill, boolean zeroMasked, boolean[] emptyRows) {
        int none = 0;
        for (int i = 0; i < count; i++) {
            int r = first + i;
            int lim = causalRows > 0 ? Math.min(n, r % causalRows + 1) : n;
            int p = xo + i * n, q = yo + i * n;
            int allowed;
            if (mask == null) {
                allowed = row(x, p, y, q, n, lim, fill, zeroMasked);
            } else if (colStride == 0 || n == 1) {
                allowed = row(x, p, y, q, n, mask[rowOffsets[r]] ? lim : 0, fill, zeroMasked);
            } else {
                allowed = maskedRow(x, p, y, q, n, lim, mask, rowOffsets[r], fill, zeroMasked);
            }
            if (allowed == 0) {
                none++;
                if (emptyRows != null) emptyRows[r] = true;
            }
        }
        return none;
    }

    /** Positions [0, lim) allowed, [lim, n) filled. Returns lim. */
    private static int row(float[] x, int p, float[] y, int q, int n, int lim, float fill, boolean zeroMasked) {
        float m = max(x, p, lim);
        if (lim < n) m = Math.max(m, fill);
        float fe = lim < n ? (float) Math.exp(fill - m) : 0f;
        float inv = 1f / (expSum(x, p, y, q, lim, m) + fe * (n - lim));
        scale(y, q, lim, inv);
        java.util.Arrays.fill(y, q + lim, q + n, zeroMasked ? 0f : fe * inv);
        return lim;
    }

    /** Positions j < lim allowed where mask[mo + j]; the rest filled. Returns the number allowed. */
    private static int maskedRow(float[] x, int p, float[] y, int q, int n, int lim, boolean[] mask, int mo, float fill, boolean zeroMasked) {
        int allowed = select(x, p, y, q, lim, mask, mo, fill);
        float m = max(y, q, lim);
        if (lim < n) m = Math.max(m, fill);
        float fe = lim < n ? (float) Math.exp(fill - m) : 0f;
        float inv = 1f / (expSum(y, q, y, q, lim, m) + fe * (n - lim));
        if (zeroMasked) scaleMasked(y, q, lim, inv, mask, mo);
        else scale(y, q, lim, inv);
        java.util.Arrays.fill(y, q + lim, q + n, zeroMasked ? 0f : fe * inv);
        return allowed;
    }

    // one loop per operator, each small enough for C2 to inline and intrinsify the vector operations

    private static float max(float[] x, int p, int n) {
        int up = S.loopBound(n), i = 0;
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i < up; i += L) acc = acc.max(FloatVector.fromArray(S, x, p + i));
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) m = Math.max(m, x[p + i]);
        return m;
    }

    /** y = exp(x - m) over n entries (in place allowed); returns the sum. */
    private static float expSum(float[] x, int p, float[] y, int q, int n, float m) {
        int up = S.loopBound(n), i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i < up; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, p + i).sub(m).lanewise(VectorOperators.EXP);
            e.intoArray(y, q + i);
            acc = acc.add(e);
        }
        float s = LaneSums.sum(acc);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[p + i] - m);
            y[q + i] = e;
            s += e;
        }
        return s;
    }

    private static void scale(float[] y, int q, int n, float c) {
        int up = S.loopBound(n), i = 0;
        for (; i < up; i += L) FloatVector.fromArray(S, y, q + i).mul(c).intoArray(y, q + i);
        for (; i < n; i++) y[q + i] *= c;
    }

    /** y *= c where the mask allows, else 0. */
    private static void scaleMasked(float[] y, int q, int n, float c, boolean[] mask, int mo) {
        int up = S.loopBound(n), i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (; i < up; i += L) {
            zero.blend(FloatVector.fromArray(S, y, q + i).mul(c), VectorMask.fromArray(S, mask, mo + i)).intoArray(y, q + i);
        }
        for (; i < n; i++) y[q + i] = mask[mo + i] ? y[q + i] * c : 0f;
    }

    /** y = where(mask, x, fill) over n entries; returns how many the mask allows. */
    private static int select(float[] x, int p, float[] y, int q, int n, boolean[] mask, int mo, float fill) {
        int up = S.loopBound(n), i = 0, allowed = 0;
        FloatVector fv = FloatVector.broadcast(S, fill);
        for (; i < up; i += L) {
            VectorMask<Float> keep = VectorMask.fromArray(S, mask, mo + i);
            fv.blend(FloatVector.fromArray(S, x, p + i), keep).intoArray(y, q + i);
            allowed += keep.trueCount();
        }
        for (; i < n; i++) {
            boolean keep = mask[mo + i];
            y[q + i] = keep ? x[p + i] : fill;
            if (keep) allowed++;
        }
        return allowed;
    }
}
