package io.keras4j.kernels;

/**
 * Adaptive max and average pooling of channels_last float32 tensors
 * {@code (batch, in..., channels) → (batch, out..., channels)}, vectorised across channels, and
 * the scatters their gradients need. Output position {@code i} of an axis with input size
 * {@code n} and output size {@code m} pools the bin {@code [floor(i*n/m), ceil((i+1)*n/m))}, as
 * PyTorch and Keras 3 do (so bins may overlap by one, and repeat when {@code m > n}). One, two or
 * three spatial axes are stored as three, leading ones of size 1.
 *
 * <p>The max records, per output element, the in-image spatial index of the first maximum in
 * window order (NaN counts as the maximum, as in lax.max), which is where its gradient goes.
 */
public final class AdaptivePoolKernels {
    private AdaptivePoolKernels() {}

    private static final long MIN_PARALLEL_WORK = 1 << 16;

    /** The sizes of one adaptive pooling: batch, input and output spatial sizes (three axes), channels. */
    public record Bins(int batch, int id, int ih, int iw, int od, int oh, int ow, int channels) {
        /** Sizes for 1 to 3 spatial axes. */
        public static Bins of(int batch, int[] in, int[] out, int channels) {
            int r = in.length;
            int[] i3 = {1, 1, 1}, o3 = {1, 1, 1};
            System.arraycopy(in, 0, i3, 3 - r, r);
            System.arraycopy(out, 0, o3, 3 - r, r);
            return new Bins(batch, i3[0], i3[1], i3[2], o3[0], o3[1], o3[2], channels);
        }

        int inPerImage() { return id * ih * iw; }

        int outPerImage() { return od * oh * ow; }

        int rows() { return batch * outPerImage(); }
    }

    /** First input position of output bin i along an axis of input size n and output size m. */
    public static int binStart(int i, int n, int m) { return (int) ((long) i * n / m); }

    /** One past the last input position of output bin i. */
    public static int binEnd(int i, int n, int m) { return (int) (((long) (i + 1) * n + m - 1) / m); }

    /** Fills pos with the in-image spatial indices of row r's bin, in window order; returns how many. */
    private static int window(Bins b, int r, int[] pos) {
        int ow = r % b.ow, t = r / b.ow;
        int oh = t % b.oh;
        t /= b.oh;
        int od = t % b.od;
        int d0 = binStart(od, b.id, b.od), d1 = binEnd(od, b.id, b.od);
        int h0 = binStart(oh, b.ih, b.oh), h1 = binEnd(oh, b.ih, b.oh);
        int w0 = binStart(ow, b.iw, b.ow), w1 = binEnd(ow, b.iw, b.ow);
        int k = 0;
        for (int d = d0; d < d1; d++) {
            for (int h = h0; h < h1; h++) {
                for (int w = w0; w < w1; w++) pos[k++] = (d * b.ih + h) * b.iw + w;
            }
        }
        return k;
    }

    /** The largest bin, in positions: enough room for any window. */
    private static int maxWindow(Bins b) {
        return (ceilDiv(b.id, b.od) + 1) * (ceilDiv(b.ih, b.oh) + 1) * (ceilDiv(b.iw, b.ow) + 1);
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    private static int minRows(Bins b) {
        long perRow = (long) b.inPerImage() / Math.max(1, b.outPerImage()) * b.channels + b.channels;
        return (int) Math.max(1, MIN_PARALLEL_WORK / Math.max(1, perRow));
    }

    // ------------------------------------------------------------------ max

    /** y[row, c] = max over the bin; argmax (when not null) gets the in-image spatial index of the first maximum. */
    public static void maxPool(Bins b, float[] x, int xOff, float[] y, int[] argmax) {
        Parallel.forRange(b.rows(), minRows(b), (s, e) -> {
            int C = b.channels, image = b.inPerImage() * C, perImage = b.outPerImage();
            int[] pos = new int[maxWindow(b)];
            for (int r = s; r < e; r++) {
                int k = window(b, r % perImage, pos);
                PoolKernels.maxRowWithIndex(x, xOff + r / perImage * image, pos, 0, k, C, y, argmax, r * C);
            }
        });
    }

    /** dx[n, argmax[row, c], c] += g[row, c]: the gradient of max pooling; dx zero-filled by the caller. */
    public static void maxPoolScatter(Bins b, float[] g, int gOff, int[] argmax, float[] dx) {
        int C = b.channels, perImage = b.outPerImage() * C, image = b.inPerImage() * C;
        Parallel.forRange(b.batch, Math.max(1, (int) (MIN_PARALLEL_WORK / Math.max(1, perImage))), (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                int base = n * image;
                for (int i = n * perImage, end = i + perImage; i < end; i += C) PoolKernels.addAt(g, gOff + i, argmax, i, dx, base, C);
            }
        });
    }

    /** out[row, c] = v[n, argmax[row, c], c]: the adjoint of {@link #maxPoolScatter}. */
    public static void maxPoolGather(Bins b, float[] v, int vOff, int[] argmax, float[] out) {
        PoolKernels.gatherAt(b.batch, b.outPerImage() * b.channels, b.inPerImage() * b.channels, b.channels, v, vOff, argmax, out);
    }

    // ------------------------------------------------------------------ average

    /** y[row, c] = mean over the bin. */
    public static void averagePool(Bins b, float[] x, int xOff, float[] y) {
        Parallel.forRange(b.rows(), minRows(b), (s, e) -> {
            int C = b.channels, image = b.inPerImage() * C, perImage = b.outPerImage();
            int[] pos = new int[maxWindow(b)];
            for (int r = s; r < e; r++) {
                int k = window(b, r % perImage, pos);
                PoolKernels.meanRow(x, xOff + r / perImage * image, pos, k, C, y, r * C);
            }
        });
    }

    /** dx[bin positions of row] += g[row] / count: the adjoint of {@link #averagePool}; dx zero-filled by the caller. */
    public static void averagePoolAdjoint(Bins b, float[] g, int gOff, float[] dx) {
        int perImage = b.outPerImage();
        Parallel.forRange(b.batch, Math.max(1, minRows(b) / Math.max(1, perImage)), (n0, n1) -> {
            int C = b.channels, image = b.inPerImage() * C;
            int[] pos = new int[maxWindow(b)];
            float[] share = new float[C];
            for (int r = n0 * perImage; r < n1 * perImage; r++) {
                int k = window(b, r % perImage, pos);
                PoolKernels.spreadMean(g, gOff + r * C, pos, k, C, share, dx, r / perImage * image);
            }
        });
    }
}
