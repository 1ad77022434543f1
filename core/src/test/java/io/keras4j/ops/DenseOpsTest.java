package io.keras4j.ops;

import io.keras4j.autograd.GradientTape;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Tensor;
import io.keras4j.testing.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.keras4j.testing.GradCheck.assertClose;
import static io.keras4j.testing.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseOpsTest {

    /** The composition the fused op replaces. */
    private static Tensor composed(Tensor x, Tensor k, Tensor b, boolean relu) {
        Tensor y = Ops.matmul(x, k);
        if (b != null) y = Ops.add(y, b);
        return relu ? Ops.relu(y) : y;
    }

    /** Output and the gradients of sum(out * r) with respect to x, kernel and bias, through the tape. */
    private static Tensor[] withGradients(boolean fused, Tensor x, Tensor k, Tensor b, boolean relu) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(k);
            if (b != null) tape.watch(b);
            Tensor y = fused ? Ops.dense(x, k, b, relu) : composed(x, k, b, relu);
            Tensor loss = Ops.sum(Ops.multiply(y, uniform(99, y.shape())));
            tape.close();
            Tensor[] g = tape.gradient(loss, b == null ? new Tensor[]{x, k} : new Tensor[]{x, k, b});
            Tensor[] out = new Tensor[g.length + 1];
            out[0] = y;
            System.arraycopy(g, 0, out, 1, g.length);
            return out;
        }
    }

    @Test
    void bitIdenticalToMatmulAddReluWithGradients() {
        // k = 600 spans two of the GEMM's k-blocks, n = 20 leaves a vector tail, 37 rows a row tail;
        // a transposed x view goes through the product without a copy
        Tensor[][] xs = {{uniform(1, 37, 600)}, {uniform(2, 600, 5).transpose()}, {uniform(3, 1, 600)}};
        Tensor k = uniform(4, 600, 20), b = uniform(5, 20);
        for (Tensor[] xx : xs) {
            Tensor x = xx[0];
            for (boolean relu : new boolean[]{true, false}) {
                for (Tensor bias : new Tensor[]{b, null}) {
                    Tensor[] fused = withGradients(true, x, k, bias, relu), ref = withGradients(false, x, k, bias, relu);
                    for (int i = 0; i < fused.length; i++) {
                        assertArrayEquals(ref[i].shape(), fused[i].shape());
                        assertArrayEquals(ref[i].toFloatArray(), fused[i].toFloatArray(),
                                "output/gradient " + i + " relu=" + relu + " bias=" + (bias != null) + " x=" + java.util.Arrays.toString(x.shape()));
                    }
                }
            }
        }
    }

    @Test
    void rowStripsOnSeveralThreadsGiveTheSameBits() {
        // 100 x 70 x 40 is enough work to be cut into row strips (48 and 52 rows with 12-row blocks,
        // the second ending in a partial block); a transposed x view, and n = 10 (fewer columns than
        // a vector), take the GEMM's other kernels. Each must equal the undivided product, bit for bit.
        Tensor[][] cases = {{uniform(21, 100, 70), uniform(23, 70, 40)}, {uniform(22, 70, 100).transpose(), uniform(23, 70, 40)},
                {uniform(29, 400, 70), uniform(24, 70, 10)}};
        int old = io.keras4j.kernels.Parallel.setThreads(2);
        try {
            for (Tensor[] c : cases) {
                Tensor x = c[0], k = c[1], b = uniform(25, k.dim(1));
                assertEquals(2, DenseOps.rowStrips(x.dim(0), k.dim(1), x.dim(1)), "the product is cut into strips");
                for (boolean relu : new boolean[]{true, false}) {
                    float[] fused = Ops.dense(x, k, b, relu).toFloatArray();
                    io.keras4j.kernels.Parallel.setThreads(1);
                    float[] ref = composed(x, k, b, relu).toFloatArray();
                    io.keras4j.kernels.Parallel.setThreads(2);
                    assertArrayEquals(ref, fused, "relu=" + relu + " x=" + java.util.Arrays.toString(x.shape())
                            + " kernel=" + java.util.Arrays.toString(k.shape()));
                }
            }
        } finally {
            io.keras4j.kernels.Parallel.setThreads(old);
        }
    }

    @Test
    void stripsAreWholeRegisterBlocks() {
        assertEquals(1, DenseOps.rowStrips(100, 200, 70), "wide products are left to the GEMM");
        assertEquals(0, DenseOps.stripStart(100, 0, 2));
        assertEquals(100, DenseOps.stripStart(100, 2, 2));
        int mid = DenseOps.stripStart(100, 1, 2);
        assertTrue(mid > 0 && mid < 100 && (mid % 12 == 0 || mid % 6 == 0), "strip boundary " + mid);
    }

    @Test
    void offeredStorageIsOverwritten() {
        // a recycled array (garbage contents, here NaN) must be fully overwritten, zeros for k = 0 included
        Tensor x = uniform(26, 5, 3), k = uniform(27, 3, 4), b = uniform(28, 4);
        float[] junk = new float[20];
        java.util.Arrays.fill(junk, Float.NaN);
        OutputReuse.offer(junk);
        Tensor y = Ops.dense(x, k, b, false);
        assertEquals(null, OutputReuse.withdraw(), "the product claimed the offered array");
        assertTrue(y.data() == junk);
        assertArrayEquals(composed(x, k, b, false).toFloatArray(), y.toFloatArray());
        float[] junk2 = new float[10];
        java.util.Arrays.fill(junk2, Float.NaN);
        OutputReuse.offer(junk2);
        Tensor empty = Ops.dense(Tensor.zeros(5, 0), Tensor.zeros(0, 2), null, false);
        OutputReuse.withdraw();
        assertArrayEquals(new float[10], empty.toFloatArray());
        float[] wrongSize = new float[7];
        OutputReuse.offer(wrongSize);
        assertTrue(Ops.dense(x, k, b, true).data() != wrongSize, "an array of another size is not used");
        assertTrue(OutputReuse.withdraw() == wrongSize);
    }

    @Test
    void valuesByHand() {
        // [[1, -2]] · [[1, 0, 2], [1, 1, 1]] + [0.5, 1, -1] = [-0.5, -1, -1] -> relu [0, 0, 0]; [[3, 1]] -> [4.5, 2, 6]
        Tensor k = Tensor.of(new float[][]{{1, 0, 2}, {1, 1, 1}}), b = Tensor.of(0.5f, 1, -1);
        assertClose(Tensor.of(new float[][]{{0, 0, 0}, {4.5f, 2, 6}}), Ops.dense(Tensor.of(new float[][]{{1, -2}, {3, 1}}), k, b, true));
        assertClose(Tensor.of(new float[][]{{-0.5f, -1, -1}}), Ops.dense(Tensor.of(new float[][]{{1, -2}}), k, b, false));
    }

    @Test
    void otherDtypesComputeTheComposition() {
        Tensor x = Ops.cast(uniform(6, 3, 4), DType.FLOAT64), k = Ops.cast(uniform(7, 4, 2), DType.FLOAT64);
        Tensor y = Ops.dense(x, k, null, true);
        assertEquals(DType.FLOAT64, y.dtype());
        assertClose(Ops.cast(composed(x, k, null, true), DType.FLOAT32), Ops.cast(y, DType.FLOAT32));
    }

    @Test
    void badShapesNameTheOp() {
        var e = assertThrows(IllegalArgumentException.class, () -> Ops.dense(Tensor.zeros(2, 3), Tensor.zeros(4, 5), null, false));
        assertTrue(e.getMessage().contains("dense") && e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.dense(Tensor.zeros(2, 3), Tensor.zeros(3, 5), Tensor.zeros(4), false));
        assertTrue(e.getMessage().contains("dense") && e.getMessage().contains("bias") && e.getMessage().contains("(5,)") && e.getMessage().contains("(4,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.dense(Tensor.zeros(2, 2, 3), Tensor.zeros(3, 5), null, false));
        assertTrue(e.getMessage().contains("dense") && e.getMessage().contains("(2, 2, 3)"), e.getMessage());
    }

    private static DynamicTest grad(String name, java.util.function.Function<Tensor[], Tensor> f, Tensor... in) {
        return DynamicTest.dynamicTest(name, () -> GradCheck.check(name, f, in));
    }

    /** Run by OpGradientsTest, the one generic gradient check. */
    static List<DynamicTest> gradientCases() {
        Tensor x = uniform(11, 3, 5), k = uniform(12, 5, 4), b = uniform(13, 4);
        return List.of(
                grad("dense relu", in -> Ops.dense(in[0], in[1], in[2], true), x, k, b),
                grad("dense linear", in -> Ops.dense(in[0], in[1], in[2], false), x, k, b),
                grad("dense without bias", in -> Ops.dense(in[0], in[1], null, true), x, k));
    }
}
