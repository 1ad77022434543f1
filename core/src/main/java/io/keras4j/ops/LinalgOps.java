package io.keras4j.ops;

import io.keras4j.autograd.GradientTape;
import io.keras4j.kernels.Gemm;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

/** Matrix products with NumPy {@code matmul} semantics (1-D promotion, batch broadcasting). */
final class LinalgOps {
    private LinalgOps() {}

    /** How one operand's matrices sit in memory: row-major, or column-major (a transposed view), without copying. */
    record MatrixView(Tensor t, boolean trans, int ld) {
        static MatrixView of(Tensor t) {
            int r = t.rank();
            int[] st = t.strides(), sh = t.shape();
            int rows = sh[r - 2], cols = sh[r - 1];
            if (t.dtype() == DType.FLOAT32) {
                if ((st[r - 1] == 1 || cols == 1) && st[r - 2] >= cols) return new MatrixView(t, false, Math.max(st[r - 2], 1));
                if ((st[r - 2] == 1 || rows == 1) && st[r - 1] >= rows) return new MatrixView(t, true, Math.max(st[r - 1], 1));
            }
            Tensor c = (t.dtype() == DType.FLOAT32 ? t : MathOps.cast(t, DType.FLOAT32)).contiguousCopy();
            return new MatrixView(c, false, Math.max(cols, 1));
        }
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have rank >= 1, got shapes "
                    + Shapes.toString(a.shape()) + " and " + Shapes.toString(b.shape()));
        }
        Tensor a2 = a.rank() == 1 ? a.expandDims(0) : a;
        Tensor b2 = b.rank() == 1 ? b.expandDims(1) : b;
        Tensor full = a.dtype() == DType.FLOAT64 || b.dtype() == DType.FLOAT64 ? matmulDouble(a2, b2) : matmulNd(a2, b2);
        int[] fullShape = full.shape();
        Tensor out = full;
        if (a.rank() == 1) out = out.squeeze(-2);
        if (b.rank() == 1) out = out.squeeze(-1);
        return GradientTape.record("matmul", out, g -> {
            Tensor g2 = ShapeOps.reshape(g, fullShape);
            Tensor da = null, db = null;
            if (GradientTape.needsGradient(a)) {
                da = ShapeOps.reshape(MathOps.sumTo(matmul(g2, ShapeOps.transpose(b2, swapLast(b2.rank()))), a2), a.shape());
            }
            if (GradientTape.needsGradient(b)) {
                db = ShapeOps.reshape(MathOps.sumTo(matmul(ShapeOps.transpose(a2, swapLast(a2.rank())), g2), b2), b.shape());
            }
            return new Tensor[]{da, db};
        }, a, b);
    }

    static int[] swapLast(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) p[i] = i;
        p[rank - 1] = rank - 2;
        p[rank - 2] = rank - 1;
        return p;
    }

    /** The product of float32 (or cast) operands into a fresh contiguous tensor, unrecorded (DenseOps finishes it in place). */
    static Tensor matmulNd(Tensor a, Tensor b) {
        int ra = a.rank(), rb = b.rank();
        int m = a.dim(-2), k = a.dim(-1), k2 = b.dim(-2), n = b.dim(-1);
        if (k != k2) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: shapes " + Shapes.toString(a.shape())
                    + " and " + Shapes.toString(b.shape()) + " (" + k + " vs " + k2 + ")");
        }
        int[] batchA = java.util.Arrays.copyOf(a.shape(), ra - 2), batchB = java.util.Arrays.copyOf(b.shape(), rb - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        int batches = Shapes.size(batch);
        float[] c = new float[batches * m * n];
        if (batches == 0 || m == 0 || n == 0) return Tensor.of(c, outShape);
        MatrixView va = MatrixView.of(a), vb = MatrixView.of(b);
        int[] offA = batchOffsets(va.t, batch), offB = batchOffsets(vb.t, batch);
        float[] da = va.t.floatData(), db = vb.t.floatData();
        if (batches == 1) {
            Gemm.sgemm(va.trans, vb.trans, m, n, k, 1f, da, offA[0], va.ld, db, offB[0], vb.ld, 0f, c, 0, n);
        } else { // small products spread one per task over the pool (attention heads, per-sample products)
            int[] offC = new int[batches];
            for (int i = 0; i < batches; i++) offC[i] = i * m * n;
            Gemm.sgemmBatched(va.trans, vb.trans, m, n, k, 1f, da, offA, va.ld, db, offB, vb.ld, 0f, c, offC, n);
        }
        return Tensor.of(c, outShape);
    }

    /** float64 products (reference precision for tests): a plain loop, no packing. */
    private static Tensor matmulDouble(Tensor a, Tensor b) {
        int m = a.dim(-2), k = a.dim(-1), n = b.dim(-1);
        if (k != b.dim(-2)) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: shapes " + Shapes.toString(a.shape())
                    + " and " + Shapes.toString(b.shape()) + " (" + k + " vs " + b.dim(-2) + ")");
        }
        int[] batch = Shapes.broadcast("matmul", java.util.Arrays.copyOf(a.shape(), a.rank() - 2),
                java.util.Arrays.copyOf(b.shape(), b.rank() - 2));
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        int[] aShape = java.util.Arrays.copyOf(batch, batch.length + 2), bShape = aShape.clone();
        aShape[batch.length] = m; aShape[batch.length + 1] = k;
        bShape[batch.length] = k; bShape[batch.length + 1] = n;
        double[] av = a.broadcastTo(aShape).toDoubleArray(), bv = b.broadcastTo(bShape).toDoubleArray();
        double[] c = new double[Shapes.size(outShape)];
        for (int t = 0, batches = Shapes.size(batch); t < batches; t++) {
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    double x = av[(t * m + i) * k + p];
                    for (int j = 0; j < n; j++) c[(t * m + i) * n + j] += x * bv[(t * k + p) * n + j];
                }
            }
        }
        return Tensor.of(c, outShape);
    }

    /** Element offset of each broadcast batch's matrix inside t's storage. */
    private static int[] batchOffsets(Tensor t, int[] batch) {
        int r = t.rank(), nb = r - 2;
        int[] shape = t.shape(), st = t.strides();
        int count = Shapes.size(batch);
        int[] out = new int[count];
        int lead = batch.length - nb;
        for (int i = 0; i < count; i++) {
            int rem = i, off = t.offset();
            for (int d = batch.length - 1; d >= 0; d--) {
                int idx = rem % batch[d];
                rem /= batch[d];
                int td = d - lead;
                if (td >= 0 && shape[td] != 1) off += idx * st[td];
            }
            out[i] = off;
        }
        return out;
    }
}
