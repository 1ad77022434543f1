package io.keras4j.ops;

import io.keras4j.autograd.GradientTape;
import io.keras4j.kernels.ActivationKernels;
import io.keras4j.kernels.ActivationKernels.Act;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Tensor;
import io.keras4j.testing.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static io.keras4j.testing.GradCheck.assertClose;
import static io.keras4j.testing.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NNOpsTest {

    /** The six inputs the NumPy references below were computed at. */
    private static final float[] X6 = {-6f, -1.5f, -0.25f, 0.5f, 2f, 9f};
    /** 40 elements: with 16-lane vectors both the vector body and the scalar tail see every reference input. */
    private static final int TILED = 40;

    private static Tensor tile(float[] v) {
        float[] out = new float[TILED];
        for (int i = 0; i < TILED; i++) out[i] = v[i % v.length];
        return Tensor.of(out, TILED);
    }

    /** {@code smooth}: a nonzero second derivative (piecewise-linear activations have f'' = 0 and record none). */
    private record Case(String name, UnaryOperator<Tensor> f, float[] expected, boolean smooth) {
        Case(String name, UnaryOperator<Tensor> f, float[] expected) { this(name, f, expected, true); }
    }

    // numpy (float64, x = X6), e.g. elu: np.where(x > 0, x, np.expm1(x)); gelu: 0.5*x*(1+np.tanh(np.sqrt(2/np.pi)*(x+0.044715*x**3)));
    // gelu exact: 0.5*x*(1+math.erf(x/np.sqrt(2))); selu: scale*np.where(x > 0, x, alpha*np.expm1(x)); mish: x*np.tanh(np.logaddexp(x, 0));
    // hard_sigmoid: np.clip(x/6 + 0.5, 0, 1); squareplus: (x + np.sqrt(x*x + b))/2; log_sigmoid: -np.logaddexp(-x, 0)
    private static List<Case> activationCases() {
        return List.of(
                new Case("relu6", Ops::relu6, new float[]{0f, 0f, 0f, 0.5f, 2f, 6f}, false),
                new Case("elu", Ops::elu, new float[]{-0.997521248f, -0.77686984f, -0.221199217f, 0.5f, 2f, 9f}),
                new Case("elu(0.5)", x -> Ops.elu(x, 0.5f), new float[]{-0.498760624f, -0.38843492f, -0.110599608f, 0.5f, 2f, 9f}),
                new Case("selu", Ops::selu, new float[]{-1.75374145f, -1.36581435f, -0.388890197f, 0.525350494f, 2.10140197f, 9.45630889f}),
                new Case("gelu", Ops::gelu, new float[]{-8.43964898e-11f, -0.100428423f, -0.100324649f, 0.34571401f, 1.95459769f, 9f}),
                new Case("gelu exact", x -> Ops.gelu(x, false), new float[]{-5.91952587e-09f, -0.100210802f, -0.100323419f, 0.345731231f, 1.95449974f, 9f}),
                new Case("silu", Ops::silu, new float[]{-0.0148357389f, -0.273638286f, -0.109455875f, 0.311229666f, 1.76159416f, 8.99888945f}),
                new Case("swish", Ops::swish, new float[]{-0.0148357389f, -0.273638286f, -0.109455875f, 0.311229666f, 1.76159416f, 8.99888945f}),
                new Case("hard_sigmoid", Ops::hardSigmoid, new float[]{0f, 0.25f, 0.458333333f, 0.583333333f, 0.833333333f, 1f}, false),
                new Case("hard_silu", Ops::hardSilu, new float[]{-0f, -0.375f, -0.114583333f, 0.291666667f, 1.66666667f, 9f}),
                new Case("hard_swish", Ops::hardSwish, new float[]{-0f, -0.375f, -0.114583333f, 0.291666667f, 1.66666667f, 9f}),
                new Case("leaky_relu", Ops::leakyRelu, new float[]{-1.2f, -0.3f, -0.05f, 0.5f, 2f, 9f}, false),
                new Case("leaky_relu(0.01)", x -> Ops.leakyRelu(x, 0.01f), new float[]{-0.06f, -0.015f, -0.0025f, 0.5f, 2f, 9f}, false),
                new Case("log_sigmoid", Ops::logSigmoid, new float[]{-6.00247569f, -1.70141328f, -0.82593942f, -0.474076984f, -0.126928011f, -0.00012340219f}),
                new Case("softsign", Ops::softsign, new float[]{-0.857142857f, -0.6f, -0.2f, 0.333333333f, 0.666666667f, 0.9f}),
                new Case("tanh_shrink", Ops::tanhShrink, new float[]{-5.00001229f, -0.594851746f, -0.0050813376f, 0.0378828427f, 1.03597242f, 8.00000003f}),
                new Case("celu", Ops::celu, new float[]{-0.997521248f, -0.77686984f, -0.221199217f, 0.5f, 2f, 9f}),
                new Case("celu(2)", x -> Ops.celu(x, 2f), new float[]{-1.90042586f, -1.05526689f, -0.235006195f, 0.5f, 2f, 9f}),
                new Case("mish", Ops::mish, new float[]{-0.0148540805f, -0.298099742f, -0.129926964f, 0.375245211f, 1.94395896f, 8.99999973f}),
                new Case("sparse_plus", Ops::sparsePlus, new float[]{0f, 0f, 0.140625f, 0.5625f, 2f, 9f}),
                new Case("squareplus", Ops::squareplus, new float[]{0.16227766f, 0.5f, 0.882782219f, 1.28077641f, 2.41421356f, 9.10977223f}),
                new Case("squareplus(1)", x -> Ops.squareplus(x, 1f), new float[]{0.0413812651f, 0.151387819f, 0.390388203f, 0.809016994f, 2.11803399f, 9.02769257f}),
                new Case("soft_shrink", Ops::softShrink, new float[]{-5.5f, -1f, 0f, 0f, 1.5f, 8.5f}, false),
                new Case("hard_shrink", Ops::hardShrink, new float[]{-6f, -1.5f, 0f, 0f, 2f, 9f}, false),
                new Case("hard_tanh", Ops::hardTanh, new float[]{-1f, -1f, -0.25f, 0.5f, 1f, 1f}, false),
                new Case("sparse_sigmoid", Ops::sparseSigmoid, new float[]{0f, 0f, 0.375f, 0.75f, 1f, 1f}, false),
                new Case("threshold(1, -2)", x -> Ops.threshold(x, 1f, -2f), new float[]{-2f, -2f, -2f, -2f, 2f, 9f}, false)
        );
    }

    @TestFactory
    List<DynamicTest> activationsMatchNumPyInVectorBodyAndTail() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : activationCases()) {
            tests.add(DynamicTest.dynamicTest(c.name, () -> {
                assertClose(tile(c.expected), c.f.apply(tile(X6)), 1e-6, 2e-6);
                // float64 goes through the double-precision scalar form
                Tensor x64 = Ops.cast(tile(X6), DType.FLOAT64);
                Tensor y64 = c.f.apply(x64);
                assertEquals(DType.FLOAT64, y64.dtype());
                assertClose(tile(c.expected), y64, 1e-7, 1e-7);
            }));
        }
        return tests;
    }

    @Test
    void activationsStayFiniteAndExactForHugeInputs() {
        Tensor big = Tensor.of(-1000f, 1000f, -1e30f, 1e30f);
        assertClose(Tensor.of(-1000f, -0f, -1e30f, -0f), Ops.logSigmoid(big), 0, 1e-6);
        assertClose(Tensor.of(-0f, 1000f, -0f, 1e30f), Ops.silu(big), 0, 1e-6);
        assertClose(Tensor.of(-0f, 1000f), Ops.gelu(Tensor.of(-1000f, 1000f)), 0, 1e-6);
        assertClose(Tensor.of(-0f, 1000f), Ops.gelu(Tensor.of(-1000f, 1000f), false), 0, 1e-6);
        assertClose(Tensor.of(-0f, 1000f), Ops.mish(Tensor.of(-1000f, 1000f)), 0, 1e-6);
        assertClose(Tensor.of(-1f, 1000f, -1f, 1e30f), Ops.elu(big), 0, 1e-6);
        assertClose(Tensor.of(-1f, 1f), Ops.softsign(Tensor.of(-1e30f, 1e30f)), 0, 1e-6);
        // numpy: (x + np.sqrt(x*x + 4)) / 2 at x = -1e4 is 1e-4 in float64; the naive float32 form gives 0
        assertClose(Tensor.of(9.9999999e-5f, 1e4f), Ops.squareplus(Tensor.of(-1e4f, 1e4f)), 0, 1e-6);
        // gelu exact in the left tail keeps its relative accuracy: 0.5*x*math.erfc(-x/sqrt(2)) at x = -8
        assertClose(Tensor.of(-4.97676846e-15f), Ops.gelu(Tensor.of(-8f), false), 0, 2e-6);
        for (var c : activationCases()) {
            Tensor x = Tensor.of(-1e4f, -50f, 50f, 1e4f);
            Tensor y;
            Tensor g;
            try (GradientTape tape = new GradientTape()) {
                tape.watch(x);
                y = c.f.apply(x);
                g = tape.gradient(y, x);
            }
            for (float v : y.toFloatArray()) assertTrue(Float.isFinite(v), c.name + " value " + v);
            for (float v : g.toFloatArray()) assertTrue(Float.isFinite(v), c.name + " gradient " + v);
        }
    }

    @Test
    void vectorKernelsAgreeWithTheDoublePrecisionFormulasOnAWideSweep() {
        int n = 1003; // 62 full vectors plus a tail
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) xs[i] = -12f + 24f * i / (n - 1);
        for (Act a : Act.values()) {
            float p = switch (a) { case ELU, CELU -> 1.3f; case LEAKY_RELU -> 0.1f; case SQUAREPLUS -> 4f; default -> 0.5f; };
            float q = -0.75f;
            for (boolean d : new boolean[]{false, true}) {
                float[] y = new float[n];
                ActivationKernels.apply(a, d, p, q, xs, 0, y, 0, n);
                for (int i = 0; i < n; i++) {
                    double ref = d ? ActivationKernels.derivative(a, p, q, xs[i]) : ActivationKernels.value(a, p, q, xs[i]);
                    double tol = 2e-6 * Math.abs(ref) + 2e-6;
                    if (Math.abs(y[i] - ref) > tol) {
                        throw new AssertionError(a + (d ? " derivative" : "") + " at " + xs[i] + ": " + y[i] + " vs " + ref);
                    }
                }
            }
        }
    }

    @Test
    void softmaxMatchesKerasDocsAndIsStableForLargeLogits() {
        // keras.ops.softmax([-1., 0., 1.]) and keras.ops.log_softmax([-1., 0., 1.])
        Tensor sm = Tensor.of(0.09003057f, 0.24472847f, 0.66524096f);
        Tensor lsm = Tensor.of(-2.40760596f, -1.40760596f, -0.40760596f);
        assertClose(sm, Ops.softmax(Tensor.of(-1f, 0f, 1f)), 1e-7, 1e-6);
        assertClose(lsm, Ops.logSoftmax(Tensor.of(-1f, 0f, 1f)), 1e-7, 1e-6);
        // shifting by a huge constant changes nothing
        assertClose(sm, Ops.softmax(Tensor.of(9999f, 10000f, 10001f)), 1e-7, 1e-6);
        assertClose(lsm, Ops.logSoftmax(Tensor.of(9999f, 10000f, 10001f)), 1e-7, 1e-6);
        assertClose(sm, Ops.softmax(Tensor.of(-10001f, -10000f, -9999f)), 1e-7, 1e-6);
        // extreme spreads: exact zeros and ones, finite logs
        assertClose(Tensor.of(1f, 0f, 0f), Ops.softmax(Tensor.of(1e4f, 0f, -1e4f)), 0, 0);
        assertClose(Tensor.of(0f, -1e4f, -2e4f), Ops.logSoftmax(Tensor.of(1e4f, 0f, -1e4f)), 0, 1e-6);
        // numpy: e = np.exp(x - x.max(0)); e / e.sum(0) for x = [[1, 2, 3], [-1, 0, 5]]
        Tensor x = Tensor.of(new float[][]{{1, 2, 3}, {-1, 0, 5}});
        assertClose(Tensor.of(new float[]{0.880797078f, 0.880797078f, 0.119202922f, 0.119202922f, 0.119202922f, 0.880797078f}, 2, 3),
                Ops.softmax(x, 0), 1e-7, 1e-6);
        assertClose(Tensor.of(new float[]{-0.126928011f, -0.126928011f, -2.12692801f, -2.12692801f, -2.12692801f, -0.126928011f}, 2, 3),
                Ops.logSoftmax(x, 0), 1e-6, 1e-6);
        assertClose(Ops.softmax(x, 1), Ops.softmax(x, -1));
        assertClose(Ops.softmax(Ops.cast(x, DType.FLOAT64), 0), Ops.cast(Ops.softmax(x, 0), DType.FLOAT64), 1e-7, 1e-6);
    }

    @Test
    void shortSoftmaxRowsMatchADoubleComputation() {
        // rows shorter than a vector (a 10-class head), and tails of 4 and 0 after whole vectors, on
        // inputs big enough for the masked-vector tails; a single row takes the scalar tails
        for (int[] shape : new int[][]{{256, 10}, {64, 20}, {64, 16}, {400, 3}, {1, 10}}) {
            int rows = shape[0], n = shape[1];
            Tensor x = uniform(12, -30f, 30f, rows, n);
            float[] v = x.toFloatArray(), sm = Ops.softmax(x).toFloatArray(), lsm = Ops.logSoftmax(x).toFloatArray();
            for (int r = 0; r < rows; r++) {
                double m = Double.NEGATIVE_INFINITY, s = 0;
                for (int i = 0; i < n; i++) m = Math.max(m, v[r * n + i]);
                for (int i = 0; i < n; i++) s += Math.exp(v[r * n + i] - m);
                for (int i = 0; i < n; i++) {
                    double ls = v[r * n + i] - m - Math.log(s);
                    assertEquals(Math.exp(ls), sm[r * n + i], 4e-6 * Math.exp(ls) + 1e-12, "softmax " + rows + "x" + n);
                    assertEquals(ls, lsm[r * n + i], 1e-5 + 1e-6 * Math.abs(ls), "log_softmax " + rows + "x" + n);
                }
            }
        }
    }

    @Test
    void longSoftmaxRowsMatchADoubleComputation() {
        int rows = 300, n = 257; // > 2^16 elements (the threaded path), 16 full vectors plus a tail per row
        Tensor x = uniform(11, -30f, 30f, rows, n);
        float[] v = x.toFloatArray(), sm = Ops.softmax(x).toFloatArray(), lsm = Ops.logSoftmax(x).toFloatArray();
        for (int r = 0; r < rows; r++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int i = 0; i < n; i++) m = Math.max(m, v[r * n + i]);
            for (int i = 0; i < n; i++) s += Math.exp(v[r * n + i] - m);
            for (int i = 0; i < n; i++) {
                double ls = v[r * n + i] - m - Math.log(s);
                assertEquals(Math.exp(ls), sm[r * n + i], 4e-6 * Math.exp(ls) + 1e-12);
                assertEquals(ls, lsm[r * n + i], 1e-5 + 1e-6 * Math.abs(ls));
            }
        }
    }

    @Test
    void oneHotAndMultiHot() {
        // jax.nn.one_hot([0, 2, -1, 3], 3): out-of-range indices give zero rows
        assertClose(Tensor.of(new float[]{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, 4, 3), Ops.oneHot(Tensor.ofInts(0, 2, -1, 3), 3));
        // axis=0 puts the classes first: (3, 2) for indices (2,)
        assertClose(Tensor.of(new float[]{0, 1, 1, 0, 0, 0}, 3, 2), Ops.oneHot(Tensor.ofInts(1, 0), 3, 0, DType.FLOAT32));
        // (2, 2) indices, classes inserted in the middle: (2, 3, 2)
        Tensor mid = Ops.oneHot(Tensor.ofInts(new int[]{0, 2, 1, 1}, 2, 2), 3, 1, DType.INT32);
        assertEquals(DType.INT32, mid.dtype());
        assertArrayEquals(new int[]{2, 3, 2}, mid.shape());
        assertArrayEquals(new int[]{1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0}, mid.toIntArray());
        assertArrayEquals(new float[]{0, 1, 0}, Ops.oneHot(Tensor.of(1f), 3).toFloatArray()); // integral float index
        // keras.ops.multi_hot([0, 4], 5) -> [1, 0, 0, 0, 1]
        assertClose(Tensor.of(1f, 0f, 0f, 0f, 1f), Ops.multiHot(Tensor.ofInts(0, 4), 5));
        assertClose(Tensor.of(new float[]{1, 0, 0, 0, 1, 0, 1, 0, 0, 0}, 2, 5), Ops.multiHot(Tensor.ofInts(new int[]{0, 4, 1, 1}, 2, 2), 5));
        Tensor b = Ops.multiHot(Tensor.ofLongs(new long[]{2, 0}, 2), 3, -1, DType.BOOL);
        assertArrayEquals(new boolean[]{true, false, true}, b.toBoolArray());
    }

    @Test
    void momentsMatchNumPy() {
        // keras.ops.moments([0, 1, 2, 3, 100], axes=[0]) -> (21.2, 1553.3601)
        Moments m = Ops.moments(Tensor.of(0f, 1f, 2f, 3f, 100f), new int[]{0});
        assertEquals(21.2f, m.mean().item(), 1e-5);
        assertEquals(1553.36f, m.variance().item(), 1e-2);
        assertEquals(0, m.mean().rank());
        Tensor x = Tensor.of(new float[][]{{1, 2, 3, 4}, {2, -1, 0.5f, 7}, {0, 0, 3, 9}});
        // numpy: x.mean(0), x.var(0)
        Moments m0 = Ops.moments(x, new int[]{0});
        assertClose(Tensor.of(1f, 0.333333333f, 2.16666667f, 6.66666667f), m0.mean());
        assertClose(Tensor.of(0.666666667f, 1.55555556f, 1.38888889f, 4.22222222f), m0.variance());
        Moments all = Ops.moments(x, null, true);
        assertArrayEquals(new int[]{1, 1}, all.mean().shape());
        assertClose(Tensor.of(new float[]{2.54166667f}, 1, 1), all.mean());
        assertClose(Tensor.of(new float[]{8.06076389f}, 1, 1), all.variance());
    }

    @Test
    void batchNormalizationMatchesKeras() {
        // keras.ops.batch_normalization docstring example
        Tensor x = Tensor.of(new float[][]{{0.1f, 0.2f, 0.3f}, {0.4f, 0.5f, 0.6f}, {0.7f, 0.8f, 0.9f}});
        Tensor out = Ops.batchNormalization(x, Tensor.of(0.4f, 0.5f, 0.6f), Tensor.of(0.67f, 0.67f, 0.67f), -1);
        assertClose(Tensor.of(new float[]{-0.36624f, -0.36624f, -0.36624f, 0, 0, 0, 0.36624f, 0.36624f, 0.36624f}, 3, 3), out, 1e-5, 1e-4);
        // numpy: (x - m[None,:,None]) / np.sqrt(v[None,:,None] + 1e-3) * s[None,:,None] + o[None,:,None], axis=1 of (2, 3, 2)
        float[] xv = new float[12];
        for (int i = 0; i < 12; i++) xv[i] = i * 0.5f - 2;
        Tensor bn = Ops.batchNormalization(Tensor.of(xv, 2, 3, 2), Tensor.of(0.1f, -0.2f, 0.3f), Tensor.of(0.5f, 2f, 1.5f), 1,
                Tensor.of(1f, 0f, -1f), Tensor.of(2f, 0.5f, 1f), 1e-3f);
        assertClose(Tensor.of(new float[]{-4.93376616f, -3.52096469f, -0.282772028f, -0.106039511f, -1.24486737f, -0.83675509f,
                3.54304264f, 4.95584411f, 0.777623078f, 0.954355596f, 1.20380629f, 1.61191856f}, 2, 3, 2), bn, 1e-5, 1e-5);
    }

    @Test
    void normalizeMatchesKeras() {
        Tensor x = Tensor.of(new float[][]{{1, 2, 3}, {4, 5, 6}});
        // keras.ops.normalize([[1, 2, 3], [4, 5, 6]]) docstring
        assertClose(Tensor.of(new float[]{0.26726124f, 0.5345225f, 0.8017837f, 0.45584232f, 0.5698029f, 0.68376344f}, 2, 3), Ops.normalize(x));
        // numpy: x / np.abs(x).sum(-1, keepdims=True); x / ((np.abs(x)**3).sum(-1, keepdims=True))**(1/3); x / np.sqrt((x**2).sum(0))
        assertClose(Tensor.of(new float[]{0.166666667f, 0.333333333f, 0.5f, 0.266666667f, 0.333333333f, 0.4f}, 2, 3), Ops.normalize(x, -1, 1));
        assertClose(Tensor.of(new float[]{0.302853432f, 0.605706864f, 0.908560296f, 0.540640177f, 0.675800222f, 0.810960266f}, 2, 3), Ops.normalize(x, -1, 3));
        assertClose(Tensor.of(new float[]{0.242535625f, 0.371390676f, 0.447213595f, 0.9701425f, 0.928476691f, 0.894427191f}, 2, 3), Ops.normalize(x, 0, 2));
        // a zero vector stays zero (the norm is floored at epsilon)
        assertClose(Tensor.of(0f, 0f), Ops.normalize(Tensor.of(0f, 0f)));
        assertClose(Tensor.of(0f, 0f), Ops.normalize(Tensor.of(0f, 0f), -1, 1));
    }

    @Test
    void rmsAndLayerNormalizationMatchNumPy() {
        Tensor x = Tensor.of(new float[][]{{1, 2, 4, 8}, {-3, 0, 3, 6}});
        Tensor gamma = Tensor.of(1f, 2f, 0.5f, -1f), beta = Tensor.of(0f, 1f, 0f, -1f);
        // numpy: x / np.sqrt((x**2).mean(-1, keepdims=True) + 1e-7) * [1, 2, 3, 4]
        assertClose(Tensor.of(new float[]{0.216930457f, 0.867721829f, 2.60316549f, 6.94177463f, -0.816496578f, 0f, 2.44948973f, 6.53197262f}, 2, 4),
                Ops.rmsNormalization(x, Tensor.of(1f, 2f, 3f, 4f), new int[]{-1}, 1e-7f));
        // numpy: (x - m) / np.sqrt(v + 1e-7) * gamma + beta, m and v over the last axis
        assertClose(Tensor.of(new float[]{-1.02575528f, -0.305506722f, 0.0466252401f, -2.58525816f, -1.34164078f, 0.105572813f, 0.223606797f, -2.34164078f}, 2, 4),
                Ops.layerNormalization(x, gamma, beta), 1e-6, 1e-5);
        assertClose(Tensor.of(new float[]{-1.02575528f, -0.652753361f, 0.0932504802f, 1.58525816f, -1.34164078f, -0.447213594f, 0.447213594f, 1.34164078f}, 2, 4),
                Ops.layerNormalization(x, null, null), 1e-6, 1e-5);
        // rms_scaling: x / np.sqrt(v + 1e-7) * gamma
        assertClose(Tensor.of(new float[]{0.373001921f, 1.49200768f, 0.746003841f, -2.98401537f, -0.894427187f, 0f, 0.447213594f, -1.78885437f}, 2, 4),
                Ops.layerNormalization(x, gamma, null, new int[]{-1}, 1e-7f, true), 1e-6, 1e-5);
        // over axes (1, 2) of (2, 2, 3) with (2, 3) gamma and beta: x = np.arange(12).reshape(2,2,3)**1.5*0.1, epsilon 1e-3
        float[] xv = new float[12];
        for (int i = 0; i < 12; i++) xv[i] = (float) (Math.pow(i, 1.5) * 0.1);
        float[] gv = new float[6], bv = new float[6];
        for (int i = 0; i < 6; i++) { gv[i] = 0.5f + 0.2f * i; bv[i] = -1f + 0.4f * i; }
        Tensor ln = Ops.layerNormalization(Tensor.of(xv, 2, 2, 3), Tensor.of(gv, 2, 3), Tensor.of(bv, 2, 3), new int[]{1, 2}, 1e-3f, false);
        assertClose(Tensor.of(new float[]{-1.59696059f, -1.25795779f, -0.627997772f, 0.338385811f, 1.68930981f, 3.46851706f,
                -1.70114079f, -1.22285481f, -0.50533153f, 0.471542084f, 1.72645885f, 3.27695226f}, 2, 2, 3), ln, 1e-5, 1e-5);
    }

    @Test
    void gluSplitsTheAxisInHalves() {
        // keras.ops.glu([-1., 0., 1., 1.]) -> [-0.73105858, 0.]
        assertClose(Tensor.of(-0.73105858f, 0f), Ops.glu(Tensor.of(-1f, 0f, 1f, 1f)));
        Tensor x = Tensor.of(new float[]{1, 2, 3, 0, 0, 10}, 2, 3); // axis 0: a = [1, 2, 3], b = [0, 0, 10]
        assertClose(Tensor.of(new float[]{0.5f, 1f, 2.99986380f}, 1, 3), Ops.glu(x, 0), 1e-6, 1e-6);
    }

    @Test
    void badArgumentsNameTheOpAndTheShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Ops.batchNormalization(Tensor.zeros(2, 3), Tensor.zeros(4), Tensor.ones(3), -1));
        assertTrue(e.getMessage().contains("batch_normalization") && e.getMessage().contains("(3,)") && e.getMessage().contains("(4,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.glu(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("glu") && e.getMessage().contains("(2, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.softmax(Tensor.zeros(2, 3), 2));
        assertTrue(e.getMessage().contains("softmax") && e.getMessage().contains("axis 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.normalize(Tensor.zeros(3), -1, 0));
        assertTrue(e.getMessage().contains("normalize") && e.getMessage().contains("order"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.oneHot(Tensor.ofInts(1), -2));
        assertTrue(e.getMessage().contains("one_hot"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.oneHot(Tensor.ofInts(1, 2), 3, 3, DType.FLOAT32));
        assertTrue(e.getMessage().contains("one_hot") && e.getMessage().contains("axis 3"), e.getMessage());
    }

    // ------------------------------------------------------------------ gradients

    private static DynamicTest grad(String name, Function<Tensor[], Tensor> f, Tensor... in) {
        return DynamicTest.dynamicTest(name, () -> GradCheck.check(name, f, in));
    }

    /** d/dx of sum(f(x)) through an inner tape: checking this checks f's second derivative. */
    private static Tensor gradientOf(UnaryOperator<Tensor> f, Tensor x) {
        try (GradientTape inner = new GradientTape()) {
            inner.watch(x);
            Tensor y = f.apply(x);
            inner.close();
            return inner.gradient(y, x);
        }
    }

    /** Inputs away from every kink (0, +-0.5, +-1, +-3, 6) of the piecewise activations. */
    private static Tensor kinkFree() {
        return Tensor.of(new float[]{-4.1f, -2.3f, -1.4f, -0.77f, -0.31f, 0.13f, 0.62f, 1.35f, 2.2f, 3.6f, 6.4f, 0.9f,
                -0.05f, 0.27f, -0.66f, 4.8f, -5.3f, 1.7f}, 2, 9);
    }

    @Test
    void piecewiseLinearActivationsHaveNoSecondDerivativePath() {
        for (Case c : activationCases()) {
            if (c.smooth) continue;
            Tensor x = kinkFree();
            try (GradientTape outer = new GradientTape()) {
                outer.watch(x);
                Tensor g = gradientOf(c.f, x);
                outer.close();
                assertEquals(null, outer.gradient(g, x), c.name); // f'' = 0 wherever f' is defined
            }
        }
    }

    /** Run by OpGradientsTest, the one generic gradient check. */
    static List<DynamicTest> gradientCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : activationCases()) tests.add(grad(c.name, x -> c.f.apply(x[0]), kinkFree()));
        for (Case c : activationCases()) {
            if (c.smooth) tests.add(grad(c.name + " second derivative", x -> gradientOf(c.f, x[0]), kinkFree()));
        }
        Tensor a = uniform(1, -2f, 2f, 3, 4), b3 = uniform(2, -2f, 2f, 2, 3, 4);
        tests.add(grad("glu", x -> Ops.glu(x[0]), a));
        tests.add(grad("glu axis 0", x -> Ops.glu(x[0], 0), b3));
        tests.add(grad("glu second derivative", x -> gradientOf(Ops::glu, x[0]), a));
        tests.add(grad("softmax", x -> Ops.softmax(x[0]), a));
        tests.add(grad("softmax axis 1 of 3", x -> Ops.softmax(x[0], 1), b3));
        tests.add(grad("log_softmax", x -> Ops.logSoftmax(x[0]), a));
        tests.add(grad("log_softmax axis 0", x -> Ops.logSoftmax(x[0], 0), b3));
        tests.add(grad("softmax second derivative", x -> gradientOf(v -> Ops.multiply(Ops.softmax(v), Tensor.of(1f, -2f, 0.5f, 3f)), x[0]), a));
        tests.add(grad("log_softmax second derivative", x -> gradientOf(v -> Ops.multiply(Ops.logSoftmax(v, 0), Tensor.of(new float[]{1, -2, 0.5f}, 3, 1)), x[0]), a));
        tests.add(grad("moments mean", x -> Ops.moments(x[0], new int[]{0, 2}).mean(), b3));
        tests.add(grad("moments variance", x -> Ops.moments(x[0], new int[]{1}, true).variance(), b3));
        Tensor xb = uniform(3, -2f, 2f, 2, 3, 2);
        tests.add(grad("batch_normalization", x -> Ops.batchNormalization(x[0], x[1], x[2], 1, x[3], x[4], 1e-3f),
                xb, uniform(4, 3), uniform(5, 0.5f, 2f, 3), uniform(6, 3), uniform(7, 0.5f, 2f, 3)));
        tests.add(grad("batch_normalization last axis, no offset or scale", x -> Ops.batchNormalization(x[0], x[1], x[2], -1),
                a, uniform(8, 4), uniform(9, 0.5f, 2f, 4)));
        tests.add(grad("normalize", x -> Ops.normalize(x[0]), a));
        tests.add(grad("normalize order 1", x -> Ops.normalize(x[0], 0, 1), GradCheck.awayFromZero(10, 3, 4)));
        tests.add(grad("normalize order 3", x -> Ops.normalize(x[0], 1, 3), GradCheck.awayFromZero(11, 3, 4)));
        tests.add(grad("rms_normalization", x -> Ops.rmsNormalization(x[0], x[1], new int[]{-1}, 1e-7f), a, uniform(12, 4)));
        tests.add(grad("layer_normalization", x -> Ops.layerNormalization(x[0], x[1], x[2]), a, uniform(13, 4), uniform(14, 4)));
        tests.add(grad("layer_normalization axes (1, 2)", x -> Ops.layerNormalization(x[0], x[1], x[2], new int[]{1, 2}, 1e-3f, false),
                b3, uniform(15, 3, 4), uniform(16, 3, 4)));
        tests.add(grad("layer_normalization rms_scaling", x -> Ops.layerNormalization(x[0], x[1], null, new int[]{-1}, 1e-3f, true),
                a, uniform(17, 4)));
        return tests;
    }
}
