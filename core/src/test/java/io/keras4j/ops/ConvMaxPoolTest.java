package io.keras4j.ops;

import io.keras4j.autograd.GradientTape;
import io.keras4j.kernels.Parallel;
import io.keras4j.tensor.Tensor;
import io.keras4j.testing.GradCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.keras4j.testing.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ops.convBiasReluMaxPool against the composition it replaces (convBiasActivation with relu,
 * then maxPool): outputs and the gradients of inputs, kernel and bias equal bit for bit, on
 * every path of the fused kernels (one input channel computed directly, patches gathered or
 * copied for the implicit GEMM, convolution outputs no window covers, pool strides over the pool
 * size, padded convolutions, one to three spatial axes, one and two threads), and on the cases it
 * hands to the composition (overlapping or padded pooling, channels_first).
 */
class ConvMaxPoolTest {

    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    private static int[] v(int... values) { return values; }

    private record Case(String name, int[] x, int[] k, int[] strides, String padding, int[] pool, int[] poolStrides, String poolPadding,
                        String format) {}

    private static List<Case> cases() {
        return List.of(
                new Case("1 channel 3x3, 32 filters, pool 2 (the seeds' first layers)", v(3, 12, 14, 1), v(3, 3, 1, 32), v(1, 1),
                        "valid", v(2, 2), null, "valid", null),
                new Case("32 channels 3x3, 64 filters, odd output 9x7 (the seeds' second layers)", v(2, 11, 9, 32), v(3, 3, 32, 64),
                        v(1, 1), "valid", v(2, 2), null, "valid", null),
                new Case("1 channel, 32 filters, pool 2 over a 7x15 output: lines of 7 windows, one left after the blocks of three",
                        v(2, 9, 17, 1), v(3, 3, 1, 32), v(1, 1), "valid", v(2, 2), null, "valid", null),
                new Case("1 channel same-padded stride (2,1), 64 filters, pool 2 strides (3,2): two windows left per line",
                        v(2, 13, 16, 1), v(3, 3, 1, 64), v(2, 1), "same", v(2, 2), v(3, 2), "valid", null),
                new Case("3 channels same stride 2, 20 filters, pool 3 stride 3", v(2, 13, 12, 3), v(3, 3, 3, 20), v(2, 2), "same",
                        v(3, 3), null, "valid", null),
                new Case("5 channels, 17 filters, pool (2,3) strides (3,3): skipped positions", v(2, 10, 12, 5), v(2, 2, 5, 17),
                        v(1, 1), "valid", v(2, 3), v(3, 3), "valid", null),
                new Case("1 channel 5x5 same, 64 filters, pool 3", v(2, 9, 10, 1), v(5, 5, 1, 64), v(1, 1), "same", v(3, 3), null,
                        "valid", null),
                new Case("1d 4 channels, 24 filters, pool 4", v(3, 21, 4), v(3, 4, 24), v(1), "valid", v(4), null, "valid", null),
                new Case("3d 2 channels, 8 filters, pool 2", v(2, 5, 6, 5, 2), v(2, 2, 2, 2, 8), v(1, 1, 1), "valid", v(2, 2, 2), null,
                        "valid", null),
                // handed to the composition
                new Case("overlapping pool (stride 1)", v(2, 8, 8, 3), v(3, 3, 3, 16), v(1, 1), "valid", v(2, 2), v(1, 1), "valid", null),
                new Case("same-padded pool", v(2, 8, 9, 3), v(3, 3, 3, 16), v(1, 1), "valid", v(2, 2), null, "same", null),
                new Case("channels_first", v(2, 3, 8, 8), v(3, 3, 3, 16), v(1, 1), "valid", v(2, 2), null, "valid", "channels_first"));
    }

    private static Tensor fused(Case c, Tensor x, Tensor k, Tensor b) {
        return Ops.convBiasReluMaxPool(x, k, b, c.strides, c.padding, c.format, ones(c.strides.length), c.pool, c.poolStrides, c.poolPadding);
    }

    private static Tensor composed(Case c, Tensor x, Tensor k, Tensor b) {
        Tensor y = Ops.convBiasActivation(x, k, b, c.strides, c.padding, c.format, ones(c.strides.length), true);
        return Ops.maxPool(y, c.pool, c.poolStrides, c.poolPadding, c.format);
    }

    private static int[] ones(int n) {
        int[] o = new int[n];
        Arrays.fill(o, 1);
        return o;
    }

