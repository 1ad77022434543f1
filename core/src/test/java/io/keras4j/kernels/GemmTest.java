package io.keras4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Gemm.sgemm against a double-precision reference. Sizes are chosen to reach every path (small
 * unpacked kernels, packed with B read in place, packed with B packed, several K and N blocks,
 * edge slivers) while staying small: in a unit test the Vector API code mostly runs before C2 has
 * compiled it, hundreds of times slower than in steady state.
 */
class GemmTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** m, n, k triples: tiny, odd, matrix-vector shapes, and ones over the packing thresholds. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 17}, {7, 1, 17}, {3, 65, 9}, {17, 17, 17}, {5, 129, 40},
        {63, 65, 63}, {65, 63, 65}, {13, 100, 129}, {129, 33, 20}, {12, 32, 96},
        {200, 70, 45}, {24, 600, 21}, {20, 40, 1100}, {2, 300, 300}, {129, 3, 80}, {262, 530, 20},
    };

    @Test
    void allTransposeCombinationsAndShapes() {
        var rnd = new SplittableRandom(1);
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                check(rnd, t >= 2, (t & 1) == 1, s[0], s[1], s[2], 1f, 0f, 0, 0, 0, 0, 0, 0);
            }
        }
    }

    @Test
    void offsetsAndLeadingDimensionsLargerThanNeeded() {
        var rnd = new SplittableRandom(2);
        int[][] shapes = {{7, 9, 5}, {40, 70, 33}, {130, 45, 60}, {12, 33, 530}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                check(rnd, t >= 2, (t & 1) == 1, s[0], s[1], s[2], 1f, 0f, 5, 3, 11, 7, 2, 9);
            }
        }
    }

    @Test
    void alphaAndBetaVariants() {
        var rnd = new SplittableRandom(3);
        float[][] ab = {{2.5f, 0f}, {1f, 1f}, {-0.5f, 0.75f}, {0f, 2f}, {0f, 0f}, {1.5f, -1f}};
        int[][] shapes = {{3, 5, 4}, {30, 70, 50}, {150, 40, 70}, {5, 200, 64}};
        for (float[] x : ab) {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    check(rnd, t >= 2, (t & 1) == 1, s[0], s[1], s[2], x[0], x[1], 1, 2, 0, 3, 4, 1);
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNsInC() {
        int[][] shapes = {{2, 3, 4}, {40, 70, 50}, {150, 40, 70}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2, tb = (t & 1) == 1;
                float[] a = new float[m * k];
                float[] b = new float[k * n];
                java.util.Arrays.fill(a, 1f);
                java.util.Arrays.fill(b, 2f);
                float[] c = new float[m * n];
                java.util.Arrays.fill(c, Float.NaN);
                Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                for (float v : c) assertEquals(2f * k, v, 0f, "shape " + m + "x" + n + "x" + k);
            }
        }
        // alpha == 0 and beta == 0 also clears NaNs without touching A or B.
        float[] c = {Float.NaN, Float.POSITIVE_INFINITY};
        Gemm.sgemm(false, false, 1, 2, 3, 0f, new float[3], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
        assertEquals(0f, c[0]);
        assertEquals(0f, c[1]);
    }

    @Test
    void sameResultOnOneAndSeveralThreads() {
        var rnd = new SplittableRandom(4);
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            check(rnd, false, false, 100, 150, 60, 1f, 0f, 0, 0, 0, 0, 0, 0);
            check(rnd, true, true, 70, 90, 50, 1f, 0.5f, 0, 0, 0, 0, 0, 0);
            check(rnd, false, false, 3, 500, 300, 1f, 0f, 0, 0, 0, 0, 0, 0);
            check(rnd, false, false, 300, 10, 40, 1f, 0f, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void bothSliverLayoutsOfThePackedPath() {
        // drive both packed schemes directly: a plain A is packed row-major, a transposed one k-major
        // (the last shape: several blocks of rows, columns and depth in blockedLarge)
        var rnd = new SplittableRandom(5);
        int[][] shapes = {{13, 70, 45}, {24, 33, 530}, {250, 40, 30}, {250, 600, 530}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2, tb = (t & 1) == 1;
                int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
                float[] a = random(rnd, 2 + (ta ? k : m) * lda);
                float[] b = random(rnd, 1 + (tb ? n : k) * ldb);
                float[] c = random(rnd, m * ldc);
                float[] want = c.clone();
                reference(ta, tb, m, n, k, 0.5f, a, 2, lda, b, 1, ldb, 2f, want, 0, ldc);
                float[] large = c.clone();
                Gemm.blocked(ta, tb, m, n, k, 0.5f, a, 2, lda, b, 1, ldb, 2f, c, 0, ldc);
                Gemm.blockedLarge(ta, tb, m, n, k, 0.5f, a, 2, lda, b, 1, ldb, 2f, large, 0, ldc);
                for (int i = 0; i < c.length; i++) {
                    String what = (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k;
                    assertEquals(want[i], c[i], 1e-4 * (1 + Math.abs(want[i])), what);
                    assertEquals(want[i], large[i], 1e-4 * (1 + Math.abs(want[i])), "blockedLarge " + what);
                }
            }
        }
    }

    private static void reference(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p])
                            * (tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = (float) (alpha * s + beta * c[ci]);
            }
        }
    }

    @Test
    void batchedMatchesOneCallPerItem() {
        var rnd = new SplittableRandom(6);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int[] s : new int[][] {{5, 7, 9}, {40, 30, 20}, {3, 70, 300}}) {
                int m = s[0], n = s[1], k = s[2], batch = 9;
                float[] a = random(rnd, batch * m * k);
                float[] b = random(rnd, k * n);                 // one B shared by every item
                float[] c = random(rnd, batch * m * n);
                float[] want = c.clone();
                int[] aOffs = new int[batch], bOffs = new int[batch], cOffs = new int[batch];
                for (int i = 0; i < batch; i++) {
                    aOffs[i] = i * m * k;
                    cOffs[i] = (batch - 1 - i) * m * n;             // any order
                    Gemm.sgemm(false, false, m, n, k, 1.5f, a, aOffs[i], k, b, 0, n, 0.5f, want, cOffs[i], n);
                }
                Gemm.sgemmBatched(false, false, m, n, k, 1.5f, a, aOffs, k, b, bOffs, n, 0.5f, c, cOffs, n);
                assertTrue(java.util.Arrays.equals(want, c), "batched " + m + "x" + n + "x" + k);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemmBatched(false, false, 1, 1, 1, 1f,
                new float[1], new int[1], 1, new float[1], new int[2], 1, 0f, new float[1], new int[1], 1));
    }

    @Test
    void emptyAndDegenerateSizes() {
        float[] c = {7f};
        Gemm.sgemm(false, false, 0, 1, 1, 1f, new float[0], 0, 1, new float[1], 0, 1, 0f, c, 0, 1);
        Gemm.sgemm(false, false, 1, 0, 1, 1f, new float[1], 0, 1, new float[0], 0, 1, 0f, c, 0, 1);
        assertEquals(7f, c[0]);
        Gemm.sgemm(false, false, 1, 1, 0, 1f, new float[0], 0, 1, new float[0], 0, 1, 3f, c, 0, 1);
        assertEquals(21f, c[0]);
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 1, 1, 1f, new float[1], 0, 1, new float[1], 0, 1, 0f, c, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, 1f, new float[4], 0, 1, new float[4], 0, 2, 0f, new float[4], 0, 2));
    }

    /**
     * Runs sgemm on random data laid out with the given offsets and extra leading-dimension
     * padding, and compares every element of C (and that nothing outside C changed).
     */
    private static void check(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                              int aOff, int bOff, int cOff, int padA, int padB, int padC) {
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + padA, ldb = bCols + padB, ldc = n + padC;
        float[] a = random(rnd, aOff + aRows * lda);
        float[] b = random(rnd, bOff + bRows * ldb);
        float[] c = random(rnd, cOff + m * ldc + 3);
        float[] c0 = c.clone();
        Gemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        String what = (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k + " alpha=" + alpha + " beta=" + beta;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                    mag += Math.abs(x * y);
                }
                int ci = cOff + i * ldc + j;
                double want = alpha * s + (beta == 0f ? 0 : beta * (double) c0[ci]);
                double tol = 1e-5 * (Math.abs(alpha) * mag + Math.abs(beta * c0[ci])) + 1e-6;
                if (Math.abs(c[ci] - want) > tol) {
                    throw new AssertionError(what + ": C[" + i + "," + j + "] = " + c[ci] + ", want " + want);
                }
                c[ci] = c0[ci];
            }
        }
        assertTrue(java.util.Arrays.equals(c, c0), what + ": wrote outside C");
        assertFalse(Float.isNaN(c[0]));
    }

    private static float[] random(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) rnd.nextDouble(-1, 1);
        return x;
    }
}
