package io.keras4j.ops;

import io.keras4j.autograd.GradientTape;
import io.keras4j.kernels.BiasActivationKernels;
import io.keras4j.kernels.Gemm;
import io.keras4j.kernels.Parallel;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

/**
 * The dense layer's {@code act(x · kernel + bias)} as one op: the matrix product, then the bias and
 * the activation added in place in one pass over the product's fresh storage. The values are
 * bit-identical to {@code relu(add(matmul(x, kernel), bias))} (the same float operations in the
 * same order), with one output array instead of three and one recorded node instead of three.
 * Its derivative is the composition's, written with ops: {@code gz = relu_grad(g, y)} (or g),
 * {@code dx = gz · kernelᵀ}, {@code dkernel = xᵀ · gz}, {@code dbias = sum(gz, 0)}.
 */
final class DenseOps {
    private DenseOps() {}

    /**
     * {@code x (m, k) · kernel (k, n) + bias (n,)}, then relu when {@code relu}; bias may be null.
     * float32 operands take the fused path; other dtypes compute the composition of ops.
     */
    static Tensor dense(Tensor x, Tensor kernel, Tensor bias, boolean relu) {
        String op = "dense";
        Shapes.requireRank(op, "x", 2, x.shape());
        Shapes.requireRank(op, "kernel", 2, kernel.shape());
        int m = x.dim(0), k = x.dim(1), n = kernel.dim(1);
        if (kernel.dim(0) != k) {
            throw new IllegalArgumentException(op + ": x of shape " + Shapes.toString(x.shape()) + " needs a kernel of shape ("
                    + k + ", units), got kernel.shape=" + Shapes.toString(kernel.shape()));
        }
        if (bias != null) Shapes.requireShape(op, "bias", new int[]{n}, bias.shape());
        if (x.dtype() != DType.FLOAT32 || kernel.dtype() != DType.FLOAT32 || (bias != null && bias.dtype() != DType.FLOAT32)) {
            Tensor y = LinalgOps.matmul(x, kernel);
            if (bias != null) y = MathOps.add(y, bias);
            return relu ? MathOps.relu(y) : y;
        }
        LinalgOps.MatrixView vx = LinalgOps.MatrixView.of(x), vk = LinalgOps.MatrixView.of(kernel);
        float[] xd = vx.t().floatData(), kd = vk.t().floatData();
        int xo = vx.t().offset(), ko = vk.t().offset();
        float[] zd = OutputReuse.floats(m * n); // every element is written below (k == 0 gives zeros)
        Tensor bc = bias == null ? null : bias.contiguous();
        float[] bd = bc == null ? null : bc.floatData();
        int bo = bc == null ? 0 : bc.offset();
        boolean finish = relu || bd != null;
        int strips = rowStrips(m, n, k);
        if (strips > 1) {
            // one job: each thread multiplies a strip of whole rows and finishes it while it is in its cache
            Parallel.forEachTask(strips, t -> {
                int r0 = stripStart(m, t, strips), r1 = stripStart(m, t + 1, strips);
                Gemm.sgemm(vx.trans(), vk.trans(), r1 - r0, n, k, 1f, xd, xo + (vx.trans() ? r0 : r0 * vx.ld()), vx.ld(),
                        kd, ko, vk.ld(), 0f, zd, r0 * n, n);
                if (finish) finish(relu, zd, n, r0, r1, bd, bo);
            });
        } else {
            Gemm.sgemm(vx.trans(), vk.trans(), m, n, k, 1f, xd, xo, vx.ld(), kd, ko, vk.ld(), 0f, zd, 0, n);
            if (finish) {
                if ((long) m * n < (1 << 16)) {
                    finish(relu, zd, n, 0, m, bd, bo);
                } else {
                    Parallel.forRange(m, Math.max(1, (1 << 14) / Math.max(n, 1)), (r0, r1) -> finish(relu, zd, n, r0, r1, bd, bo));
                }
            }
        }
        Tensor z = Tensor.of(zd, m, n);
        Tensor y = z;
        return GradientTape.record("dense", y, g -> {
            Tensor gz = relu ? MathOps.reluGrad(g, y) : g;
            Tensor dx = GradientTape.needsGradient(x) ? LinalgOps.matmul(gz, ShapeOps.transpose(kernel, 1, 0)) : null;
            Tensor dk = GradientTape.needsGradient(kernel) ? LinalgOps.matmul(ShapeOps.transpose(x, 1, 0), gz) : null;
            Tensor db = bias != null && GradientTape.needsGradient(bias) ? MathOps.sumTo(gz, bias) : null;
            return new Tensor[]{dx, dk, db};
        }, x, kernel, bias);
    }

    /** Rows of the GEMM's register block (12 with 512-bit vectors, else 6): strips are whole blocks. */
    private static final int ROW_BLOCK = FloatVector.SPECIES_PREFERRED.length() >= 16 ? 12 : 6;
    /** Products below this many multiply-adds stay on one thread (Gemm's own threshold). */
    private static final long PARALLEL_WORK = 64L * 64 * 64;

    /**
     * How many row strips to run as one parallel job (1: let the GEMM split the product itself).
     * Only tall products (m >= n) are cut by rows here, each thread packing its own rows of x and
     * the whole (smaller) kernel; wide ones are left to the GEMM, which cuts them by columns. Every
     * strip holds whole register blocks of rows, at least one, so it runs the same kernels (and
     * gives the same bits) as the undivided product.
     */
    static int rowStrips(int m, int n, long k) {
        int threads = Parallel.threads();
        if (threads <= 1 || m < n || (long) m * n * k < PARALLEL_WORK) return 1;
        return Math.max(1, Math.min(threads, m / ROW_BLOCK));
    }

    /**
     * First row of strip t of strips: strips hold equal numbers of register blocks, a last
     * partial block counted as one (the kernel spends a whole block's time on it), as the GEMM
     * cuts its own row strips. With no more strips than whole blocks, every strip has at least one.
     */
    static int stripStart(int m, int t, int strips) {
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        return Math.min(m, (int) ((long) blocks * t / strips) * ROW_BLOCK);
    }

    private static void finish(boolean relu, float[] z, int n, int r0, int r1, float[] bias, int bo) {
        if (relu) BiasActivationKernels.biasRelu(z, 0, n, r0, r1, bias, bo);
        else BiasActivationKernels.bias(z, 0, n, r0, r1, bias, bo);
    }
}
