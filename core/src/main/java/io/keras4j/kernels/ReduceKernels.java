package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions of a contiguous float32 block viewed as [outer, r, inner] over the middle axis,
 * into out[outer, inner]. inner == 1 reduces contiguous rows horizontally; inner > 1 accumulates
 * whole rows with vector ops, so both layouts stream memory once.
 */
public final class ReduceKernels {
    private ReduceKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    public enum Kind { SUM, MAX, MIN, PROD }

    public static void reduce(Kind kind, float[] x, int xo, int outer, int r, int inner, float[] out) {
        long work = (long) outer * r * inner;
        if (work < (1 << 16) || outer == 1) {
            reduceRange(kind, x, xo, 0, outer, r, inner, out);
        } else {
            int minChunk = (int) Math.max(1, (1 << 15) / Math.max(1L, (long) r * inner));
            Parallel.forRange(outer, minChunk, (s, e) -> reduceRange(kind, x, xo, s, e, r, inner, out));
        }
    }

    private static void reduceRange(Kind kind, float[] x, int xo, int from, int to, int r, int inner, float[] out) {
        for (int o = from; o < to; o++) {
            int base = xo + o * r * inner;
            if (inner == 1) out[o] = reduceRow(kind, x, base, r);
            else reduceRows(kind, x, base, r, inner, out, o * inner);
        }
    }

    private static float identity(Kind kind) {
        return switch (kind) {
            case SUM -> 0f;
            case MAX -> Float.NEGATIVE_INFINITY;
            case MIN -> Float.POSITIVE_INFINITY;
            case PROD -> 1f;
        };
    }

    /** Horizontal reduction of x[p, p+n). */
    private static float reduceRow(Kind kind, float[] x, int p, int n) {
        int i = 0, up = S.loopBound(n);
        switch (kind) {
            case SUM -> {
                FloatVector acc = FloatVector.zero(S);
                for (; i < up; i += S.length()) acc = acc.add(FloatVector.fromArray(S, x, p + i));
                float s = LaneSums.sum(acc);
                for (; i < n; i++) s += x[p + i];
                return s;
            }
            case MAX -> {
                FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                for (; i < up; i += S.length()) acc = acc.max(FloatVector.fromArray(S, x, p + i));
                float s = acc.reduceLanes(VectorOperators.MAX);
                for (; i < n; i++) s = Math.max(s, x[p + i]);
                return s;
            }
            case MIN -> {
                FloatVector acc = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
                for (; i < up; i += S.length()) acc = acc.min(FloatVector.fromArray(S, x, p + i));
                float s = acc.reduceLanes(VectorOperators.MIN);
                for (; i < n; i++) s = Math.min(s, x[p + i]);
                return s;
            }
            case PROD -> {
                float s = 1f;
                for (; i < n; i++) s *= x[p + i];
                return s;
            }
        }
        throw new AssertionError(kind);
    }

    /** out[oo, oo+inner) = reduction over j of x[p + j*inner, ... + inner). */
    private static void reduceRows(Kind kind, float[] x, int p, int r, int inner, float[] out, int oo) {
        if (r == 0) {
            java.util.Arrays.fill(out, oo, oo + inner, identity(kind));
            return;
        }
        System.arraycopy(x, p, out, oo, inner);
        int up = S.loopBound(inner);
        for (int j = 1; j < r; j++) {
            int q = p + j * inner;
            int i = 0;
            switch (kind) {
                case SUM -> {
                    for (; i < up; i += S.length())
                        FloatVector.fromArray(S, out, oo + i).add(FloatVector.fromArray(S, x, q + i)).intoArray(out, oo + i);
                    for (; i < inner; i++) out[oo + i] += x[q + i];
                }
                case MAX -> {
                    for (; i < up; i += S.length())
                        FloatVector.fromArray(S, out, oo + i).max(FloatVector.fromArray(S, x, q + i)).intoArray(out, oo + i);
                    for (; i < inner; i++) out[oo + i] = Math.max(out[oo + i], x[q + i]);
                }
                case MIN -> {
                    for (; i < up; i += S.length())
                        FloatVector.fromArray(S, out, oo + i).min(FloatVector.fromArray(S, x, q + i)).intoArray(out, oo + i);
                    for (; i < inner; i++) out[oo + i] = Math.min(out[oo + i], x[q + i]);
                }
                case PROD -> {
                    for (; i < up; i += S.length())
                        FloatVector.fromArray(S, out, oo + i).mul(FloatVector.fromArray(S, x, q + i)).intoArray(out, oo + i);
                    for (; i < inner; i++) out[oo + i] *= x[q + i];
                }
            }
        }
    }
}
