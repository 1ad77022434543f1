package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The tail of a dense layer, in place on the rows of a freshly computed matrix product:
 * {@code z[r, :] = act(z[r, :] + bias)}, with the same arithmetic as a separate broadcast add
 * followed by the activation (so the results are bit-identical), in one pass instead of two and
 * without the two intermediate arrays.
 */
public final class BiasActivationKernels {
    private BiasActivationKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** {@code z[zo + r*n + j] += bias[bo + j]} for rows [r0, r1) ({@code bias == null}: nothing). */
    public static void bias(float[] z, int zo, int n, int r0, int r1, float[] bias, int bo) {
        if (bias == null) return;
        int up = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int o = zo + r * n, j = 0;
            for (; j < up; j += S.length()) {
                FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, bias, bo + j)).intoArray(z, o + j);
            }
            for (; j < n; j++) z[o + j] = z[o + j] + bias[bo + j];
        }
    }

    /** {@code z[zo + r*n + j] = max(z[zo + r*n + j] + bias[bo + j], 0)} for rows [r0, r1) ({@code bias == null}: no add). */
    public static void biasRelu(float[] z, int zo, int n, int r0, int r1, float[] bias, int bo) {
        FloatVector zero = FloatVector.zero(S);
        int up = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int o = zo + r * n, j = 0;
            if (bias != null) {
                for (; j < up; j += S.length()) {
                    FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, bias, bo + j)).max(zero).intoArray(z, o + j);
                }
                for (; j < n; j++) z[o + j] = Math.max(z[o + j] + bias[bo + j], 0f);
            } else {
                for (; j < up; j += S.length()) FloatVector.fromArray(S, z, o + j).max(zero).intoArray(z, o + j);
                for (; j < n; j++) z[o + j] = Math.max(z[o + j], 0f);
            }
        }
    }

    /**
     * The epilogue of a block of a matrix product still in cache: {@code act(z + bias)} in place on
     * rows {@code [0, rows)} of {@code cols} values, {@code ld} apart from {@code z[zo]}, bias from
     * {@code bias[bo]} ({@code null}: no add), relu or no activation; the arithmetic of
     * {@link #biasRelu} and {@link #bias}, so the values are the same bit for bit.
     */
    public static void block(float[] z, int zo, int ld, int rows, int cols, float[] bias, int bo, boolean relu) {
        blockInto(z, zo, ld, z, zo, ld, rows, cols, bias, bo, relu);
    }

    /**
     * As {@link #block}, reading the block from {@code src} (rows {@code lds} apart from
     * {@code src[so]}) and writing the result to {@code z} (which may be the same place): a
     * register block finished in a small buffer reaches its destination with one store per value.
     * Each variant is its own plain loop over whole vectors (a loop with the choice inside runs
     * at half the speed); the last partial vector of each row is masked.
     */
    public static void blockInto(float[] src, int so, int lds, float[] z, int zo, int ld, int rows, int cols, float[] bias, int bo,
                                 boolean relu) {
        int up = S.loopBound(cols);
        if (bias != null && relu) biasReluRows(src, so, lds, z, zo, ld, rows, up, bias, bo);
        else if (bias != null) biasRows(src, so, lds, z, zo, ld, rows, up, bias, bo);
        else if (relu) reluRows(src, so, lds, z, zo, ld, rows, up);
        else if (src != z || so != zo || lds != ld) {
            for (int r = 0; r < rows; r++) System.arraycopy(src, so + r * lds, z, zo + r * ld, cols);
            return;
        }
        if (up < cols) tailRows(src, so + up, lds, z, zo + up, ld, rows, cols - up, bias, bo + up, relu);
    }

    private static void biasReluRows(float[] src, int so, int lds, float[] z, int zo, int ld, int rows, int up, float[] bias, int bo) {
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            int i = so + r * lds, o = zo + r * ld;
            for (int j = 0; j < up; j += S.length()) {
                FloatVector.fromArray(S, src, i + j).add(FloatVector.fromArray(S, bias, bo + j)).max(zero).intoArray(z, o + j);
            }
        }
    }

    private static void biasRows(float[] src, int so, int lds, float[] z, int zo, int ld, int rows, int up, float[] bias, int bo) {
        for (int r = 0; r < rows; r++) {
            int i = so + r * lds, o = zo + r * ld;
            for (int j = 0; j < up; j += S.length()) {
                FloatVector.fromArray(S, src, i + j).add(FloatVector.fromArray(S, bias, bo + j)).intoArray(z, o + j);
            }
        }
    }

    private static void reluRows(float[] src, int so, int lds, float[] z, int zo, int ld, int rows, int up) {
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            int i = so + r * lds, o = zo + r * ld;
            for (int j = 0; j < up; j += S.length()) FloatVector.fromArray(S, src, i + j).max(zero).intoArray(z, o + j);
        }
    }

    /** The last n (< one vector) values of each row, masked. */
    private static void tailRows(float[] src, int so, int lds, float[] z, int zo, int ld, int rows, int n, float[] bias, int bo,
                                 boolean relu) {
        VectorMask<Float> m = S.indexInRange(0, n);
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            int i = so + r * lds, o = zo + r * ld;
            FloatVector v = FloatVector.fromArray(S, src, i, m);
            if (bias != null) v = v.add(FloatVector.fromArray(S, bias, bo, m));
            if (relu) v = v.max(zero);
            v.intoArray(z, o, m);
        }
    }

    /** {@code out[oo + r*n + j] = x[xo + r*n + j] + bias[bo + j]} for rows [r0, r1). */
    public static void biasInto(float[] x, int xo, float[] out, int oo, int n, int r0, int r1, float[] bias, int bo) {
        int up = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int i = xo + r * n, o = oo + r * n, j = 0;
            for (; j < up; j += S.length()) {
                FloatVector.fromArray(S, x, i + j).add(FloatVector.fromArray(S, bias, bo + j)).intoArray(out, o + j);
            }
            for (; j < n; j++) out[o + j] = x[i + j] + bias[bo + j];
        }
    }

    /** {@code out[oo + r*n + j] = max(x[xo + r*n + j] + bias[bo + j], 0)} for rows [r0, r1). */
    public static void biasReluInto(float[] x, int xo, float[] out, int oo, int n, int r0, int r1, float[] bias, int bo) {
        FloatVector zero = FloatVector.zero(S);
        int up = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int i = xo + r * n, o = oo + r * n, j = 0;
            for (; j < up; j += S.length()) {
                FloatVector.fromArray(S, x, i + j).add(FloatVector.fromArray(S, bias, bo + j)).max(zero).intoArray(out, o + j);
            }
            for (; j < n; j++) out[o + j] = Math.max(x[i + j] + bias[bo + j], 0f);
        }
    }

    // ------------------------------------------------------------------ backward

    /**
     * The bias gradient behind a relu: {@code db[dbo + j] = sum over rows r of g[r, j] * (y[r, j] > 0 ? 1 : 0)}
     * for rows {@code [0, rows)} of {@code n} values (g from g[go], y from y[yo]), without the
     * product ever being stored. The arithmetic is that of relu_grad ({@link ActivationGradKernels#reluGrad})
     * followed by a sum over rows ({@code ReduceKernels}: the first row's values, then each further row
     * added in order), so the result is the same bit for bit. The columns are split among threads
     * in whole vectors, which keeps every column's order of additions.
     */
    public static void reluBiasGradient(float[] g, int go, float[] y, int yo, int rows, int n, float[] db, int dbo) {
        reluBiasGradient(g, go, y, yo, rows, n, db, dbo, true);
    }

    /** As above, on the calling thread alone unless parallel. */
    static void reluBiasGradient(float[] g, int go, float[] y, int yo, int rows, int n, float[] db, int dbo, boolean parallel) {
        if (rows == 0) {
            java.util.Arrays.fill(db, dbo, dbo + n, 0f);
            return;
        }
        int vectors = n / S.length();
        int parts = vectors + (n % S.length() != 0 ? 1 : 0);
        int min = parallel ? (int) Math.max(1, (1L << 16) / Math.max(1L, (long) rows * S.length())) : parts;
        Parallel.forRange(parts, min, (p0, p1) -> {
            int p = p0;
            for (; p + 1 < p1 && p + 1 < vectors; p += 2) reluBiasGradient2(g, go, y, yo, rows, n, p * S.length(), db, dbo);
            for (; p < p1 && p < vectors; p++) reluBiasGradient1(g, go, y, yo, rows, n, p * S.length(), db, dbo);
            if (p < p1) { // the columns past the last whole vector
                for (int j = vectors * S.length(); j < n; j++) {
                    float acc = g[go + j] * (y[yo + j] > 0f ? 1f : 0f);
                    for (int r = 1; r < rows; r++) acc += g[go + r * n + j] * (y[yo + r * n + j] > 0f ? 1f : 0f);
                    db[dbo + j] = acc;
                }
            }
        });
    }

    /** Columns [j, j + L) (one running sum per lane, in row order). */
    private static void reluBiasGradient1(float[] g, int go, float[] y, int yo, int rows, int n, int j, float[] db, int dbo) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        FloatVector acc = FloatVector.fromArray(S, g, go + j)
                .mul(zero.blend(one, FloatVector.fromArray(S, y, yo + j).compare(VectorOperators.GT, 0f)));
        for (int r = 1; r < rows; r++) {
            int o = r * n + j;
            acc = acc.add(FloatVector.fromArray(S, g, go + o).mul(zero.blend(one, FloatVector.fromArray(S, y, yo + o).compare(VectorOperators.GT, 0f))));
        }
        acc.intoArray(db, dbo + j);
    }

    /** Columns [j, j + 2L): two independent running sums, so their additions overlap. */
    private static void reluBiasGradient2(float[] g, int go, float[] y, int yo, int rows, int n, int j, float[] db, int dbo) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int l = S.length();
        FloatVector a0 = FloatVector.fromArray(S, g, go + j)
                .mul(zero.blend(one, FloatVector.fromArray(S, y, yo + j).compare(VectorOperators.GT, 0f)));
        FloatVector a1 = FloatVector.fromArray(S, g, go + j + l)
                .mul(zero.blend(one, FloatVector.fromArray(S, y, yo + j + l).compare(VectorOperators.GT, 0f)));
        for (int r = 1; r < rows; r++) {
            int o = r * n + j;
            a0 = a0.add(FloatVector.fromArray(S, g, go + o).mul(zero.blend(one, FloatVector.fromArray(S, y, yo + o).compare(VectorOperators.GT, 0f))));
            a1 = a1.add(FloatVector.fromArray(S, g, go + o + l)
                    .mul(zero.blend(one, FloatVector.fromArray(S, y, yo + o + l).compare(VectorOperators.GT, 0f))));
        }
        a0.intoArray(db, dbo + j);
        a1.intoArray(db, dbo + j + l);
    }
}
