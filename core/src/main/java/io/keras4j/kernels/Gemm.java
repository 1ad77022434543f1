package io.keras4j.kernels;

import static io.keras4j.kernels.GemmMicroKernel.MR;
import static io.keras4j.kernels.GemmMicroKernel.NR;

import java.lang.foreign.MemorySegment;

/**
 * Single-precision GEMM on row-major arrays, in pure Java with the Vector API.
 *
 * <p>Large problems run the Goto/BLIS scheme ({@link #blocked}, or {@link #blockedLarge} when m
 * and n are both large): op(B) is packed KC×NC at a time into NR-column slivers (or read in place
 * when m is small), op(A) MR-row slivers at a time, and {@link GemmMicroKernel} computes MR×NR
 * blocks of C from them. With several threads the
 * output is cut into one strip per thread (columns when n ≥ m, else rows) and each strip runs
 * the scheme on its own pooled buffers. Small and skinny problems (fewer than MR rows, tiny
 * products, fewer columns than a vector) skip packing ({@link GemmSmall}).
 */
public final class Gemm {
    private Gemm() {}

    /** Depth of one packed block (B panel rows, A sliver columns). */
    static final int KC = GemmMicroKernel.KC;
    /** Columns of op(B) packed at a time: a KC×NC panel (1 MiB) stays in L2 while A slivers pass. */
    static final int NC = Integer.getInteger("keras4j.gemm.nc", 512);
    /** Rows of A packed at a time by {@link #blockedLarge} (20 slivers, ~0.5 MiB). */
    static final int MC = Integer.getInteger("keras4j.gemm.mc", 240);
    /** Columns of op(B) packed at a time by {@link #blockedLarge} (a KC×NS panel, 8 MiB at most). */
    static final int NS = Integer.getInteger("keras4j.gemm.ns", 4096);
    /** Up to this many rows of op(A), B (not transposed) is read in place instead of packed. */
    static final int DIRECT_B_ROWS = Integer.getInteger("keras4j.gemm.directb", 96);
    /** Problems with m*n*k at or below this skip packing. */
    static final long SMALL_WORK = Long.getLong("keras4j.gemm.small", 16L * 16 * 16);
    /** Problems with m*n*k below this stay on one thread. */
    static final long PARALLEL_WORK = Long.getLong("keras4j.gemm.parallel", 64L * 64 * 64);

