package io.keras4j.ops;

import io.keras4j.autograd.GradientTape;
import io.keras4j.tensor.Tensor;
import io.keras4j.testing.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.keras4j.testing.GradCheck.assertClose;
import static io.keras4j.testing.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BiasActivationOpsTest {

    /** The composition the fused op replaces: a broadcast add of the reshaped bias, then relu. */
    private static Tensor composed(Tensor x, Tensor b, int axis, boolean relu) {
        int[] shape = new int[x.rank()];
        Arrays.fill(shape, 1);
        shape[axis < 0 ? axis + x.rank() : axis] = b.size();
        Tensor y = Ops.add(x, Ops.reshape(b, shape));
        return relu ? Ops.relu(y) : y;
    }

    private static Tensor[] withGradients(boolean fused, Tensor x, Tensor b, int axis, boolean relu) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(b);
            Tensor y = fused ? Ops.biasActivation(x, b, axis, relu) : composed(x, b, axis, relu);
            Tensor loss = Ops.sum(Ops.multiply(y, uniform(99, y.shape())));
            tape.close();
            Tensor[] g = tape.gradient(loss, x, b);
            return new Tensor[]{y, g[0], g[1]};
        }
    }

    @Test
    void bitIdenticalToAddAndReluWithGradients() {
        // channels last with 20 channels (a vector and a tail per row), a 4-D conv output, a transposed
        // view, and channels first (the composition)
        Object[][] cases = {{uniform(1, 7, 20), -1}, {uniform(2, 3, 5, 4, 20), -1}, {uniform(3, 20, 6).transpose(), 1},
                {uniform(4, 2, 20, 3, 3), 1}, {uniform(5, 300, 33), -1}};
        for (Object[] c : cases) {
            Tensor x = (Tensor) c[0];
            int axis = (Integer) c[1];
            Tensor b = uniform(6, x.dim(axis));
            for (boolean relu : new boolean[]{true, false}) {
                Tensor[] fused = withGradients(true, x, b, axis, relu), ref = withGradients(false, x, b, axis, relu);
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(ref[i].shape(), fused[i].shape());
                    assertArrayEquals(ref[i].toFloatArray(), fused[i].toFloatArray(),
                            "output/gradient " + i + " relu=" + relu + " shape " + Arrays.toString(x.shape()) + " axis " + axis);
                }
            }
        }
    }

    private static Tensor[] convWithGradients(boolean fused, Tensor x, Tensor k, Tensor b, String padding, int[] strides,
                                              String format, boolean relu) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(k);
            tape.watch(b);
            Tensor y = fused ? Ops.convBiasActivation(x, k, b, strides, padding, format, new int[]{1, 1}, relu)
                    : composed(Ops.conv(x, k, strides, padding, format, new int[]{1, 1}), b, format.equals("channels_first") ? 1 : -1, relu);
            Tensor loss = Ops.sum(Ops.multiply(y, uniform(98, y.shape())));
            tape.close();
            Tensor[] g = tape.gradient(loss, x, k, b);
            return new Tensor[]{y, g[0], g[1], g[2]};
        }
    }

    @Test
    void convBiasActivationIsBitIdenticalToConvAddRelu() {
        Tensor k = uniform(21, 3, 3, 3, 20), b = uniform(22, 20);
        for (String format : new String[]{"channels_last", "channels_first"}) {
            Tensor x = format.equals("channels_last") ? uniform(23, 2, 7, 6, 3) : uniform(23, 2, 3, 7, 6);
            for (String padding : new String[]{"valid", "same"}) {
                for (boolean relu : new boolean[]{true, false}) {
                    int[] strides = padding.equals("same") ? new int[]{2, 1} : new int[]{1, 1};
                    assertConvFusionExact(x, k, b, padding, strides, format, relu, format + " " + padding + " relu=" + relu);
                }
            }
        }
    }

    @Test
    void convBiasActivationGradientsThroughReluAreBitIdenticalOnEveryKernelPath() {
        // one input channel (contiguous rows: vector loads forward, row-major copies for the kernel gradient),
        // 32 channels (patch rows copied), 40 filters (a partial column block), a 1x1 window (no fusion), and
        // one and two threads (the kernel gradient in several chunks, the bias gradient split by columns)
        Object[][] cases = {
                {uniform(31, 2, 16, 15, 1), uniform(32, 3, 3, 1, 32), uniform(33, 32), "valid"},
                {uniform(34, 2, 9, 14, 1), uniform(35, 3, 3, 1, 40), uniform(36, 40), "same"},
                {uniform(37, 2, 6, 7, 32), uniform(38, 3, 3, 32, 40), uniform(39, 40), "valid"},
                {uniform(40, 2, 5, 4, 6), uniform(41, 1, 1, 6, 17), uniform(42, 17), "valid"}};
        int saved = io.keras4j.kernels.Parallel.threads();
        try {
            for (int threads : new int[]{1, 2}) {
                io.keras4j.kernels.Parallel.setThreads(threads);
                for (Object[] c : cases) {
                    Tensor x = (Tensor) c[0], k = (Tensor) c[1], b = (Tensor) c[2];
                    assertConvFusionExact(x, k, b, (String) c[3], new int[]{1, 1}, "channels_last", true,
                            Arrays.toString(x.shape()) + " kernel " + Arrays.toString(k.shape()) + ", " + threads + " thread(s)");
                }
            }
        } finally {
            io.keras4j.kernels.Parallel.setThreads(saved);
        }
    }

    private static void assertConvFusionExact(Tensor x, Tensor k, Tensor b, String padding, int[] strides, String format, boolean relu,
                                              String what) {
        Tensor[] fused = convWithGradients(true, x, k, b, padding, strides, format, relu);
        Tensor[] ref = convWithGradients(false, x, k, b, padding, strides, format, relu);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(ref[i].shape(), fused[i].shape());
            assertArrayEquals(ref[i].toFloatArray(), fused[i].toFloatArray(), "output/gradient " + i + " " + what);
        }
    }

    @Test
    void valuesByHand() {
        // [[1, -2, 0.5], [-1, 3, -4]] + [0.5, 1, -1] -> [[1.5, -1, -0.5], [-0.5, 4, -5]]; relu -> [[1.5, 0, 0], [0, 4, 0]]
        Tensor x = Tensor.of(new float[][]{{1, -2, 0.5f}, {-1, 3, -4}}), b = Tensor.of(0.5f, 1, -1);
        assertClose(Tensor.of(new float[][]{{1.5f, 0, 0}, {0, 4, 0}}), Ops.biasActivation(x, b, -1, true));
        assertClose(Tensor.of(new float[][]{{1.5f, -1, -0.5f}, {-0.5f, 4, -5}}), Ops.biasActivation(x, b, 1, false));
    }

    @Test
    void aBiasOfTheWrongSizeNamesTheOp() {
        var e = assertThrows(IllegalArgumentException.class, () -> Ops.biasActivation(Tensor.zeros(2, 3), Tensor.zeros(4), -1, true));
        assertTrue(e.getMessage().contains("bias_activation") && e.getMessage().contains("(3,)") && e.getMessage().contains("(4,)"), e.getMessage());
    }

    private static DynamicTest grad(String name, java.util.function.Function<Tensor[], Tensor> f, Tensor... in) {
        return DynamicTest.dynamicTest(name, () -> GradCheck.check(name, f, in));
    }

    /** Run by OpGradientsTest, the one generic gradient check. */
    static List<DynamicTest> gradientCases() {
        Tensor x = GradCheck.awayFromZero(11, 2, 3, 4), b = uniform(12, 4).reshape(4);
        // x away from zero and a small bias keep x + b off relu's kink
        Tensor small = Ops.multiply(b, 0.05f);
        return List.of(
                grad("bias_activation relu", in -> Ops.biasActivation(in[0], in[1], -1, true), x, small),
                grad("bias_activation linear", in -> Ops.biasActivation(in[0], in[1], -1, false), x, b),
                grad("conv_bias_activation relu", in -> Ops.convBiasActivation(in[0], in[1], in[2], new int[]{1, 1}, "valid",
                        "channels_last", new int[]{1, 1}, true), uniform(13, 1, 4, 4, 2), uniform(14, 2, 2, 2, 3), Ops.multiply(uniform(15, 3), 0.05f)),
                grad("conv_bias_activation linear", in -> Ops.convBiasActivation(in[0], in[1], in[2], new int[]{1, 1}, "same",
                        "channels_last", new int[]{1, 1}, false), uniform(16, 1, 3, 3, 2), uniform(17, 2, 2, 2, 3), uniform(18, 3)),
                // second order: differentiated in its cotangent, the gradient rule composes relu_grad and the
                // convolution's adjoints instead of its fused kernels
                grad("conv_bias_activation relu vjp, differentiated in the cotangent", in -> {
                    Tensor x0 = uniform(19, 1, 4, 4, 2), k0 = uniform(20, 2, 2, 2, 3), b0 = Ops.multiply(uniform(21, 3), 0.05f);
                    try (GradientTape inner = new GradientTape()) {
                        inner.watch(x0);
                        inner.watch(k0);
                        inner.watch(b0);
                        Tensor y = Ops.convBiasActivation(x0, k0, b0, new int[]{1, 1}, "valid", "channels_last", new int[]{1, 1}, true);
                        Tensor[] g = inner.gradient(y, new Tensor[]{x0, k0, b0}, in[0]);
                        return Ops.add(Ops.add(Ops.sum(Ops.multiply(g[0], g[0])), Ops.sum(Ops.multiply(g[1], g[1]))),
                                Ops.sum(Ops.multiply(g[2], g[2])));
                    }
                }, uniform(22, 1, 3, 3, 3)));
    }
}
