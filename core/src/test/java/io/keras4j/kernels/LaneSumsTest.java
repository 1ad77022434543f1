package io.keras4j.kernels;

import io.keras4j.ops.Ops;
import io.keras4j.tensor.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lane sums in one documented order, the same before and after the JIT compiles them. */
class LaneSumsTest {

    /** Values over many magnitudes, so that any other order of addition rounds differently. */
    private static float[] values(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9)));
        return a;
    }

    /** The documented order in scalar arithmetic: add the upper half onto the lower half until one lane is left. */
    private static float folded(float[] a, int from, int lanes) {
        float[] v = java.util.Arrays.copyOfRange(a, from, from + lanes);
        for (int h = lanes / 2; h >= 1; h /= 2) for (int i = 0; i < h; i++) v[i] += v[i + h];
        return v[0];
    }

    private static double folded(double[] a, int from, int lanes) {
        double[] v = java.util.Arrays.copyOfRange(a, from, from + lanes);
        for (int h = lanes / 2; h >= 1; h /= 2) for (int i = 0; i < h; i++) v[i] += v[i + h];
        return v[0];
    }

    @Test
    void everyFloatShapeSumsInTheFoldingOrderInEveryTier() {
        for (VectorSpecies<Float> s : List.of(FloatVector.SPECIES_64, FloatVector.SPECIES_128, FloatVector.SPECIES_256,
                FloatVector.SPECIES_512)) {
            int lanes = s.length();
            float[] a = values(64 * lanes, lanes);
            // enough calls for C2 to compile the sum: every call must give the scalar order's bits
            for (int rep = 0; rep < 400; rep++) {
                for (int v = 0; v < 64; v++) {
                    float got = LaneSums.sum(FloatVector.fromArray(s, a, v * lanes));
                    assertEquals(Float.floatToIntBits(folded(a, v * lanes, lanes)), Float.floatToIntBits(got),
                            lanes + " lanes, vector " + v + ", call " + rep);
                }
            }
        }
    }

    @Test
    void everyDoubleShapeSumsInTheFoldingOrder() {
        for (VectorSpecies<Double> s : List.of(DoubleVector.SPECIES_64, DoubleVector.SPECIES_128, DoubleVector.SPECIES_256,
                DoubleVector.SPECIES_512)) {
            int lanes = s.length();
            Random r = new Random(lanes);
            double[] a = new double[64 * lanes];
            for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian() * Math.pow(10, r.nextInt(17));
            for (int rep = 0; rep < 200; rep++) {
                for (int v = 0; v < 64; v++) {
                    assertEquals(Double.doubleToLongBits(folded(a, v * lanes, lanes)),
                            Double.doubleToLongBits(LaneSums.sum(DoubleVector.fromArray(s, a, v * lanes))), lanes + " lanes, vector " + v);
                }
            }
        }
    }

    @Test
    void vectorsOfOtherWidthsFoldInTheSameOrderThroughAnArray() {
        // the path for lane counts without precomputed shuffles (ARM SVE's wider or odd vectors)
        float[] a = values(16, 9);
        assertEquals(Float.floatToIntBits(LaneSums.sum(FloatVector.fromArray(FloatVector.SPECIES_512, a, 0))),
                Float.floatToIntBits(LaneSums.folded(a.clone())));
        float[] twelve = values(12, 10), v = twelve.clone();
        // 12 -> 6 -> 3 -> 2 -> 1: the upper half onto the lower, an odd middle lane kept for the next step
        for (int i = 0; i < 6; i++) v[i] += v[i + 6];
        for (int i = 0; i < 3; i++) v[i] += v[i + 3];
        v[0] += v[2];
        v[0] += v[1];
        assertEquals(Float.floatToIntBits(v[0]), Float.floatToIntBits(LaneSums.folded(twelve.clone())));
        double[] d = {1e17, 3.0, -1e17, 5.0, 7.0};
        assertEquals(((1e17 + 5.0) + -1e17) + (3.0 + 7.0), LaneSums.folded(d.clone())); // 5 -> 3 -> 2 -> 1: 10, not 16
    }

    @Test
    void aReductionGivesTheSameBitsOnItsFirstCallAndOnceCompiled() {
        // sum, softmax and layer normalization end in lane sums; reduceLanes(ADD) changed their low bits with the tier
        Tensor x = Tensor.of(values(4 * 1000, 5), 4, 1000);
        float[] sum = Ops.sum(x, 1).toFloatArray(), softmax = Ops.softmax(x).toFloatArray();
        for (int i = 0; i < 3000; i++) {
            Ops.sum(x, 1);
            Ops.softmax(x);
        }
        assertArrayEquals(sum, Ops.sum(x, 1).toFloatArray());
        assertArrayEquals(softmax, Ops.softmax(x).toFloatArray());
    }
}
