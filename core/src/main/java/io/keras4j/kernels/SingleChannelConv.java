package io.keras4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward convolution of a single-channel input (a network's first layer on grey images),
 * computed straight from the input: a patch has only a few elements (9 for 3×3), so packing them
 * for the GEMM costs more than the multiply-adds. Each register block is 12 output positions × 2
 * vectors of filters (24 accumulators, as {@link GemmMicroKernel}): per patch element, 2 vector
 * loads of the kernel row, then per position one broadcast of its input value (read through the
 * position's own base address, so any stride, dilation or padding) and 2 fused multiply-adds. The
 * bias and relu are applied in registers and each output vector is stored once.
 *
 * <p>The order of operations is the GEMM's (accumulators from zero, one fused multiply-add per
 * patch element in order, then bias, then relu), so with the patch in one depth block the values
 * equal {@link ConvGemm}'s bit for bit. Needs 512-bit vectors (12×32 blocks); {@link #applies}
 * says when.
 */
final class SingleChannelConv {
    private SingleChannelConv() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output positions per register block. */
    static final int R = 12;
    /** Filters per register block: two vectors. */
    private static final int N = 2 * L;
    /** Output positions whose input addresses are listed at a time. */
    static final int ROWS = 20 * R;
    /** Smallest number of rows worth handing to another thread. */
    private static final int MIN_ROWS = 2048;

    /** One input channel, one group, whole pairs of vectors of filters, one depth block, 512-bit vectors. */
    static boolean applies(WindowGeometry g) {
        return g.inChannels == 1 && g.groups == 1 && L == 16 && GemmMicroKernel.L == L && g.outChannels % N == 0
                && g.taps() <= GemmMicroKernel.KC;
    }

    /**
     * Whether a max pooling pg over this convolution's output can take {@link #pooledBlock}: the
     * convolution applies here and steps one input column per output column, the pooling windows
     * are 2×2 (one deep), two columns apart, so that the twelve rows of three neighbouring windows
     * lie at fixed distances from one input position and the line below it.
     */
    static boolean poolsInRegisters(WindowGeometry g, WindowGeometry pg) {
        return applies(g) && g.sw == 1 && pg.kd == 1 && pg.kh == 2 && pg.kw == 2 && pg.sw == 2;
    }

    /**
     * Three neighbouring 2×2 pooling windows of relu(conv + bias) for filters [j, j + 32) (w, bias
     * and y offset to j): y[yo + i*F + c] for window i. The block's twelve rows are window i's taps
     * (0,0), (0,1), (1,0), (1,1) at input p + 2i + {0, 1, below, below + 1} for p = b0 + off[q]; the
     * fused multiply-adds, bias and relu are {@link #block}'s, and the maxima are taken in registers
     * in tap order, as the pooling of stored rows takes them, so the values are the same bits.
     */
    static void pooledBlock(float[] x, int b0, int below, int[] off, int k, float[] w, int wo, int F, float[] bias, int bo,
                            float[] y, int yo) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        FloatVector c06 = z, c06x = z, c07 = z, c07x = z, c08 = z, c08x = z;
        FloatVector c09 = z, c09x = z, c10 = z, c10x = z, c11 = z, c11x = z;
        for (int q = 0, wi = wo; q < k; q++, wi += F) {
            int p = b0 + off[q], pb = p + below;
            FloatVector v0 = FloatVector.fromArray(S, w, wi);
            FloatVector v1 = FloatVector.fromArray(S, w, wi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, x[p]);
            c00 = v0.fma(a, c00);
            c00x = v1.fma(a, c00x);
            a = FloatVector.broadcast(S, x[p + 1]);
            c01 = v0.fma(a, c01);
            c01x = v1.fma(a, c01x);
            a = FloatVector.broadcast(S, x[pb]);
            c02 = v0.fma(a, c02);
            c02x = v1.fma(a, c02x);
            a = FloatVector.broadcast(S, x[pb + 1]);
            c03 = v0.fma(a, c03);
            c03x = v1.fma(a, c03x);
            a = FloatVector.broadcast(S, x[p + 2]);
            c04 = v0.fma(a, c04);
            c04x = v1.fma(a, c04x);
            a = FloatVector.broadcast(S, x[p + 3]);
            c05 = v0.fma(a, c05);
            c05x = v1.fma(a, c05x);
            a = FloatVector.broadcast(S, x[pb + 2]);
            c06 = v0.fma(a, c06);
            c06x = v1.fma(a, c06x);
            a = FloatVector.broadcast(S, x[pb + 3]);
            c07 = v0.fma(a, c07);
            c07x = v1.fma(a, c07x);
            a = FloatVector.broadcast(S, x[p + 4]);
            c08 = v0.fma(a, c08);
            c08x = v1.fma(a, c08x);
            a = FloatVector.broadcast(S, x[p + 5]);
            c09 = v0.fma(a, c09);
            c09x = v1.fma(a, c09x);
            a = FloatVector.broadcast(S, x[pb + 4]);
            c10 = v0.fma(a, c10);
            c10x = v1.fma(a, c10x);
            a = FloatVector.broadcast(S, x[pb + 5]);
            c11 = v0.fma(a, c11);
            c11x = v1.fma(a, c11x);
        }
        FloatVector u0 = FloatVector.fromArray(S, bias, bo), u1 = FloatVector.fromArray(S, bias, bo + L);
        c00 = c00.add(u0); c00x = c00x.add(u1); c01 = c01.add(u0); c01x = c01x.add(u1);
        c02 = c02.add(u0); c02x = c02x.add(u1); c03 = c03.add(u0); c03x = c03x.add(u1);
        c04 = c04.add(u0); c04x = c04x.add(u1); c05 = c05.add(u0); c05x = c05x.add(u1);
        c06 = c06.add(u0); c06x = c06x.add(u1); c07 = c07.add(u0); c07x = c07x.add(u1);
        c08 = c08.add(u0); c08x = c08x.add(u1); c09 = c09.add(u0); c09x = c09x.add(u1);
        c10 = c10.add(u0); c10x = c10x.add(u1); c11 = c11.add(u0); c11x = c11x.add(u1);
        VectorOperators.Comparison le = VectorOperators.LE; // relu as in block
        c00 = c00.blend(z, c00.compare(le, z)); c00x = c00x.blend(z, c00x.compare(le, z));
        c01 = c01.blend(z, c01.compare(le, z)); c01x = c01x.blend(z, c01x.compare(le, z));
        c02 = c02.blend(z, c02.compare(le, z)); c02x = c02x.blend(z, c02x.compare(le, z));
        c03 = c03.blend(z, c03.compare(le, z)); c03x = c03x.blend(z, c03x.compare(le, z));
        c04 = c04.blend(z, c04.compare(le, z)); c04x = c04x.blend(z, c04x.compare(le, z));
        c05 = c05.blend(z, c05.compare(le, z)); c05x = c05x.blend(z, c05x.compare(le, z));
        c06 = c06.blend(z, c06.compare(le, z)); c06x = c06x.blend(z, c06x.compare(le, z));
        c07 = c07.blend(z, c07.compare(le, z)); c07x = c07x.blend(z, c07x.compare(le, z));
        c08 = c08.blend(z, c08.compare(le, z)); c08x = c08x.blend(z, c08x.compare(le, z));
        c09 = c09.blend(z, c09.compare(le, z)); c09x = c09x.blend(z, c09x.compare(le, z));
        c10 = c10.blend(z, c10.compare(le, z)); c10x = c10x.blend(z, c10x.compare(le, z));
        c11 = c11.blend(z, c11.compare(le, z)); c11x = c11x.blend(z, c11x.compare(le, z));
        c00.max(c01).max(c02).max(c03).intoArray(y, yo);
        c00x.max(c01x).max(c02x).max(c03x).intoArray(y, yo + L);
        c04.max(c05).max(c06).max(c07).intoArray(y, yo + F);
        c04x.max(c05x).max(c06x).max(c07x).intoArray(y, yo + F + L);
        c08.max(c09).max(c10).max(c11).intoArray(y, yo + 2 * F);
        c08x.max(c09x).max(c10x).max(c11x).intoArray(y, yo + 2 * F + L);
    }

    /** y[rows, outChannels] = act(conv(x, w) + bias), as {@link ConvKernels#forward}. */
    static void forward(WindowGeometry g, float[] x, int xOff, float[] w, int wOff, float[] y, float[] bias, int bo, boolean relu) {
        PatchLayout p = new PatchLayout(g);
        float[] src = ConvGemm.source(p, x, xOff);
        int so = p.padded ? 0 : xOff;
        ConvGemm.balanced(g.rows(), MIN_ROWS, (s, e) -> {
            int[] rb = ConvScratch.get().rows(ROWS + R);
            for (int r0 = s; r0 < e; r0 += ROWS) {
                int m = Math.min(ROWS, e - r0);
                p.rowBases(r0, m, rb);
                rowsAt(p, src, so, w, wOff, rb, m, y, r0 * g.outChannels, bias, bo, relu);
            }
        });
    }

    /**
     * The m output rows whose input bases ({@link PatchLayout#rowBases}, in any order) are
     * rb[0..m), into out: row i at out[outOff + i * outChannels]. rb must have room for m + 12
     * entries; they are overwritten.
     */
    static void rowsAt(PatchLayout p, float[] x, int xo, float[] w, int wo, int[] rb, int m, float[] out, int outOff, float[] bias,
                       int bo, boolean relu) {
        int F = p.g.outChannels;
        for (int i = 0; i < m; i++) rb[i] += xo;
        for (int i = m; i < m + R; i++) rb[i] = rb[m - 1]; // the last block's missing rows: computed, not stored
        for (int i = 0; i < m; i += R) {
            int mr = Math.min(R, m - i);
            for (int j = 0; j < F; j += N) {
                block(x, rb, i, p.offset, p.k, w, wo + j, F, out, outOff + i * F + j, mr, bias, bias == null ? 0 : bo + j, relu);
            }
        }
    }

    /** Rows [0, mr) of one 12-position × 32-filter block (positions' input bases at rb[i...]): y[yo + r*F + c] for r < mr, c < 32. */
    private static void block(float[] x, int[] rb, int i, int[] off, int k, float[] w, int wo, int F, float[] y, int yo, int mr,
                              float[] bias, int bo, boolean relu) {
        int b0 = rb[i], b1 = rb[i + 1], b2 = rb[i + 2], b3 = rb[i + 3], b4 = rb[i + 4], b5 = rb[i + 5];
        int b6 = rb[i + 6], b7 = rb[i + 7], b8 = rb[i + 8], b9 = rb[i + 9], b10 = rb[i + 10], b11 = rb[i + 11];
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        FloatVector c06 = z, c06x = z, c07 = z, c07x = z, c08 = z, c08x = z;
        FloatVector c09 = z, c09x = z, c10 = z, c10x = z, c11 = z, c11x = z;
        for (int q = 0, wi = wo; q < k; q++, wi += F) {
            int o = off[q];
            FloatVector v0 = FloatVector.fromArray(S, w, wi);
            FloatVector v1 = FloatVector.fromArray(S, w, wi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, x[b0 + o]);
            c00 = v0.fma(a, c00);
            c00x = v1.fma(a, c00x);
            a = FloatVector.broadcast(S, x[b1 + o]);
            c01 = v0.fma(a, c01);
            c01x = v1.fma(a, c01x);
            a = FloatVector.broadcast(S, x[b2 + o]);
            c02 = v0.fma(a, c02);
            c02x = v1.fma(a, c02x);
            a = FloatVector.broadcast(S, x[b3 + o]);
            c03 = v0.fma(a, c03);
            c03x = v1.fma(a, c03x);
            a = FloatVector.broadcast(S, x[b4 + o]);
            c04 = v0.fma(a, c04);
            c04x = v1.fma(a, c04x);
            a = FloatVector.broadcast(S, x[b5 + o]);
            c05 = v0.fma(a, c05);
            c05x = v1.fma(a, c05x);
            a = FloatVector.broadcast(S, x[b6 + o]);
            c06 = v0.fma(a, c06);
            c06x = v1.fma(a, c06x);
            a = FloatVector.broadcast(S, x[b7 + o]);
            c07 = v0.fma(a, c07);
            c07x = v1.fma(a, c07x);
            a = FloatVector.broadcast(S, x[b8 + o]);
            c08 = v0.fma(a, c08);
            c08x = v1.fma(a, c08x);
            a = FloatVector.broadcast(S, x[b9 + o]);
            c09 = v0.fma(a, c09);
            c09x = v1.fma(a, c09x);
            a = FloatVector.broadcast(S, x[b10 + o]);
            c10 = v0.fma(a, c10);
            c10x = v1.fma(a, c10x);
            a = FloatVector.broadcast(S, x[b11 + o]);
            c11 = v0.fma(a, c11);
            c11x = v1.fma(a, c11x);
        }
        if (bias != null) {
            FloatVector u0 = FloatVector.fromArray(S, bias, bo), u1 = FloatVector.fromArray(S, bias, bo + L);
            c00 = c00.add(u0); c00x = c00x.add(u1); c01 = c01.add(u0); c01x = c01x.add(u1);
            c02 = c02.add(u0); c02x = c02x.add(u1); c03 = c03.add(u0); c03x = c03x.add(u1);
            c04 = c04.add(u0); c04x = c04x.add(u1); c05 = c05.add(u0); c05x = c05x.add(u1);
            c06 = c06.add(u0); c06x = c06x.add(u1); c07 = c07.add(u0); c07x = c07x.add(u1);
            c08 = c08.add(u0); c08x = c08x.add(u1); c09 = c09.add(u0); c09x = c09x.add(u1);
            c10 = c10.add(u0); c10x = c10x.add(u1); c11 = c11.add(u0); c11x = c11x.add(u1);
        }
        if (relu) { // max(v, 0) as Math.max has it (NaN stays, -0 becomes 0) in two cheap instructions instead of max's five
            VectorOperators.Comparison le = VectorOperators.LE;
            c00 = c00.blend(z, c00.compare(le, z)); c00x = c00x.blend(z, c00x.compare(le, z));
            c01 = c01.blend(z, c01.compare(le, z)); c01x = c01x.blend(z, c01x.compare(le, z));
            c02 = c02.blend(z, c02.compare(le, z)); c02x = c02x.blend(z, c02x.compare(le, z));
            c03 = c03.blend(z, c03.compare(le, z)); c03x = c03x.blend(z, c03x.compare(le, z));
            c04 = c04.blend(z, c04.compare(le, z)); c04x = c04x.blend(z, c04x.compare(le, z));
            c05 = c05.blend(z, c05.compare(le, z)); c05x = c05x.blend(z, c05x.compare(le, z));
            c06 = c06.blend(z, c06.compare(le, z)); c06x = c06x.blend(z, c06x.compare(le, z));
            c07 = c07.blend(z, c07.compare(le, z)); c07x = c07x.blend(z, c07x.compare(le, z));
            c08 = c08.blend(z, c08.compare(le, z)); c08x = c08x.blend(z, c08x.compare(le, z));
            c09 = c09.blend(z, c09.compare(le, z)); c09x = c09x.blend(z, c09x.compare(le, z));
            c10 = c10.blend(z, c10.compare(le, z)); c10x = c10x.blend(z, c10x.compare(le, z));
            c11 = c11.blend(z, c11.compare(le, z)); c11x = c11x.blend(z, c11x.compare(le, z));
        }
        if (mr == R) {
            c00.intoArray(y, yo); c00x.intoArray(y, yo + L);
            c01.intoArray(y, yo + F); c01x.intoArray(y, yo + F + L);
            c02.intoArray(y, yo + 2 * F); c02x.intoArray(y, yo + 2 * F + L);
            c03.intoArray(y, yo + 3 * F); c03x.intoArray(y, yo + 3 * F + L);
            c04.intoArray(y, yo + 4 * F); c04x.intoArray(y, yo + 4 * F + L);
            c05.intoArray(y, yo + 5 * F); c05x.intoArray(y, yo + 5 * F + L);
            c06.intoArray(y, yo + 6 * F); c06x.intoArray(y, yo + 6 * F + L);
            c07.intoArray(y, yo + 7 * F); c07x.intoArray(y, yo + 7 * F + L);
            c08.intoArray(y, yo + 8 * F); c08x.intoArray(y, yo + 8 * F + L);
            c09.intoArray(y, yo + 9 * F); c09x.intoArray(y, yo + 9 * F + L);
            c10.intoArray(y, yo + 10 * F); c10x.intoArray(y, yo + 10 * F + L);
            c11.intoArray(y, yo + 11 * F); c11x.intoArray(y, yo + 11 * F + L);
            return;
        }
        // the last block of a chunk: rows [0, mr) only
        float[] tile = ConvScratch.get().tile;
        c00.intoArray(tile, 0 * L); c00x.intoArray(tile, 1 * L);
        c01.intoArray(tile, 2 * L); c01x.intoArray(tile, 3 * L);
        c02.intoArray(tile, 4 * L); c02x.intoArray(tile, 5 * L);
        c03.intoArray(tile, 6 * L); c03x.intoArray(tile, 7 * L);
        c04.intoArray(tile, 8 * L); c04x.intoArray(tile, 9 * L);
        c05.intoArray(tile, 10 * L); c05x.intoArray(tile, 11 * L);
        c06.intoArray(tile, 12 * L); c06x.intoArray(tile, 13 * L);
        c07.intoArray(tile, 14 * L); c07x.intoArray(tile, 15 * L);
        c08.intoArray(tile, 16 * L); c08x.intoArray(tile, 17 * L);
        c09.intoArray(tile, 18 * L); c09x.intoArray(tile, 19 * L);
        c10.intoArray(tile, 20 * L); c10x.intoArray(tile, 21 * L);
        c11.intoArray(tile, 22 * L); c11x.intoArray(tile, 23 * L);
        for (int r = 0; r < mr; r++) System.arraycopy(tile, r * N, y, yo + r * F, N);
    }
}
