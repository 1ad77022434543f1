package io.keras4j.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked heart of {@link Gemm}: a 12×32 block of C (12 rows × 2 vectors of 16 with
 * AVX-512) held in 24 vector accumulators while k runs; with only 16 vector registers (AVX2 and
 * narrower) the block is 6 rows × 2 vectors so nothing spills. Per k step: 2 vector loads of B,
 * then per row one broadcast of A and 2 fused multiply-adds, so B is read at 128 bytes per 24
 * FMAs; a 4×64 block needs twice that and starves on L2 bandwidth on Intel cores. The k loop is
 * not unrolled (C2 spills when it is).
 *
 * <p>A comes as a packed sliver of MR rows in one of two layouts (see {@link GemmPacking#packA}):
 * row-major with a fixed row stride {@link #AS}, a plain copy of a non-transposed A's rows whose
 * fixed stride turns every broadcast into a constant displacement, or
 * k-major with MR floats per k step (A transposed: a row copy of it), whose 12 broadcasts per k
 * step come from one cache line instead of 12. Since the packed kernels count k in an int (so that
 * C2 drops A's range checks) the row-major one is as fast or faster even when A streams from
 * memory, and cheaper to pack. B comes with any row stride:
 * packed slivers (stride NR) in a 64-byte aligned off-heap segment, or the caller's rows directly
 * (stride ldb). Alignment matters: a Java array's data starts wherever the collector put it, and
 * with B split across cache lines the kernel runs ~7% slower.
 *
 * <p>alpha is folded into B and beta into a pass over C beforehand, so a block only ever overwrites
 * C or adds to it. Vectors never cross a method boundary (C2 boxes them when a helper is not
 * inlined, which costs 100×): the stores of a full block are written out in the kernel, and
 * partial blocks at the edges go through a small float[] tile.
 *
 * <p>The eight private kernels are one loop written out for 12 or 6 rows × row- or k-major A ×
 * B from an array or a segment; the four package-private entry points pick by the constant MR,
 * which C2 folds. Change one kernel, change them all alike.
 */
final class GemmMicroKernel {
    private GemmMicroKernel() {}

    /** The machine's widest float vector; -Dkeras4j.vector.bits=256 (or 128) narrows it, for tests. */
    static final VectorSpecies<Float> S = species();
    /** Floats per vector. */
    static final int L = S.length();
    /**
     * Rows of the register block: 12 (24 accumulators) where there are 32 vector registers
     * (AVX-512), 6 (12 accumulators) where there are 16 (AVX2 and narrower), so nothing spills.
     */
    static final int MR = S.length() >= 16 ? 12 : 6;
    /** Columns of the register block: two vectors. */
    static final int NR = 2 * L;
    /** Floats in a tile holding one register block. */
    static final int TILE = MR * NR;
    /** Largest depth of a packed block. */
    static final int KC = 512;
    /**
     * Row stride of a row-major A sliver: KC plus one cache line, so the MR rows fall into
     * different L1 sets.
     */
    static final int AS = KC + 16;
    /** Bytes per vector. */
    static final long VBYTES = (long) L * Float.BYTES;
    /** Bytes per k step of a packed B sliver (NR floats). */
    static final long SLIVER_ROW_BYTES = 2 * VBYTES;
    /** Byte order of packed B in its segment (written and read by this process only). */
    static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private static VectorSpecies<Float> species() {
        String bits = System.getProperty("keras4j.vector.bits");
        if (bits == null || bits.isBlank()) return FloatVector.SPECIES_PREFERRED;
        return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }

    /** One MR×NR block from a row-major A sliver (row r at ap[ao + r*AS]); B rows bs apart in an array. */
    static void kernelRowA(int kc, float[] ap, int ao, float[] bp, int bo, int bs, boolean add,
                           float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        if (MR == 12) rowA12(kc, ap, ao, bp, bo, bs, add, c, co, ldc, mr, nr, tile);
        else rowA6(kc, ap, ao, bp, bo, bs, add, c, co, ldc, mr, nr, tile);
    }

    /** One MR×NR block from a k-major A sliver (k step p at ap[ao + p*MR]); B rows bs apart in an array. */
    static void kernelColA(int kc, float[] ap, int ao, float[] bp, int bo, int bs, boolean add,
                           float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        if (MR == 12) colA12(kc, ap, ao, bp, bo, bs, add, c, co, ldc, mr, nr, tile);
        else colA6(kc, ap, ao, bp, bo, bs, add, c, co, ldc, mr, nr, tile);
    }

    /** As {@link #kernelRowA}, B a packed sliver (NR floats per k step) in a segment from float bo. */
    static void kernelRowAPacked(int kc, float[] ap, int ao, MemorySegment bp, long bo, boolean add,
                                 float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        if (MR == 12) rowA12Packed(kc, ap, ao, bp, bo, add, c, co, ldc, mr, nr, tile);
        else rowA6Packed(kc, ap, ao, bp, bo, add, c, co, ldc, mr, nr, tile);
    }

    /** As {@link #kernelColA}, B a packed sliver (NR floats per k step) in a segment from float bo. */
    static void kernelColAPacked(int kc, float[] ap, int ao, MemorySegment bp, long bo, boolean add,
                                 float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        if (MR == 12) colA12Packed(kc, ap, ao, bp, bo, add, c, co, ldc, mr, nr, tile);
        else colA6Packed(kc, ap, ao, bp, bo, add, c, co, ldc, mr, nr, tile);
    }

    /** 12 rows, row-major A, B from an array. */
    private static void rowA12(int kc, float[] ap, int ao, float[] bp, int bo, int bs, boolean add,
                               float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        FloatVector c06 = z, c06x = z, c07 = z, c07x = z, c08 = z, c08x = z;
        FloatVector c09 = z, c09x = z, c10 = z, c10x = z, c11 = z, c11x = z;
        for (int p = 0, ai = ao, bi = bo; p < kc; p++, ai += 1, bi += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00);
            c00x = b1.fma(a, c00x);
            a = FloatVector.broadcast(S, ap[ai + 1 * AS]);
            c01 = b0.fma(a, c01);
            c01x = b1.fma(a, c01x);
            a = FloatVector.broadcast(S, ap[ai + 2 * AS]);
            c02 = b0.fma(a, c02);
            c02x = b1.fma(a, c02x);
            a = FloatVector.broadcast(S, ap[ai + 3 * AS]);
            c03 = b0.fma(a, c03);
            c03x = b1.fma(a, c03x);
            a = FloatVector.broadcast(S, ap[ai + 4 * AS]);
            c04 = b0.fma(a, c04);
            c04x = b1.fma(a, c04x);
            a = FloatVector.broadcast(S, ap[ai + 5 * AS]);
            c05 = b0.fma(a, c05);
            c05x = b1.fma(a, c05x);
            a = FloatVector.broadcast(S, ap[ai + 6 * AS]);
            c06 = b0.fma(a, c06);
            c06x = b1.fma(a, c06x);
            a = FloatVector.broadcast(S, ap[ai + 7 * AS]);
            c07 = b0.fma(a, c07);
            c07x = b1.fma(a, c07x);
            a = FloatVector.broadcast(S, ap[ai + 8 * AS]);
            c08 = b0.fma(a, c08);
            c08x = b1.fma(a, c08x);
            a = FloatVector.broadcast(S, ap[ai + 9 * AS]);
            c09 = b0.fma(a, c09);
            c09x = b1.fma(a, c09x);
            a = FloatVector.broadcast(S, ap[ai + 10 * AS]);
            c10 = b0.fma(a, c10);
            c10x = b1.fma(a, c10x);
            a = FloatVector.broadcast(S, ap[ai + 11 * AS]);
            c11 = b0.fma(a, c11);
            c11x = b1.fma(a, c11x);
        }
        if (mr == 12 && nr == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c00x = c00x.add(FloatVector.fromArray(S, c, co + L));
                c01 = c01.add(FloatVector.fromArray(S, c, co + 1 * ldc));
                c01x = c01x.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
                c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c02x = c02x.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c03x = c03x.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c04 = c04.add(FloatVector.fromArray(S, c, co + 4 * ldc));
                c04x = c04x.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
                c05 = c05.add(FloatVector.fromArray(S, c, co + 5 * ldc));
                c05x = c05x.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
                c06 = c06.add(FloatVector.fromArray(S, c, co + 6 * ldc));
                c06x = c06x.add(FloatVector.fromArray(S, c, co + 6 * ldc + L));
                c07 = c07.add(FloatVector.fromArray(S, c, co + 7 * ldc));
                c07x = c07x.add(FloatVector.fromArray(S, c, co + 7 * ldc + L));
                c08 = c08.add(FloatVector.fromArray(S, c, co + 8 * ldc));
                c08x = c08x.add(FloatVector.fromArray(S, c, co + 8 * ldc + L));
                c09 = c09.add(FloatVector.fromArray(S, c, co + 9 * ldc));
                c09x = c09x.add(FloatVector.fromArray(S, c, co + 9 * ldc + L));
                c10 = c10.add(FloatVector.fromArray(S, c, co + 10 * ldc));
                c10x = c10x.add(FloatVector.fromArray(S, c, co + 10 * ldc + L));
                c11 = c11.add(FloatVector.fromArray(S, c, co + 11 * ldc));
                c11x = c11x.add(FloatVector.fromArray(S, c, co + 11 * ldc + L));
            }
            c00.intoArray(c, co);
            c00x.intoArray(c, co + L);
            c01.intoArray(c, co + 1 * ldc);
            c01x.intoArray(c, co + 1 * ldc + L);
            c02.intoArray(c, co + 2 * ldc);
            c02x.intoArray(c, co + 2 * ldc + L);
            c03.intoArray(c, co + 3 * ldc);
            c03x.intoArray(c, co + 3 * ldc + L);
            c04.intoArray(c, co + 4 * ldc);
            c04x.intoArray(c, co + 4 * ldc + L);
            c05.intoArray(c, co + 5 * ldc);
            c05x.intoArray(c, co + 5 * ldc + L);
            c06.intoArray(c, co + 6 * ldc);
            c06x.intoArray(c, co + 6 * ldc + L);
            c07.intoArray(c, co + 7 * ldc);
            c07x.intoArray(c, co + 7 * ldc + L);
            c08.intoArray(c, co + 8 * ldc);
            c08x.intoArray(c, co + 8 * ldc + L);
            c09.intoArray(c, co + 9 * ldc);
            c09x.intoArray(c, co + 9 * ldc + L);
            c10.intoArray(c, co + 10 * ldc);
            c10x.intoArray(c, co + 10 * ldc + L);
            c11.intoArray(c, co + 11 * ldc);
            c11x.intoArray(c, co + 11 * ldc + L);
        } else {
            c00.intoArray(tile, 0 * L);
            c00x.intoArray(tile, 1 * L);
            c01.intoArray(tile, 2 * L);
            c01x.intoArray(tile, 3 * L);
            c02.intoArray(tile, 4 * L);
            c02x.intoArray(tile, 5 * L);
            c03.intoArray(tile, 6 * L);
            c03x.intoArray(tile, 7 * L);
            c04.intoArray(tile, 8 * L);
            c04x.intoArray(tile, 9 * L);
            c05.intoArray(tile, 10 * L);
            c05x.intoArray(tile, 11 * L);
            c06.intoArray(tile, 12 * L);
            c06x.intoArray(tile, 13 * L);
            c07.intoArray(tile, 14 * L);
            c07x.intoArray(tile, 15 * L);
            c08.intoArray(tile, 16 * L);
            c08x.intoArray(tile, 17 * L);
            c09.intoArray(tile, 18 * L);
            c09x.intoArray(tile, 19 * L);
            c10.intoArray(tile, 20 * L);
            c10x.intoArray(tile, 21 * L);
            c11.intoArray(tile, 22 * L);
            c11x.intoArray(tile, 23 * L);
            storeTile(tile, add, c, co, ldc, mr, nr);
        }
    }

    /** 12 rows, k-major A, B from an array. */
    private static void colA12(int kc, float[] ap, int ao, float[] bp, int bo, int bs, boolean add,
                               float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        FloatVector c06 = z, c06x = z, c07 = z, c07x = z, c08 = z, c08x = z;
        FloatVector c09 = z, c09x = z, c10 = z, c10x = z, c11 = z, c11x = z;
        for (int p = 0, ai = ao, bi = bo; p < kc; p++, ai += 12, bi += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00);
            c00x = b1.fma(a, c00x);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c01 = b0.fma(a, c01);
            c01x = b1.fma(a, c01x);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c02 = b0.fma(a, c02);
            c02x = b1.fma(a, c02x);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c03 = b0.fma(a, c03);
            c03x = b1.fma(a, c03x);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c04 = b0.fma(a, c04);
            c04x = b1.fma(a, c04x);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c05 = b0.fma(a, c05);
            c05x = b1.fma(a, c05x);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c06 = b0.fma(a, c06);
            c06x = b1.fma(a, c06x);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c07 = b0.fma(a, c07);
            c07x = b1.fma(a, c07x);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c08 = b0.fma(a, c08);
            c08x = b1.fma(a, c08x);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c09 = b0.fma(a, c09);
            c09x = b1.fma(a, c09x);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c10 = b0.fma(a, c10);
            c10x = b1.fma(a, c10x);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c11 = b0.fma(a, c11);
            c11x = b1.fma(a, c11x);
        }
        if (mr == 12 && nr == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c00x = c00x.add(FloatVector.fromArray(S, c, co + L));
                c01 = c01.add(FloatVector.fromArray(S, c, co + 1 * ldc));
                c01x = c01x.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
                c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c02x = c02x.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c03x = c03x.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c04 = c04.add(FloatVector.fromArray(S, c, co + 4 * ldc));
                c04x = c04x.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
                c05 = c05.add(FloatVector.fromArray(S, c, co + 5 * ldc));
                c05x = c05x.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
                c06 = c06.add(FloatVector.fromArray(S, c, co + 6 * ldc));
                c06x = c06x.add(FloatVector.fromArray(S, c, co + 6 * ldc + L));
                c07 = c07.add(FloatVector.fromArray(S, c, co + 7 * ldc));
                c07x = c07x.add(FloatVector.fromArray(S, c, co + 7 * ldc + L));
                c08 = c08.add(FloatVector.fromArray(S, c, co + 8 * ldc));
                c08x = c08x.add(FloatVector.fromArray(S, c, co + 8 * ldc + L));
                c09 = c09.add(FloatVector.fromArray(S, c, co + 9 * ldc));
                c09x = c09x.add(FloatVector.fromArray(S, c, co + 9 * ldc + L));
                c10 = c10.add(FloatVector.fromArray(S, c, co + 10 * ldc));
                c10x = c10x.add(FloatVector.fromArray(S, c, co + 10 * ldc + L));
                c11 = c11.add(FloatVector.fromArray(S, c, co + 11 * ldc));
                c11x = c11x.add(FloatVector.fromArray(S, c, co + 11 * ldc + L));
            }
            c00.intoArray(c, co);
            c00x.intoArray(c, co + L);
            c01.intoArray(c, co + 1 * ldc);
            c01x.intoArray(c, co + 1 * ldc + L);
            c02.intoArray(c, co + 2 * ldc);
            c02x.intoArray(c, co + 2 * ldc + L);
            c03.intoArray(c, co + 3 * ldc);
            c03x.intoArray(c, co + 3 * ldc + L);
            c04.intoArray(c, co + 4 * ldc);
            c04x.intoArray(c, co + 4 * ldc + L);
            c05.intoArray(c, co + 5 * ldc);
            c05x.intoArray(c, co + 5 * ldc + L);
            c06.intoArray(c, co + 6 * ldc);
            c06x.intoArray(c, co + 6 * ldc + L);
            c07.intoArray(c, co + 7 * ldc);
            c07x.intoArray(c, co + 7 * ldc + L);
            c08.intoArray(c, co + 8 * ldc);
            c08x.intoArray(c, co + 8 * ldc + L);
            c09.intoArray(c, co + 9 * ldc);
            c09x.intoArray(c, co + 9 * ldc + L);
            c10.intoArray(c, co + 10 * ldc);
            c10x.intoArray(c, co + 10 * ldc + L);
            c11.intoArray(c, co + 11 * ldc);
            c11x.intoArray(c, co + 11 * ldc + L);
        } else {
            c00.intoArray(tile, 0 * L);
            c00x.intoArray(tile, 1 * L);
            c01.intoArray(tile, 2 * L);
            c01x.intoArray(tile, 3 * L);
            c02.intoArray(tile, 4 * L);
            c02x.intoArray(tile, 5 * L);
            c03.intoArray(tile, 6 * L);
            c03x.intoArray(tile, 7 * L);
            c04.intoArray(tile, 8 * L);
            c04x.intoArray(tile, 9 * L);
            c05.intoArray(tile, 10 * L);
            c05x.intoArray(tile, 11 * L);
            c06.intoArray(tile, 12 * L);
            c06x.intoArray(tile, 13 * L);
            c07.intoArray(tile, 14 * L);
            c07x.intoArray(tile, 15 * L);
            c08.intoArray(tile, 16 * L);
            c08x.intoArray(tile, 17 * L);
            c09.intoArray(tile, 18 * L);
            c09x.intoArray(tile, 19 * L);
            c10.intoArray(tile, 20 * L);
            c10x.intoArray(tile, 21 * L);
            c11.intoArray(tile, 22 * L);
            c11x.intoArray(tile, 23 * L);
            storeTile(tile, add, c, co, ldc, mr, nr);
        }
    }

    /** 12 rows, row-major A, packed B. */
    private static void rowA12Packed(int kc, float[] ap, int ao, MemorySegment bp, long bo, boolean add,
                                     float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        FloatVector c06 = z, c06x = z, c07 = z, c07x = z, c08 = z, c08x = z;
        FloatVector c09 = z, c09x = z, c10 = z, c10x = z, c11 = z, c11x = z;
        long b0At = bo * Float.BYTES;
        for (int p = 0, ai = ao; p < kc; p++, ai += 1) {
            long bi = b0At + p * SLIVER_ROW_BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, bi, NATIVE);
            FloatVector b1 = FloatVector.fromMemorySegment(S, bp, bi + VBYTES, NATIVE);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00);
            c00x = b1.fma(a, c00x);
            a = FloatVector.broadcast(S, ap[ai + 1 * AS]);
            c01 = b0.fma(a, c01);
            c01x = b1.fma(a, c01x);
            a = FloatVector.broadcast(S, ap[ai + 2 * AS]);
            c02 = b0.fma(a, c02);
            c02x = b1.fma(a, c02x);
            a = FloatVector.broadcast(S, ap[ai + 3 * AS]);
            c03 = b0.fma(a, c03);
            c03x = b1.fma(a, c03x);
            a = FloatVector.broadcast(S, ap[ai + 4 * AS]);
            c04 = b0.fma(a, c04);
            c04x = b1.fma(a, c04x);
            a = FloatVector.broadcast(S, ap[ai + 5 * AS]);
            c05 = b0.fma(a, c05);
            c05x = b1.fma(a, c05x);
            a = FloatVector.broadcast(S, ap[ai + 6 * AS]);
            c06 = b0.fma(a, c06);
            c06x = b1.fma(a, c06x);
            a = FloatVector.broadcast(S, ap[ai + 7 * AS]);
            c07 = b0.fma(a, c07);
            c07x = b1.fma(a, c07x);
            a = FloatVector.broadcast(S, ap[ai + 8 * AS]);
            c08 = b0.fma(a, c08);
            c08x = b1.fma(a, c08x);
            a = FloatVector.broadcast(S, ap[ai + 9 * AS]);
            c09 = b0.fma(a, c09);
            c09x = b1.fma(a, c09x);
            a = FloatVector.broadcast(S, ap[ai + 10 * AS]);
            c10 = b0.fma(a, c10);
            c10x = b1.fma(a, c10x);
            a = FloatVector.broadcast(S, ap[ai + 11 * AS]);
            c11 = b0.fma(a, c11);
            c11x = b1.fma(a, c11x);
        }
        if (mr == 12 && nr == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c00x = c00x.add(FloatVector.fromArray(S, c, co + L));
                c01 = c01.add(FloatVector.fromArray(S, c, co + 1 * ldc));
                c01x = c01x.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
                c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c02x = c02x.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c03x = c03x.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c04 = c04.add(FloatVector.fromArray(S, c, co + 4 * ldc));
                c04x = c04x.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
                c05 = c05.add(FloatVector.fromArray(S, c, co + 5 * ldc));
                c05x = c05x.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
                c06 = c06.add(FloatVector.fromArray(S, c, co + 6 * ldc));
                c06x = c06x.add(FloatVector.fromArray(S, c, co + 6 * ldc + L));
                c07 = c07.add(FloatVector.fromArray(S, c, co + 7 * ldc));
                c07x = c07x.add(FloatVector.fromArray(S, c, co + 7 * ldc + L));
                c08 = c08.add(FloatVector.fromArray(S, c, co + 8 * ldc));
                c08x = c08x.add(FloatVector.fromArray(S, c, co + 8 * ldc + L));
                c09 = c09.add(FloatVector.fromArray(S, c, co + 9 * ldc));
                c09x = c09x.add(FloatVector.fromArray(S, c, co + 9 * ldc + L));
                c10 = c10.add(FloatVector.fromArray(S, c, co + 10 * ldc));
                c10x = c10x.add(FloatVector.fromArray(S, c, co + 10 * ldc + L));
                c11 = c11.add(FloatVector.fromArray(S, c, co + 11 * ldc));
                c11x = c11x.add(FloatVector.fromArray(S, c, co + 11 * ldc + L));
            }
            c00.intoArray(c, co);
            c00x.intoArray(c, co + L);
            c01.intoArray(c, co + 1 * ldc);
            c01x.intoArray(c, co + 1 * ldc + L);
            c02.intoArray(c, co + 2 * ldc);
            c02x.intoArray(c, co + 2 * ldc + L);
            c03.intoArray(c, co + 3 * ldc);
            c03x.intoArray(c, co + 3 * ldc + L);
            c04.intoArray(c, co + 4 * ldc);
            c04x.intoArray(c, co + 4 * ldc + L);
            c05.intoArray(c, co + 5 * ldc);
            c05x.intoArray(c, co + 5 * ldc + L);
            c06.intoArray(c, co + 6 * ldc);
            c06x.intoArray(c, co + 6 * ldc + L);
            c07.intoArray(c, co + 7 * ldc);
            c07x.intoArray(c, co + 7 * ldc + L);
            c08.intoArray(c, co + 8 * ldc);
            c08x.intoArray(c, co + 8 * ldc + L);
            c09.intoArray(c, co + 9 * ldc);
            c09x.intoArray(c, co + 9 * ldc + L);
            c10.intoArray(c, co + 10 * ldc);
            c10x.intoArray(c, co + 10 * ldc + L);
            c11.intoArray(c, co + 11 * ldc);
            c11x.intoArray(c, co + 11 * ldc + L);
        } else {
            c00.intoArray(tile, 0 * L);
            c00x.intoArray(tile, 1 * L);
            c01.intoArray(tile, 2 * L);
            c01x.intoArray(tile, 3 * L);
            c02.intoArray(tile, 4 * L);
            c02x.intoArray(tile, 5 * L);
            c03.intoArray(tile, 6 * L);
            c03x.intoArray(tile, 7 * L);
            c04.intoArray(tile, 8 * L);
            c04x.intoArray(tile, 9 * L);
            c05.intoArray(tile, 10 * L);
            c05x.intoArray(tile, 11 * L);
            c06.intoArray(tile, 12 * L);
            c06x.intoArray(tile, 13 * L);
            c07.intoArray(tile, 14 * L);
            c07x.intoArray(tile, 15 * L);
            c08.intoArray(tile, 16 * L);
            c08x.intoArray(tile, 17 * L);
            c09.intoArray(tile, 18 * L);
            c09x.intoArray(tile, 19 * L);
            c10.intoArray(tile, 20 * L);
            c10x.intoArray(tile, 21 * L);
            c11.intoArray(tile, 22 * L);
            c11x.intoArray(tile, 23 * L);
            storeTile(tile, add, c, co, ldc, mr, nr);
        }
    }

    /** 12 rows, k-major A, packed B. */
    private static void colA12Packed(int kc, float[] ap, int ao, MemorySegment bp, long bo, boolean add,
                                     float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        FloatVector c06 = z, c06x = z, c07 = z, c07x = z, c08 = z, c08x = z;
        FloatVector c09 = z, c09x = z, c10 = z, c10x = z, c11 = z, c11x = z;
        long b0At = bo * Float.BYTES;
        for (int p = 0, ai = ao; p < kc; p++, ai += 12) {
            long bi = b0At + p * SLIVER_ROW_BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, bi, NATIVE);
            FloatVector b1 = FloatVector.fromMemorySegment(S, bp, bi + VBYTES, NATIVE);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00);
            c00x = b1.fma(a, c00x);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c01 = b0.fma(a, c01);
            c01x = b1.fma(a, c01x);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c02 = b0.fma(a, c02);
            c02x = b1.fma(a, c02x);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c03 = b0.fma(a, c03);
            c03x = b1.fma(a, c03x);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c04 = b0.fma(a, c04);
            c04x = b1.fma(a, c04x);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c05 = b0.fma(a, c05);
            c05x = b1.fma(a, c05x);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c06 = b0.fma(a, c06);
            c06x = b1.fma(a, c06x);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c07 = b0.fma(a, c07);
            c07x = b1.fma(a, c07x);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c08 = b0.fma(a, c08);
            c08x = b1.fma(a, c08x);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c09 = b0.fma(a, c09);
            c09x = b1.fma(a, c09x);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c10 = b0.fma(a, c10);
            c10x = b1.fma(a, c10x);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c11 = b0.fma(a, c11);
            c11x = b1.fma(a, c11x);
        }
        if (mr == 12 && nr == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c00x = c00x.add(FloatVector.fromArray(S, c, co + L));
                c01 = c01.add(FloatVector.fromArray(S, c, co + 1 * ldc));
                c01x = c01x.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
                c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c02x = c02x.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c03x = c03x.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c04 = c04.add(FloatVector.fromArray(S, c, co + 4 * ldc));
                c04x = c04x.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
                c05 = c05.add(FloatVector.fromArray(S, c, co + 5 * ldc));
                c05x = c05x.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
                c06 = c06.add(FloatVector.fromArray(S, c, co + 6 * ldc));
                c06x = c06x.add(FloatVector.fromArray(S, c, co + 6 * ldc + L));
                c07 = c07.add(FloatVector.fromArray(S, c, co + 7 * ldc));
                c07x = c07x.add(FloatVector.fromArray(S, c, co + 7 * ldc + L));
                c08 = c08.add(FloatVector.fromArray(S, c, co + 8 * ldc));
                c08x = c08x.add(FloatVector.fromArray(S, c, co + 8 * ldc + L));
                c09 = c09.add(FloatVector.fromArray(S, c, co + 9 * ldc));
                c09x = c09x.add(FloatVector.fromArray(S, c, co + 9 * ldc + L));
                c10 = c10.add(FloatVector.fromArray(S, c, co + 10 * ldc));
                c10x = c10x.add(FloatVector.fromArray(S, c, co + 10 * ldc + L));
                c11 = c11.add(FloatVector.fromArray(S, c, co + 11 * ldc));
                c11x = c11x.add(FloatVector.fromArray(S, c, co + 11 * ldc + L));
            }
            c00.intoArray(c, co);
            c00x.intoArray(c, co + L);
            c01.intoArray(c, co + 1 * ldc);
            c01x.intoArray(c, co + 1 * ldc + L);
            c02.intoArray(c, co + 2 * ldc);
            c02x.intoArray(c, co + 2 * ldc + L);
            c03.intoArray(c, co + 3 * ldc);
            c03x.intoArray(c, co + 3 * ldc + L);
            c04.intoArray(c, co + 4 * ldc);
            c04x.intoArray(c, co + 4 * ldc + L);
            c05.intoArray(c, co + 5 * ldc);
            c05x.intoArray(c, co + 5 * ldc + L);
            c06.intoArray(c, co + 6 * ldc);
            c06x.intoArray(c, co + 6 * ldc + L);
            c07.intoArray(c, co + 7 * ldc);
            c07x.intoArray(c, co + 7 * ldc + L);
            c08.intoArray(c, co + 8 * ldc);
            c08x.intoArray(c, co + 8 * ldc + L);
            c09.intoArray(c, co + 9 * ldc);
            c09x.intoArray(c, co + 9 * ldc + L);
            c10.intoArray(c, co + 10 * ldc);
            c10x.intoArray(c, co + 10 * ldc + L);
            c11.intoArray(c, co + 11 * ldc);
            c11x.intoArray(c, co + 11 * ldc + L);
        } else {
            c00.intoArray(tile, 0 * L);
            c00x.intoArray(tile, 1 * L);
            c01.intoArray(tile, 2 * L);
            c01x.intoArray(tile, 3 * L);
            c02.intoArray(tile, 4 * L);
            c02x.intoArray(tile, 5 * L);
            c03.intoArray(tile, 6 * L);
            c03x.intoArray(tile, 7 * L);
            c04.intoArray(tile, 8 * L);
            c04x.intoArray(tile, 9 * L);
            c05.intoArray(tile, 10 * L);
            c05x.intoArray(tile, 11 * L);
            c06.intoArray(tile, 12 * L);
            c06x.intoArray(tile, 13 * L);
            c07.intoArray(tile, 14 * L);
            c07x.intoArray(tile, 15 * L);
            c08.intoArray(tile, 16 * L);
            c08x.intoArray(tile, 17 * L);
            c09.intoArray(tile, 18 * L);
            c09x.intoArray(tile, 19 * L);
            c10.intoArray(tile, 20 * L);
            c10x.intoArray(tile, 21 * L);
            c11.intoArray(tile, 22 * L);
            c11x.intoArray(tile, 23 * L);
            storeTile(tile, add, c, co, ldc, mr, nr);
        }
    }

    /** 6 rows, row-major A, B from an array. */
    private static void rowA6(int kc, float[] ap, int ao, float[] bp, int bo, int bs, boolean add,
                              float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        for (int p = 0, ai = ao, bi = bo; p < kc; p++, ai += 1, bi += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00);
            c00x = b1.fma(a, c00x);
            a = FloatVector.broadcast(S, ap[ai + 1 * AS]);
            c01 = b0.fma(a, c01);
            c01x = b1.fma(a, c01x);
            a = FloatVector.broadcast(S, ap[ai + 2 * AS]);
            c02 = b0.fma(a, c02);
            c02x = b1.fma(a, c02x);
            a = FloatVector.broadcast(S, ap[ai + 3 * AS]);
            c03 = b0.fma(a, c03);
            c03x = b1.fma(a, c03x);
            a = FloatVector.broadcast(S, ap[ai + 4 * AS]);
            c04 = b0.fma(a, c04);
            c04x = b1.fma(a, c04x);
            a = FloatVector.broadcast(S, ap[ai + 5 * AS]);
            c05 = b0.fma(a, c05);
            c05x = b1.fma(a, c05x);
        }
        if (mr == 6 && nr == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c00x = c00x.add(FloatVector.fromArray(S, c, co + L));
                c01 = c01.add(FloatVector.fromArray(S, c, co + 1 * ldc));
                c01x = c01x.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
                c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c02x = c02x.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c03x = c03x.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c04 = c04.add(FloatVector.fromArray(S, c, co + 4 * ldc));
                c04x = c04x.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
                c05 = c05.add(FloatVector.fromArray(S, c, co + 5 * ldc));
                c05x = c05x.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
            }
            c00.intoArray(c, co);
            c00x.intoArray(c, co + L);
            c01.intoArray(c, co + 1 * ldc);
            c01x.intoArray(c, co + 1 * ldc + L);
            c02.intoArray(c, co + 2 * ldc);
            c02x.intoArray(c, co + 2 * ldc + L);
            c03.intoArray(c, co + 3 * ldc);
            c03x.intoArray(c, co + 3 * ldc + L);
            c04.intoArray(c, co + 4 * ldc);
            c04x.intoArray(c, co + 4 * ldc + L);
            c05.intoArray(c, co + 5 * ldc);
            c05x.intoArray(c, co + 5 * ldc + L);
        } else {
            c00.intoArray(tile, 0 * L);
            c00x.intoArray(tile, 1 * L);
            c01.intoArray(tile, 2 * L);
            c01x.intoArray(tile, 3 * L);
            c02.intoArray(tile, 4 * L);
            c02x.intoArray(tile, 5 * L);
            c03.intoArray(tile, 6 * L);
            c03x.intoArray(tile, 7 * L);
            c04.intoArray(tile, 8 * L);
            c04x.intoArray(tile, 9 * L);
            c05.intoArray(tile, 10 * L);
            c05x.intoArray(tile, 11 * L);
            storeTile(tile, add, c, co, ldc, mr, nr);
        }
    }

    /** 6 rows, k-major A, B from an array. */
    private static void colA6(int kc, float[] ap, int ao, float[] bp, int bo, int bs, boolean add,
                              float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        for (int p = 0, ai = ao, bi = bo; p < kc; p++, ai += 6, bi += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00);
            c00x = b1.fma(a, c00x);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c01 = b0.fma(a, c01);
            c01x = b1.fma(a, c01x);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c02 = b0.fma(a, c02);
            c02x = b1.fma(a, c02x);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c03 = b0.fma(a, c03);
            c03x = b1.fma(a, c03x);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c04 = b0.fma(a, c04);
            c04x = b1.fma(a, c04x);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c05 = b0.fma(a, c05);
            c05x = b1.fma(a, c05x);
        }
        if (mr == 6 && nr == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c00x = c00x.add(FloatVector.fromArray(S, c, co + L));
                c01 = c01.add(FloatVector.fromArray(S, c, co + 1 * ldc));
                c01x = c01x.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
                c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c02x = c02x.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c03x = c03x.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c04 = c04.add(FloatVector.fromArray(S, c, co + 4 * ldc));
                c04x = c04x.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
                c05 = c05.add(FloatVector.fromArray(S, c, co + 5 * ldc));
                c05x = c05x.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
            }
            c00.intoArray(c, co);
            c00x.intoArray(c, co + L);
            c01.intoArray(c, co + 1 * ldc);
            c01x.intoArray(c, co + 1 * ldc + L);
            c02.intoArray(c, co + 2 * ldc);
            c02x.intoArray(c, co + 2 * ldc + L);
            c03.intoArray(c, co + 3 * ldc);
            c03x.intoArray(c, co + 3 * ldc + L);
            c04.intoArray(c, co + 4 * ldc);
            c04x.intoArray(c, co + 4 * ldc + L);
            c05.intoArray(c, co + 5 * ldc);
            c05x.intoArray(c, co + 5 * ldc + L);
        } else {
            c00.intoArray(tile, 0 * L);
            c00x.intoArray(tile, 1 * L);
            c01.intoArray(tile, 2 * L);
            c01x.intoArray(tile, 3 * L);
            c02.intoArray(tile, 4 * L);
            c02x.intoArray(tile, 5 * L);
            c03.intoArray(tile, 6 * L);
            c03x.intoArray(tile, 7 * L);
            c04.intoArray(tile, 8 * L);
            c04x.intoArray(tile, 9 * L);
            c05.intoArray(tile, 10 * L);
            c05x.intoArray(tile, 11 * L);
            storeTile(tile, add, c, co, ldc, mr, nr);
        }
    }

    /** 6 rows, row-major A, packed B. */
    private static void rowA6Packed(int kc, float[] ap, int ao, MemorySegment bp, long bo, boolean add,
                                    float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        long b0At = bo * Float.BYTES;
        for (int p = 0, ai = ao; p < kc; p++, ai += 1) {
            long bi = b0At + p * SLIVER_ROW_BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, bi, NATIVE);
            FloatVector b1 = FloatVector.fromMemorySegment(S, bp, bi + VBYTES, NATIVE);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00);
            c00x = b1.fma(a, c00x);
            a = FloatVector.broadcast(S, ap[ai + 1 * AS]);
            c01 = b0.fma(a, c01);
            c01x = b1.fma(a, c01x);
            a = FloatVector.broadcast(S, ap[ai + 2 * AS]);
            c02 = b0.fma(a, c02);
            c02x = b1.fma(a, c02x);
            a = FloatVector.broadcast(S, ap[ai + 3 * AS]);
            c03 = b0.fma(a, c03);
            c03x = b1.fma(a, c03x);
            a = FloatVector.broadcast(S, ap[ai + 4 * AS]);
            c04 = b0.fma(a, c04);
            c04x = b1.fma(a, c04x);
            a = FloatVector.broadcast(S, ap[ai + 5 * AS]);
            c05 = b0.fma(a, c05);
            c05x = b1.fma(a, c05x);
        }
        if (mr == 6 && nr == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c00x = c00x.add(FloatVector.fromArray(S, c, co + L));
                c01 = c01.add(FloatVector.fromArray(S, c, co + 1 * ldc));
                c01x = c01x.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
                c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c02x = c02x.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c03x = c03x.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c04 = c04.add(FloatVector.fromArray(S, c, co + 4 * ldc));
                c04x = c04x.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
                c05 = c05.add(FloatVector.fromArray(S, c, co + 5 * ldc));
                c05x = c05x.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
            }
            c00.intoArray(c, co);
            c00x.intoArray(c, co + L);
            c01.intoArray(c, co + 1 * ldc);
            c01x.intoArray(c, co + 1 * ldc + L);
            c02.intoArray(c, co + 2 * ldc);
            c02x.intoArray(c, co + 2 * ldc + L);
            c03.intoArray(c, co + 3 * ldc);
            c03x.intoArray(c, co + 3 * ldc + L);
            c04.intoArray(c, co + 4 * ldc);
            c04x.intoArray(c, co + 4 * ldc + L);
            c05.intoArray(c, co + 5 * ldc);
            c05x.intoArray(c, co + 5 * ldc + L);
        } else {
            c00.intoArray(tile, 0 * L);
            c00x.intoArray(tile, 1 * L);
            c01.intoArray(tile, 2 * L);
            c01x.intoArray(tile, 3 * L);
            c02.intoArray(tile, 4 * L);
            c02x.intoArray(tile, 5 * L);
            c03.intoArray(tile, 6 * L);
            c03x.intoArray(tile, 7 * L);
            c04.intoArray(tile, 8 * L);
            c04x.intoArray(tile, 9 * L);
            c05.intoArray(tile, 10 * L);
            c05x.intoArray(tile, 11 * L);
            storeTile(tile, add, c, co, ldc, mr, nr);
        }
    }

    /** 6 rows, k-major A, packed B. */
    private static void colA6Packed(int kc, float[] ap, int ao, MemorySegment bp, long bo, boolean add,
                                    float[] c, int co, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c00x = z, c01 = z, c01x = z, c02 = z, c02x = z;
        FloatVector c03 = z, c03x = z, c04 = z, c04x = z, c05 = z, c05x = z;
        long b0At = bo * Float.BYTES;
        for (int p = 0, ai = ao; p < kc; p++, ai += 6) {
            long bi = b0At + p * SLIVER_ROW_BYTES;
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, bi, NATIVE);
            FloatVector b1 = FloatVector.fromMemorySegment(S, bp, bi + VBYTES, NATIVE);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00);
            c00x = b1.fma(a, c00x);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c01 = b0.fma(a, c01);
            c01x = b1.fma(a, c01x);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c02 = b0.fma(a, c02);
            c02x = b1.fma(a, c02x);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c03 = b0.fma(a, c03);
            c03x = b1.fma(a, c03x);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c04 = b0.fma(a, c04);
            c04x = b1.fma(a, c04x);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c05 = b0.fma(a, c05);
            c05x = b1.fma(a, c05x);
        }
        if (mr == 6 && nr == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c00x = c00x.add(FloatVector.fromArray(S, c, co + L));
                c01 = c01.add(FloatVector.fromArray(S, c, co + 1 * ldc));
                c01x = c01x.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
                c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c02x = c02x.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c03x = c03x.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c04 = c04.add(FloatVector.fromArray(S, c, co + 4 * ldc));
                c04x = c04x.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
                c05 = c05.add(FloatVector.fromArray(S, c, co + 5 * ldc));
                c05x = c05x.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
            }
            c00.intoArray(c, co);
            c00x.intoArray(c, co + L);
            c01.intoArray(c, co + 1 * ldc);
            c01x.intoArray(c, co + 1 * ldc + L);
            c02.intoArray(c, co + 2 * ldc);
            c02x.intoArray(c, co + 2 * ldc + L);
            c03.intoArray(c, co + 3 * ldc);
            c03x.intoArray(c, co + 3 * ldc + L);
            c04.intoArray(c, co + 4 * ldc);
            c04x.intoArray(c, co + 4 * ldc + L);
            c05.intoArray(c, co + 5 * ldc);
            c05x.intoArray(c, co + 5 * ldc + L);
        } else {
            c00.intoArray(tile, 0 * L);
            c00x.intoArray(tile, 1 * L);
            c01.intoArray(tile, 2 * L);
            c01x.intoArray(tile, 3 * L);
            c02.intoArray(tile, 4 * L);
            c02x.intoArray(tile, 5 * L);
            c03.intoArray(tile, 6 * L);
            c03x.intoArray(tile, 7 * L);
            c04.intoArray(tile, 8 * L);
            c04x.intoArray(tile, 9 * L);
            c05.intoArray(tile, 10 * L);
            c05x.intoArray(tile, 11 * L);
            storeTile(tile, add, c, co, ldc, mr, nr);
        }
    }

    /** Writes (or adds) the leading mr×nr part of an MR×NR tile into C. */
    static void storeTile(float[] tile, boolean add, float[] c, int co, int ldc, int mr, int nr) {
        for (int r = 0; r < mr; r++) {
            int o = co + r * ldc, t = r * NR;
            for (int j = 0; j < nr; j += L) {
                VectorMask<Float> m = S.indexInRange(j, nr);
                FloatVector v = FloatVector.fromArray(S, tile, t + j);
                if (add) v = v.add(FloatVector.fromArray(S, c, o + j, m));
                v.intoArray(c, o + j, m);
            }
        }
    }
}
