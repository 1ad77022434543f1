package io.keras4j.kernels;

import static io.keras4j.kernels.GemmMicroKernel.AS;
import static io.keras4j.kernels.GemmMicroKernel.L;
import static io.keras4j.kernels.GemmMicroKernel.MR;
import static io.keras4j.kernels.GemmMicroKernel.NATIVE;
import static io.keras4j.kernels.GemmMicroKernel.NR;
import static io.keras4j.kernels.GemmMicroKernel.S;
import static io.keras4j.kernels.GemmMicroKernel.VBYTES;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Packs blocks of op(A) and op(B) into the layouts {@link GemmMicroKernel} streams through. Every
 * source is read along its rows (long sequential runs that the hardware prefetches), so the only
 * transposing copies are the ones the caller's layout forces: op(B) from a transposed B.
 */
final class GemmPacking {
    private GemmPacking() {}

    /**
     * Packs scale times rows [i0, i0+mr) and columns [pc, pc+kc) of op(A) into one MR-row sliver
     * at dst[d0…], rows mr…MR-1 zero, in the layout that is a plain copy of the source: from a
     * plain A row-major with row stride {@link GemmMicroKernel#AS} (the kernel's row-major A),
     * from a transposed A k-major, MR floats per k step (its k-major A).
     */
    static void packA(boolean transA, float scale, float[] a, int aOff, int lda, int i0, int mr,
                      int pc, int kc, float[] dst, int d0) {
        if (!transA) {
            for (int r = 0; r < MR; r++) {
                if (r < mr) copy(scale, a, aOff + (i0 + r) * lda + pc, dst, d0 + r * AS, kc);
                else Arrays.fill(dst, d0 + r * AS, d0 + r * AS + kc, 0f);
            }
        } else if (mr == MR && scale == 1f) {
            for (int p = 0, s = aOff + pc * lda + i0, d = d0; p < kc; p++, s += lda, d += MR) {
                System.arraycopy(a, s, dst, d, MR);
            }
        } else {
            for (int p = 0, s = aOff + pc * lda + i0, d = d0; p < kc; p++, s += lda, d += MR) {
                for (int r = 0; r < MR; r++) dst[d + r] = r < mr ? scale * a[s + r] : 0f;
            }
        }
    }

    /** dst[d…d+len) = scale * src[s…s+len). */
    private static void copy(float scale, float[] src, int s, float[] dst, int d, int len) {
        if (scale == 1f) {
            System.arraycopy(src, s, dst, d, len);
            return;
        }
        int i = 0;
        for (; i <= len - L; i += L) FloatVector.fromArray(S, src, s + i).mul(scale).intoArray(dst, d + i);
        for (; i < len; i++) dst[d + i] = scale * src[s + i];
    }

    /**
     * Packs alpha times rows [pc, pc+kc) and columns [jc, jc+nc) of op(B) (k×n; B is n×k when
     * transB) into dst: sliver s holds columns jc+s*NR… at float index s*NR*kc + p*NR + j,
     * zero-padded to whole slivers.
     */
    static void packB(boolean transB, float alpha, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                      MemorySegment dst, int[] gather) {
        if (transB) {
            for (int j = 0; j < L; j++) gather[j] = j * ldb;
            for (int s = 0, j0 = jc; j0 < jc + nc; s++, j0 += NR) {
                int w = Math.min(NR, jc + nc - j0);
                int src = bOff + j0 * ldb + pc;
                long d = (long) s * NR * kc * Float.BYTES;
                if (w == NR) packBGather(alpha, b, src, ldb, kc, dst, d, gather);
                else packBTransposed(alpha, b, src, ldb, kc, w, dst, d);
            }
            return;
        }
        int full = nc / NR;
        int rest = nc - full * NR;
        long sliverBytes = (long) NR * kc * Float.BYTES;
        for (int p = 0; p < kc; p++) {
            // One row of B at a time, dealt out to the slivers: a long sequential read.
            int src = bOff + (pc + p) * ldb + jc;
            long d = (long) p * NR * Float.BYTES;
            for (int s = 0; s < full; s++, src += NR, d += sliverBytes) {
                FloatVector.fromArray(S, b, src).mul(alpha).intoMemorySegment(dst, d, NATIVE);
                FloatVector.fromArray(S, b, src + L).mul(alpha).intoMemorySegment(dst, d + VBYTES, NATIVE);
            }
            if (rest > 0) {
                VectorMask<Float> m0 = S.indexInRange(0, rest), m1 = S.indexInRange(L, rest);
                FloatVector.fromArray(S, b, src, m0).mul(alpha).intoMemorySegment(dst, d, NATIVE);
                FloatVector.fromArray(S, b, src + L, m1).mul(alpha).intoMemorySegment(dst, d + VBYTES, NATIVE);
            }
        }
    }

    /**
     * One full NR-wide sliver from B stored n×k: for each k step, one gather per vector picks the
     * step's value out of L rows of B (gather[j] = j*ldb). Twice as fast as scalar transposition.
     */
    private static void packBGather(float alpha, float[] b, int src, int ldb, int kc, MemorySegment dst, long d,
                                    int[] gather) {
        int src1 = src + L * ldb;
        for (int p = 0; p < kc; p++, d += NR * Float.BYTES) {
            FloatVector.fromArray(S, b, src + p, gather, 0).mul(alpha).intoMemorySegment(dst, d, NATIVE);
            FloatVector.fromArray(S, b, src1 + p, gather, 0).mul(alpha).intoMemorySegment(dst, d + VBYTES, NATIVE);
        }
    }

    /** One NR-wide sliver from B stored n×k: w source rows of kc contiguous floats become columns. */
    private static void packBTransposed(float alpha, float[] b, int src, int ldb, int kc, int w, MemorySegment dst,
                                        long d) {
        long row = NR * Float.BYTES;
        for (int p = 0; p < kc; p++) {
            long o = d + p * row;
            for (int j = 0; j < NR; j++) {
                dst.set(ValueLayout.JAVA_FLOAT_UNALIGNED, o + (long) j * Float.BYTES, j < w ? alpha * b[src + j * ldb + p] : 0f);
            }
        }
    }
}
