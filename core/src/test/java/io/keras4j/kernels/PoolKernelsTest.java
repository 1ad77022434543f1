package io.keras4j.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Max pooling's kernels (the value, the recorded position of the first maximum, and the gradient
 * scatter) against direct loops over every tap with bounds tests, on geometries where windows lie
 * wholly inside the input (the fast path), reach into "same" padding (borders), overlap, or skip
 * input positions; with ties and NaNs in the input, channel counts with and without a vector tail,
 * and one and two threads. Results must be equal bit for bit.
 */
class PoolKernelsTest {

    private int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    private static int[] v(int... values) { return values; }

    private record Case(String name, int batch, int[] in, int[] k, int[] s, boolean same, int c) {
        WindowGeometry geometry() {
            int r = in.length;
            int[] out = new int[r], before = new int[r], ones = new int[r];
            for (int i = 0; i < r; i++) {
                out[i] = same ? (in[i] + s[i] - 1) / s[i] : (in[i] - k[i]) / s[i] + 1;
                before[i] = same ? Math.max((out[i] - 1) * s[i] + k[i] - in[i], 0) / 2 : 0;
                ones[i] = 1;
            }
            return new WindowGeometry(batch, in, out, k, s, ones, before, c, c, 1);
        }
    }

    private static List<Case> cases() {
        return List.of(
                new Case("2x2 valid, 32 channels (the seeds' pools)", 3, v(26, 26), v(2, 2), v(2, 2), false, 32),
                new Case("2x2 valid odd size (last row and column unused), 20 channels", 2, v(11, 9), v(2, 2), v(2, 2), false, 20),
                new Case("3x3 same stride 2 (borders), 17 channels", 2, v(9, 8), v(3, 3), v(2, 2), true, 17),
                new Case("3x3 stride 1 valid (overlapping)", 2, v(7, 6), v(3, 3), v(1, 1), false, 16),
                new Case("2x3 same stride (1,2) (overlapping rows)", 1, v(6, 9), v(2, 3), v(1, 2), true, 5),
                new Case("stride 3 over pool 2 (skipped positions)", 2, v(10, 11), v(2, 2), v(3, 3), false, 33),
                new Case("1d pool 4", 2, v(17), v(4), v(4), true, 48),
                new Case("3d 2x2x2", 2, v(4, 5, 6), v(2, 2, 2), v(2, 2, 2), true, 24),
                new Case("window larger than the input", 1, v(3, 2), v(5, 5), v(1, 1), true, 7));
    }

    @TestFactory
    List<DynamicTest> maxPoolMatchesDirectLoops() {
        List<DynamicTest> tests = new ArrayList<>();
        int seed = 1;
        for (Case c : cases()) {
            for (int threads : v(1, 2)) {
                int s = seed++;
                tests.add(DynamicTest.dynamicTest(c.name + ", " + threads + " thread(s)", () -> check(c.geometry(), s, threads)));
            }
        }
        return tests;
    }

    private void check(WindowGeometry g, int seed, int threads) {
        Parallel.setThreads(threads);
        SplittableRandom rnd = new SplittableRandom(seed);
        int C = g.inChannels, image = g.inPerImage() * C;
        float[] x = new float[g.batch * image];
        // few distinct values (ties), some NaNs
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextInt(50) == 0 ? Float.NaN : rnd.nextInt(7) - 3;
        float[] grad = new float[g.rows() * C];
        for (int i = 0; i < grad.length; i++) grad[i] = rnd.nextInt(9) == 0 ? -0f : (float) rnd.nextDouble(-1, 1);

        // reference: every tap in window order with bounds tests
        float[] yRef = new float[grad.length];
        int[] atRef = new int[grad.length];
        float[] dxRef = new float[x.length];
        int row = 0;
        for (int n = 0; n < g.batch; n++) {
            for (int od = 0; od < g.od; od++) {
                for (int oh = 0; oh < g.oh; oh++) {
                    for (int ow = 0; ow < g.ow; ow++, row++) {
                        for (int ch = 0; ch < C; ch++) {
                            float best = Float.NEGATIVE_INFINITY;
                            int at = -1;
                            for (int a = 0; a < g.kd; a++) {
                                for (int b = 0; b < g.kh; b++) {
                                    for (int cc = 0; cc < g.kw; cc++) {
                                        int zd = od * g.sd + a - g.pd, zh = oh * g.sh + b - g.ph, zw = ow * g.sw + cc - g.pw;
                                        if (zd < 0 || zd >= g.id || zh < 0 || zh >= g.ih || zw < 0 || zw >= g.iw) continue;
                                        int p = (zd * g.ih + zh) * g.iw + zw;
                                        float val = x[n * image + p * C + ch];
                                        if (at < 0) at = p;
                                        if (val > best || val != val) {
                                            best = val;
                                            at = p;
                                        }
                                    }
                                }
                            }
                            yRef[row * C + ch] = best;
                            atRef[row * C + ch] = at;
                            dxRef[n * image + at * C + ch] += grad[row * C + ch];
                        }
                    }
                }
            }
        }

        float[] y = new float[yRef.length], yWith = new float[yRef.length];
        int[] at = new int[yRef.length];
        float[] shifted = new float[x.length + 3];
        System.arraycopy(x, 0, shifted, 3, x.length);
        PoolKernels.maxPool(g, shifted, 3, y, null);
        PoolKernels.maxPool(g, shifted, 3, yWith, at);
        assertArrayEquals(yRef, y, "max");
        assertArrayEquals(yRef, yWith, "max with positions");
        assertArrayEquals(atRef, at, "positions of the first maxima");
        float[] dx = new float[x.length];
        float[] gShifted = new float[grad.length + 5];
        System.arraycopy(grad, 0, gShifted, 5, grad.length);
        PoolKernels.maxPoolScatter(g, gShifted, 5, at, dx);
        assertArrayEquals(dxRef, dx, "gradient scatter (equal bit patterns: the signs of zeros too)");
    }
}
