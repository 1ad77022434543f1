package io.keras4j.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order, whoever runs it. {@code reduceLanes(ADD)} leaves
 * the order open, and HotSpot uses that: the interpreter and C1 add the lanes one after the other,
 * C2's intrinsic adds them as a tree, so the same kernel on the same data gives different low bits
 * before and after it is compiled (a loss, a softmax or a batch-norm mean then changes in the 7th
 * digit between two identical calls). Here the lanes are folded by halves with explicit
 * rearrangements (lane i gets lane i XOR h added, h = L/2, L/4, …, 1), which every tier computes
 * alike at about the intrinsic's cost.
 */
public final class LaneSums {
    private LaneSums() {}

    // One constant shuffle per folding step (lane i takes lane i XOR h), named by h, in one holder
    // class per vector width: constants, so that C2 compiles each rearrangement to one permute, and
    // only the widths in use are built (each width's vector classes take milliseconds to load,
    // which a model's cold start would otherwise pay for all of them).
    private static final class F512 {
        static final VectorShuffle<Float> H8 = butterfly(FloatVector.SPECIES_512, 8), H4 = butterfly(FloatVector.SPECIES_512, 4),
                H2 = butterfly(FloatVector.SPECIES_512, 2), H1 = butterfly(FloatVector.SPECIES_512, 1);
    }

    private static final class F256 {
        static final VectorShuffle<Float> H4 = butterfly(FloatVector.SPECIES_256, 4), H2 = butterfly(FloatVector.SPECIES_256, 2),
                H1 = butterfly(FloatVector.SPECIES_256, 1);
    }

    private static final class F128 {
        static final VectorShuffle<Float> H2 = butterfly(FloatVector.SPECIES_128, 2), H1 = butterfly(FloatVector.SPECIES_128, 1);
    }

    private static final class D512 {
        static final VectorShuffle<Double> H4 = butterfly(DoubleVector.SPECIES_512, 4), H2 = butterfly(DoubleVector.SPECIES_512, 2),
                H1 = butterfly(DoubleVector.SPECIES_512, 1);
    }

    private static final class D256 {
        static final VectorShuffle<Double> H2 = butterfly(DoubleVector.SPECIES_256, 2), H1 = butterfly(DoubleVector.SPECIES_256, 1);
    }

    private static final class D128 {
        static final VectorShuffle<Double> H1 = butterfly(DoubleVector.SPECIES_128, 1);
    }

    private static <E> VectorShuffle<E> butterfly(VectorSpecies<E> species, int h) {
        int[] lanes = new int[species.length()];
        for (int i = 0; i < lanes.length; i++) lanes[i] = i ^ h; // a loop, not fromOp's lambda: no bootstrap at class init
        return VectorShuffle.fromArray(species, lanes, 0);
    }

    /** The sum of v's lanes: pairs L/2 apart first, then L/4 apart, … (the same bits in every tier). */
    public static float sum(FloatVector v) {
        switch (v.length()) {
            case 16 -> {
                v = v.add(v.rearrange(F512.H8));
                v = v.add(v.rearrange(F512.H4));
                v = v.add(v.rearrange(F512.H2));
                v = v.add(v.rearrange(F512.H1));
            }
            case 8 -> {
                v = v.add(v.rearrange(F256.H4));
                v = v.add(v.rearrange(F256.H2));
                v = v.add(v.rearrange(F256.H1));
            }
            case 4 -> {
                v = v.add(v.rearrange(F128.H2));
                v = v.add(v.rearrange(F128.H1));
            }
            case 2 -> {
                return v.lane(0) + v.lane(1);
            }
            case 1 -> { }
            default -> {
                return folded(v.toArray()); // wider or odd vectors (ARM SVE): the same order, through an array
            }
        }
        return v.lane(0);
    }

    /** Adds the upper half onto the lower half until one value is left (an odd middle lane stays); a[] is overwritten. */
    static float folded(float[] a) {
        for (int n = a.length; n > 1; n = (n + 1) / 2) {
            int h = n / 2, up = (n + 1) / 2;
            for (int i = 0; i < h; i++) a[i] += a[i + up];
        }
        return a[0];
    }

    static double folded(double[] a) {
        for (int n = a.length; n > 1; n = (n + 1) / 2) {
            int h = n / 2, up = (n + 1) / 2;
            for (int i = 0; i < h; i++) a[i] += a[i + up];
        }
        return a[0];
    }

    /** As {@link #sum(FloatVector)}, for doubles. */
    public static double sum(DoubleVector v) {
        switch (v.length()) {
            case 8 -> {
                v = v.add(v.rearrange(D512.H4));
                v = v.add(v.rearrange(D512.H2));
                v = v.add(v.rearrange(D512.H1));
            }
            case 4 -> {
                v = v.add(v.rearrange(D256.H2));
                v = v.add(v.rearrange(D256.H1));
            }
            case 2 -> v = v.add(v.rearrange(D128.H1));
            case 1 -> { }
            default -> {
                return folded(v.toArray());
            }
        }
        return v.lane(0);
    }
}
