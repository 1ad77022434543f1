package io.keras4j.kernels;

import static io.keras4j.kernels.GemmMicroKernel.L;
import static io.keras4j.kernels.GemmMicroKernel.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * GEMM straight from the caller's arrays, without packing, for problems where packing costs more
 * than it saves: small products, and skinny ones (fewer rows than the packed kernel's block, like
 * a batch-1 Dense layer, or fewer columns than a vector holds, like a matrix-vector product).
 *
 * <p>Two register-blocked kernels: when rows of op(B) are contiguous (B not transposed) an
 * "axpy" kernel broadcasts A and sweeps vectors along a row of B (4 rows × 4 vectors, the rest
 * one vector at a time); when op(A) rows and op(B) columns are both contiguous along k (A not
 * transposed, B transposed, or copied so) a "dot" kernel runs 4×4 (or 1×4) dot products along k
 * and reduces them at the end.
 */
final class GemmSmall {
    private GemmSmall() {}

    /** Columns of one axpy block: four vectors. */
    private static final int NR = 4 * L;

    /** Whether this path handles the problem (small says m*n*k is below the packing threshold). */
    static boolean suits(boolean transA, boolean transB, int m, int n, int k, boolean small) {
        if (transA && transB) return false;
        if (small || m < GemmMicroKernel.MR) return true;
        return n < L && !transA;
    }

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, boolean parallel) {
        if (beta != 0f && beta != 1f) Gemm.scale(m, n, beta, c, cOff, ldc);
        boolean add = beta != 0f;
        // Fewer columns than a vector: the dot kernels use whole vectors along k, once k is long and
        // there are rows enough to repay copying B's columns (a batch-1 classifier head is a few
        // masked axpy steps, cheaper than the copy).
        boolean dot = transB || (n < L && !transA && k >= 4 * L && m >= 4);
        if (dot && !transB) {
            // A few columns of B, strided: copy them into contiguous rows of k (Bᵀ) first.
            GemmBuffers buf = GemmBuffers.take();
            try {
                float[] bt = buf.scratch(n * k);
                for (int p = 0; p < k; p++) {
                    int s = bOff + p * ldb;
                    for (int j = 0; j < n; j++) bt[j * k + p] = b[s + j];
                }
                run(true, false, m, n, k, alpha, a, aOff, lda, bt, 0, k, add, c, cOff, ldc, parallel);
            } finally {
                GemmBuffers.give(buf);
            }
        } else {
            run(dot, transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, add, c, cOff, ldc, parallel);
        }
    }

    /** Runs the dot (A rows · B rows) or axpy (op(A) · B rows) kernels, split over threads when asked. */
    private static void run(boolean dot, boolean transA, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            boolean add, float[] c, int cOff, int ldc, boolean parallel) {
        int threads = parallel ? Parallel.threads() : 1;
        int colUnit = dot ? 4 : NR;
        int colUnits = (n + colUnit - 1) / colUnit;
        int rowUnits = (m + 3) / 4;
        if (threads <= 1 || Math.max(colUnits, rowUnits) < 2) {
            rect(dot, transA, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, add, c, cOff, ldc);
            return;
        }
        boolean byCols = colUnits >= rowUnits;
        int units = byCols ? colUnits : rowUnits;
        int parts = Math.min(threads, units);
        Parallel.forEachTask(parts, t -> {
            int u0 = units * t / parts, u1 = units * (t + 1) / parts;
            if (byCols) {
                rect(dot, transA, 0, m, u0 * colUnit, Math.min(n, u1 * colUnit), k,
                        alpha, a, aOff, lda, b, bOff, ldb, add, c, cOff, ldc);
            } else {
                rect(dot, transA, u0 * 4, Math.min(m, u1 * 4), 0, n, k,
                        alpha, a, aOff, lda, b, bOff, ldb, add, c, cOff, ldc);
            }
        });
    }

    private static void rect(boolean dot, boolean transA, int i0, int i1, int j0, int j1, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             boolean add, float[] c, int cOff, int ldc) {
        if (dot) dotRect(i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, add, c, cOff, ldc);
        else axpyRect(transA, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, add, c, cOff, ldc);
    }

    // ---- axpy kernels: C rows built from vectors along rows of B ---------------------------------

    private static void axpyRect(boolean transA, int i0, int i1, int j0, int j1, int k, float alpha,
                                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 boolean add, float[] c, int cOff, int ldc) {
        int rs = transA ? 1 : lda;   // step between rows of op(A)
        int ks = transA ? lda : 1;   // step along k in op(A)
        int full = j0 + (j1 - j0) / NR * NR;
        int i = i0;
        // Blocks of 4 rows, the last one cut short when 2 or 3 remain (one sweep over B, not 2-3).
        for (; i + 2 <= i1; i += 4) {
            int rows = Math.min(4, i1 - i);
            int ao = aOff + i * rs, co = cOff + i * ldc;
            for (int j = j0; j < full; j += NR) axpy4(k, a, ao, rs, ks, b, bOff + j, ldb, alpha, add, c, co + j, ldc, rows);
            // The rest one vector at a time: a masked load only where a row of B ends.
            for (int j = full; j < j1; j += L) {
                axpy4x1(k, a, ao, rs, ks, b, bOff + j, ldb, alpha, add, c, co + j, ldc, Math.min(L, j1 - j), rows);
            }
        }
        for (; i < i1; i++) {
            int ao = aOff + i * rs, co = cOff + i * ldc;
            int j = j0;
            // A single row (batch-1 layers): 8 vectors per sweep, so each row of B is read in long
            // runs and 8 FMA chains cover the latency.
            for (; j + 2 * NR <= j1; j += 2 * NR) axpy1x8(k, a, ao, ks, b, bOff + j, ldb, alpha, add, c, co + j);
            for (; j < full; j += NR) axpy1(k, a, ao, ks, b, bOff + j, ldb, alpha, add, c, co + j);
            for (; j < j1; j += L) axpy1x1(k, a, ao, ks, b, bOff + j, ldb, alpha, add, c, co + j, Math.min(L, j1 - j));
        }
    }

    private static void axpy4(int k, float[] a, int ao, int rs, int ks, float[] b, int bo, int ldb,
                              float alpha, boolean add, float[] c, int co, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        // Rows past `rows` repeat the last one and are not stored.
        int r1 = Math.min(1, rows - 1) * rs, r2 = Math.min(2, rows - 1) * rs, r3 = Math.min(3, rows - 1) * rs;
        for (int p = 0, ai = ao, bi = bo; p < k; p++, ai += ks, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, alpha * a[ai]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, alpha * a[ai + r1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, alpha * a[ai + r2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, alpha * a[ai + r3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        int o0 = co, o1 = co + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        if (add) {
            c00 = c00.add(FloatVector.fromArray(S, c, o0));
            c01 = c01.add(FloatVector.fromArray(S, c, o0 + L));
            c02 = c02.add(FloatVector.fromArray(S, c, o0 + 2 * L));
            c03 = c03.add(FloatVector.fromArray(S, c, o0 + 3 * L));
            if (rows > 1) c10 = c10.add(FloatVector.fromArray(S, c, o1));
            if (rows > 1) c11 = c11.add(FloatVector.fromArray(S, c, o1 + L));
            if (rows > 1) c12 = c12.add(FloatVector.fromArray(S, c, o1 + 2 * L));
            if (rows > 1) c13 = c13.add(FloatVector.fromArray(S, c, o1 + 3 * L));
            if (rows > 2) c20 = c20.add(FloatVector.fromArray(S, c, o2));
            if (rows > 2) c21 = c21.add(FloatVector.fromArray(S, c, o2 + L));
            if (rows > 2) c22 = c22.add(FloatVector.fromArray(S, c, o2 + 2 * L));
            if (rows > 2) c23 = c23.add(FloatVector.fromArray(S, c, o2 + 3 * L));
            if (rows > 3) c30 = c30.add(FloatVector.fromArray(S, c, o3));
            if (rows > 3) c31 = c31.add(FloatVector.fromArray(S, c, o3 + L));
            if (rows > 3) c32 = c32.add(FloatVector.fromArray(S, c, o3 + 2 * L));
            if (rows > 3) c33 = c33.add(FloatVector.fromArray(S, c, o3 + 3 * L));
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L);
        if (rows > 1) c10.intoArray(c, o1);
        if (rows > 1) c11.intoArray(c, o1 + L);
        if (rows > 1) c12.intoArray(c, o1 + 2 * L);
        if (rows > 1) c13.intoArray(c, o1 + 3 * L);
        if (rows > 2) c20.intoArray(c, o2);
        if (rows > 2) c21.intoArray(c, o2 + L);
        if (rows > 2) c22.intoArray(c, o2 + 2 * L);
        if (rows > 2) c23.intoArray(c, o2 + 3 * L);
        if (rows > 3) c30.intoArray(c, o3);
        if (rows > 3) c31.intoArray(c, o3 + L);
        if (rows > 3) c32.intoArray(c, o3 + 2 * L);
        if (rows > 3) c33.intoArray(c, o3 + 3 * L);
    }

    /** Four rows of C, w ≤ L columns: one vector of B per k step (masked when w < L). */
    private static void axpy4x1(int k, float[] a, int ao, int rs, int ks, float[] b, int bo, int ldb,
                                float alpha, boolean add, float[] c, int co, int ldc, int w, int rows) {
        VectorMask<Float> m = S.indexInRange(0, w);
        boolean whole = w == L;
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        // Rows past `rows` repeat the last one and are not stored.
        int r1 = Math.min(1, rows - 1) * rs, r2 = Math.min(2, rows - 1) * rs, r3 = Math.min(3, rows - 1) * rs;
        for (int p = 0, ai = ao, bi = bo; p < k; p++, ai += ks, bi += ldb) {
            FloatVector y = whole ? FloatVector.fromArray(S, b, bi) : FloatVector.fromArray(S, b, bi, m);
            c0 = y.fma(FloatVector.broadcast(S, alpha * a[ai]), c0);
            c1 = y.fma(FloatVector.broadcast(S, alpha * a[ai + r1]), c1);
            c2 = y.fma(FloatVector.broadcast(S, alpha * a[ai + r2]), c2);
            c3 = y.fma(FloatVector.broadcast(S, alpha * a[ai + r3]), c3);
        }
        int o1 = co + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        if (add) {
            c0 = c0.add(FloatVector.fromArray(S, c, co, m));
            if (rows > 1) c1 = c1.add(FloatVector.fromArray(S, c, o1, m));
            if (rows > 2) c2 = c2.add(FloatVector.fromArray(S, c, o2, m));
            if (rows > 3) c3 = c3.add(FloatVector.fromArray(S, c, o3, m));
        }
        c0.intoArray(c, co, m);
        if (rows > 1) c1.intoArray(c, o1, m);
        if (rows > 2) c2.intoArray(c, o2, m);
        if (rows > 3) c3.intoArray(c, o3, m);
    }

    private static void axpy1(int k, float[] a, int ao, int ks, float[] b, int bo, int ldb,
                              float alpha, boolean add, float[] c, int co) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0, ai = ao, bi = bo; p < k; p++, ai += ks, bi += ldb) {
            FloatVector x = FloatVector.broadcast(S, alpha * a[ai]);
            c0 = FloatVector.fromArray(S, b, bi).fma(x, c0);
            c1 = FloatVector.fromArray(S, b, bi + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, b, bi + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(S, b, bi + 3 * L).fma(x, c3);
        }
        if (add) {
            c0 = c0.add(FloatVector.fromArray(S, c, co));
            c1 = c1.add(FloatVector.fromArray(S, c, co + L));
            c2 = c2.add(FloatVector.fromArray(S, c, co + 2 * L));
            c3 = c3.add(FloatVector.fromArray(S, c, co + 3 * L));
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + L);
        c2.intoArray(c, co + 2 * L);
        c3.intoArray(c, co + 3 * L);
    }

    /** One row of C, 8 vectors wide. */
    private static void axpy1x8(int k, float[] a, int ao, int ks, float[] b, int bo, int ldb,
                                float alpha, boolean add, float[] c, int co) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0, ai = ao, bi = bo; p < k; p++, ai += ks, bi += ldb) {
            FloatVector x = FloatVector.broadcast(S, alpha * a[ai]);
            c0 = FloatVector.fromArray(S, b, bi).fma(x, c0);
            c1 = FloatVector.fromArray(S, b, bi + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, b, bi + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(S, b, bi + 3 * L).fma(x, c3);
            c4 = FloatVector.fromArray(S, b, bi + 4 * L).fma(x, c4);
            c5 = FloatVector.fromArray(S, b, bi + 5 * L).fma(x, c5);
            c6 = FloatVector.fromArray(S, b, bi + 6 * L).fma(x, c6);
            c7 = FloatVector.fromArray(S, b, bi + 7 * L).fma(x, c7);
        }
        if (add) {
            c0 = c0.add(FloatVector.fromArray(S, c, co));
            c1 = c1.add(FloatVector.fromArray(S, c, co + L));
            c2 = c2.add(FloatVector.fromArray(S, c, co + 2 * L));
            c3 = c3.add(FloatVector.fromArray(S, c, co + 3 * L));
            c4 = c4.add(FloatVector.fromArray(S, c, co + 4 * L));
            c5 = c5.add(FloatVector.fromArray(S, c, co + 5 * L));
            c6 = c6.add(FloatVector.fromArray(S, c, co + 6 * L));
            c7 = c7.add(FloatVector.fromArray(S, c, co + 7 * L));
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + L);
        c2.intoArray(c, co + 2 * L);
        c3.intoArray(c, co + 3 * L);
        c4.intoArray(c, co + 4 * L);
        c5.intoArray(c, co + 5 * L);
        c6.intoArray(c, co + 6 * L);
        c7.intoArray(c, co + 7 * L);
    }

    /** One row of C, w ≤ L columns. */
    private static void axpy1x1(int k, float[] a, int ao, int ks, float[] b, int bo, int ldb,
                                float alpha, boolean add, float[] c, int co, int w) {
        VectorMask<Float> m = S.indexInRange(0, w);
        boolean whole = w == L;
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0, ai = ao, bi = bo; p < k; p++, ai += ks, bi += ldb) {
            FloatVector y = whole ? FloatVector.fromArray(S, b, bi) : FloatVector.fromArray(S, b, bi, m);
            c0 = y.fma(FloatVector.broadcast(S, alpha * a[ai]), c0);
        }
        if (add) c0 = c0.add(FloatVector.fromArray(S, c, co, m));
        c0.intoArray(c, co, m);
    }

    // ---- dot kernels: C entries as dot products of rows of A and rows of B (both along k) -------

    private static void dotRect(int i0, int i1, int j0, int j1, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                boolean add, float[] c, int cOff, int ldc) {
        GemmBuffers buf = GemmBuffers.take();
        try {
            float[] sums = buf.sums;
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                for (int j = j0; j < j1; j += 4) {
                    dot4x4(k, a, aOff + i * lda, lda, b, bOff, ldb, j, Math.min(4, j1 - j), sums);
                    putSums(sums, 4, Math.min(4, j1 - j), alpha, add, c, cOff + i * ldc + j, ldc);
                }
            }
            for (; i < i1; i++) {
                for (int j = j0; j < j1; j += 4) {
                    dot1x4(k, a, aOff + i * lda, b, bOff, ldb, j, Math.min(4, j1 - j), sums);
                    putSums(sums, 1, Math.min(4, j1 - j), alpha, add, c, cOff + i * ldc + j, ldc);
                }
            }
        } finally {
            GemmBuffers.give(buf);
        }
    }

    /**
     * Partial dot products of 4 rows of A at ao (stride lda) with rows j… of B into sums (vector
     * r*4+q for C[i+r, j+q]); nj ≤ 4, extra B rows repeat the last.
     */
    private static void dot4x4(int k, float[] a, int ao, int lda, float[] b, int bOff, int ldb, int j, int nj,
                               float[] sums) {
        int a0 = ao, a1 = ao + lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda;
        int b0 = bOff + j * ldb;
        int b1 = bOff + (j + Math.min(1, nj - 1)) * ldb;
        int b2 = bOff + (j + Math.min(2, nj - 1)) * ldb;
        int b3 = bOff + (j + Math.min(3, nj - 1)) * ldb;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int p = 0;
        for (; p <= k - L; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
            FloatVector y3 = FloatVector.fromArray(S, b, b3 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            s03 = x.fma(y3, s03);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            s13 = x.fma(y3, s13);
            x = FloatVector.fromArray(S, a, a2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            s23 = x.fma(y3, s23);
            x = FloatVector.fromArray(S, a, a3 + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            s32 = x.fma(y2, s32);
            s33 = x.fma(y3, s33);
        }
        // Lane sums are taken in putSums: 16 reductions written out here overflow C2's inlining
        // budget, and a reduction left out of line boxes its vector (~100x slower).
        s00.intoArray(sums, 0 * L);
        s01.intoArray(sums, 1 * L);
        s02.intoArray(sums, 2 * L);
        s03.intoArray(sums, 3 * L);
        s10.intoArray(sums, 4 * L);
        s11.intoArray(sums, 5 * L);
        s12.intoArray(sums, 6 * L);
        s13.intoArray(sums, 7 * L);
        s20.intoArray(sums, 8 * L);
        s21.intoArray(sums, 9 * L);
        s22.intoArray(sums, 10 * L);
        s23.intoArray(sums, 11 * L);
        s30.intoArray(sums, 12 * L);
        s31.intoArray(sums, 13 * L);
        s32.intoArray(sums, 14 * L);
        s33.intoArray(sums, 15 * L);
        // The last k % L steps in scalars, into lane 0 (putSums adds up all lanes). A masked
        // vector tail would read past the end of the arrays' last rows, which takes a slow path.
        for (; p < k; p++) {
            float x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
            float y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p], y3 = b[b3 + p];
            sums[0] += x0 * y0;
            sums[L] += x0 * y1;
            sums[2 * L] += x0 * y2;
            sums[3 * L] += x0 * y3;
            sums[4 * L] += x1 * y0;
            sums[5 * L] += x1 * y1;
            sums[6 * L] += x1 * y2;
            sums[7 * L] += x1 * y3;
            sums[8 * L] += x2 * y0;
            sums[9 * L] += x2 * y1;
            sums[10 * L] += x2 * y2;
            sums[11 * L] += x2 * y3;
            sums[12 * L] += x3 * y0;
            sums[13 * L] += x3 * y1;
            sums[14 * L] += x3 * y2;
            sums[15 * L] += x3 * y3;
        }
    }

    /** As {@link #dot4x4} for one row of A (sums vectors 0…3). */
    private static void dot1x4(int k, float[] a, int ao, float[] b, int bOff, int ldb, int j, int nj, float[] sums) {
        int b0 = bOff + j * ldb;
        int b1 = bOff + (j + Math.min(1, nj - 1)) * ldb;
        int b2 = bOff + (j + Math.min(2, nj - 1)) * ldb;
        int b3 = bOff + (j + Math.min(3, nj - 1)) * ldb;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (; p <= k - L; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + p);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        s0.intoArray(sums, 0 * L);
        s1.intoArray(sums, 1 * L);
        s2.intoArray(sums, 2 * L);
        s3.intoArray(sums, 3 * L);
        for (; p < k; p++) {
            float x = a[ao + p];
            sums[0] += x * b[b0 + p];
            sums[L] += x * b[b1 + p];
            sums[2 * L] += x * b[b2 + p];
            sums[3 * L] += x * b[b3 + p];
        }
    }

    /** C[r, q] (= or +=) alpha * (lane sum of sums vector r*4+q), for r < rows, q < nj. */
    private static void putSums(float[] sums, int rows, int nj, float alpha, boolean add, float[] c, int co, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < nj; q++) {
                put(c, co + r * ldc + q, alpha, add, LaneSums.sum(FloatVector.fromArray(S, sums, (r * 4 + q) * L)));
            }
        }
    }

    private static void put(float[] c, int o, float alpha, boolean add, float s) {
        c[o] = add ? c[o] + alpha * s : alpha * s;
    }
}
