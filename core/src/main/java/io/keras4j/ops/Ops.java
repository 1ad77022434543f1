package io.keras4j.ops;

import io.keras4j.autograd.CustomGradient;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Tensor;

/**
 * The {@code keras.ops} surface: every op a layer, loss or optimizer computes with, under Keras's
 * names in Java's camelCase ({@code expand_dims} is {@link #expandDims}). This class is only the
 * table of contents; each op, with its derivative rule, lives in the file for its kind
 * ({@link MathOps}, {@link ReductionOps}, ...). All ops record on an open
 * {@link io.keras4j.autograd.GradientTape}.
 *
 * <p>Axes follow NumPy: negative values count from the end, and a {@code null} axes array means
 * "all axes".
 */
public final class Ops {
    private Ops() {}

    // ================================================================== element-wise math (MathOps)

    public static Tensor add(Tensor a, Tensor b) { return MathOps.add(a, b); }
    public static Tensor add(Tensor a, float b) { return MathOps.add(a, Tensor.scalar(b)); }
    public static Tensor subtract(Tensor a, Tensor b) { return MathOps.subtract(a, b); }
    public static Tensor subtract(Tensor a, float b) { return MathOps.subtract(a, Tensor.scalar(b)); }
    public static Tensor multiply(Tensor a, Tensor b) { return MathOps.multiply(a, b); }
    public static Tensor multiply(Tensor a, float b) { return MathOps.multiply(a, Tensor.scalar(b)); }
    public static Tensor divide(Tensor a, Tensor b) { return MathOps.divide(a, b); }
    public static Tensor divide(Tensor a, float b) { return MathOps.divide(a, Tensor.scalar(b)); }
    public static Tensor trueDivide(Tensor a, Tensor b) { return MathOps.divide(a, b); }
    public static Tensor power(Tensor a, Tensor b) { return MathOps.power(a, b); }
    public static Tensor power(Tensor a, float b) { return MathOps.power(a, Tensor.scalar(b)); }
    public static Tensor maximum(Tensor a, Tensor b) { return MathOps.maximum(a, b); }
    public static Tensor minimum(Tensor a, Tensor b) { return MathOps.minimum(a, b); }
    public static Tensor negative(Tensor x) { return MathOps.negative(x); }
    public static Tensor abs(Tensor x) { return MathOps.abs(x); }
    public static Tensor absolute(Tensor x) { return MathOps.abs(x); }
    public static Tensor exp(Tensor x) { return MathOps.exp(x); }
    public static Tensor expm1(Tensor x) { return MathOps.expm1(x); }
    public static Tensor log(Tensor x) { return MathOps.log(x); }
    public static Tensor log1p(Tensor x) { return MathOps.log1p(x); }
    public static Tensor sqrt(Tensor x) { return MathOps.sqrt(x); }
    public static Tensor rsqrt(Tensor x) { return MathOps.rsqrt(x); }
    public static Tensor square(Tensor x) { return MathOps.square(x); }
    public static Tensor reciprocal(Tensor x) { return MathOps.reciprocal(x); }
    public static Tensor sin(Tensor x) { return MathOps.sin(x); }
    public static Tensor cos(Tensor x) { return MathOps.cos(x); }
    public static Tensor tanh(Tensor x) { return MathOps.tanh(x); }
    public static Tensor sign(Tensor x) { return MathOps.sign(x); }
    public static Tensor erf(Tensor x) { return MathOps.erf(x); }
    public static Tensor floor(Tensor x) { return MathOps.floor(x); }
    public static Tensor ceil(Tensor x) { return MathOps.ceil(x); }
    public static Tensor round(Tensor x) { return MathOps.round(x); }

    // ================================================================== comparisons and logic (MathOps; no gradient)

    public static Tensor greater(Tensor a, Tensor b) { return MathOps.greater(a, b); }
    public static Tensor greaterEqual(Tensor a, Tensor b) { return MathOps.greaterEqual(a, b); }
    public static Tensor less(Tensor a, Tensor b) { return MathOps.less(a, b); }
    public static Tensor lessEqual(Tensor a, Tensor b) { return MathOps.lessEqual(a, b); }
    public static Tensor equal(Tensor a, Tensor b) { return MathOps.equal(a, b); }
    public static Tensor notEqual(Tensor a, Tensor b) { return MathOps.notEqual(a, b); }
    public static Tensor logicalAnd(Tensor a, Tensor b) { return MathOps.logicalAnd(a, b); }
    public static Tensor logicalOr(Tensor a, Tensor b) { return MathOps.logicalOr(a, b); }
    public static Tensor logicalNot(Tensor x) { return MathOps.logicalNot(x); }

    // ================================================================== dtype, constants, gradient control

    public static Tensor cast(Tensor x, DType dtype) { return MathOps.cast(x, dtype); }
    public static Tensor cast(Tensor x, String dtype) { return MathOps.cast(x, DType.of(dtype)); }
    public static Tensor zeros(int... shape) { return Tensor.zeros(shape); }
    public static Tensor ones(int... shape) { return Tensor.ones(shape); }
    public static Tensor full(int[] shape, float value) { return Tensor.full(value, shape); }
    public static Tensor zerosLike(Tensor x) { return MathOps.zerosLike(x); }
    public static Tensor onesLike(Tensor x) { return MathOps.onesLike(x); }
    public static Tensor fullLike(Tensor x, float value) { return MathOps.cast(Tensor.full(value, x.shape()), x.dtype()); }
    public static Tensor convertToTensor(float[] values, int... shape) { return Tensor.of(values.clone(), shape); }
    /** The same values with no gradient flowing back through them. */
    public static Tensor stopGradient(Tensor x) { return MathOps.stopGradient(x); }
    /** Applies {@code fn} with a user-defined derivative (see {@link CustomGradient}). */
    public static Tensor customGradient(CustomGradient.Function fn, Tensor... inputs) { return CustomGradient.apply(fn, inputs); }

    // ================================================================== reductions (ReductionOps)

    public static Tensor sum(Tensor x) { return ReductionOps.sum(x, null, false); }
    public static Tensor sum(Tensor x, int axis) { return ReductionOps.sum(x, new int[]{axis}, false); }
    public static Tensor sum(Tensor x, int[] axes, boolean keepdims) { return ReductionOps.sum(x, axes, keepdims); }
    public static Tensor sum(Tensor x, int axis, boolean keepdims) { return ReductionOps.sum(x, new int[]{axis}, keepdims); }
    public static Tensor mean(Tensor x) { return ReductionOps.mean(x, null, false); }
    public static Tensor mean(Tensor x, int axis) { return ReductionOps.mean(x, new int[]{axis}, false); }
    public static Tensor mean(Tensor x, int[] axes, boolean keepdims) { return ReductionOps.mean(x, axes, keepdims); }
    public static Tensor mean(Tensor x, int axis, boolean keepdims) { return ReductionOps.mean(x, new int[]{axis}, keepdims); }
    public static Tensor max(Tensor x) { return ReductionOps.max(x, null, false); }
    public static Tensor max(Tensor x, int axis) { return ReductionOps.max(x, new int[]{axis}, false); }
    public static Tensor max(Tensor x, int[] axes, boolean keepdims) { return ReductionOps.max(x, axes, keepdims); }
    public static Tensor max(Tensor x, int axis, boolean keepdims) { return ReductionOps.max(x, new int[]{axis}, keepdims); }
    public static Tensor min(Tensor x) { return ReductionOps.min(x, null, false); }
    public static Tensor min(Tensor x, int axis) { return ReductionOps.min(x, new int[]{axis}, false); }
    public static Tensor min(Tensor x, int[] axes, boolean keepdims) { return ReductionOps.min(x, axes, keepdims); }
    public static Tensor min(Tensor x, int axis, boolean keepdims) { return ReductionOps.min(x, new int[]{axis}, keepdims); }
    public static Tensor prod(Tensor x) { return ReductionOps.prod(x, null, false); }
    public static Tensor prod(Tensor x, int[] axes, boolean keepdims) { return ReductionOps.prod(x, axes, keepdims); }
    public static Tensor var(Tensor x) { return ReductionOps.variance(x, null, false); }
    public static Tensor var(Tensor x, int[] axes, boolean keepdims) { return ReductionOps.variance(x, axes, keepdims); }
    public static Tensor std(Tensor x) { return ReductionOps.std(x, null, false); }
    public static Tensor std(Tensor x, int[] axes, boolean keepdims) { return ReductionOps.std(x, axes, keepdims); }
    public static Tensor logsumexp(Tensor x) { return ReductionOps.logsumexp(x, null, false); }
    public static Tensor logsumexp(Tensor x, int[] axes, boolean keepdims) { return ReductionOps.logsumexp(x, axes, keepdims); }
    /** Index of the first maximum over the flattened tensor (int32). */
    public static Tensor argmax(Tensor x) { return ReductionOps.argExtreme("argmax", x, null, false, true); }
    public static Tensor argmax(Tensor x, int axis) { return ReductionOps.argExtreme("argmax", x, axis, false, true); }
    public static Tensor argmax(Tensor x, int axis, boolean keepdims) { return ReductionOps.argExtreme("argmax", x, axis, keepdims, true); }
    public static Tensor argmin(Tensor x) { return ReductionOps.argExtreme("argmin", x, null, false, false); }
    public static Tensor argmin(Tensor x, int axis) { return ReductionOps.argExtreme("argmin", x, axis, false, false); }
    public static Tensor argmin(Tensor x, int axis, boolean keepdims) { return ReductionOps.argExtreme("argmin", x, axis, keepdims, false); }

