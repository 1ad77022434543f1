package io.keras4j.kernels;

import static io.keras4j.kernels.GemmMicroKernel.AS;
import static io.keras4j.kernels.GemmMicroKernel.KC;
import static io.keras4j.kernels.GemmMicroKernel.L;
import static io.keras4j.kernels.GemmMicroKernel.MR;
import static io.keras4j.kernels.GemmMicroKernel.NR;
import static io.keras4j.kernels.GemmMicroKernel.S;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Convolution of channels_last float32 tensors as an implicit GEMM: the patches of the input are
 * packed straight into the {@link GemmMicroKernel}'s A slivers (and the adjoint scatters its
 * blocks of C straight back), so no patch matrix is ever written out. Each of the three products
 * is the Goto scheme of {@link Gemm} with the patch addressing of a {@link PatchLayout}:
 * <ul>
 *   <li>{@link #forward}: {@code y = patches(x) · W}. A = patch rows, 12 output positions per
 *       sliver: copied row-wise when the patch consists of long runs (channels ≥ a vector),
 *       otherwise gathered k-major (one vector gather of 12 positions per patch element); B = the
 *       kernel, packed once per call.</li>
 *   <li>{@link #backwardInput}: {@code dx += scatter(dy · Wᵀ)}. A = rows of dy, B = Wᵀ packed; each
 *       12-row block of C is added into the input positions it belongs to while it is in L1.</li>
 *   <li>{@link #backwardFilter}: {@code dW = patches(x)ᵀ · dy}. A = 12 patch elements × a depth
 *       block of output rows (k-major: one vector copy per row when the 12 elements are
 *       contiguous in the input), B = the same rows of dy. Chunks of rows add into their own
 *       partial sums, which are summed in chunk order at the end.</li>
 * </ul>
 * Work is cut into a few chunks per thread, claimed dynamically ({@link #balanced}): on a shared
 * machine a thread that loses its core for a while then delays the call by one chunk, not by half
 * of the work.
 * Windows that reach into the padding read a zero-padded copy of the input (built once per call,
 * in a reused buffer); the input gradient is then accumulated in a padded buffer and cropped.
 * Groups are handled one at a time with their slice of the channels.
 */
final class ConvGemm {
    private ConvGemm() {}

    /** Columns of B packed at a time. */
    private static final int NC = 512;
    /** Output rows per block (a multiple of MR): the rows whose y block stays in L2 across depth blocks. */
    static final int MB = 20 * MR;
    /** Floats of partial kernel-gradient sums worth spending to split the rows into more chunks than threads. */
    private static final long PARTIALS_BUDGET = 1 << 20;
    /** Smallest piece of work (in multiply-adds) worth handing to another thread. */
    private static final long MIN_PARALLEL_WORK = 1 << 19;

    private static int minChunk(long workPerUnit) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MIN_PARALLEL_WORK / Math.max(1, workPerUnit)));
    }

    /** Block size for a dimension of size n with at most max per block, in multiples of unit (as Gemm). */
    private static int split(int n, int max, int unit) {
        int blocks = (n + max - 1) / max;
        return roundUp((n + blocks - 1) / blocks, unit);
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    /** Chunks per thread: with several, a thread the OS preempts does not hold up the others. */
    private static final int CHUNKS_PER_THREAD = 4;

    /**
     * Runs body over [0, n) in up to {@link #CHUNKS_PER_THREAD} chunks per thread of at least
     * minChunk indices, claimed dynamically ({@link Parallel#forEachTask}).
     */
    static void balanced(int n, int minChunk, Parallel.RangeBody body) {
        int chunks = (int) Math.min((long) CHUNKS_PER_THREAD * Parallel.threads(), n / (long) Math.max(1, minChunk));
        if (chunks <= 1) {
            if (n > 0) body.run(0, n);
            return;
        }
        Parallel.forEachTask(chunks, t -> body.run((int) ((long) n * t / chunks), (int) ((long) n * (t + 1) / chunks)));
    }

    /**
     * An output gradient whose rows are computed on demand rather than stored (the fused max
     * pooling's, {@link ConvMaxPool}): rows [r0, r0 + count), outChannels floats each, into
     * dst[dstOff...]. Called from any thread, for disjoint rows.
     */
    interface GradientRows {
        void rows(int r0, int count, float[] dst, int dstOff);
    }

    /**
     * The kernel packed once per call as B panels for every group, column block and depth block:
     * op(B) is the group's {@code depth × cols} slice of W ({@code K × filters} for the forward
     * pass; transposed, {@code filters × K}, for the input gradient). Panel (gi, jc, pc) starts at
     * {@link #panel}. Lives in the calling thread's scratch; the pool threads only read it.
     */
    private static MemorySegment packKernel(boolean trans, float[] w, int wOff, int F, int G, int cols, int depth, int nb, int kb) {
        int colsR = roundUp(cols, NR), fg = F / G;
        MemorySegment bw = ConvScratch.get().b((long) G * depth * colsR);
        int[] gather = ConvScratch.get().gatherB;
        for (int gi = 0; gi < G; gi++) {
            for (int jc = 0; jc < cols; jc += nb) {
                int nc = Math.min(nb, cols - jc);
                for (int pc = 0; pc < depth; pc += kb) {
                    GemmPacking.packB(trans, 1f, w, wOff + gi * fg, F, pc, Math.min(kb, depth - pc), jc, nc,
                            bw.asSlice(panel(gi, jc, pc, cols, depth, nc) * Float.BYTES), gather);
                }
            }
        }
        return bw;
    }

    /** Float offset of panel (group gi, columns from jc (nc of them), depth from pc) in a packed kernel; nb is a multiple of NR. */
    private static long panel(int gi, int jc, int pc, int cols, int depth, int nc) {
        return (long) gi * depth * roundUp(cols, NR) + (long) jc * depth + (long) pc * roundUp(nc, NR);
    }

    /** The input, or its zero-padded copy (in the calling thread's scratch) when windows reach outside it. */
    static float[] source(PatchLayout p, float[] x, int xOff) {
        if (!p.padded) return x;
        float[] xp = ConvScratch.get().padded(p.paddedSize());
        int perImage = p.paddedImage();
        Parallel.forRange(p.g.batch, Math.max(1, (1 << 16) / Math.max(1, perImage)), (n0, n1) -> p.pad(x, xOff, xp, n0, n1));
        return xp;
    }

    // ------------------------------------------------------------------ forward

    /**
     * y[rows, outChannels] = act(conv(x, w) + bias); x at xOff, w at wOff, y at 0 (overwritten).
     * The bias (from bias[bo]; null for none) and relu (or no activation) are the epilogue of each
     * register block of y, applied right after its last depth block is written, while it is in L1.
     */
    static void forward(WindowGeometry g, float[] x, int xOff, float[] w, int wOff, float[] y, float[] bias, int bo, boolean relu) {
        Prepared f = prepare(g, x, xOff, w, wOff);
        balanced(g.rows(), Math.max(MR, minChunk((long) f.p.k * g.outChannels)), (s, e) -> {
            int[] rb = ConvScratch.get().rows(MB);
            for (int r0 = s; r0 < e; r0 += MB) {
                int m = Math.min(MB, e - r0);
                f.p.rowBases(r0, m, rb);
                rowsAt(f, rb, m, y, r0 * g.outChannels, bias, bo, relu);
            }
        });
    }

    /**
     * A forward convolution prepared once per call, for any threads to compute rows of: the input
     * (or its padded copy, from xo) and the kernel packed as B panels (depth blocks of kb, column
     * blocks of nb). Both live in the preparing thread's scratch until its next call.
     */
    record Prepared(PatchLayout p, float[] x, int xo, MemorySegment bw, int kb, int nb) {}

    static Prepared prepare(WindowGeometry g, float[] x, int xOff, float[] w, int wOff) {
        PatchLayout p = new PatchLayout(g);
        float[] src = source(p, x, xOff);
        int F = g.outChannels, G = g.groups, fg = F / G, K = p.k;
        int kb = split(K, KC, 1), nb = split(fg, NC, NR);
        return new Prepared(p, src, p.padded ? 0 : xOff, packKernel(false, w, wOff, F, G, fg, K, nb, kb), kb, nb);
    }

    /**
     * The m output rows whose input bases (as {@link PatchLayout#rowBases} gives them, in any order)
     * are rb[0..m), at most {@link #MB}, through the bias and relu epilogue, into out: row i at
     * out[outOff + i * outChannels].
     */
    static void rowsAt(Prepared f, int[] rb, int m, float[] out, int outOff, float[] bias, int bo, boolean relu) {
        PatchLayout p = f.p;
        WindowGeometry g = p.g;
        ConvScratch t = ConvScratch.get();
        int F = g.outChannels, G = g.groups, fg = F / G, cg = g.inChannels / G, K = p.k, kb = f.kb, nb = f.nb;
        boolean rowA = p.longRuns(), epilogue = bias != null || relu;
        float[] ap = t.a(rowA ? MR * AS + L : MR * kb + L);
        for (int gi = 0; gi < G; gi++) {
            int xg = f.xo + gi * cg;
            for (int jc = 0; jc < fg; jc += nb) {
                int nc = Math.min(nb, fg - jc);
                for (int pc = 0; pc < K; pc += kb) {
                    int kc = Math.min(kb, K - pc);
                    boolean last = epilogue && pc + kc == K;
                    long panel = panel(gi, jc, pc, fg, K, nc);
                    for (int ir = 0; ir < m; ir += MR) {
                        int mr = Math.min(MR, m - ir);
                        int co = outOff + ir * F + gi * fg + jc;
                        if (rowA) packPatchRows(p, f.x, xg, rb, ir, mr, pc, kc, ap);
                        else gatherPatchRows(p, f.x, xg, rb, ir, mr, pc, kc, ap, t.gather);
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr), bj = bo + gi * fg + jc + jr;
                            // one depth block: the block goes to the tile, and from there through the epilogue to out
                            float[] c = last && pc == 0 ? t.tile : out;
                            int cOff = c == out ? co + jr : 0, ldc = c == out ? F : NR;
                            if (rowA) {
                                GemmMicroKernel.kernelRowAPacked(kc, ap, 0, f.bw, panel + (long) jr * kc, pc > 0,
                                        c, cOff, ldc, mr, nr, t.tile);
                            } else {
                                GemmMicroKernel.kernelColAPacked(kc, ap, 0, f.bw, panel + (long) jr * kc, pc > 0,
                                        c, cOff, ldc, mr, nr, t.tile);
                            }
                            if (c != out) BiasActivationKernels.blockInto(t.tile, 0, NR, out, co + jr, F, mr, nr, bias, bj, relu);
                            else if (last) BiasActivationKernels.block(out, co + jr, F, mr, nr, bias, bj, relu);
                        }
                    }
                }
            }
        }
    }

    /**
     * A row-major sliver of patch rows: ap[r * AS + q - pc] = x[xg + rb[ir + r] + offset[q]] for
     * q in [pc, pc + kc), one copy per run; rows mr..MR-1 zero.
     */
    private static void packPatchRows(PatchLayout p, float[] x, int xg, int[] rb, int ir, int mr, int pc, int kc, float[] ap) {
        int[] off = p.offset, starts = p.runStart;
        int first = p.runOf(pc), end = pc + kc;
        for (int r = 0; r < MR; r++) {
            if (r >= mr) {
                Arrays.fill(ap, r * AS, r * AS + kc, 0f);
                continue;
            }
            int base = xg + rb[ir + r], d = r * AS - pc;
            for (int i = first; starts[i] < end; i++) {
                int q0 = Math.max(starts[i], pc), q1 = Math.min(starts[i + 1], end);
                System.arraycopy(x, base + off[q0], ap, d + q0, q1 - q0);
            }
        }
    }

    /**
     * A k-major sliver of patch rows: ap[(q - pc) * MR + r] = x[xg + rb[ir + r] + offset[q]]. When
     * the MR rows are one or two runs of consecutive input addresses (a single-channel input with
     * unit stride along the last axis: neighbouring output positions read neighbouring inputs),
     * each patch element is one contiguous vector load, or two blended ones; otherwise one vector
     * gather across the rows. Rows past mr hold whatever the loads bring (their block rows are
     * discarded). Writes up to L floats past MR * kc.
     */
    private static void gatherPatchRows(PatchLayout p, float[] x, int xg, int[] rb, int ir, int mr, int pc, int kc, float[] ap,
                                        int[] idx) {
        int base = xg + rb[ir];
        int[] off = p.offset;
        int split = mr;
        for (int r = 1; r < mr; r++) {
            if (rb[ir + r] - rb[ir + r - 1] != 1) { split = r; break; }
        }
        if (MR <= L && (split == mr || rb[ir + mr - 1] - rb[ir + split] == mr - 1 - split)) {
            // lane r reads x[base + r + offset[q]] for r < split, x[base2 + (r - split) + offset[q]] beyond
            int base2 = split == mr ? base : xg + rb[ir + split] - split;
            VectorMask<Float> first = S.indexInRange(0, split);
            int lo = Math.min(base, base2), hi = Math.max(base, base2) + L; // the loads span [lo + offset[q], hi + offset[q])
            for (int q = pc, d = 0; q < pc + kc; q++, d += MR) {
                int o = off[q];
                if (lo + o >= 0 && hi + o <= x.length) {
                    FloatVector v = FloatVector.fromArray(S, x, base + o);
                    if (split < mr) v = v.blend(FloatVector.fromArray(S, x, base2 + o), first.not());
                    v.intoArray(ap, d);
                } else {
                    FloatVector v = FloatVector.fromArray(S, x, base + o, first.and(S.indexInRange(base + o, x.length)));
                    if (split < mr) {
                        VectorMask<Float> second = first.not().and(S.indexInRange(base2 + o, x.length));
                        v = v.blend(FloatVector.fromArray(S, x, base2 + o, second), second);
                    }
                    v.intoArray(ap, d);
                }
            }
            return;
        }
        for (int r = 0; r < MR + L; r++) idx[r] = rb[ir + Math.min(r, mr - 1)] - rb[ir];
        for (int q = pc, d = 0; q < pc + kc; q++, d += MR) {
            int o = base + off[q];
            for (int v = 0; v < MR; v += L) FloatVector.fromArray(S, x, o, idx, v).intoArray(ap, d + v);
        }
    }

    // ------------------------------------------------------------------ gradient with respect to the input

    /**
     * dx[batch, in..., inChannels] += the adjoint of conv applied to dy; dx at dxOff. With relu's
     * output ry (at ryOff, dy's shape; null for none) the adjoint is of {@code dy * (ry > 0 ? 1 : 0)},
     * relu's gradient, applied as the rows of dy are packed.
     */
    static void backwardInput(WindowGeometry g, float[] dy, int dyOff, float[] ry, int ryOff, float[] w, int wOff, float[] dx,
                              int dxOff) {
        backwardInput(g, dy, dyOff, ry, ryOff, null, w, wOff, dx, dxOff);
    }

    /** As above; with gr (not null) the rows of dy come from gr instead (dy and ry unused). */
    static void backwardInput(WindowGeometry g, float[] dy, int dyOff, float[] ry, int ryOff, GradientRows gr, float[] w, int wOff,
                              float[] dx, int dxOff) {
        PatchLayout p = new PatchLayout(g);
        int F = g.outChannels, G = g.groups, fg = F / G, K = p.k;
        int kb = split(fg, KC, 1), nb = split(K, NC, NR);
        // op(B) = Wᵀ (filters × patch elements): W read as n×k, n = patch element, k = filter
        MemorySegment bw = packKernel(true, w, wOff, F, G, K, fg, nb, kb);
        int perImage = g.outPerImage();
        // whole images per chunk: their input regions are disjoint, so the scatter-adds never race
        int min = minChunk((long) perImage * K * F);
        if (!p.padded) {
            balanced(g.batch, min, (n0, n1) -> backwardInputRows(p, dy, dyOff, ry, ryOff, gr, bw, kb, nb, dx, dxOff, n0 * perImage,
                    n1 * perImage));
            return;
        }
        float[] dxp = ConvScratch.get().padded(p.paddedSize());
        int image = p.paddedImage();
        balanced(g.batch, min, (n0, n1) -> {
            Arrays.fill(dxp, n0 * image, n1 * image, 0f);
            backwardInputRows(p, dy, dyOff, ry, ryOff, gr, bw, kb, nb, dxp, 0, n0 * perImage, n1 * perImage);
            p.cropAdd(dxp, dx, dxOff, n0, n1);
        });
    }

    private static void backwardInputRows(PatchLayout p, float[] dy, int dyOff, float[] ry, int ryOff, GradientRows gr,
                                          MemorySegment bw, int kb, int nb, float[] dx, int dxOff, int s, int e) {
        WindowGeometry g = p.g;
        ConvScratch t = ConvScratch.get();
        int F = g.outChannels, G = g.groups, fg = F / G, cg = g.inChannels / G, K = p.k;
        boolean longRuns = p.longRuns();
        int[] rb = t.rows(MB);
        float[] ap = t.a(MR * AS + L);
        float[] ct = t.c(MR * roundUp(Math.min(nb, K), NR));
        float[] gb = gr == null ? null : t.dyRows(MR * F);
        for (int gi = 0; gi < G; gi++) {
            int dxg = dxOff + gi * cg;
            for (int jc = 0; jc < K; jc += nb) {
                int nc = Math.min(nb, K - jc), ncr = roundUp(nc, NR);
                for (int r0 = s; r0 < e; r0 += MB) {
                    int m = Math.min(MB, e - r0);
                    p.rowBases(r0, m, rb);
                    for (int ir = 0; ir < m; ir += MR) {
                        int mr = Math.min(MR, m - ir);
                        if (gr != null) gr.rows(r0 + ir, mr, gb, 0);
                        for (int pc = 0; pc < fg; pc += kb) {
                            int kc = Math.min(kb, fg - pc);
                            int src = (r0 + ir) * F + gi * fg + pc;
                            if (gr != null) packRows(gb, gi * fg + pc, F, mr, kc, ap);
                            else if (ry == null) packRows(dy, dyOff + src, F, mr, kc, ap);
                            else packReluGradRows(dy, dyOff + src, ry, ryOff + src, F, mr, kc, ap);
                            long panel = panel(gi, jc, pc, K, fg, nc);
                            for (int jr = 0; jr < nc; jr += NR) {
                                GemmMicroKernel.kernelRowAPacked(kc, ap, 0, bw, panel + (long) jr * kc, pc > 0,
                                        ct, jr, ncr, mr, Math.min(NR, nc - jr), t.tile);
                            }
                        }
                        scatterPatchRows(p, ct, ncr, dx, dxg, rb, ir, mr, jc, nc, longRuns);
                    }
                }
            }
        }
    }

    /**
     * As {@link #packRows}, of {@code a * (m > 0 ? 1 : 0)} (m read at msrc, with a's row stride): the
     * values relu_grad would have stored.
     */
    private static void packReluGradRows(float[] a, int src, float[] m, int msrc, int ld, int mr, int kc, float[] ap) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int up = kc / L * L;
        for (int r = 0; r < MR; r++) {
            if (r >= mr) {
                Arrays.fill(ap, r * AS, r * AS + kc, 0f);
                continue;
            }
            int i = src + r * ld, mi = msrc + r * ld, d = r * AS, j = 0;
            for (; j < up; j += L) {
                FloatVector.fromArray(S, a, i + j).mul(zero.blend(one, FloatVector.fromArray(S, m, mi + j).compare(VectorOperators.GT, 0f)))
                        .intoArray(ap, d + j);
            }
            for (; j < kc; j++) ap[d + j] = a[i + j] * (m[mi + j] > 0f ? 1f : 0f);
        }
    }

    /** A row-major sliver of mr rows of kc floats, rows ld apart from a[src]; rows mr..MR-1 zero. */
    private static void packRows(float[] a, int src, int ld, int mr, int kc, float[] ap) {
        for (int r = 0; r < MR; r++) {
            if (r < mr) System.arraycopy(a, src + r * ld, ap, r * AS, kc);
            else Arrays.fill(ap, r * AS, r * AS + kc, 0f);
        }
    }

    /** dx[dxg + rb[ir + r] + offset[q]] += ct[r * ldt + q - jc] for r < mr, q in [jc, jc + nc): the adjoint of packing. */
    private static void scatterPatchRows(PatchLayout p, float[] ct, int ldt, float[] dx, int dxg, int[] rb, int ir, int mr,
                                         int jc, int nc, boolean longRuns) {
        int[] off = p.offset;
        int end = jc + nc;
        if (longRuns) {
            int[] starts = p.runStart;
            int first = p.runOf(jc);
            for (int r = 0; r < mr; r++) {
                int base = dxg + rb[ir + r], c0 = r * ldt - jc;
                for (int i = first; starts[i] < end; i++) {
                    int q0 = Math.max(starts[i], jc), q1 = Math.min(starts[i + 1], end);
                    VectorAdd.addInto(ct, c0 + q0, dx, base + off[q0], q1 - q0);
                }
            }
        } else {
            for (int r = 0; r < mr; r++) {
                int base = dxg + rb[ir + r], c0 = r * ldt - jc;
                for (int q = jc; q < end; q++) dx[base + off[q]] += ct[c0 + q];
            }
        }
    }

    // ------------------------------------------------------------------ gradient with respect to the kernel

    /**
     * dw[(taps · inPerGroup), outChannels] += patches(x)ᵀ · dy; dw at 0. With relu's output ry
     * (at ryOff, dy's shape; null for none) dy is taken as {@code dy * (ry > 0 ? 1 : 0)}, relu's
     * gradient, applied as the blocks of dy are packed; then db (null for none) receives relu's
     * bias gradient, {@link BiasActivationKernels#reluBiasGradient}: summed as the blocks are packed
     * when one task walks all the rows in order, else in a pass of its own.
     */
    static void backwardFilter(WindowGeometry g, float[] x, int xOff, float[] dy, int dyOff, float[] ry, int ryOff, float[] dw,
                               float[] db) {
        backwardFilter(g, x, xOff, dy, dyOff, ry, ryOff, null, dw, db);
    }

    /**
     * As above; with gr (not null) the rows of dy come from gr instead (dy and ry unused), and db
     * (null for none) receives their column sums in row order (the first row's values, then each
     * further row added).
     */
    static void backwardFilter(WindowGeometry g, float[] x, int xOff, float[] dy, int dyOff, float[] ry, int ryOff, GradientRows gr,
                               float[] dw, float[] db) {
        PatchLayout p = new PatchLayout(g);
        float[] src = source(p, x, xOff);
        int so = p.padded ? 0 : xOff;
        int rows = g.rows(), size = dw.length;
        // several chunks per thread (dynamically claimed) while their partial sums stay small
        int perThread = (int) Math.max(1, Math.min(CHUNKS_PER_THREAD, PARTIALS_BUDGET / Math.max(1, (long) size * Parallel.threads())));
        int tasks = Parallel.threads() == 1 ? 1
                : (int) Math.min((long) perThread * Parallel.threads(), rows / minChunk((long) p.k * g.outChannels));
        if (tasks <= 1) {
            backwardFilterRows(p, src, so, dy, dyOff, ry, ryOff, gr, dw, 0, 0, rows, db);
            return;
        }
        float[] parts = ConvScratch.get().partials((long) (tasks - 1) * size);
        // the bias gradient, a sum over all rows in order, is one more task: the first claimed, run while others take the chunks
        int extra = db != null ? 1 : 0;
        Parallel.forEachTask(tasks + extra, claimed -> {
            if (claimed < extra) {
                if (gr != null) sumRows(gr, rows, g.outChannels, db);
                else BiasActivationKernels.reluBiasGradient(dy, dyOff, ry, ryOff, rows, g.outChannels, db, 0, false);
                return;
            }
            int task = claimed - extra;
            int r0 = (int) ((long) rows * task / tasks), r1 = (int) ((long) rows * (task + 1) / tasks);
            if (task == 0) {
                backwardFilterRows(p, src, so, dy, dyOff, ry, ryOff, gr, dw, 0, r0, r1, null);
            } else {
                int o = (task - 1) * size;
                Arrays.fill(parts, o, o + size, 0f);
                backwardFilterRows(p, src, so, dy, dyOff, ry, ryOff, gr, parts, o, r0, r1, null);
            }
        });
        for (int task = 1; task < tasks; task++) VectorAdd.addInto(parts, (task - 1) * size, dw, 0, size);
    }

    /** Rows [s, e) into dw at dwOff; db (relu's bias gradient) only when the rows are all of them. */
    private static void backwardFilterRows(PatchLayout p, float[] x, int xo, float[] dy, int dyOff, float[] ry, int ryOff,
                                           GradientRows gr, float[] dw, int dwOff, int s, int e, float[] db) {
        WindowGeometry g = p.g;
        ConvScratch t = ConvScratch.get();
        int F = g.outChannels, G = g.groups, fg = F / G, cg = g.inChannels / G, K = p.k;
        int kb = split(e - s, KC, 1), nb = split(fg, NC, NR);
        // neighbouring output positions read neighbouring inputs: A row-major, each patch element's
        // row a few long copies; B is then dy itself when its rows are whole register blocks
        boolean rowA = p.contiguousRows(), directB = rowA && fg % NR == 0 && ry == null;
        float[] gb = gr == null ? null : t.dyRows(kb * F);
        int[] rb = t.rows(kb);
        float[] ap = t.a(rowA ? MR * AS + L : MR * kb + L);
        MemorySegment bp = directB ? null : t.b((long) kb * roundUp(Math.min(nb, fg), NR));
        for (int gi = 0; gi < G; gi++) {
            int xg = xo + gi * cg;
            for (int jc = 0; jc < fg; jc += nb) {
                int nc = Math.min(nb, fg - jc);
                for (int r0 = s; r0 < e; r0 += kb) {
                    int kc = Math.min(kb, e - r0);
                    p.rowBases(r0, kc, rb);
                    // B: rows of dy, or of dy from gr (computed into gb), or of relu's gradient packed as it is computed
                    float[] bArr = dy;
                    int bOff = dyOff + r0 * F;
                    if (gr != null) {
                        gr.rows(r0, kc, gb, 0);
                        if (db != null && gi == 0 && jc == 0) addRows(gb, kc, F, db, r0 == 0);
                        bArr = gb;
                        bOff = 0;
                        if (!directB) GemmPacking.packB(false, 1f, gb, gi * fg, F, 0, kc, jc, nc, bp, t.gatherB);
                    } else if (ry != null) {
                        packReluGradB(dy, dyOff + gi * fg, ry, ryOff + gi * fg, F, r0, kc, jc, nc, bp, db, gi * fg + jc);
                    } else if (!directB) {
                        GemmPacking.packB(false, 1f, dy, dyOff + gi * fg, F, r0, kc, jc, nc, bp, t.gatherB);
                    }
                    for (int i0 = 0; i0 < K; i0 += MR) {
                        int mr = Math.min(MR, K - i0);
                        int co = dwOff + i0 * F + gi * fg + jc;
                        if (rowA) {
                            packPatchColumnsRowMajor(p, x, xg, rb, kc, i0, mr, ap);
                            for (int jr = 0; jr < nc; jr += NR) {
                                if (directB) {
                                    GemmMicroKernel.kernelRowA(kc, ap, 0, bArr, bOff + gi * fg + jc + jr, F, true,
                                            dw, co + jr, F, mr, NR, t.tile);
                                } else {
                                    GemmMicroKernel.kernelRowAPacked(kc, ap, 0, bp, (long) jr * kc, true,
                                            dw, co + jr, F, mr, Math.min(NR, nc - jr), t.tile);
                                }
                            }
                        } else {
                            packPatchColumns(p, x, xg, rb, kc, i0, mr, ap, t.gather);
                            for (int jr = 0; jr < nc; jr += NR) {
                                GemmMicroKernel.kernelColAPacked(kc, ap, 0, bp, (long) jr * kc, true,
                                        dw, co + jr, F, mr, Math.min(NR, nc - jr), t.tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * db[0..n) = (first ? the first row : db) plus each further row of a[0..rows*n) in order: a
     * block of a column sum in the order of a sum over rows ({@code ReduceKernels}).
     */
    private static void addRows(float[] a, int rows, int n, float[] db, boolean first) {
        if (rows == 0) return;
        int j = 0;
        // two columns of vectors at a time, their running sums in registers
        for (; j + 2 * L <= n; j += 2 * L) {
            FloatVector s0 = first ? FloatVector.fromArray(S, a, j) : FloatVector.fromArray(S, db, j).add(FloatVector.fromArray(S, a, j));
            FloatVector s1 = first ? FloatVector.fromArray(S, a, j + L)
                    : FloatVector.fromArray(S, db, j + L).add(FloatVector.fromArray(S, a, j + L));
            for (int r = 1, o = n; r < rows; r++, o += n) {
                s0 = s0.add(FloatVector.fromArray(S, a, o + j));
                s1 = s1.add(FloatVector.fromArray(S, a, o + j + L));
            }
            s0.intoArray(db, j);
            s1.intoArray(db, j + L);
        }
        for (; j < n; j++) {
            float acc = first ? a[j] : db[j] + a[j];
            for (int r = 1, o = n; r < rows; r++, o += n) acc += a[o + j];
            db[j] = acc;
        }
    }

    /** db = the column sums of all rows of gr in order, one block of rows at a time on the calling thread. */
    private static void sumRows(GradientRows gr, int rows, int n, float[] db) {
        if (rows == 0) {
            Arrays.fill(db, 0, n, 0f);
            return;
        }
        int block = Math.max(1, KC);
        float[] gb = ConvScratch.get().dyRows(block * n);
        for (int r0 = 0; r0 < rows; r0 += block) {
            int kc = Math.min(block, rows - r0);
            gr.rows(r0, kc, gb, 0);
            addRows(gb, kc, n, db, r0 == 0);
        }
    }

    /**
     * {@link GemmPacking#packB} (B not transposed, alpha 1) of {@code b * (m > 0 ? 1 : 0)}, m read with
     * b's layout from mOff: rows [pc, pc + kc) and columns [jc, jc + nc) into NR-wide slivers,
     * sliver s at float s * NR * kc, zero-padded to whole slivers. With db (null for none) the
     * packed rows are also summed into db[dbo...] in row order, starting from row 0's values when
     * pc is 0: relu's bias gradient as {@link BiasActivationKernels#reluBiasGradient} sums it.
     */
    private static void packReluGradB(float[] b, int bOff, float[] m, int mOff, int ldb, int pc, int kc, int jc, int nc,
                                      MemorySegment dst, float[] db, int dbo) {
        if (db != null && nc == NR) {
            packReluGradSliverSumming(b, bOff + jc, m, mOff + jc, ldb, pc, kc, dst, db, dbo);
            return;
        }
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int full = nc / NR, rest = nc - full * NR;
        long sliverBytes = (long) NR * kc * Float.BYTES;
        VectorMask<Float> m0 = S.indexInRange(0, rest), m1 = S.indexInRange(L, rest);
        for (int q = 0; q < kc; q++) {
            int src = bOff + (pc + q) * ldb + jc, ms = mOff + (pc + q) * ldb + jc;
            long d = (long) q * NR * Float.BYTES;
            boolean first = pc == 0 && q == 0;
            for (int sl = 0; sl < full; sl++, src += NR, ms += NR, d += sliverBytes) {
                FloatVector v0 = FloatVector.fromArray(S, b, src)
                        .mul(zero.blend(one, FloatVector.fromArray(S, m, ms).compare(VectorOperators.GT, 0f)));
                FloatVector v1 = FloatVector.fromArray(S, b, src + L)
                        .mul(zero.blend(one, FloatVector.fromArray(S, m, ms + L).compare(VectorOperators.GT, 0f)));
                v0.intoMemorySegment(dst, d, GemmMicroKernel.NATIVE);
                v1.intoMemorySegment(dst, d + GemmMicroKernel.VBYTES, GemmMicroKernel.NATIVE);
                if (db != null) {
                    int o = dbo + sl * NR;
                    if (first) {
                        v0.intoArray(db, o);
                        v1.intoArray(db, o + L);
                    } else {
                        FloatVector.fromArray(S, db, o).add(v0).intoArray(db, o);
                        FloatVector.fromArray(S, db, o + L).add(v1).intoArray(db, o + L);
                    }
                }
            }
            if (rest > 0) {
                FloatVector v0 = FloatVector.fromArray(S, b, src, m0)
                        .mul(zero.blend(one, FloatVector.fromArray(S, m, ms, m0).compare(VectorOperators.GT, 0f)));
                FloatVector v1 = FloatVector.fromArray(S, b, src + L, m1)
                        .mul(zero.blend(one, FloatVector.fromArray(S, m, ms + L, m1).compare(VectorOperators.GT, 0f)));
                v0.intoMemorySegment(dst, d, GemmMicroKernel.NATIVE);
                v1.intoMemorySegment(dst, d + GemmMicroKernel.VBYTES, GemmMicroKernel.NATIVE);
                if (db != null) {
                    int o = dbo + full * NR;
                    if (first) {
                        v0.intoArray(db, o, m0);
                        v1.intoArray(db, o + L, m1);
                    } else {
                        FloatVector.fromArray(S, db, o, m0).add(v0).intoArray(db, o, m0);
                        FloatVector.fromArray(S, db, o + L, m1).add(v1).intoArray(db, o + L, m1);
                    }
                }
            }
        }
    }

    /** {@link #packReluGradB} of one whole sliver (columns from b[bOff], m[mOff]) with db: its two running sums stay in registers. */
    private static void packReluGradSliverSumming(float[] b, int bOff, float[] m, int mOff, int ldb, int pc, int kc, MemorySegment dst,
                                                  float[] db, int dbo) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int src = bOff + pc * ldb, ms = mOff + pc * ldb, q = 0;
        FloatVector a0 = FloatVector.fromArray(S, b, src)
                .mul(zero.blend(one, FloatVector.fromArray(S, m, ms).compare(VectorOperators.GT, 0f)));
        FloatVector a1 = FloatVector.fromArray(S, b, src + L)
                .mul(zero.blend(one, FloatVector.fromArray(S, m, ms + L).compare(VectorOperators.GT, 0f)));
        a0.intoMemorySegment(dst, 0, GemmMicroKernel.NATIVE);
        a1.intoMemorySegment(dst, GemmMicroKernel.VBYTES, GemmMicroKernel.NATIVE);
        if (pc > 0) { // continuing the sums of earlier rows
            a0 = FloatVector.fromArray(S, db, dbo).add(a0);
            a1 = FloatVector.fromArray(S, db, dbo + L).add(a1);
        }
        for (q = 1; q < kc; q++) {
            int o = q * ldb;
            long d = (long) q * NR * Float.BYTES;
            FloatVector v0 = FloatVector.fromArray(S, b, src + o)
                    .mul(zero.blend(one, FloatVector.fromArray(S, m, ms + o).compare(VectorOperators.GT, 0f)));
            FloatVector v1 = FloatVector.fromArray(S, b, src + o + L)
                    .mul(zero.blend(one, FloatVector.fromArray(S, m, ms + o + L).compare(VectorOperators.GT, 0f)));
            v0.intoMemorySegment(dst, d, GemmMicroKernel.NATIVE);
            v1.intoMemorySegment(dst, d + GemmMicroKernel.VBYTES, GemmMicroKernel.NATIVE);
            a0 = a0.add(v0);
            a1 = a1.add(v1);
        }
        a0.intoArray(db, dbo);
        a1.intoArray(db, dbo + L);
    }

    /**
     * A row-major sliver of patch columns for {@link PatchLayout#contiguousRows}: ap[r * AS + j] =
     * x[xg + rb[j] + offset[i0 + r]] for the kc rows j and r < mr, one copy per run of consecutive
     * row bases (an output line) and patch element; rows mr..MR-1 zero.
     */
    private static void packPatchColumnsRowMajor(PatchLayout p, float[] x, int xg, int[] rb, int kc, int i0, int mr, float[] ap) {
        int[] off = p.offset;
        for (int j0 = 0, j1; j0 < kc; j0 = j1) {
            j1 = j0 + 1;
            while (j1 < kc && rb[j1] == rb[j1 - 1] + 1) j1++;
            int src = xg + rb[j0];
            for (int r = 0; r < mr; r++) System.arraycopy(x, src + off[i0 + r], ap, r * AS + j0, j1 - j0);
        }
        for (int r = mr; r < MR; r++) Arrays.fill(ap, r * AS, r * AS + kc, 0f);
    }

    /**
     * A k-major sliver of patch columns: ap[j * MR + r] = x[xg + rb[j] + offset[i0 + r]] for the kc
     * rows j and r < mr: one vector copy per row when the mr elements are adjacent in the input,
     * two blended ones when they are two runs, else one gather. Lanes past mr hold whatever
     * follows (their block rows are discarded). Writes up to L floats past MR * kc.
     */
    private static void packPatchColumns(PatchLayout p, float[] x, int xg, int[] rb, int kc, int i0, int mr, float[] ap,
                                         int[] idx) {
        int[] off = p.offset;
        int base = xg + off[i0];
        if (off[i0 + mr - 1] - off[i0] == mr - 1) { // offsets increase, so this means one run
            int safe = x.length - MR - L;
            for (int j = 0, d = 0; j < kc; j++, d += MR) {
                int o = base + rb[j];
                if (o <= safe) {
                    for (int v = 0; v < MR; v += L) FloatVector.fromArray(S, x, o + v).intoArray(ap, d + v);
                } else {
                    for (int v = 0; v < MR; v += L) {
                        FloatVector.fromArray(S, x, o + v, S.indexInRange(o + v, x.length)).intoArray(ap, d + v);
                    }
                }
            }
            return;
        }
        int split = 1;
        while (off[i0 + split] == off[i0 + split - 1] + 1) split++;
        if (MR <= L && off[i0 + mr - 1] - off[i0 + split] == mr - 1 - split) {
            // two runs (the block crosses from one tap's channels to the next): two loads per row, blended
            int base2 = xg + off[i0 + split] - split;
            VectorMask<Float> first = S.indexInRange(0, split), second = first.not();
            int lo = Math.min(base, base2), hi = Math.max(base, base2) + L; // the loads of row j span [lo + rb[j], hi + rb[j])
            for (int j = 0, d = 0; j < kc; j++, d += MR) {
                int o = rb[j];
                if (lo + o >= 0 && hi + o <= x.length) {
                    FloatVector.fromArray(S, x, base + o).blend(FloatVector.fromArray(S, x, base2 + o), second).intoArray(ap, d);
                } else {
                    VectorMask<Float> m2 = second.and(S.indexInRange(base2 + o, x.length));
                    FloatVector.fromArray(S, x, base + o, first.and(S.indexInRange(base + o, x.length)))
                            .blend(FloatVector.fromArray(S, x, base2 + o, m2), m2).intoArray(ap, d);
                }
            }
            return;
        }
        for (int r = 0; r < MR + L; r++) idx[r] = off[i0 + Math.min(r, mr - 1)] - off[i0];
        for (int j = 0, d = 0; j < kc; j++, d += MR) {
            int o = base + rb[j];
            for (int v = 0; v < MR; v += L) FloatVector.fromArray(S, x, o, idx, v).intoArray(ap, d + v);
        }
    }
}
