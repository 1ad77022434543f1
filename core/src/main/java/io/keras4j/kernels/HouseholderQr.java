package io.keras4j.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The orthonormal factor of a thin Householder QR in double precision, as the orthogonal
 * initializer needs it: for an m×n matrix A (m >= n), Q (m×n) with each column multiplied by the
 * sign of R's diagonal entry, which makes Q unique (NumPy's {@code q * sign(diag(r))}).
 *
 * <p>Matrices are held transposed, one column of A per contiguous row, so every reflection is a
 * vector dot product and axpy over contiguous memory.
 */
public final class HouseholderQr {
    private HouseholderQr() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /**
     * Q^T for A^T given as {@code at} (n rows of length m, row j = column j of A); {@code at} is
     * overwritten. Returns n rows of length m: row j is column j of the sign-corrected Q.
     */
    public static double[] signCorrectedQTransposed(double[] at, int m, int n) {
        if (m < n) throw new IllegalArgumentException("HouseholderQr: needs m >= n, got m=" + m + ", n=" + n);
        double[] v = new double[n * m];   // v_k at v[k*m + k .. k*m + m)
        double[] vv = new double[n];      // |v_k|^2, 0 where H_k is the identity
        double[] rDiag = new double[n];
        for (int k = 0; k < n; k++) {
            int rk = k * m + k, len = m - k;
            double norm2 = dot(at, rk, at, rk, len);
            double x0 = at[rk];
            double alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
            System.arraycopy(at, rk, v, rk, len);
            v[rk] -= alpha;
            vv[k] = dot(v, rk, v, rk, len);
            if (vv[k] == 0) { // nothing below the diagonal and x0 == 0
                rDiag[k] = x0;
                continue;
            }
            rDiag[k] = alpha;
            for (int j = k + 1; j < n; j++) {
                int rj = j * m + k;
                double f = 2 * dot(v, rk, at, rj, len) / vv[k];
                axpy(-f, v, rk, at, rj, len);
            }
        }
        double[] qt = new double[n * m];
        for (int j = 0; j < n; j++) qt[j * m + j] = 1;
        for (int k = n - 1; k >= 0; k--) {
            if (vv[k] == 0) continue;
            int rk = k * m + k, len = m - k;
            for (int j = k; j < n; j++) { // rows j < k are still e_j, zero from position k on
                int rj = j * m + k;
                double f = 2 * dot(v, rk, qt, rj, len) / vv[k];
                axpy(-f, v, rk, qt, rj, len);
            }
        }
        for (int j = 0; j < n; j++) {
            double s = Math.signum(rDiag[j]);
            if (s == 1) continue;
            for (int i = j * m, e = i + m; i < e; i++) qt[i] *= s;
        }
        return qt;
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int len) {
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0, upper = S.loopBound(len);
        for (; i < upper; i += S.length()) {
            acc = DoubleVector.fromArray(S, a, ao + i).fma(DoubleVector.fromArray(S, b, bo + i), acc);
        }
        double s = LaneSums.sum(acc);
        for (; i < len; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /** y += alpha x. */
    private static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int len) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = 0, upper = S.loopBound(len);
        for (; i < upper; i += S.length()) {
            DoubleVector.fromArray(S, x, xo + i).fma(va, DoubleVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < len; i++) y[yo + i] += alpha * x[xo + i];
    }
}
