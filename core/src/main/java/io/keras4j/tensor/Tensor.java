package io.keras4j.tensor;

import java.util.Arrays;

/**
 * An immutable n-dimensional array: a dtype, a shape, and a strided window onto a primitive Java
 * array. Row-major by default; {@link #reshape}, {@link #transpose}, {@link #expandDims},
 * {@link #squeeze} and {@link #broadcastTo} return views that share storage whenever the layout
 * allows it.
 *
 * <p>Tensors carry no gradient state: differentiation is the business of
 * {@link io.keras4j.autograd.GradientTape}, which records the ops applied to watched tensors. The
 * one mutable tensor is the value of a {@link io.keras4j.Variable}, which optimizers update in place.
 *
 * <p>Math lives in {@link io.keras4j.ops.Ops}; this class only holds data and moves it around.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final Object data;
    /** Set only for the value of a Variable, so the tape can watch variables as they are read. */
    private final Object owner;

    private Tensor(DType dtype, int[] shape, int[] strides, int offset, Object data, Object owner) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.data = data;
        this.owner = owner;
    }

    // ------------------------------------------------------------------ creation

    /** Wraps {@code data} (not copied) as a C-contiguous tensor; {@code data} must be a primitive array of a supported dtype. */
    public static Tensor wrap(DType dtype, Object data, int... shape) {
        if (data.getClass() != dtype.arrayType()) {
            throw new IllegalArgumentException("Tensor.wrap: dtype " + dtype + " needs a "
                    + dtype.arrayType().getSimpleName() + ", got " + data.getClass().getSimpleName());
        }
        int[] s = shape.clone();
        int n = Shapes.size(s);
        int len = java.lang.reflect.Array.getLength(data);
        if (len != n) {
            throw new IllegalArgumentException("Tensor.wrap: shape " + Shapes.toString(s) + " needs " + n
                    + " elements, the array has " + len);
        }
        return new Tensor(dtype, s, Shapes.contiguousStrides(s), 0, data, null);
    }

    /** A float32 tensor over {@code data} (not copied). */
    public static Tensor of(float[] data, int... shape) { return wrap(DType.FLOAT32, data, shape); }

    /** A float32 vector copying {@code data}. */
    public static Tensor of(float... data) { return wrap(DType.FLOAT32, data.clone(), data.length); }

    public static Tensor of(float[][] rows) {
        int n = rows.length, m = n == 0 ? 0 : rows[0].length;
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != m) throw new IllegalArgumentException("Tensor.of: ragged rows (" + m + " vs " + rows[i].length + ")");
            System.arraycopy(rows[i], 0, out, i * m, m);
        }
        return of(out, n, m);
    }

    public static Tensor of(float[][][] planes) {
        int n = planes.length, m = n == 0 ? 0 : planes[0].length, k = m == 0 ? 0 : planes[0][0].length;
        float[] out = new float[n * m * k];
        for (int i = 0; i < n; i++) {
            if (planes[i].length != m) throw new IllegalArgumentException("Tensor.of: ragged array");
            for (int j = 0; j < m; j++) {
                if (planes[i][j].length != k) throw new IllegalArgumentException("Tensor.of: ragged array");
                System.arraycopy(planes[i][j], 0, out, (i * m + j) * k, k);
            }
        }
        return of(out, n, m, k);
    }

    public static Tensor of(double[] data, int... shape) { return wrap(DType.FLOAT64, data, shape); }

    public static Tensor ofInts(int[] data, int... shape) { return wrap(DType.INT32, data, shape); }

    public static Tensor ofInts(int... data) { return wrap(DType.INT32, data.clone(), data.length); }

    public static Tensor ofLongs(long[] data, int... shape) { return wrap(DType.INT64, data, shape); }

    public static Tensor ofBools(boolean[] data, int... shape) { return wrap(DType.BOOL, data, shape); }

    public static Tensor ofBytes(byte[] data, int... shape) { return wrap(DType.UINT8, data, shape); }

    /** A string tensor over {@code data} (not copied); elements must not be null. */
    public static Tensor ofStrings(String[] data, int... shape) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == null) throw new IllegalArgumentException("Tensor.ofStrings: element " + i + " is null (use \"\" for an empty string)");
        }
        return wrap(DType.STRING, data, shape);
    }

    /** A string vector copying {@code data} ({@code np.array(["a", "b"])}). */
    public static Tensor ofStrings(String... data) { return ofStrings(data.clone(), data.length); }

    /** A string vector from a list ({@code np.array(list_of_str)}). */
    public static Tensor ofStrings(java.util.List<String> data) { return ofStrings(data.toArray(new String[0])); }

    /** A rank-2 string tensor from rows of equal length ({@code np.array([["a"], ["b"]])}). */
    public static Tensor ofStrings(String[][] rows) {
        int n = rows.length, m = n == 0 ? 0 : rows[0].length;
        String[] out = new String[n * m];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != m) throw new IllegalArgumentException("Tensor.ofStrings: ragged rows (" + m + " vs " + rows[i].length + ")");
            System.arraycopy(rows[i], 0, out, i * m, m);
        }
        return ofStrings(out, n, m);
    }

    public static Tensor scalar(float value) { return wrap(DType.FLOAT32, new float[]{value}); }

    public static Tensor zeros(int... shape) { return zeros(DType.FLOAT32, shape); }

    public static Tensor zeros(DType dtype, int... shape) {
        return wrap(dtype, dtype.allocate(Shapes.size(shape)), shape);
    }

    public static Tensor ones(int... shape) { return full(1f, shape); }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        Arrays.fill(d, value);
        return of(d, shape);
    }

    /** A float32 range {@code [0, n)}. */
    public static Tensor arange(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = i;
        return of(d, n);
    }

    /** A new tensor of zeros owned by {@code owner} (used by Variable: its storage without a copy of a zeros tensor). */
    public static Tensor zerosOwnedBy(Object owner, DType dtype, int... shape) {
        Tensor z = zeros(dtype, shape);
        return new Tensor(z.dtype, z.shape, z.strides, 0, z.data, owner);
    }

    /** A new tensor sharing nothing with this one, owned by {@code owner} (used by Variable). */
    public Tensor copyOwnedBy(Object owner) {
        Tensor c = contiguousCopy();
        return new Tensor(c.dtype, c.shape, c.strides, 0, c.data, owner);
    }

    // ------------------------------------------------------------------ metadata

    public DType dtype() { return dtype; }

    /** The shape (a copy; use {@link #dim} or {@link #rank} in loops). */
    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    /** Size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) { return shape[Shapes.axis("dim", axis, shape.length)]; }

    public int size() { return Shapes.size(shape); }

    /** Element strides (a copy). Zero for broadcast dimensions. */
    public int[] strides() { return strides.clone(); }

    /** Offset of element {@code [0,...,0]} in {@link #data()}. */
    public int offset() { return offset; }

    /** The backing array; honour {@link #offset()} and {@link #strides()}, or call {@link #contiguous()} first. */
    public Object data() { return data; }

    /** The Variable this tensor is the value of, or {@code null}. */
    public Object owner() { return owner; }

    /** True when elements lie in row-major order without gaps, starting at {@link #offset()}. */
    public boolean isContiguous() {
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }

    // ------------------------------------------------------------------ raw access for kernels

    /** The float32 backing array of a contiguous tensor (makes it contiguous first if needed). Use with {@link #offset()}. */
    public float[] floatData() {
        requireDType("floatData", DType.FLOAT32);
        return (float[]) data;
    }

    public double[] doubleData() { requireDType("doubleData", DType.FLOAT64); return (double[]) data; }

    public int[] intData() { requireDType("intData", DType.INT32); return (int[]) data; }

    public long[] longData() { requireDType("longData", DType.INT64); return (long[]) data; }

    public boolean[] boolData() { requireDType("boolData", DType.BOOL); return (boolean[]) data; }

    public byte[] byteData() { requireDType("byteData", DType.UINT8); return (byte[]) data; }

    /** The backing array of a string tensor. Use with {@link #offset()} (after {@link #contiguous()}). */
    public String[] stringData() { requireDType("stringData", DType.STRING); return (String[]) data; }

    private void requireDType(String op, DType expected) {
        if (dtype != expected) throw new IllegalArgumentException(op + ": expected dtype " + expected + ", got " + dtype);
    }

    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : contiguousCopy();
    }

    /** A contiguous copy starting at offset 0 that shares nothing with this tensor. */
    public Tensor contiguousCopy() {
        int n = size();
        Object out = dtype.allocate(n);
        if (isContiguous()) {
            System.arraycopy(data, offset, out, 0, n);
        } else {
            StridedCopy.copy(data, offset, shape, strides, out);
        }
        return new Tensor(dtype, shape.clone(), Shapes.contiguousStrides(shape), 0, out, null);
    }

    /** Flat element index in {@link #data()} of the given multi-index. */
    public int index(int... idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("index: expected " + shape.length + " indices for shape "
                    + Shapes.toString(shape) + ", got " + idx.length);
        }
        int p = offset;
        for (int i = 0; i < idx.length; i++) {
            int k = idx[i] < 0 ? idx[i] + shape[i] : idx[i];
            if (k < 0 || k >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + idx[i] + " is out of bounds for axis " + i
                        + " with size " + shape[i]);
            }
            p += k * strides[i];
        }
        return p;
    }

    /** The element at {@code idx} of a string tensor. */
    public String getString(int... idx) {
        requireDType("getString", DType.STRING);
        return ((String[]) data)[index(idx)];
    }

    /** The element at {@code idx} as a double, whatever the (numeric) dtype. */
    public double getDouble(int... idx) { return readDouble(index(idx)); }

    /** The element at {@code idx} as a float, whatever the dtype. */
    public float getFloat(int... idx) { return (float) getDouble(idx); }

    /** The single element of a size-1 tensor. */
    public float item() {
        if (size() != 1) throw new IllegalArgumentException("item: tensor of shape " + Shapes.toString(shape) + " has " + size() + " elements, not 1");
        return (float) readDouble(offset);
    }

    double readDouble(int p) {
        return switch (dtype) {
            case STRING -> throw notNumeric(dtype);
            case FLOAT32 -> ((float[]) data)[p];
            case FLOAT64 -> ((double[]) data)[p];
            case INT32 -> ((int[]) data)[p];
            case INT64 -> ((long[]) data)[p];
            case BOOL -> ((boolean[]) data)[p] ? 1 : 0;
            case UINT8 -> ((byte[]) data)[p] & 0xff;
        };
    }

    /** The error a numeric read of a string tensor raises. */
    static IllegalArgumentException notNumeric(DType dtype) {
        return new IllegalArgumentException("A numeric operation was given a " + dtype + " tensor: string tensors hold text, "
                + "which numeric ops (math, reductions, casts, layers other than preprocessing ones) do not apply to. Turn text "
                + "into numbers first with a preprocessing layer (TextVectorization, StringLookup, Hashing)");
    }

    // ------------------------------------------------------------------ export

    /** Elements of a string tensor in row-major order (a new array). */
    public String[] toStringArray() {
        requireDType("toStringArray", DType.STRING);
        Tensor c = contiguous();
        return Arrays.copyOfRange((String[]) c.data, c.offset, c.offset + c.size());
    }

    /** Elements in row-major order as a new float array (converting if needed). */
    public float[] toFloatArray() {
        Tensor c = contiguous();
        int n = c.size();
        if (dtype == DType.FLOAT32) return Arrays.copyOfRange((float[]) c.data, c.offset, c.offset + n);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) c.readDouble(c.offset + i);
        return out;
    }

    public double[] toDoubleArray() {
        Tensor c = contiguous();
        int n = c.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = c.readDouble(c.offset + i);
        return out;
    }

    public int[] toIntArray() {
        Tensor c = contiguous();
        int n = c.size();
        if (dtype == DType.INT32) return Arrays.copyOfRange((int[]) c.data, c.offset, c.offset + n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = (int) c.readDouble(c.offset + i);
        return out;
    }

    public long[] toLongArray() {
        Tensor c = contiguous();
        int n = c.size();
        if (dtype == DType.INT64) return Arrays.copyOfRange((long[]) c.data, c.offset, c.offset + n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = (long) c.readDouble(c.offset + i);
        return out;
    }

    public boolean[] toBoolArray() {
        Tensor c = contiguous();
        int n = c.size();
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) out[i] = c.readDouble(c.offset + i) != 0;
        return out;
    }

    /** A rank-2 float tensor as rows. */
    public float[][] toFloatMatrix() {
        Shapes.requireRank("toFloatMatrix", "tensor", 2, shape);
        float[] flat = toFloatArray();
        float[][] out = new float[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) System.arraycopy(flat, i * shape[1], out[i], 0, shape[1]);
        return out;
    }

    // ------------------------------------------------------------------ views (no gradient; ops wrap these)

    /** Reshape (one {@code -1} allowed); a view when contiguous, else a copy. */
    public Tensor reshape(int... newShape) {
        int[] s = Shapes.resolveReshape("reshape", shape, newShape);
        Tensor c = contiguous();
        return new Tensor(dtype, s, Shapes.contiguousStrides(s), c.offset, c.data, null);
    }

    /** Permutes axes (a view). No argument reverses the axes, as in NumPy. */
    public Tensor transpose(int... perm) {
        int r = shape.length;
        if (perm.length == 0) {
            perm = new int[r];
            for (int i = 0; i < r; i++) perm[i] = r - 1 - i;
        }
        if (perm.length != r) {
            throw new IllegalArgumentException("transpose: axes " + Arrays.toString(perm) + " don't match tensor of rank " + r);
        }
        int[] ns = new int[r], nst = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int a = Shapes.axis("transpose", perm[i], r);
            if (seen[a]) throw new IllegalArgumentException("transpose: repeated axis in " + Arrays.toString(perm));
            seen[a] = true;
            ns[i] = shape[a];
            nst[i] = strides[a];
        }
        return new Tensor(dtype, ns, nst, offset, data, null);
    }

    /** Inserts a size-1 axis at {@code axis} (a view). */
    public Tensor expandDims(int axis) {
        int r = shape.length + 1;
        int a = Shapes.axis("expand_dims", axis, r);
        int[] ns = new int[r], nst = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            if (i == a) { ns[i] = 1; nst[i] = 0; }
            else { ns[i] = shape[j]; nst[i] = strides[j]; j++; }
        }
        return new Tensor(dtype, ns, nst, offset, data, null);
    }

    /** Removes the given size-1 axes, or all size-1 axes when none are given (a view). */
    public Tensor squeeze(int... axes) {
        boolean[] drop = new boolean[shape.length];
        if (axes.length == 0) {
            for (int i = 0; i < shape.length; i++) drop[i] = shape[i] == 1;
        } else {
            for (int ax : axes) {
                int a = Shapes.axis("squeeze", ax, shape.length);
                if (shape[a] != 1) {
                    throw new IllegalArgumentException("squeeze: cannot squeeze axis " + ax + " of size " + shape[a]
                            + " in shape " + Shapes.toString(shape));
                }
                drop[a] = true;
            }
        }
        int r = 0;
        for (boolean d : drop) if (!d) r++;
        int[] ns = new int[r], nst = new int[r];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!drop[i]) { ns[j] = shape[i]; nst[j] = strides[i]; j++; }
        }
        return new Tensor(dtype, ns, nst, offset, data, null);
    }

    /** Broadcasts to {@code target} with zero strides (a read-only view). */
    public Tensor broadcastTo(int... target) {
        int[] b = Shapes.broadcast("broadcast_to", shape, target);
        if (!Arrays.equals(b, target)) {
            throw new IllegalArgumentException("broadcast_to: cannot broadcast shape " + Shapes.toString(shape)
                    + " to " + Shapes.toString(target));
        }
        int r = target.length, lead = r - shape.length;
        int[] nst = new int[r];
        for (int i = 0; i < shape.length; i++) nst[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        return new Tensor(dtype, target.clone(), nst, offset, data, null);
    }

    /** A view of elements {@code [start, start+length)} along {@code axis}. */
    public Tensor narrow(int axis, int start, int length) {
        int a = Shapes.axis("slice", axis, shape.length);
        if (start < 0 || length < 0 || start + length > shape[a]) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + (start + length) + ") is out of bounds for axis "
                    + axis + " of shape " + Shapes.toString(shape));
        }
        int[] ns = shape.clone();
        ns[a] = length;
        return new Tensor(dtype, ns, strides.clone(), offset + start * strides[a], data, null);
    }

    /** A tensor sharing this one's storage but with no owner (what {@code stop_gradient} returns). */
    public Tensor detach() { return new Tensor(dtype, shape, strides, offset, data, null); }

    // ------------------------------------------------------------------ equality and text

    /** True when dtype, shape and every element are equal. */
    public boolean contentEquals(Tensor other) {
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) return false;
        Tensor a = contiguous(), b = other.contiguous();
        int n = size();
        if (dtype == DType.STRING) {
            return Arrays.equals((String[]) a.data, a.offset, a.offset + n, (String[]) b.data, b.offset, b.offset + n);
        }
        for (int i = 0; i < n; i++) {
            if (Double.compare(a.readDouble(a.offset + i), b.readDouble(b.offset + i)) != 0) return false;
        }
        return true;
    }

    /** NumPy-like text: the values (summarised with ... when large), then the shape and dtype. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
