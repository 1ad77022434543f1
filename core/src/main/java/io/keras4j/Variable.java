package io.keras4j;

import io.keras4j.tensor.DType;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A named, mutable tensor: what layers hold as weights and what optimizers update ({@code keras.Variable}).
 * Its {@link #value()} keeps one identity for the variable's whole life and is updated in place,
 * so optimizer steps allocate nothing and an open {@link io.keras4j.autograd.GradientTape}
 * recognises it whenever an op reads it.
 */
public final class Variable {
    private final String name;
    private final Tensor value;
    private boolean trainable;
    /** The initial value not computed yet (see {@link #deferred}), or null. */
    private volatile Supplier<Tensor> pending;

    public Variable(Tensor initialValue, String name, boolean trainable) {
        this.name = name;
        this.value = initialValue.copyOwnedBy(this);
        this.trainable = trainable;
    }

    public Variable(Tensor initialValue, String name) { this(initialValue, name, true); }

    /** A variable of zeros (its own storage from the start, without the copy the constructor makes of an initial value). */
    public static Variable zeros(int[] shape, DType dtype, String name, boolean trainable) {
        return new Variable(shape.clone(), dtype, null, name, trainable);
    }

    private Variable(int[] shape, DType dtype, Supplier<Tensor> initialValue, String name, boolean trainable) {
        this.name = name;
        this.value = Tensor.zerosOwnedBy(this, dtype, shape);
        this.trainable = trainable;
        this.pending = initialValue;
    }

    /**
     * A variable whose initial value is computed only when it is first read, and never when an
     * {@link #assign} comes first: what a model being loaded from a file does with its weights
     * (the initializers' work would be overwritten at once; a 64-unit LSTM's orthogonal
     * recurrent kernel alone is a QR factorisation).
     */
    public static Variable deferred(int[] shape, DType dtype, Supplier<Tensor> initialValue, String name, boolean trainable) {
        return new Variable(shape.clone(), dtype, initialValue, name, trainable);
    }

    public String name() { return name; }

    public Tensor value() {
        if (pending != null) initialize();
        return value;
    }

    private synchronized void initialize() {
        Supplier<Tensor> init = pending;
        if (init == null) return;
        Tensor v = init.get();
        pending = null;
        assign(v);
    }

    public int[] shape() { return value.shape(); }

    public DType dtype() { return value.dtype(); }

    public boolean trainable() { return trainable; }

    public void setTrainable(boolean trainable) { this.trainable = trainable; }

    /** Overwrites the value in place; the new value must have the same shape (it is cast to this dtype). */
    public void assign(Tensor newValue) {
        if (!Arrays.equals(newValue.shape(), value.shape())) {
            throw new IllegalArgumentException("Variable '" + name + "': cannot assign a value of shape "
                    + Shapes.toString(newValue.shape()) + " to a variable of shape " + Shapes.toString(value.shape()));
        }
        pending = null;
        Tensor src = newValue.contiguous();
        int n = value.size();
        if (src.dtype() == value.dtype()) {
            System.arraycopy(src.data(), src.offset(), value.data(), 0, n);
        } else if (value.dtype() == DType.FLOAT32) {
            System.arraycopy(src.toFloatArray(), 0, value.data(), 0, n);
        } else {
            Tensor cast = io.keras4j.ops.Ops.cast(src, value.dtype()).contiguous();
            System.arraycopy(cast.data(), cast.offset(), value.data(), 0, n);
        }
    }

    /** Overwrites the value from a flat row-major float array. */
    public void assign(float[] values) {
        if (values.length != value.size()) {
            throw new IllegalArgumentException("Variable '" + name + "': expected " + value.size() + " values for shape "
                    + Shapes.toString(value.shape()) + ", got " + values.length);
        }
        pending = null;
        System.arraycopy(values, 0, value.floatData(), 0, values.length);
    }

    public void assignAdd(Tensor delta) { assign(io.keras4j.ops.Ops.add(value().detach(), delta)); }

    public void assignSub(Tensor delta) { assign(io.keras4j.ops.Ops.subtract(value().detach(), delta)); }

    @Override
    public String toString() {
        return "<Variable path=" + name + ", shape=" + Shapes.toString(value.shape()) + ", dtype=" + value.dtype()
                + ", value=" + value().toFloatArray().length + " elements>";
    }
}
