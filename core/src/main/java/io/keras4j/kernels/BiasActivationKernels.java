package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
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
}
