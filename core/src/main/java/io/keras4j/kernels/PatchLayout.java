package io.keras4j.kernels;

import java.util.Arrays;

/**
 * Where the patch elements of a convolution ({@link WindowGeometry}) lie in its channels_last
 * input, once the input is padded with the window's zeros: the implicit im2col matrix.
 *
 * <p>Every window of the padded input lies wholly inside it, so patch element {@code q} of output
 * row {@code r} is {@code padded[rowBase(r) + offset[q] + group * inPerGroup]} with no bounds
 * test: {@code rowBase} depends on the row only, {@code offset} on the patch element only. Patch
 * elements are ordered {@code (tap, channel-in-group)}, the flattened Keras kernel's rows. They
 * fall into runs of consecutive addresses (a whole kernel row of channels when dilation is 1 and
 * there is one group, else one tap's channels), which packing copies at once.
 *
 * <p>The padded input is only materialised when some window reaches outside the input
 * ({@link #padded}); otherwise the input is read in place.
 */
final class PatchLayout {
    final WindowGeometry g;
    /** Zeros before the input along each axis. */
    final int beforeD, beforeH, beforeW;
    /** Padded spatial sizes: large enough for every window. */
    final int pd, ph, pw;
    /** True when the input must be copied into a padded buffer; false when it is read in place. */
    final boolean padded;
    /** Patch length of one group: taps × inChannels / groups. */
    final int k;
    /** offset[q]: address of patch element q relative to the row's base (group 0); length k. */
    final int[] offset;
    /** runStart[i] is the first patch element of run i; runStart[runs] = k. */
    final int[] runStart;
    final int runs;

    PatchLayout(WindowGeometry g) {
        this.g = g;
        beforeD = g.pd;
        beforeH = g.ph;
        beforeW = g.pw;
        pd = Math.max(g.id + g.pd, (g.od - 1) * g.sd + (g.kd - 1) * g.dd + 1);
        ph = Math.max(g.ih + g.ph, (g.oh - 1) * g.sh + (g.kh - 1) * g.dh + 1);
        pw = Math.max(g.iw + g.pw, (g.ow - 1) * g.sw + (g.kw - 1) * g.dw + 1);
        padded = beforeD != 0 || beforeH != 0 || beforeW != 0 || pd != g.id || ph != g.ih || pw != g.iw;
        int C = g.inChannels, cg = C / g.groups;
        k = g.taps() * cg;
        offset = new int[k];
        int[] starts = new int[k + 1];
        int n = 0, q = 0;
        for (int a = 0; a < g.kd; a++) {
            for (int b = 0; b < g.kh; b++) {
                for (int c = 0; c < g.kw; c++) {
                    int base = ((a * g.dd * ph + b * g.dh) * pw + c * g.dw) * C;
                    for (int ch = 0; ch < cg; ch++, q++) {
                        offset[q] = base + ch;
                        if (q == 0 || offset[q] != offset[q - 1] + 1) starts[n++] = q;
                    }
                }
            }
        }
        starts[n] = k;
        runs = n;
        runStart = Arrays.copyOf(starts, n + 1);
    }

    /** Floats of the padded input (or of the input itself when not padded). */
    long paddedSize() {
        return (long) g.batch * pd * ph * pw * g.inChannels;
    }

    /** Floats per padded image. */
    int paddedImage() {
        return pd * ph * pw * g.inChannels;
    }

    /** True when runs are long enough (on average a vector or more) for row-wise copies. */
    boolean longRuns() {
        return k >= (long) runs * GemmMicroKernel.L;
    }

    /**
     * True when neighbouring output positions along the last axis read neighbouring input
     * addresses (one input channel, unit stride along that axis): each patch element, taken over
     * the positions of an output line, is then one run of the input.
     */
    boolean contiguousRows() {
        return g.inChannels == 1 && g.sw == 1;
    }

    /** The run holding patch element q. */
    int runOf(int q) {
        int i = Arrays.binarySearch(runStart, 0, runs, q);
        return i >= 0 ? i : -i - 2;
    }

    /** Fills out[0..count) with the row bases of output rows [row, row + count). */
    void rowBases(int row, int count, int[] out) {
        int OW = g.ow, OH = g.oh, OD = g.od, C = g.inChannels;
        int ow = row % OW, t = row / OW;
        int oh = t % OH;
        t /= OH;
        int od = t % OD, n = t / OD;
        for (int i = 0; i < count; i++) {
            out[i] = (((n * pd + od * g.sd) * ph + oh * g.sh) * pw + ow * g.sw) * C;
            if (++ow == OW) {
                ow = 0;
                if (++oh == OH) {
                    oh = 0;
                    if (++od == OD) { od = 0; n++; }
                }
            }
        }
    }

    /** Copies images [n0, n1) of x into their places in the padded buffer, with zeros around them. */
    void pad(float[] x, int xOff, float[] xp, int n0, int n1) {
        int C = g.inChannels, line = g.iw * C, pline = pw * C;
        for (int n = n0; n < n1; n++) {
            int img = n * paddedImage();
            Arrays.fill(xp, img, img + (beforeD * ph + beforeH) * pline, 0f);
            for (int d = 0; d < g.id; d++) {
                int plane = img + (d + beforeD) * ph * pline;
                if (d > 0) Arrays.fill(xp, plane, plane + beforeH * pline, 0f);
                for (int h = 0; h < g.ih; h++) {
                    int o = plane + (h + beforeH) * pline;
                    Arrays.fill(xp, o, o + beforeW * C, 0f);
                    System.arraycopy(x, xOff + ((n * g.id + d) * g.ih + h) * line, xp, o + beforeW * C, line);
                    Arrays.fill(xp, o + beforeW * C + line, o + pline, 0f);
                }
                Arrays.fill(xp, plane + (g.ih + beforeH) * pline, plane + ph * pline, 0f);
            }
            Arrays.fill(xp, img + (g.id + beforeD) * ph * pline, img + paddedImage(), 0f);
        }
    }

    /** dx[images n0..n1) += the input-sized interior of the padded buffer: the adjoint of {@link #pad}. */
    void cropAdd(float[] xp, float[] dx, int dxOff, int n0, int n1) {
        int C = g.inChannels, line = g.iw * C, pline = pw * C;
        for (int n = n0; n < n1; n++) {
            int img = n * paddedImage();
            for (int d = 0; d < g.id; d++) {
                for (int h = 0; h < g.ih; h++) {
                    int o = img + ((d + beforeD) * ph + h + beforeH) * pline + beforeW * C;
                    VectorAdd.addInto(xp, o, dx, dxOff + ((n * g.id + d) * g.ih + h) * line, line);
                }
            }
        }
    }
}