    private static Tensor[] withGradients(boolean fuse, Case c, Tensor x, Tensor k, Tensor b, Tensor weights) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(k);
            tape.watch(b);
            Tensor y = fuse ? fused(c, x, k, b) : composed(c, x, k, b);
            Tensor loss = Ops.sum(Ops.multiply(y, weights));
            tape.close();
            Tensor[] g = tape.gradient(loss, x, k, b);
            return new Tensor[]{y, g[0], g[1], g[2]};
        }
    }

    @TestFactory
    List<DynamicTest> bitIdenticalToConvThenMaxPool() {
        List<DynamicTest> tests = new ArrayList<>();
        int seed = 300;
        for (Case c : cases()) {
            for (int threads : v(1, 2)) {
                int s = seed;
                seed += 5;
                tests.add(DynamicTest.dynamicTest(c.name + ", " + threads + " thread(s)", () -> {
                    Parallel.setThreads(threads);
                    Tensor x = uniform(s, c.x), k = uniform(s + 1, c.k), b = Ops.multiply(uniform(s + 2, c.k[c.k.length - 1]), 0.2f);
                    // inference: no positions recorded
                    Tensor yInfer = fused(c, x, k, b), yRef = composed(c, x, k, b);
                    assertArrayEquals(yRef.shape(), yInfer.shape());
                    assertArrayEquals(yRef.toFloatArray(), yInfer.toFloatArray(), "inference output");
                    Tensor weights = uniform(s + 3, yRef.shape());
                    Tensor[] f = withGradients(true, c, x, k, b, weights), r = withGradients(false, c, x, k, b, weights);
                    String[] what = {"output", "input gradient", "kernel gradient", "bias gradient"};
                    for (int i = 0; i < 4; i++) {
                        assertArrayEquals(r[i].shape(), f[i].shape(), what[i]);
                        assertArrayEquals(r[i].toFloatArray(), f[i].toFloatArray(), what[i]);
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void tiesAndZerosAfterReluGoToTheFirstMaximum() {
        // a strongly negative bias makes most of the convolution's output 0 after relu: whole windows of ties
        Case c = cases().get(1);
        Tensor x = uniform(91, c.x), k = uniform(92, c.k), b = Ops.add(Ops.multiply(uniform(93, 64), 0.1f), Tensor.scalar(-2.5f));
        Tensor weights = uniform(94, composed(c, x, k, b).shape());
        Tensor[] f = withGradients(true, c, x, k, b, weights), r = withGradients(false, c, x, k, b, weights);
        for (int i = 0; i < 4; i++) assertArrayEquals(r[i].toFloatArray(), f[i].toFloatArray(), "output/gradient " + i);
    }

    @Test
    void aBiasOfTheWrongSizeNamesTheOp() {
        var e = assertThrows(IllegalArgumentException.class, () -> Ops.convBiasReluMaxPool(Tensor.zeros(1, 6, 6, 1),
                Tensor.zeros(3, 3, 1, 4), Tensor.zeros(5), v(1, 1), "valid", null, v(1, 1), v(2, 2), null, "valid"));
        assertTrue(e.getMessage().contains("conv") && e.getMessage().contains("(4,)") && e.getMessage().contains("(5,)"), e.getMessage());
    }

    private static DynamicTest grad(String name, java.util.function.Function<Tensor[], Tensor> f, Tensor... in) {
        return DynamicTest.dynamicTest(name, () -> GradCheck.check(name, f, in));
    }

    /** Run by OpGradientsTest, the one generic gradient check. */
    static List<DynamicTest> gradientCases() {
        // distinct values keep the pooling's maxima apart and a small bias keeps the convolution off relu's kink
        Tensor x = GradCheck.distinct(61, 1, 6, 5, 2), k = uniform(62, 2, 2, 2, 3), b = Ops.multiply(uniform(63, 3), 0.05f);
        return List.of(
                grad("conv_bias_relu_max_pool", in -> Ops.convBiasReluMaxPool(in[0], in[1], in[2], v(1, 1), "valid", null, v(1, 1),
                        v(2, 2), null, "valid"), x, k, b),
                // second order: differentiated in its cotangent, the rule composes the ops it fuses
                grad("conv_bias_relu_max_pool vjp, differentiated in the cotangent", in -> {
                    try (GradientTape inner = new GradientTape()) {
                        inner.watch(x);
                        inner.watch(k);
                        inner.watch(b);
                        Tensor y = Ops.convBiasReluMaxPool(x, k, b, v(1, 1), "valid", null, v(1, 1), v(2, 2), null, "valid");
                        Tensor[] g = inner.gradient(y, new Tensor[]{x, k, b}, in[0]);
                        return Ops.add(Ops.add(Ops.sum(Ops.multiply(g[0], g[0])), Ops.sum(Ops.multiply(g[1], g[1]))),
                                Ops.sum(Ops.multiply(g[2], g[2])));
                    }
                }, uniform(64, 1, 2, 2, 3)));
    }
}