    // ================================================================== linear algebra (LinalgOps)

    public static Tensor matmul(Tensor a, Tensor b) { return LinalgOps.matmul(a, b); }

    // ================================================================== layout views (ShapeOps)

    public static Tensor reshape(Tensor x, int... shape) { return ShapeOps.reshape(x, shape); }
    public static Tensor transpose(Tensor x, int... axes) { return ShapeOps.transpose(x, axes); }
    public static Tensor expandDims(Tensor x, int axis) { return ShapeOps.expandDims(x, axis); }
    public static Tensor squeeze(Tensor x, int... axes) { return ShapeOps.squeeze(x, axes); }
    public static Tensor broadcastTo(Tensor x, int... shape) { return ShapeOps.broadcastTo(x, shape); }

    // ================================================================== joining, slicing, indexing (ManipulationOps)

    // ManipulationOps: joining and splitting
    public static Tensor concatenate(java.util.List<Tensor> xs) { return ManipulationOps.concatenate(xs, 0); }
    public static Tensor concatenate(java.util.List<Tensor> xs, int axis) { return ManipulationOps.concatenate(xs, axis); }
    public static Tensor concatenate(Tensor[] xs, int axis) { return ManipulationOps.concatenate(java.util.List.of(xs), axis); }
    public static Tensor concatenate(Tensor... xs) { return ManipulationOps.concatenate(java.util.List.of(xs), 0); }
    public static Tensor stack(java.util.List<Tensor> xs) { return ManipulationOps.stack(xs, 0); }
    public static Tensor stack(java.util.List<Tensor> xs, int axis) { return ManipulationOps.stack(xs, axis); }
    public static Tensor stack(Tensor[] xs, int axis) { return ManipulationOps.stack(java.util.List.of(xs), axis); }
    public static Tensor stack(Tensor... xs) { return ManipulationOps.stack(java.util.List.of(xs), 0); }
    /** Equal sections along axis 0. */
    public static java.util.List<Tensor> split(Tensor x, int sections) { return ManipulationOps.split(x, sections, 0); }
    public static java.util.List<Tensor> split(Tensor x, int sections, int axis) { return ManipulationOps.split(x, sections, axis); }
    /** Splits before each of {@code indices} (NumPy's {@code indices_or_sections} as a list). */
    public static java.util.List<Tensor> split(Tensor x, int[] indices, int axis) { return ManipulationOps.split(x, indices, axis); }
    public static java.util.List<Tensor> unstack(Tensor x) { return ManipulationOps.unstack(x, 0); }
    public static java.util.List<Tensor> unstack(Tensor x, int axis) { return ManipulationOps.unstack(x, axis); }

    // ManipulationOps: slicing and re-arranging
    public static Tensor slice(Tensor x, int[] startIndices, int[] shape) { return ManipulationOps.slice(x, startIndices, shape); }
    public static Tensor sliceUpdate(Tensor x, int[] startIndices, Tensor updates) { return ManipulationOps.sliceUpdate(x, startIndices, updates); }
    /** Constant (zero) padding; {@code padWidth} holds one {before, after} pair per axis, or one pair for all. */
    public static Tensor pad(Tensor x, int[][] padWidth) { return ManipulationOps.pad(x, padWidth, "constant", null); }
    /** Modes: constant, edge, reflect, symmetric, wrap. */
    public static Tensor pad(Tensor x, int[][] padWidth, String mode) { return ManipulationOps.pad(x, padWidth, mode, null); }
    public static Tensor pad(Tensor x, int[][] padWidth, String mode, double constantValues) { return ManipulationOps.pad(x, padWidth, mode, constantValues); }
    public static Tensor tile(Tensor x, int... repeats) { return ManipulationOps.tile(x, repeats); }
    /** Repeats every element of the flattened tensor. */
    public static Tensor repeat(Tensor x, int repeats) { return ManipulationOps.repeat(x, repeats, null); }
    public static Tensor repeat(Tensor x, int repeats, int axis) { return ManipulationOps.repeat(x, repeats, axis); }
    public static Tensor repeat(Tensor x, int[] repeats, int axis) { return ManipulationOps.repeat(x, repeats, axis); }
    /** Reverses the given axes (none given: all axes). */
    public static Tensor flip(Tensor x, int... axes) { return ManipulationOps.flip(x, axes); }
    /** Rolls the flattened tensor. */
    public static Tensor roll(Tensor x, int shift) { return ManipulationOps.roll(x, shift, null); }
    public static Tensor roll(Tensor x, int shift, int axis) { return ManipulationOps.roll(x, shift, axis); }
    public static Tensor swapaxes(Tensor x, int axis1, int axis2) { return ManipulationOps.swapaxes(x, axis1, axis2); }
    public static Tensor moveaxis(Tensor x, int source, int destination) { return ManipulationOps.moveaxis(x, new int[]{source}, new int[]{destination}); }
    public static Tensor moveaxis(Tensor x, int[] source, int[] destination) { return ManipulationOps.moveaxis(x, source, destination); }
    public static Tensor ravel(Tensor x) { return ManipulationOps.ravel(x); }
    public static Tensor tril(Tensor x) { return ManipulationOps.tril(x, 0); }
    public static Tensor tril(Tensor x, int k) { return ManipulationOps.tril(x, k); }
    public static Tensor triu(Tensor x) { return ManipulationOps.triu(x, 0); }
    public static Tensor triu(Tensor x, int k) { return ManipulationOps.triu(x, k); }
    public static Tensor diagonal(Tensor x) { return ManipulationOps.diagonal(x, 0, 0, 1); }
    public static Tensor diagonal(Tensor x, int offset, int axis1, int axis2) { return ManipulationOps.diagonal(x, offset, axis1, axis2); }
    public static Tensor diag(Tensor x) { return ManipulationOps.diag(x, 0); }
    public static Tensor diag(Tensor x, int k) { return ManipulationOps.diag(x, k); }
    /** Cartesian ("xy") coordinate grids. */
    public static java.util.List<Tensor> meshgrid(Tensor... xs) { return ManipulationOps.meshgrid("xy", xs); }
    public static java.util.List<Tensor> meshgrid(String indexing, Tensor... xs) { return ManipulationOps.meshgrid(indexing, xs); }

