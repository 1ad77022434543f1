package io.keras4j.ops;

import io.keras4j.autograd.GradientTape;
import io.keras4j.kernels.BiasActivationKernels;
import io.keras4j.kernels.Parallel;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

/**
 * A layer's bias along its channel axis and then relu (or no activation) as one op:
 * {@code act(x + reshape(bias, (1, ..., channels)))}, bit-identical to the broadcast add and the
 * relu it replaces, in one pass and one output array. Channels on the last axis take the fused
 * kernel (rows of {@code channels} contiguous values); other axes and dtypes compute the
 * composition. Its derivative is the composition's: {@code gz = relu_grad(g, y)} (or g),
 * {@code dx = gz}, {@code dbias = sum of gz over every other axis}.
 */
final class BiasActivationOps {
    private BiasActivationOps() {}

    static Tensor biasActivation(Tensor x, Tensor bias, int axis, boolean relu) {
        String op = "bias_activation";
        int r = x.rank();
        if (r < 1) throw new IllegalArgumentException(op + ": x must have rank >= 1, got shape " + Shapes.toString(x.shape()));
        int a = Shapes.axis(op, axis, r);
        int channels = x.dim(a);
        Shapes.requireShape(op, "bias", new int[]{channels}, bias.shape());
        int[] biasShape = new int[r];
        java.util.Arrays.fill(biasShape, 1);
        biasShape[a] = channels;
        if (a != r - 1 || x.dtype() != DType.FLOAT32 || bias.dtype() != DType.FLOAT32) {
            Tensor y = MathOps.add(x, ShapeOps.reshape(bias, biasShape));
            return relu ? MathOps.relu(y) : y;
        }
        Tensor xc = x.contiguous(), bc = bias.contiguous();
        int n = xc.size(), rows = channels == 0 ? 0 : n / channels, xo = xc.offset(), bo = bc.offset();
        float[] in = xc.floatData(), b = bc.floatData(), out = new float[n];
        if (n < (1 << 16)) {
            run(relu, in, xo, out, channels, 0, rows, b, bo);
        } else {
            Parallel.forRange(rows, Math.max(1, (1 << 14) / Math.max(channels, 1)), (r0, r1) -> run(relu, in, xo, out, channels, r0, r1, b, bo));
        }
        Tensor y = Tensor.of(out, xc.shape());
        Tensor biasView = bias.reshape(biasShape); // only its shape is read: the target of the bias gradient's sum
        return GradientTape.record("bias_activation", y, g -> {
            Tensor gz = relu ? MathOps.reluGrad(g, y) : g;
            Tensor db = GradientTape.needsGradient(bias) ? ShapeOps.reshape(MathOps.sumTo(gz, biasView), channels) : null;
            return new Tensor[]{gz, db};
        }, x, bias);
    }

    private static void run(boolean relu, float[] x, int xo, float[] out, int n, int r0, int r1, float[] bias, int bo) {
        if (relu) BiasActivationKernels.biasReluInto(x, xo, out, 0, n, r0, r1, bias, bo);
        else BiasActivationKernels.biasInto(x, xo, out, 0, n, r0, r1, bias, bo);
    }
}
