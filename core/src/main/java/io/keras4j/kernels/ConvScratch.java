package io.keras4j.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread's reusable buffers for the convolution kernels, so steady-state calls allocate
 * nothing: packed slivers of A and panels of B for {@link GemmMicroKernel}, a tile, row tables,
 * and (for the thread that calls a kernel) the padded input and the per-task partial sums. Buffers
 * only grow; ones over {@link #KEEP_FLOATS} are handed out but not kept, so a single huge call
 * does not pin its memory for the life of the thread.
 */
final class ConvScratch {
    private static final ThreadLocal<ConvScratch> LOCAL = ThreadLocal.withInitial(ConvScratch::new);
    /** Largest buffer kept between calls (64 MiB). */
    static final long KEEP_FLOATS = 1L << 24;

    private float[] a = new float[0];
    private float[] c = new float[0];
    private float[] rowsOfDy = new float[0];
    private float[] padded = new float[0];
    private float[] partials = new float[0];
    private int[] rows = new int[0];
    private MemorySegment b = MemorySegment.NULL;
    /** One register block, for partial blocks at the edges. */
    final float[] tile = new float[GemmMicroKernel.TILE];
    /** Gather offsets (MR + L entries). */
    final int[] gather = new int[GemmMicroKernel.MR + GemmMicroKernel.L];
    /** Gather offsets for packing a transposed B (L entries). */
    final int[] gatherB = new int[GemmMicroKernel.L];

    private ConvScratch() {}

    static ConvScratch get() { return LOCAL.get(); }

    /** Packed A: at least n floats (contents undefined). */
    float[] a(int n) {
        if (a.length < n) a = grow(a, n);
        return a.length >= n ? a : new float[n];
    }

    /** A block of C: at least n floats (contents undefined). */
    float[] c(int n) {
        if (c.length < n) c = grow(c, n);
        return c.length >= n ? c : new float[n];
    }

    /** Rows of an output gradient computed on demand: at least n floats (contents undefined). */
    float[] dyRows(int n) {
        if (rowsOfDy.length < n) rowsOfDy = grow(rowsOfDy, n);
        return rowsOfDy.length >= n ? rowsOfDy : new float[n];
    }

    /** The padded input (or padded gradient): at least n floats (contents undefined). */
    float[] padded(long n) {
        int size = Math.toIntExact(n);
        if (padded.length < size) padded = grow(padded, size);
        return padded.length >= size ? padded : new float[size];
    }

    /** Partial sums of several tasks: at least n floats (contents undefined). */
    float[] partials(long n) {
        int size = Math.toIntExact(n);
        if (partials.length < size) partials = grow(partials, size);
        return partials.length >= size ? partials : new float[size];
    }

    /** A new buffer of n floats if it may be kept, else the old one (the caller then allocates one for this call only). */
    private static float[] grow(float[] old, int n) {
        return n <= KEEP_FLOATS ? new float[n] : old;
    }

    /** A table of n ints (contents undefined). */
    int[] rows(int n) {
        if (rows.length < n) rows = new int[n];
        return rows;
    }

    /** A 64-byte aligned off-heap panel of at least n floats (contents undefined). */
    MemorySegment b(long n) {
        long bytes = n * Float.BYTES;
        if (b.byteSize() >= bytes) return b;
        MemorySegment fresh = Arena.ofAuto().allocate(bytes, 64);
        if (n <= KEEP_FLOATS) b = fresh;
        return fresh;
    }
}
