package io.keras4j.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The convolution kernels against a direct double-precision loop over the same
 * {@link WindowGeometry}, on geometries chosen to reach every path: patches gathered (few
 * channels) or copied row-wise (many), depth blocks (patch over 512), column blocks (over 512
 * filters), several row blocks, groups, windows in the padding or not, strides and dilation,
 * 1 to 3 axes; depthwise with channel counts that fill vectors, pairs of vectors or leave a masked
 * tail, multiplier above 1, unit and larger strides (gather and scatter input gradients); one and
 * two threads. The op-level tests (ConvOpsTest) check the same kernels against Keras's definitions.
 */
class ConvKernelsTest {

    private int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    private static int[] v(int... values) { return values; }

    /** A geometry by spatial sizes, "same" (padding as TF/JAX) or "valid". */
    private record Case(String name, int batch, int[] in, int[] k, int[] s, int[] d, boolean same, int c, int f, int groups) {
        WindowGeometry geometry() {
            int r = in.length;
            int[] out = new int[r], before = new int[r];
            for (int i = 0; i < r; i++) {
                int window = (k[i] - 1) * d[i] + 1;
                out[i] = same ? (in[i] + s[i] - 1) / s[i] : (in[i] - window) / s[i] + 1;
                before[i] = same ? Math.max((out[i] - 1) * s[i] + window - in[i], 0) / 2 : 0;
            }
            return new WindowGeometry(batch, in, out, k, s, d, before, c, f, groups);
        }
    }

    private static List<Case> cases() {
        return List.of(
                // few channels: k-major gathers of patch elements
                new Case("1 channel 3x3 (the seeds' first layer)", 2, v(9, 10), v(3, 3), v(1, 1), v(1, 1), false, 1, 32, 1),
                // one channel, unit stride along the last axis, lines of 12 or more outputs: contiguous loads, one or
                // two runs per register block, the last ones masked at the end of the input
                new Case("1 channel 3x3 28x28 (contiguous rows)", 2, v(28, 28), v(3, 3), v(1, 1), v(1, 1), false, 1, 32, 1),
                new Case("1 channel 3x3 same, 20 filters (contiguous rows, padded)", 2, v(11, 13), v(3, 3), v(1, 1), v(1, 1), true, 1, 20, 1),
                new Case("1 channel 2x5 strides (2,1) dilation (1,2), 40 filters", 1, v(9, 30), v(2, 5), v(2, 1), v(1, 2), false, 1, 40, 1),
                new Case("3 channels same stride 2", 2, v(9, 8), v(3, 3), v(2, 2), v(1, 1), true, 3, 20, 1),
                new Case("1d 2 channels dilation 3 same", 3, v(17), v(3), v(1), v(3), true, 2, 7, 1),
                // many channels: row-wise copies of runs
                new Case("32 channels 3x3 (the seeds' second layer)", 2, v(7, 6), v(3, 3), v(1, 1), v(1, 1), false, 32, 64, 1),
                new Case("depth over 512: 64 channels 3x3 same", 2, v(5, 6), v(3, 3), v(1, 1), v(1, 1), true, 64, 40, 1),
                new Case("over 512 filters, more than one column block", 1, v(6, 5), v(1, 3), v(1, 1), v(1, 1), true, 2, 530, 1),
                new Case("more than one row block (300 rows)", 3, v(10, 12), v(2, 2), v(1, 1), v(1, 1), true, 17, 33, 1),
                new Case("groups 3 with 16 channels each, dilation 2", 2, v(8, 9), v(3, 2), v(1, 1), v(2, 2), true, 48, 9, 3),
                new Case("groups 2, few channels each, strides (2,1)", 2, v(7, 7), v(2, 3), v(2, 1), v(1, 1), true, 4, 6, 2),
                new Case("3d same strides (1,2,2)", 2, v(4, 5, 5), v(2, 3, 2), v(1, 2, 2), v(1, 1, 1), true, 5, 6, 1),
                new Case("1x1 stride 2 (not pointwise)", 2, v(7, 6), v(1, 1), v(2, 2), v(1, 1), false, 20, 12, 1),
                new Case("1x1 pointwise", 2, v(4, 5), v(1, 1), v(1, 1), v(1, 1), false, 6, 10, 2),
                // depthwise: groups == channels
                new Case("depthwise 32 channels 3x3 same", 2, v(9, 10), v(3, 3), v(1, 1), v(1, 1), true, 32, 32, 32),
                new Case("depthwise 40 channels (pair + masked tail) valid", 2, v(8, 7), v(3, 2), v(1, 1), v(1, 1), false, 40, 40, 40),
                new Case("depthwise 5 channels dilation 2 same", 2, v(9, 8), v(3, 3), v(1, 1), v(2, 2), true, 5, 5, 5),
                new Case("depthwise 16 channels stride 2 same (scatter)", 2, v(9, 9), v(3, 3), v(2, 2), v(1, 1), true, 16, 16, 16),
                new Case("depthwise 35 channels stride (1,2) 9 taps", 1, v(7, 9), v(3, 3), v(1, 2), v(1, 1), true, 35, 35, 35),
                new Case("depthwise multiplier 3, 1d 5 taps", 2, v(13), v(5), v(1), v(1), true, 6, 18, 6),
                new Case("depthwise 3d 2x2x3 multiplier 2", 1, v(4, 4, 5), v(2, 2, 3), v(1, 1, 1), v(1, 1, 1), false, 24, 48, 24),
                new Case("depthwise window larger than the input (all border)", 1, v(3, 2), v(5, 5), v(1, 1), v(1, 1), true, 17, 17, 17));
    }

