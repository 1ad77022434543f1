package io.keras4j.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Packing buffers for {@link Gemm}, pooled so steady-state calls allocate nothing. Each running
 * GEMM (or GEMM task on a pool thread) takes one set and gives it back; the pool keeps a few sets
 * (enough for every thread of the pool and a handful of concurrent user threads) and lets the
 * garbage collector take any surplus. Buffers only grow.
 */
final class GemmBuffers {
    private static final AtomicReferenceArray<GemmBuffers> POOL =
            new AtomicReferenceArray<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    private float[] a = new float[0];
    private float[] scratch = new float[0];
    private MemorySegment b = MemorySegment.NULL;
    /** One register block, for partial blocks at the edges of C. */
    final float[] tile = new float[GemmMicroKernel.TILE];
    /** Sixteen vectors of partial dot products (GemmSmall). */
    final float[] sums = new float[16 * GemmMicroKernel.L];
    /** Gather offsets for packing a transposed B. */
    final int[] gather = new int[GemmMicroKernel.L];

    private GemmBuffers() {}

    static GemmBuffers take() {
        for (int i = 0, n = POOL.length(); i < n; i++) {
            GemmBuffers buf = POOL.getAndSet(i, null);
            if (buf != null) return buf;
        }
        return new GemmBuffers();
    }

    static void give(GemmBuffers buf) {
        for (int i = 0, n = POOL.length(); i < n; i++) {
            if (POOL.compareAndSet(i, null, buf)) return;
        }
    }

    /** A buffer for packed A of at least size floats (contents undefined). */
    float[] a(int size) {
        if (a.length < size) a = new float[size];
        return a;
    }

    /**
     * A buffer for packed B of at least size floats (contents undefined): off-heap and 64-byte
     * aligned, so the kernel's vector loads never straddle cache lines. The collector frees it.
     * At most KC×NS floats (8 MiB).
     */
    MemorySegment b(long size) {
        long bytes = size * Float.BYTES;
        if (b.byteSize() < bytes) b = Arena.ofAuto().allocate(bytes, 64);
        return b;
    }

    /** A scratch array of at least size floats (contents undefined). */
    float[] scratch(int size) {
        if (scratch.length < size) scratch = new float[size];
        return scratch;
    }
}