    /**
     * C = alpha * op(A) * op(B) + beta * C, all row-major. op(A) is m×k (A is k×m when transA),
     * op(B) is k×n (B is n×k when transB). lda/ldb/ldc are row strides in elements. When beta is 0,
     * C is only written, never read (NaNs in it do not propagate).
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size m=" + m + " n=" + n + " k=" + k);
        if (m == 0 || n == 0) return;
        if (ldc < n) throw new IllegalArgumentException("ldc=" + ldc + " < n=" + n);
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (lda < (transA ? m : k)) throw new IllegalArgumentException("lda=" + lda + " too small");
        if (ldb < (transB ? k : n)) throw new IllegalArgumentException("ldb=" + ldb + " too small");
        long work = (long) m * n * k;
        if (GemmSmall.suits(transA, transB, m, n, k, work <= SMALL_WORK)) {
            GemmSmall.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    work >= PARALLEL_WORK);
            return;
        }
        int threads = work < PARALLEL_WORK ? 1 : Parallel.threads();
        boolean splitN = n >= m;
        int parts = splitN ? Math.min(threads, (n + NR - 1) / NR) : Math.min(threads, (m + MR - 1) / MR);
        if (parts <= 1) {
            run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (splitN) {
            int unit = (n + NR - 1) / NR;
            Parallel.forEachTask(parts, t -> {
                int j0 = Math.min(n, unit * t / parts * NR), j1 = Math.min(n, unit * (t + 1) / parts * NR);
                if (j1 > j0) {
                    run(transA, transB, m, j1 - j0, k, alpha, a, aOff, lda,
                            b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + j0, ldc);
                }
            });
        } else {
            int unit = (m + MR - 1) / MR;
            Parallel.forEachTask(parts, t -> {
                int i0 = Math.min(m, unit * t / parts * MR), i1 = Math.min(m, unit * (t + 1) / parts * MR);
                if (i1 > i0) {
                    run(transA, transB, i1 - i0, n, k, alpha, a, aOff + (transA ? i0 : i0 * lda), lda,
                            b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
                }
            });
        }
    }

    /**
     * A batch of independent products C_i = alpha * op(A_i) * op(B_i) + beta * C_i, all of the same
     * shape and strides, the i-th one at offsets aOffs[i], bOffs[i], cOffs[i] (offsets may repeat,
     * e.g. one B for every item; the C blocks must not overlap). Small products run whole, one per
     * task, across the pool, where {@link #sgemm} would keep each one on one thread; large ones run
     * one after the other, each spread over the pool.
     */
    public static void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    float[] a, int[] aOffs, int lda, float[] b, int[] bOffs, int ldb,
                                    float beta, float[] c, int[] cOffs, int ldc) {
        int batch = aOffs.length;
        if (bOffs.length != batch || cOffs.length != batch) {
            throw new IllegalArgumentException("offset arrays differ in length: " + batch + ", " + bOffs.length
                    + ", " + cOffs.length);
        }
        long work = (long) m * n * k;
        if (batch > 1 && work < PARALLEL_WORK && Parallel.threads() > 1) {
            int minChunk = (int) Math.max(1, PARALLEL_WORK / Math.max(1, work));
            Parallel.forRange(batch, minChunk, (s, e) -> {
                for (int i = s; i < e; i++) {
                    sgemm(transA, transB, m, n, k, alpha, a, aOffs[i], lda, b, bOffs[i], ldb, beta, c, cOffs[i], ldc);
                }
            });
            return;
        }
        for (int i = 0; i < batch; i++) {
            sgemm(transA, transB, m, n, k, alpha, a, aOffs[i], lda, b, bOffs[i], ldb, beta, c, cOffs[i], ldc);
        }
    }

    private static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (m > DIRECT_B_ROWS && n > NC) {
            blockedLarge(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            blocked(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * The packed scheme on one thread, over the whole of the given C: for each KC×NC panel of
     * op(B) (packed, or read in place when m is small), each MR-row sliver of op(A) is packed
     * into L1 (row-major from a plain A, k-major from a transposed one) and multiplied
     * with every NR-column sliver of the panel.
     */
    static void blocked(boolean transA, boolean transB, int m, int n, int k, float alpha,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc) {
        boolean rowA = !transA; // A's sliver layout, see GemmPacking.packA
        // beta goes into C up front and alpha into packed B (or A), so blocks only overwrite or add.
        if (beta != 0f && beta != 1f) scale(m, n, beta, c, cOff, ldc);
        // Rows of B a multiple of 4 KiB apart would all land in one L1 set: pack those.
        boolean directB = !transB && m <= DIRECT_B_ROWS && (ldb & 1023) != 0;
        // Equal-sized blocks (rounded to whole slivers) rather than full blocks plus a thin rest.
        int kb = split(k, KC, 1);
        int nb = split(n, NC, NR);
        GemmBuffers buf = GemmBuffers.take();
        try {
            float[] ap = buf.a(MR * GemmMicroKernel.AS + GemmMicroKernel.L);
            MemorySegment bp = buf.b((long) (directB ? NR : roundUp(Math.min(nb, n), NR)) * Math.min(kb, k));
            float[] tile = buf.tile;
            float aScale = directB ? alpha : 1f;
            for (int jc = 0; jc < n; jc += nb) {
                int nc = Math.min(nb, n - jc);
                int ncFull = nc / NR * NR;
                for (int pc = 0; pc < k; pc += kb) {
                    int kc = Math.min(kb, k - pc);
                    if (!directB) {
                        GemmPacking.packB(transB, alpha, b, bOff, ldb, pc, kc, jc, nc, bp, buf.gather);
                    } else if (ncFull < nc) {
                        // alpha is in packed A here
                        GemmPacking.packB(false, 1f, b, bOff, ldb, pc, kc, jc + ncFull, nc - ncFull, bp, buf.gather);
                    }
                    boolean add = pc > 0 || beta != 0f;
                    int bRow = bOff + pc * ldb + jc;
                    for (int ir = 0; ir < m; ir += MR) {
                        int mr = Math.min(MR, m - ir);
                        GemmPacking.packA(transA, aScale, a, aOff, lda, ir, mr, pc, kc, ap, 0);
                        int co = cOff + ir * ldc + jc;
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            if (directB && jr < ncFull) {
                                kernel(rowA, kc, ap, b, bRow + jr, ldb, add, c, co + jr, ldc, mr, nr, tile);
                            } else {
                                kernel(rowA, kc, ap, bp, directB ? 0 : (long) jr * kc, add, c, co + jr, ldc, mr, nr, tile);
                            }
                        }
                    }
                }
            }
        } finally {
            GemmBuffers.give(buf);
        }
    }

    /**
     * The packed scheme for large m and n: B is packed for up to NS columns at a time (KC×NS, in
     * L3), so each block of MC rows of A is packed once per KC step instead of once per NC
     * columns; the block's slivers then stream every NC-column part of the panel through L2.
     */
    static void blockedLarge(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        boolean rowA = !transA;
        if (beta != 0f && beta != 1f) scale(m, n, beta, c, cOff, ldc);
        int kb = split(k, KC, 1);
        int ns = split(n, NS, NR);
        int mb = split(m, MC, MR);
        int sliver = rowA ? MR * GemmMicroKernel.AS : MR * kb;
        GemmBuffers buf = GemmBuffers.take();
        try {
            float[] ap = buf.a(mb / MR * sliver + GemmMicroKernel.L);
            MemorySegment bp = buf.b((long) roundUp(Math.min(ns, n), NR) * Math.min(kb, k));
            float[] tile = buf.tile;
            for (int js = 0; js < n; js += ns) {
                int nsc = Math.min(ns, n - js);
                for (int pc = 0; pc < k; pc += kb) {
                    int kc = Math.min(kb, k - pc);
                    GemmPacking.packB(transB, alpha, b, bOff, ldb, pc, kc, js, nsc, bp, buf.gather);
                    boolean add = pc > 0 || beta != 0f;
                    int aStride = rowA ? sliver : MR * kc;
                    for (int ic = 0; ic < m; ic += mb) {
                        int mc = Math.min(mb, m - ic);
                        for (int ir = 0, t = 0; ir < mc; ir += MR, t++) {
                            GemmPacking.packA(transA, 1f, a, aOff, lda, ic + ir, Math.min(MR, mc - ir), pc, kc,
                                    ap, t * aStride);
                        }
                        for (int jc = 0; jc < nsc; jc += NC) {
                            int nc = Math.min(NC, nsc - jc);
                            for (int ir = 0, t = 0; ir < mc; ir += MR, t++) {
                                int mr = Math.min(MR, mc - ir);
                                int co = cOff + (ic + ir) * ldc + js + jc;
                                for (int jr = jc; jr < jc + nc; jr += NR) {
                                    int nr = Math.min(NR, jc + nc - jr);
                                    if (rowA) {
                                        GemmMicroKernel.kernelRowAPacked(kc, ap, t * aStride, bp, (long) jr * kc, add,
                                                c, co + jr - jc, ldc, mr, nr, tile);
                                    } else {
                                        GemmMicroKernel.kernelColAPacked(kc, ap, t * aStride, bp, (long) jr * kc, add,
                                                c, co + jr - jc, ldc, mr, nr, tile);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            GemmBuffers.give(buf);
        }
    }

    /** One block with B read in place from the caller's array, rows bs apart. */
    private static void kernel(boolean rowA, int kc, float[] ap, float[] b, int bo, int bs, boolean add,
                               float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        if (rowA) GemmMicroKernel.kernelRowA(kc, ap, 0, b, bo, bs, add, c, co, ldc, mr, nr, tile);
        else GemmMicroKernel.kernelColA(kc, ap, 0, b, bo, bs, add, c, co, ldc, mr, nr, tile);
    }

    /** One block with B from a packed sliver starting at float bo. */
    private static void kernel(boolean rowA, int kc, float[] ap, MemorySegment bp, long bo, boolean add,
                               float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        if (rowA) GemmMicroKernel.kernelRowAPacked(kc, ap, 0, bp, bo, add, c, co, ldc, mr, nr, tile);
        else GemmMicroKernel.kernelColAPacked(kc, ap, 0, bp, bo, add, c, co, ldc, mr, nr, tile);
    }

    /** Block size for a dimension of size n with at most max per block, in multiples of unit. */
    private static int split(int n, int max, int unit) {
        int blocks = (n + max - 1) / max;
        return roundUp((n + blocks - 1) / blocks, unit);
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    /** C = beta * C (C = 0 when beta is 0, whatever C held). */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            if (beta == 0f) java.util.Arrays.fill(c, o, o + n, 0f);
            else for (int j = 0; j < n; j++) c[o + j] *= beta;
        }
    }
}