    @TestFactory
    List<DynamicTest> kernelsMatchDirectLoops() {
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
        int C = g.inChannels, F = g.outChannels, cg = C / g.groups;
        float[] x = random(rnd, g.batch * g.inPerImage() * C);
        float[] w = random(rnd, g.taps() * cg * F);
        float[] dy = random(rnd, g.rows() * F);

        float[] y = new float[g.rows() * F];
        Arrays.fill(y, Float.NaN); // forward overwrites
        // inputs at an offset, as views of larger arrays are
        ConvKernels.forward(g, shift(x, 3), 3, shift(w, 5), 5, y);
        float[] dx = new float[x.length + 2];
        dx[0] = 1;
        dx[1] = 2;
        ConvKernels.backwardInput(g, shift(dy, 7), 7, shift(w, 1), 1, dx, 2);
        float[] dw = new float[w.length];
        ConvKernels.backwardFilter(g, shift(x, 4), 4, shift(dy, 2), 2, dw);

        double[][] ref = reference(g, x, w, dy);
        assertClose(ref[0], y, "forward");
        // the bias and relu epilogue: bit-identical to the forward pass followed by a separate pass over y
        float[] bias = random(rnd, F + 2);
        for (boolean relu : new boolean[]{true, false}) {
            float[] fused = new float[y.length], separate = y.clone();
            ConvKernels.forward(g, shift(x, 3), 3, shift(w, 5), 5, fused, bias, 2, relu);
            if (relu) BiasActivationKernels.biasRelu(separate, 0, F, 0, g.rows(), bias, 2);
            else BiasActivationKernels.bias(separate, 0, F, 0, g.rows(), bias, 2);
            assertArrayEquals(separate, fused, "forward with bias" + (relu ? " and relu" : ""));
        }
        float[] reluOnly = new float[y.length];
        ConvKernels.forward(g, shift(x, 3), 3, shift(w, 5), 5, reluOnly, null, 0, true);
        float[] separate = y.clone();
        BiasActivationKernels.biasRelu(separate, 0, F, 0, g.rows(), null, 0);
        assertArrayEquals(separate, reluOnly, "forward with relu");
        assertTrue(dx[0] == 1 && dx[1] == 2, "the input gradient stays inside its offset");
        assertClose(ref[1], Arrays.copyOfRange(dx, 2, dx.length), "input gradient");
        assertClose(ref[2], dw, "kernel gradient");
    }

    private static float[] shift(float[] a, int by) {
        float[] out = new float[a.length + by];
        System.arraycopy(a, 0, out, by, a.length);
        return out;
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) rnd.nextDouble(-1, 1);
        return out;
    }

    /** {y, dx, dw} by direct loops in double precision. */
    private static double[][] reference(WindowGeometry g, float[] x, float[] w, float[] dy) {
        int C = g.inChannels, F = g.outChannels, G = g.groups, cg = C / G, fg = F / G;
        double[] y = new double[g.rows() * F], dx = new double[x.length], dw = new double[w.length];
        int row = 0;
        for (int n = 0; n < g.batch; n++) {
            for (int od = 0; od < g.od; od++) {
                for (int oh = 0; oh < g.oh; oh++) {
                    for (int ow = 0; ow < g.ow; ow++, row++) {
                        int t = 0;
                        for (int a = 0; a < g.kd; a++) {
                            for (int b = 0; b < g.kh; b++) {
                                for (int c = 0; c < g.kw; c++, t++) {
                                    int zd = od * g.sd + a * g.dd - g.pd, zh = oh * g.sh + b * g.dh - g.ph, zw = ow * g.sw + c * g.dw - g.pw;
                                    if (zd < 0 || zd >= g.id || zh < 0 || zh >= g.ih || zw < 0 || zw >= g.iw) continue;
                                    int xp = (((n * g.id + zd) * g.ih + zh) * g.iw + zw) * C;
                                    for (int f = 0; f < F; f++) {
                                        int gi = f / fg;
                                        for (int ch = 0; ch < cg; ch++) {
                                            int xi = xp + gi * cg + ch, wi = (t * cg + ch) * F + f, yi = row * F + f;
                                            y[yi] += (double) x[xi] * w[wi];
                                            dx[xi] += (double) dy[yi] * w[wi];
                                            dw[wi] += (double) x[xi] * dy[yi];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][]{y, dx, dw};
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        double scale = 1e-3;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (!(err <= 1e-5 * scale + 1e-5 * Math.abs(expected[i]))) {
                throw new AssertionError(what + " differs at " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