    // IndexingOps: gathers and scatters
    /** Takes from the flattened tensor. */
    public static Tensor take(Tensor x, Tensor indices) { return IndexingOps.take(x, indices, null); }
    public static Tensor take(Tensor x, Tensor indices, int axis) { return IndexingOps.take(x, indices, axis); }
    public static Tensor take(Tensor x, int[] indices, int axis) { return IndexingOps.take(x, indices, new int[]{indices.length}, axis); }
    /** Along the flattened tensor. */
    public static Tensor takeAlongAxis(Tensor x, Tensor indices) { return IndexingOps.takeAlongAxis(x, indices, null); }
    public static Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) { return IndexingOps.takeAlongAxis(x, indices, axis); }
    public static Tensor scatter(Tensor indices, Tensor values, int... shape) { return IndexingOps.scatter(indices, values, shape); }
    public static Tensor scatterUpdate(Tensor inputs, Tensor indices, Tensor updates) { return IndexingOps.scatterUpdate(inputs, indices, updates); }

    // SelectionOps: choosing by value
    public static Tensor where(Tensor condition, Tensor x1, Tensor x2) { return SelectionOps.where(condition, x1, x2); }
    public static Tensor where(Tensor condition, Tensor x1, float x2) { return SelectionOps.where(condition, x1, Tensor.scalar(x2)); }
    public static Tensor where(Tensor condition, float x1, Tensor x2) { return SelectionOps.where(condition, Tensor.scalar(x1), x2); }
    /** One-argument where: the coordinates of the true elements, as {@link #nonzero}. */
    public static java.util.List<Tensor> where(Tensor condition) { return SelectionOps.nonzero(condition); }
    public static java.util.List<Tensor> nonzero(Tensor x) { return SelectionOps.nonzero(x); }
    public static Tensor clip(Tensor x, double min, double max) { return SelectionOps.clip(x, min, max); }
    public static Tensor clip(Tensor x, Tensor min, Tensor max) { return SelectionOps.clip(x, min, max); }
    public static Tensor any(Tensor x) { return SelectionOps.any(x, null, false); }
    public static Tensor any(Tensor x, int axis) { return SelectionOps.any(x, new int[]{axis}, false); }
    public static Tensor any(Tensor x, int[] axes, boolean keepdims) { return SelectionOps.any(x, axes, keepdims); }
    public static Tensor all(Tensor x) { return SelectionOps.all(x, null, false); }
    public static Tensor all(Tensor x, int axis) { return SelectionOps.all(x, new int[]{axis}, false); }
    public static Tensor all(Tensor x, int[] axes, boolean keepdims) { return SelectionOps.all(x, axes, keepdims); }
    public static Tensor countNonzero(Tensor x) { return SelectionOps.countNonzero(x, null); }
    public static Tensor countNonzero(Tensor x, int... axes) { return SelectionOps.countNonzero(x, axes.length == 0 ? null : axes); }

    // CumulativeOps and SortOps
    /** Over the flattened tensor. */
    public static Tensor cumsum(Tensor x) { return CumulativeOps.cumsum(x, null); }
    public static Tensor cumsum(Tensor x, int axis) { return CumulativeOps.cumsum(x, axis); }
    public static Tensor cumprod(Tensor x) { return CumulativeOps.cumprod(x, null); }
    public static Tensor cumprod(Tensor x, int axis) { return CumulativeOps.cumprod(x, axis); }
    public static Tensor sort(Tensor x) { return SortOps.sort(x, -1); }
    public static Tensor sort(Tensor x, int axis) { return SortOps.sort(x, axis); }
    public static Tensor argsort(Tensor x) { return SortOps.argsort(x, -1); }
    public static Tensor argsort(Tensor x, int axis) { return SortOps.argsort(x, axis); }
    public static TopK topK(Tensor x, int k) { return SortOps.topK(x, k); }
    /** {@code sorted} is accepted for Keras parity; the entries always come largest first. */
    public static TopK topK(Tensor x, int k, boolean sorted) { return SortOps.topK(x, k); }

    // CreationOps
    /** int32 {@code [0, stop)}. */
    public static Tensor arange(int stop) { return CreationOps.arange(0, stop, 1, DType.INT32); }
    public static Tensor arange(int start, int stop) { return CreationOps.arange(start, stop, 1, DType.INT32); }
    public static Tensor arange(int start, int stop, int step) { return CreationOps.arange(start, stop, step, DType.INT32); }
    /** float32, as Keras gives for float arguments. */
    public static Tensor arange(double start, double stop, double step) { return CreationOps.arange(start, stop, step, DType.FLOAT32); }
    public static Tensor arange(double start, double stop, double step, DType dtype) { return CreationOps.arange(start, stop, step, dtype); }
    public static Tensor linspace(double start, double stop, int num) { return CreationOps.linspace(start, stop, num, true, DType.FLOAT32); }
    public static Tensor linspace(double start, double stop, int num, boolean endpoint) { return CreationOps.linspace(start, stop, num, endpoint, DType.FLOAT32); }
    public static Tensor linspace(double start, double stop, int num, boolean endpoint, DType dtype) { return CreationOps.linspace(start, stop, num, endpoint, dtype); }
    public static Tensor eye(int n) { return CreationOps.eye(n, n, 0, DType.FLOAT32); }
    public static Tensor eye(int n, int m) { return CreationOps.eye(n, m, 0, DType.FLOAT32); }
    public static Tensor eye(int n, int m, int k) { return CreationOps.eye(n, m, k, DType.FLOAT32); }
    public static Tensor eye(int n, int m, int k, DType dtype) { return CreationOps.eye(n, m, k, dtype); }
    public static Tensor identity(int n) { return CreationOps.eye(n, n, 0, DType.FLOAT32); }
    public static Tensor identity(int n, DType dtype) { return CreationOps.eye(n, n, 0, dtype); }
    public static Tensor tri(int n) { return CreationOps.tri(n, n, 0, DType.FLOAT32); }
    public static Tensor tri(int n, int m, int k) { return CreationOps.tri(n, m, k, DType.FLOAT32); }
    public static Tensor tri(int n, int m, int k, DType dtype) { return CreationOps.tri(n, m, k, dtype); }


    // ================================================================== einsum (EinsumOps)

    /** NumPy einsum: explicit or implicit output, repeated labels (diagonals), "..." broadcasting. */
    public static Tensor einsum(String subscripts, Tensor... operands) { return EinsumOps.einsum(subscripts, operands); }


    // ================================================================== neural-network ops (NNOps)

    public static Tensor relu(Tensor x) { return MathOps.relu(x); }
    public static Tensor sigmoid(Tensor x) { return MathOps.sigmoid(x); }
    public static Tensor softplus(Tensor x) { return MathOps.softplus(x); }
    /** min(max(x, 0), 6). */
    public static Tensor relu6(Tensor x) { return NNOps.relu6(x); }
    /** x for x > 0, alpha (e^x - 1) otherwise; alpha = 1. */
    public static Tensor elu(Tensor x) { return NNOps.elu(x, 1f); }
    public static Tensor elu(Tensor x, float alpha) { return NNOps.elu(x, alpha); }
    /** scale * elu(x, alpha) with Keras's fixed alpha ~1.6733 and scale ~1.0507. */
    public static Tensor selu(Tensor x) { return NNOps.selu(x); }
    /** GELU, by default with the tanh approximation, as {@code keras.ops.gelu(x, approximate=True)}. */
    public static Tensor gelu(Tensor x) { return NNOps.gelu(x, true); }
    /** GELU; {@code approximate=false} is the exact 0.5 x (1 + erf(x / sqrt 2)). */
    public static Tensor gelu(Tensor x, boolean approximate) { return NNOps.gelu(x, approximate); }
    /** x * sigmoid(x). */
    public static Tensor silu(Tensor x) { return NNOps.silu(x); }
    public static Tensor swish(Tensor x) { return NNOps.silu(x); }
    /** relu6(x + 3) / 6. */
    public static Tensor hardSigmoid(Tensor x) { return NNOps.hardSigmoid(x); }
    /** x * hard_sigmoid(x). */
    public static Tensor hardSilu(Tensor x) { return NNOps.hardSilu(x); }
    public static Tensor hardSwish(Tensor x) { return NNOps.hardSilu(x); }
    /** x for x >= 0, negative_slope * x otherwise; negative_slope = 0.2. */
    public static Tensor leakyRelu(Tensor x) { return NNOps.leakyRelu(x, 0.2f); }
    public static Tensor leakyRelu(Tensor x, float negativeSlope) { return NNOps.leakyRelu(x, negativeSlope); }
    /** log(sigmoid(x)) = -softplus(-x). */
    public static Tensor logSigmoid(Tensor x) { return NNOps.logSigmoid(x); }
    /** x / (1 + |x|). */
    public static Tensor softsign(Tensor x) { return NNOps.softsign(x); }
    /** x - tanh(x). */
    public static Tensor tanhShrink(Tensor x) { return NNOps.tanhShrink(x); }
    /** x for x > 0, alpha (e^(x/alpha) - 1) otherwise; alpha = 1. */
    public static Tensor celu(Tensor x) { return NNOps.celu(x, 1f); }
    public static Tensor celu(Tensor x, float alpha) { return NNOps.celu(x, alpha); }
    /** a * sigmoid(b), a and b the halves of x along the last axis. */
    public static Tensor glu(Tensor x) { return NNOps.glu(x, -1); }
    public static Tensor glu(Tensor x, int axis) { return NNOps.glu(x, axis); }
    /** x * tanh(softplus(x)) ({@code keras.activations.mish}). */
    public static Tensor mish(Tensor x) { return NNOps.mish(x); }
    /** 0 for x <= -1, (x + 1)^2 / 4 in between, x for x >= 1. */
    public static Tensor sparsePlus(Tensor x) { return NNOps.sparsePlus(x); }
    /** (x + sqrt(x^2 + b)) / 2; b = 4. */
    public static Tensor squareplus(Tensor x) { return NNOps.squareplus(x, 4f); }
    public static Tensor squareplus(Tensor x, float b) { return NNOps.squareplus(x, b); }
    /** x - threshold above threshold, x + threshold below -threshold, else 0; threshold = 0.5. */
    public static Tensor softShrink(Tensor x) { return NNOps.softShrink(x, 0.5f); }
    public static Tensor softShrink(Tensor x, float threshold) { return NNOps.softShrink(x, threshold); }
    /** x where |x| > threshold, else 0; threshold = 0.5. */
    public static Tensor hardShrink(Tensor x) { return NNOps.hardShrink(x, 0.5f); }
    public static Tensor hardShrink(Tensor x, float threshold) { return NNOps.hardShrink(x, threshold); }
    /** clip(x, -1, 1). */
    public static Tensor hardTanh(Tensor x) { return NNOps.hardTanh(x); }
    /** 0.5 * clip(x + 1, 0, 2). */
    public static Tensor sparseSigmoid(Tensor x) { return NNOps.sparseSigmoid(x); }
    /** x where x > threshold, else defaultValue. */
    public static Tensor threshold(Tensor x, float threshold, float defaultValue) { return NNOps.threshold(x, threshold, defaultValue); }
    public static Tensor softmax(Tensor x) { return NNOps.softmax(x, -1); }
    public static Tensor softmax(Tensor x, int axis) { return NNOps.softmax(x, axis); }
    public static Tensor logSoftmax(Tensor x) { return NNOps.logSoftmax(x, -1); }
    public static Tensor logSoftmax(Tensor x, int axis) { return NNOps.logSoftmax(x, axis); }
    /** float32 one-hot vectors appended as a last axis; out-of-range indices give zero vectors. */
    public static Tensor oneHot(Tensor x, int numClasses) { return NNOps.oneHot(x, numClasses, -1, DType.FLOAT32); }
    public static Tensor oneHot(Tensor x, int numClasses, int axis, DType dtype) { return NNOps.oneHot(x, numClasses, axis, dtype); }
    public static Tensor multiHot(Tensor x, int numClasses) { return NNOps.multiHot(x, numClasses, -1, DType.FLOAT32); }
    public static Tensor multiHot(Tensor x, int numClasses, int axis, DType dtype) { return NNOps.multiHot(x, numClasses, axis, dtype); }
    /** Mean and variance over {@code axes} ({@code null}: all axes). */
    public static Moments moments(Tensor x, int[] axes) { return NNOps.moments(x, axes, false); }
    public static Moments moments(Tensor x, int[] axes, boolean keepdims) { return NNOps.moments(x, axes, keepdims); }
    /** Normalises x by vectors along {@code axis}; epsilon = 1e-3, no offset or scale. */
    public static Tensor batchNormalization(Tensor x, Tensor mean, Tensor variance, int axis) {
        return NNOps.batchNormalization(x, mean, variance, axis, null, null, 1e-3f);
    }
    /** {@code offset} and {@code scale} may be null. */
    public static Tensor batchNormalization(Tensor x, Tensor mean, Tensor variance, int axis, Tensor offset, Tensor scale, float epsilon) {
        return NNOps.batchNormalization(x, mean, variance, axis, offset, scale, epsilon);
    }
    /** L2 normalisation along the last axis: x / max(||x||, 1e-7). */
    public static Tensor normalize(Tensor x) { return NNOps.normalize(x, new int[]{-1}, 2, NNOps.EPSILON); }
    public static Tensor normalize(Tensor x, int axis, int order) { return NNOps.normalize(x, new int[]{axis}, order, NNOps.EPSILON); }
    public static Tensor normalize(Tensor x, int axis, int order, float epsilon) { return NNOps.normalize(x, new int[]{axis}, order, epsilon); }
    /** x * rsqrt(mean(x^2, last axis) + 1e-7). */
    public static Tensor rmsNormalization(Tensor x) { return NNOps.rmsNormalization(x, null, new int[]{-1}, NNOps.EPSILON); }
    /** {@code scale} broadcasts against x and may be null. */
    public static Tensor rmsNormalization(Tensor x, Tensor scale, int[] axes, float epsilon) { return NNOps.rmsNormalization(x, scale, axes, epsilon); }
    /** Layer normalisation over the last axis with epsilon = 1e-7; gamma and beta may be null. */
    public static Tensor layerNormalization(Tensor x, Tensor gamma, Tensor beta) {
        return NNOps.layerNormalization(x, gamma, beta, new int[]{-1}, NNOps.EPSILON, false);
    }
    public static Tensor layerNormalization(Tensor x, Tensor gamma, Tensor beta, int[] axes, float epsilon, boolean rmsScaling) {
        return NNOps.layerNormalization(x, gamma, beta, axes, epsilon, rmsScaling);
    }

    // ================================================================== sparsemax (ActivationOps)

    /** Projection of each slice along the last axis onto the probability simplex: max(x - tau, 0), summing to 1. */
    public static Tensor sparsemax(Tensor x) { return ActivationOps.sparsemax(x, -1); }
    public static Tensor sparsemax(Tensor x, int axis) { return ActivationOps.sparsemax(x, axis); }

    // ================================================================== losses (LossOps)

    /** Element-wise binary cross-entropy of probabilities (clipped to [1e-7, 1 - 1e-7]). */
    public static Tensor binaryCrossentropy(Tensor target, Tensor output) { return LossOps.binaryCrossentropy(target, output, false); }
    public static Tensor binaryCrossentropy(Tensor target, Tensor output, boolean fromLogits) { return LossOps.binaryCrossentropy(target, output, fromLogits); }
    /** Cross-entropy over the last axis of probabilities (renormalised, clipped); one value per row. */
    public static Tensor categoricalCrossentropy(Tensor target, Tensor output) { return LossOps.categoricalCrossentropy(target, output, false, -1); }
    public static Tensor categoricalCrossentropy(Tensor target, Tensor output, boolean fromLogits) { return LossOps.categoricalCrossentropy(target, output, fromLogits, -1); }
    public static Tensor categoricalCrossentropy(Tensor target, Tensor output, boolean fromLogits, int axis) { return LossOps.categoricalCrossentropy(target, output, fromLogits, axis); }
    /** Cross-entropy with integer class targets of shape output.shape[:-1]. */
    public static Tensor sparseCategoricalCrossentropy(Tensor target, Tensor output) { return LossOps.sparseCategoricalCrossentropy(target, output, false, -1); }
    public static Tensor sparseCategoricalCrossentropy(Tensor target, Tensor output, boolean fromLogits) { return LossOps.sparseCategoricalCrossentropy(target, output, fromLogits, -1); }
    public static Tensor sparseCategoricalCrossentropy(Tensor target, Tensor output, boolean fromLogits, int axis) { return LossOps.sparseCategoricalCrossentropy(target, output, fromLogits, axis); }

    // ================================================================== ctc (CtcOps)

    /**
     * CTC loss per row of logits {@code output} (batch, max_length, num_classes) for the labels in
     * {@code target} (batch, max_label_length), using the first {@code targetLength[b]} labels and
     * {@code outputLength[b]} frames of row b; class 0 is the blank.
     */
    public static Tensor ctcLoss(Tensor target, Tensor output, Tensor targetLength, Tensor outputLength) { return CtcOps.ctcLoss(target, output, targetLength, outputLength, 0); }
    public static Tensor ctcLoss(Tensor target, Tensor output, Tensor targetLength, Tensor outputLength, int maskIndex) { return CtcOps.ctcLoss(target, output, targetLength, outputLength, maskIndex); }

    // ================================================================== convolution (ConvOps)
    // inputs (batch, spatial..., channels) with 1-3 spatial axes (channels second for "channels_first");
    // int arguments apply to every spatial axis; dataFormat null means "channels_last".

    /** Convolution with unit strides, "valid" padding; kernel (spatial..., in_channels / groups, out_channels). */
    public static Tensor conv(Tensor inputs, Tensor kernel) { return ConvOps.conv(inputs, kernel, new int[]{1}, "valid", null, new int[]{1}); }
    public static Tensor conv(Tensor inputs, Tensor kernel, int strides, String padding) { return ConvOps.conv(inputs, kernel, new int[]{strides}, padding, null, new int[]{1}); }
    /** padding "valid", "same", or (1D) "causal". */
    public static Tensor conv(Tensor inputs, Tensor kernel, int[] strides, String padding, String dataFormat, int[] dilationRate) { return ConvOps.conv(inputs, kernel, strides, padding, dataFormat, dilationRate); }
    /** Depthwise convolution; kernel (spatial..., in_channels, depth_multiplier). */
    public static Tensor depthwiseConv(Tensor inputs, Tensor kernel) { return ConvOps.depthwiseConv(inputs, kernel, new int[]{1}, "valid", null, new int[]{1}); }
    public static Tensor depthwiseConv(Tensor inputs, Tensor kernel, int strides, String padding) { return ConvOps.depthwiseConv(inputs, kernel, new int[]{strides}, padding, null, new int[]{1}); }
    public static Tensor depthwiseConv(Tensor inputs, Tensor kernel, int[] strides, String padding, String dataFormat, int[] dilationRate) { return ConvOps.depthwiseConv(inputs, kernel, strides, padding, dataFormat, dilationRate); }
    /** Depthwise convolution followed by a 1×1 convolution with pointwise kernel (1..., in_channels * depth_multiplier, out_channels). */
    public static Tensor separableConv(Tensor inputs, Tensor depthwiseKernel, Tensor pointwiseKernel) { return ConvOps.separableConv(inputs, depthwiseKernel, pointwiseKernel, new int[]{1}, "valid", null, new int[]{1}); }
    public static Tensor separableConv(Tensor inputs, Tensor depthwiseKernel, Tensor pointwiseKernel, int strides, String padding) { return ConvOps.separableConv(inputs, depthwiseKernel, pointwiseKernel, new int[]{strides}, padding, null, new int[]{1}); }
    public static Tensor separableConv(Tensor inputs, Tensor depthwiseKernel, Tensor pointwiseKernel, int[] strides, String padding, String dataFormat, int[] dilationRate) { return ConvOps.separableConv(inputs, depthwiseKernel, pointwiseKernel, strides, padding, dataFormat, dilationRate); }
    /** Transposed convolution; kernel (spatial..., out_channels, in_channels). */
    public static Tensor convTranspose(Tensor inputs, Tensor kernel) { return ConvOps.convTranspose(inputs, kernel, new int[]{1}, "valid", null, null, new int[]{1}); }
    public static Tensor convTranspose(Tensor inputs, Tensor kernel, int strides, String padding) { return ConvOps.convTranspose(inputs, kernel, new int[]{strides}, padding, null, null, new int[]{1}); }
    /** outputPadding null lets Keras's formula choose it. */
    public static Tensor convTranspose(Tensor inputs, Tensor kernel, int[] strides, String padding, int[] outputPadding, String dataFormat, int[] dilationRate) { return ConvOps.convTranspose(inputs, kernel, strides, padding, outputPadding, dataFormat, dilationRate); }
    /**
     * A convolution layer with relu then a max pooling layer as one op: maxPool(relu(conv(inputs, kernel) + bias), poolSize, poolStrides,
     * poolPadding) (poolStrides null: the pool size). With disjoint "valid" pooling windows on channels_last float32 the convolution's
     * output is pooled in cache and never stored; the same values and gradients as the composition, bit for bit.
     */
    public static Tensor convBiasReluMaxPool(Tensor inputs, Tensor kernel, Tensor bias, int[] strides, String padding, String dataFormat, int[] dilationRate, int[] poolSize, int[] poolStrides, String poolPadding) { return ConvOps.convBiasReluMaxPool(inputs, kernel, bias, strides, padding, dataFormat, dilationRate, poolSize, poolStrides, poolPadding); }

    // ================================================================== pooling (PoolingOps)
    // strides null (or omitted) means pool_size; padding "valid" or "same"; dataFormat null means "channels_last".

    public static Tensor maxPool(Tensor inputs, int poolSize) { return PoolingOps.maxPool(inputs, new int[]{poolSize}, null, "valid", null); }
    public static Tensor maxPool(Tensor inputs, int poolSize, int strides, String padding) { return PoolingOps.maxPool(inputs, new int[]{poolSize}, new int[]{strides}, padding, null); }
    public static Tensor maxPool(Tensor inputs, int[] poolSize, int[] strides, String padding, String dataFormat) { return PoolingOps.maxPool(inputs, poolSize, strides, padding, dataFormat); }
    public static Tensor averagePool(Tensor inputs, int poolSize) { return PoolingOps.averagePool(inputs, new int[]{poolSize}, null, "valid", null); }
    public static Tensor averagePool(Tensor inputs, int poolSize, int strides, String padding) { return PoolingOps.averagePool(inputs, new int[]{poolSize}, new int[]{strides}, padding, null); }
    public static Tensor averagePool(Tensor inputs, int[] poolSize, int[] strides, String padding, String dataFormat) { return PoolingOps.averagePool(inputs, poolSize, strides, padding, dataFormat); }
    /** Adaptive max pooling to {@code outputSize} along every spatial axis (bins {@code [floor(i*n/m), ceil((i+1)*n/m))}), channels_last. */
    public static Tensor adaptiveMaxPool(Tensor inputs, int outputSize) { return PoolingOps.adaptiveMaxPool(inputs, new int[]{outputSize}, null); }
    /** Adaptive max pooling: one output size for every spatial axis or one per axis; data_format null means channels_last. */
    public static Tensor adaptiveMaxPool(Tensor inputs, int[] outputSize, String dataFormat) { return PoolingOps.adaptiveMaxPool(inputs, outputSize, dataFormat); }
    public static Tensor adaptiveAveragePool(Tensor inputs, int outputSize) { return PoolingOps.adaptiveAveragePool(inputs, new int[]{outputSize}, null); }
    public static Tensor adaptiveAveragePool(Tensor inputs, int[] outputSize, String dataFormat) { return PoolingOps.adaptiveAveragePool(inputs, outputSize, dataFormat); }

    // ================================================================== recurrent (RnnOps)
    // Keras's gate order (i, f, c, o); tanh activation, sigmoid recurrent activation. mask (batch, time), true = use the step.

    /**
     * Keras's backend {@code lstm}: the whole sequence as one fused op. inputs (batch, time, features),
     * initial states (batch, units), kernel (features, 4 units), recurrentKernel (units, 4 units),
     * bias (4 units) or null, mask or null. Returns the last output, the outputs (all steps in
     * processing order, or the last one as (batch, 1, units)) and the final [h, c].
     */
    public static RnnResult lstm(Tensor inputs, Tensor initialStateH, Tensor initialStateC, Tensor mask, Tensor kernel, Tensor recurrentKernel, Tensor bias, boolean returnSequences, boolean goBackwards) { return RnnOps.lstm(inputs, initialStateH, initialStateC, mask, kernel, recurrentKernel, bias, returnSequences, goBackwards); }
    /**
     * The LSTM recurrence on inputs already projected by the kernel, (batch, time, 4 units), with
     * the options of Keras's RNN layer: a (4, batch, units) recurrent dropout mask per gate (or null),
     * zero outputs for masked steps, and the masking rule of Keras's unrolled loop.
     */
    public static RnnResult lstmRecurrence(Tensor projectedInputs, Tensor initialStateH, Tensor initialStateC, Tensor mask, Tensor recurrentKernel, Tensor bias, Tensor recurrentDropoutMask, boolean returnSequences, boolean goBackwards, boolean zeroOutputForMask, boolean unroll) { return RnnOps.lstmRecurrence(projectedInputs, initialStateH, initialStateC, mask, recurrentKernel, bias, recurrentDropoutMask, returnSequences, goBackwards, zeroOutputForMask, unroll); }
    /**
     * Keras's backend {@code gru}: the whole sequence as one fused op, gates (z, r, h). inputs
     * (batch, time, features), initial state (batch, units), kernel (features, 3 units),
     * recurrentKernel (units, 3 units), bias (2, 3 units) with {@code resetAfter} (input bias, then
     * recurrent bias), else (3 units), or null; mask or null. Returns the last output, the outputs
     * and the final [h].
     */
    public static RnnResult gru(Tensor inputs, Tensor initialState, Tensor mask, Tensor kernel, Tensor recurrentKernel, Tensor bias, boolean returnSequences, boolean goBackwards, boolean resetAfter) { return RnnOps.gru(inputs, initialState, mask, kernel, recurrentKernel, bias, returnSequences, goBackwards, resetAfter); }
    /**
     * The GRU recurrence on inputs already projected by the kernel, (batch, time, 3 units), with a
     * (3, batch, units) recurrent dropout mask per gate (or null) and the masking options of
     * {@link #lstmRecurrence}.
     */
    public static RnnResult gruRecurrence(Tensor projectedInputs, Tensor initialState, Tensor mask, Tensor recurrentKernel, Tensor bias, Tensor recurrentDropoutMask, boolean resetAfter, boolean returnSequences, boolean goBackwards, boolean zeroOutputForMask, boolean unroll) { return RnnOps.gruRecurrence(projectedInputs, initialState, mask, recurrentKernel, bias, recurrentDropoutMask, resetAfter, returnSequences, goBackwards, zeroOutputForMask, unroll); }
    /**
     * The fully-connected RNN recurrence with tanh (Keras's SimpleRNN) on inputs already projected by
     * the kernel, (batch, time, units): {@code h' = tanh(x_t + bias + h·recurrentKernel)}, bias
     * (units) or null, a (batch, units) recurrent dropout mask or null, and the masking options of
     * {@link #lstmRecurrence}. Returns the last output, the outputs and the final [h].
     */
    public static RnnResult simpleRnnRecurrence(Tensor projectedInputs, Tensor initialState, Tensor mask, Tensor recurrentKernel, Tensor bias, Tensor recurrentDropoutMask, boolean returnSequences, boolean goBackwards, boolean zeroOutputForMask, boolean unroll) { return RnnOps.simpleRnnRecurrence(projectedInputs, initialState, mask, recurrentKernel, bias, recurrentDropoutMask, returnSequences, goBackwards, zeroOutputForMask, unroll); }

    // ================================================================== resampling (ResamplingOps)
    // nearest-neighbour up-sampling by integer factors; linear interpolation with half-pixel centres and clamped edges,
    // as keras.ops.image.resize(interpolation="bilinear", antialias=False) does along each axis (integers in float32).

    /** Repeats every entry of each of {@code axes} {@code factors[i]} times, in one pass (nearest-neighbour up-sampling; any dtype). */
    public static Tensor upsampleNearest(Tensor x, int[] axes, int[] factors) { return ResamplingOps.upsampleNearest(x, axes, factors); }
    /** Resizes {@code axis} to {@code size} samples by linear interpolation. */
    public static Tensor resizeLinear(Tensor x, int axis, int size) { return ResamplingOps.resizeLinear(x, axis, size); }
    /** Resizes each of {@code axes} to the matching entry of {@code sizes} (bilinear for two axes, trilinear for three). */
    public static Tensor resizeLinear(Tensor x, int[] axes, int[] sizes) { return ResamplingOps.resizeLinear(x, axes, sizes); }

    // ================================================================== fused dense layer (DenseOps)
    // act(x · kernel + bias) as one op: bit-identical to relu(add(matmul(x, kernel), bias)), one output array, one node.

    /** {@code x (m, k) · kernel (k, n) + bias (n,)} (bias may be null), then relu when {@code relu}. */
    public static Tensor dense(Tensor x, Tensor kernel, Tensor bias, boolean relu) { return DenseOps.dense(x, kernel, bias, relu); }
    /** {@code x + bias} along {@code axis} (bias of shape (x.dim(axis),)), then relu when {@code relu}: a layer's bias and activation in one pass (BiasActivationOps). */
    public static Tensor biasActivation(Tensor x, Tensor bias, int axis, boolean relu) { return BiasActivationOps.biasActivation(x, bias, axis, relu); }
    /** {@code conv(inputs, kernel) + bias}, then relu when {@code relu}: a convolution layer's call as one op, bit-identical to the composition (ConvOps). */
    public static Tensor convBiasActivation(Tensor inputs, Tensor kernel, Tensor bias, int[] strides, String padding, String dataFormat, int[] dilationRate, boolean relu) { return ConvOps.convBiasActivation(inputs, kernel, bias, strides, padding, dataFormat, dilationRate, relu); }

    // ================================================================== fused normalisation (NormalizationOps)
    // The batch and layer normalisations of the layers as fused kernels, with the results of the compositions above.

    /** {@link #batchNormalization} in one fused pass over x (a composition for float64). */
    public static Tensor fusedBatchNormalization(Tensor x, Tensor mean, Tensor variance, int axis, Tensor offset, Tensor scale, float epsilon) { return NormalizationOps.fusedBatchNormalization(x, mean, variance, axis, offset, scale, epsilon); }
    /**
     * Batch normalisation with the batch's own statistics (training mode): the output, and the
     * per-channel mean and biased variance over every axis but {@code axis} (no gradient).
     */
    public static BatchNormResult fusedBatchNormalizationTraining(Tensor x, int axis, Tensor offset, Tensor scale, float epsilon) { return NormalizationOps.fusedBatchNormalizationTraining(x, axis, offset, scale, epsilon); }
    /** {@link #layerNormalization} without rms scaling, fused when the axes are the trailing ones. */
    public static Tensor fusedLayerNormalization(Tensor x, Tensor gamma, Tensor beta, int[] axes, float epsilon) { return NormalizationOps.fusedLayerNormalization(x, gamma, beta, axes, epsilon); }
    /** {@link #normalize} over several axes ({@code x / max(norm(x), epsilon)}). */
    public static Tensor normalize(Tensor x, int[] axes, int order, float epsilon) { return NNOps.normalize(x, axes, order, epsilon); }

    // ================================================================== image (ImageOps)
    // keras.ops.image: images (batch, height, width, channels) or one image (height, width, channels);
    // dataFormat null means "channels_last". Numerics follow Keras's JAX backend.

    /** Bilinear resize to (height, width) with half-pixel centres, no antialiasing. */
    public static Tensor resize(Tensor images, int height, int width) { return ImageOps.resize(images, new int[]{height, width}, "bilinear", false, false, false, "constant", 0, null); }
    /** interpolation: "bilinear", "nearest", "bicubic", "lanczos3", "lanczos5" or "area". */
    public static Tensor resize(Tensor images, int height, int width, String interpolation) { return ImageOps.resize(images, new int[]{height, width}, interpolation, false, false, false, "constant", 0, null); }
    /** The full {@code keras.ops.image.resize}; fillMode must be "constant". */
    public static Tensor resize(Tensor images, int height, int width, String interpolation, boolean antialias, boolean cropToAspectRatio, boolean padToAspectRatio, String fillMode, double fillValue, String dataFormat) { return ImageOps.resize(images, new int[]{height, width}, interpolation, antialias, cropToAspectRatio, padToAspectRatio, fillMode, fillValue, dataFormat); }
    /**
     * Projective warp: transform (8,) or (batch, 8) {@code [a0, a1, a2, b0, b1, b2, c0, c1]} maps output
     * (x, y) to input ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1; bilinear, constant fill 0.
     */
    public static Tensor affineTransform(Tensor images, Tensor transform) { return ImageOps.affineTransform(images, transform, "bilinear", "constant", 0, null); }
    /** interpolation "nearest" or "bilinear"; fillMode "constant", "nearest", "wrap", "mirror" or "reflect". */
    public static Tensor affineTransform(Tensor images, Tensor transform, String interpolation, String fillMode, double fillValue, String dataFormat) { return ImageOps.affineTransform(images, transform, interpolation, fillMode, fillValue, dataFormat); }
    /** Warps so that the four start points (x, y) move to the end points; points (4, 2) or (batch, 4, 2). */
    public static Tensor perspectiveTransform(Tensor images, Tensor startPoints, Tensor endPoints) { return ImageOps.perspectiveTransform(images, startPoints, endPoints, "bilinear", 0, null); }
    public static Tensor perspectiveTransform(Tensor images, Tensor startPoints, Tensor endPoints, String interpolation, double fillValue, String dataFormat) { return ImageOps.perspectiveTransform(images, startPoints, endPoints, interpolation, fillValue, dataFormat); }
    /** Elastic distortion by Gaussian-smoothed random displacements (alpha = 20, sigma = 5, bilinear, reflect). */
    public static Tensor elasticTransform(Tensor images, io.keras4j.random.SeedGenerator seed) { return ImageOps.elasticTransform(images, 20, 5, "bilinear", "reflect", 0, seed, null); }
    public static Tensor elasticTransform(Tensor images, double alpha, double sigma, String interpolation, String fillMode, double fillValue, io.keras4j.random.SeedGenerator seed, String dataFormat) { return ImageOps.elasticTransform(images, alpha, sigma, interpolation, fillMode, fillValue, seed, dataFormat); }
    /** Depthwise Gaussian blur, 3x3 kernel, sigma 1. */
    public static Tensor gaussianBlur(Tensor images) { return ImageOps.gaussianBlur(images, new int[]{3, 3}, new float[]{1f, 1f}, null); }
    /** kernelSize and sigma are (x, y) pairs, as in Keras. */
    public static Tensor gaussianBlur(Tensor images, int[] kernelSize, float[] sigma, String dataFormat) { return ImageOps.gaussianBlur(images, kernelSize, sigma, dataFormat); }
    /** Exactly two of top/bottom/targetHeight and two of left/right/targetWidth are given (the others null). */
    public static Tensor cropImages(Tensor images, Integer topCropping, Integer leftCropping, Integer bottomCropping, Integer rightCropping, Integer targetHeight, Integer targetWidth, String dataFormat) { return ImageOps.cropImages(images, topCropping, leftCropping, bottomCropping, rightCropping, targetHeight, targetWidth, dataFormat); }
    /** Zero padding; exactly two of top/bottom/targetHeight and two of left/right/targetWidth are given (the others null). */
    public static Tensor padImages(Tensor images, Integer topPadding, Integer leftPadding, Integer bottomPadding, Integer rightPadding, Integer targetHeight, Integer targetWidth, String dataFormat) { return ImageOps.padImages(images, topPadding, leftPadding, bottomPadding, rightPadding, targetHeight, targetWidth, dataFormat); }
    /** 0.2989 R + 0.5870 G + 0.1140 B, keeping a channel axis of size 1. */
    public static Tensor rgbToGrayscale(Tensor images) { return ImageOps.rgbToGrayscale(images, null); }
    public static Tensor rgbToGrayscale(Tensor images, String dataFormat) { return ImageOps.rgbToGrayscale(images, dataFormat); }
    /** RGB in [0, 1] to HSV in [0, 1]. */
    public static Tensor rgbToHsv(Tensor images) { return ImageOps.rgbToHsv(images, null); }
    public static Tensor rgbToHsv(Tensor images, String dataFormat) { return ImageOps.rgbToHsv(images, dataFormat); }
    public static Tensor hsvToRgb(Tensor images) { return ImageOps.hsvToRgb(images, null); }
    public static Tensor hsvToRgb(Tensor images, String dataFormat) { return ImageOps.hsvToRgb(images, dataFormat); }

    // ================================================================== signal (SignalOps)
    // keras.ops.math's framing and Fourier transforms (as {real, imag} pairs), and keras.ops.arctan2.

    /** Frames of the last axis: (..., T) to (..., 1 + (T - length) / stride, length). */
    public static Tensor extractSequences(Tensor x, int sequenceLength, int sequenceStride) { return SignalOps.extractSequences(x, sequenceLength, sequenceStride); }
    /** {real, imag} of the DFT's non-negative frequencies along the last axis. */
    public static Tensor[] rfft(Tensor x) { return SignalOps.rfft(x, null); }
    /** The last axis is cropped or zero-padded to fftLength first. */
    public static Tensor[] rfft(Tensor x, int fftLength) { return SignalOps.rfft(x, fftLength); }
    /** Short-time Fourier transform with a periodic Hann window, centred: {real, imag}, each (..., frames, fftLength / 2 + 1). */
    public static Tensor[] stft(Tensor x, int sequenceLength, int sequenceStride, int fftLength) { return SignalOps.stft(x, sequenceLength, sequenceStride, fftLength, "hann", true); }
    /** window: "hann", "hamming", a Tensor of sequenceLength values, or null for none. */
    public static Tensor[] stft(Tensor x, int sequenceLength, int sequenceStride, int fftLength, Object window, boolean center) { return SignalOps.stft(x, sequenceLength, sequenceStride, fftLength, window, center); }
    /** The angle of the point (x, y), in (-pi, pi]. */
    public static Tensor arctan2(Tensor y, Tensor x) { return SignalOps.arctan2(y, x); }

    // ================================================================== attention (AttentionOps)

    /**
     * {@code keras.ops.dot_product_attention(query, key, value)}: query (B, T, N, H), key and value
     * (B, S, K, H) with N a multiple of K; {@code softmax(q k^T / sqrt(H)) v}, shape (B, T, N, H).
     */
    public static Tensor dotProductAttention(Tensor query, Tensor key, Tensor value) { return AttentionOps.dotProductAttention(query, key, value, null, null, null, false); }
    /**
     * {@code keras.ops.dot_product_attention(query, key, value, bias, mask, scale, is_causal)}: bias
     * and the boolean mask broadcast to (B, N, T, S); masked logits get -0.7 * FLT_MAX (a fully
     * masked row is uniform, as in JAX); scale null means 1 / sqrt(H).
     */
    public static Tensor dotProductAttention(Tensor query, Tensor key, Tensor value, Tensor bias, Tensor mask, Float scale, boolean isCausal) { return AttentionOps.dotProductAttention(query, key, value, bias, mask, scale, isCausal); }
    /**
     * Keras's Softmax layer with a mask: softmax over {@code axes} (default the last) of
     * {@code where(mask, x, -1e9)}, zero where the mask is false; the mask broadcasts to x.
     */
    public static Tensor maskedSoftmax(Tensor x, Tensor mask, int... axes) { return AttentionOps.maskedSoftmax(x, mask, axes); }

    // ================================================================== ops on symbolic tensors (Operation)
    // Keras's ops applied to KerasTensors: each call adds an Operation node to the functional graph
    // (saved as keras.src.ops.numpy / keras.src.ops.nn, like Keras). A number operand is a constant of the call:
    // an integral one (long overloads) stays an integer, as a Python int does (int tensors stay int; saved as 2, not 2.0).

    public static io.keras4j.KerasTensor square(io.keras4j.KerasTensor x) { return Operation.call("Square", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor sqrt(io.keras4j.KerasTensor x) { return Operation.call("Sqrt", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor exp(io.keras4j.KerasTensor x) { return Operation.call("Exp", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor log(io.keras4j.KerasTensor x) { return Operation.call("Log", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor abs(io.keras4j.KerasTensor x) { return Operation.call("Absolute", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor negative(io.keras4j.KerasTensor x) { return Operation.call("Negative", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor sin(io.keras4j.KerasTensor x) { return Operation.call("Sin", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor cos(io.keras4j.KerasTensor x) { return Operation.call("Cos", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor tanh(io.keras4j.KerasTensor x) { return Operation.call("Tanh", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor sigmoid(io.keras4j.KerasTensor x) { return Operation.call("Sigmoid", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor relu(io.keras4j.KerasTensor x) { return Operation.call("Relu", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor softmax(io.keras4j.KerasTensor x) { return softmax(x, -1); }
    public static io.keras4j.KerasTensor softmax(io.keras4j.KerasTensor x, int axis) { return Operation.call("Softmax", java.util.Map.of("axis", axis), x); }

    public static io.keras4j.KerasTensor add(io.keras4j.KerasTensor a, io.keras4j.KerasTensor b) { return Operation.call("Add", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor add(io.keras4j.KerasTensor a, double b) { return Operation.call("Add", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor add(io.keras4j.KerasTensor a, long b) { return Operation.call("Add", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor add(double a, io.keras4j.KerasTensor b) { return Operation.call("Add", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor add(long a, io.keras4j.KerasTensor b) { return Operation.call("Add", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor subtract(io.keras4j.KerasTensor a, io.keras4j.KerasTensor b) { return Operation.call("Subtract", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor subtract(io.keras4j.KerasTensor a, double b) { return Operation.call("Subtract", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor subtract(io.keras4j.KerasTensor a, long b) { return Operation.call("Subtract", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor subtract(double a, io.keras4j.KerasTensor b) { return Operation.call("Subtract", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor subtract(long a, io.keras4j.KerasTensor b) { return Operation.call("Subtract", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor multiply(io.keras4j.KerasTensor a, io.keras4j.KerasTensor b) { return Operation.call("Multiply", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor multiply(io.keras4j.KerasTensor a, double b) { return Operation.call("Multiply", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor multiply(io.keras4j.KerasTensor a, long b) { return Operation.call("Multiply", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor multiply(double a, io.keras4j.KerasTensor b) { return Operation.call("Multiply", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor multiply(long a, io.keras4j.KerasTensor b) { return Operation.call("Multiply", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor divide(io.keras4j.KerasTensor a, io.keras4j.KerasTensor b) { return Operation.call("Divide", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor divide(io.keras4j.KerasTensor a, double b) { return Operation.call("Divide", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor divide(io.keras4j.KerasTensor a, long b) { return Operation.call("Divide", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor divide(double a, io.keras4j.KerasTensor b) { return Operation.call("Divide", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor divide(long a, io.keras4j.KerasTensor b) { return Operation.call("Divide", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor maximum(io.keras4j.KerasTensor a, io.keras4j.KerasTensor b) { return Operation.call("Maximum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor maximum(io.keras4j.KerasTensor a, double b) { return Operation.call("Maximum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor maximum(io.keras4j.KerasTensor a, long b) { return Operation.call("Maximum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor maximum(double a, io.keras4j.KerasTensor b) { return Operation.call("Maximum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor maximum(long a, io.keras4j.KerasTensor b) { return Operation.call("Maximum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor minimum(io.keras4j.KerasTensor a, io.keras4j.KerasTensor b) { return Operation.call("Minimum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor minimum(io.keras4j.KerasTensor a, double b) { return Operation.call("Minimum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor minimum(io.keras4j.KerasTensor a, long b) { return Operation.call("Minimum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor minimum(double a, io.keras4j.KerasTensor b) { return Operation.call("Minimum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor minimum(long a, io.keras4j.KerasTensor b) { return Operation.call("Minimum", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor power(io.keras4j.KerasTensor a, io.keras4j.KerasTensor b) { return Operation.call("Power", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor power(io.keras4j.KerasTensor a, double b) { return Operation.call("Power", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor power(io.keras4j.KerasTensor a, long b) { return Operation.call("Power", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor power(double a, io.keras4j.KerasTensor b) { return Operation.call("Power", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor power(long a, io.keras4j.KerasTensor b) { return Operation.call("Power", java.util.Map.of(), a, b); }
    public static io.keras4j.KerasTensor matmul(io.keras4j.KerasTensor a, io.keras4j.KerasTensor b) { return Operation.call("Matmul", java.util.Map.of(), a, b); }

    /** Sum over all axes. */
    public static io.keras4j.KerasTensor sum(io.keras4j.KerasTensor x) { return Operation.call("Sum", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor sum(io.keras4j.KerasTensor x, int axis) { return sum(x, axis, false); }
    public static io.keras4j.KerasTensor sum(io.keras4j.KerasTensor x, int axis, boolean keepdims) { return Operation.call("Sum", java.util.Map.of("axis", axis, "keepdims", keepdims), x); }
    public static io.keras4j.KerasTensor sum(io.keras4j.KerasTensor x, int[] axes, boolean keepdims) { return Operation.call("Sum", java.util.Map.of("axis", Operation.list(axes), "keepdims", keepdims), x); }
    /** Mean over all axes. */
    public static io.keras4j.KerasTensor mean(io.keras4j.KerasTensor x) { return Operation.call("Mean", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor mean(io.keras4j.KerasTensor x, int axis) { return mean(x, axis, false); }
    public static io.keras4j.KerasTensor mean(io.keras4j.KerasTensor x, int axis, boolean keepdims) { return Operation.call("Mean", java.util.Map.of("axis", axis, "keepdims", keepdims), x); }
    public static io.keras4j.KerasTensor mean(io.keras4j.KerasTensor x, int[] axes, boolean keepdims) { return Operation.call("Mean", java.util.Map.of("axis", Operation.list(axes), "keepdims", keepdims), x); }
    /** Max over all axes. */
    public static io.keras4j.KerasTensor max(io.keras4j.KerasTensor x) { return Operation.call("Max", java.util.Map.of(), x); }
    public static io.keras4j.KerasTensor max(io.keras4j.KerasTensor x, int axis) { return max(x, axis, false); }
    public static io.keras4j.KerasTensor max(io.keras4j.KerasTensor x, int axis, boolean keepdims) { return Operation.call("Max", java.util.Map.of("axis", axis, "keepdims", keepdims), x); }
    public static io.keras4j.KerasTensor max(io.keras4j.KerasTensor x, int[] axes, boolean keepdims) { return Operation.call("Max", java.util.Map.of("axis", Operation.list(axes), "keepdims", keepdims), x); }

    /** NumPy reshape of the whole tensor, batch axis included ({@code -1} once for an inferred size). */
    public static io.keras4j.KerasTensor reshape(io.keras4j.KerasTensor x, int... newshape) { return Operation.call("Reshape", java.util.Map.of("newshape", Operation.list(newshape)), x); }
    /** No axes: all axes reversed. */
    public static io.keras4j.KerasTensor transpose(io.keras4j.KerasTensor x, int... axes) { return Operation.call("Transpose", axes.length == 0 ? java.util.Map.of() : java.util.Map.of("axes", Operation.list(axes)), x); }
    public static io.keras4j.KerasTensor expandDims(io.keras4j.KerasTensor x, int axis) { return Operation.call("ExpandDims", java.util.Map.of("axis", axis), x); }
    /** {@code keras.ops.concatenate([a, b, ...], axis)}. */
    public static io.keras4j.KerasTensor concatenate(io.keras4j.KerasTensor[] xs, int axis) { return Operation.call("Concatenate", java.util.Map.of("axis", axis), (Object) xs); }
    /** Along axis 0, Keras's default. */
    public static io.keras4j.KerasTensor concatenate(io.keras4j.KerasTensor... xs) { return concatenate(xs, 0); }
}
