package io.keras4j.layers;

import io.keras4j.KerasTensor;

import java.util.Map;

/**
 * What a layer accepts ({@code keras.InputSpec}): an exact rank, a rank range, and fixed sizes for
 * some axes. Checked on every call so a wrong input fails with the layer's name and both shapes.
 */
public record InputSpec(Integer ndim, Integer minNdim, Integer maxNdim, Map<Integer, Integer> axes) {

    public static InputSpec ndim(int ndim) { return new InputSpec(ndim, null, null, Map.of()); }

    public static InputSpec minNdim(int minNdim) { return new InputSpec(null, minNdim, null, Map.of()); }

    /** A copy that also fixes {@code axis} (negative counts from the end) to {@code size}. */
    public InputSpec withAxis(int axis, int size) {
        var m = new java.util.HashMap<>(axes);
        m.put(axis, size);
        return new InputSpec(ndim, minNdim, maxNdim, Map.copyOf(m));
    }

    /** Checks one input's shape; the message is built only on failure (this runs on every layer call). */
    void check(Layer layer, int inputIndex, int[] shape) {
        if (ndim != null && shape.length != ndim) {
            throw new IllegalArgumentException(incompatible(layer, inputIndex) + "expected ndim=" + ndim + ", found ndim=" + shape.length
                    + ". Full shape received: " + KerasTensor.shapeString(shape));
        }
        if (minNdim != null && shape.length < minNdim) {
            throw new IllegalArgumentException(incompatible(layer, inputIndex) + "expected min_ndim=" + minNdim + ", found ndim=" + shape.length
                    + ". Full shape received: " + KerasTensor.shapeString(shape));
        }
        if (maxNdim != null && shape.length > maxNdim) {
            throw new IllegalArgumentException(incompatible(layer, inputIndex) + "expected max_ndim=" + maxNdim + ", found ndim=" + shape.length
                    + ". Full shape received: " + KerasTensor.shapeString(shape));
        }
        for (var e : axes.entrySet()) {
            int axis = e.getKey() < 0 ? e.getKey() + shape.length : e.getKey();
            if (axis < 0 || axis >= shape.length) continue;
            if (shape[axis] >= 0 && shape[axis] != e.getValue()) {
                throw new IllegalArgumentException(incompatible(layer, inputIndex) + "expected axis " + e.getKey()
                        + " of the input shape to have value " + e.getValue() + ", but received an input with shape " + KerasTensor.shapeString(shape));
            }
        }
    }

    private static String incompatible(Layer layer, int inputIndex) {
        return (inputIndex == 0 ? "Input" : "Input " + inputIndex) + " of layer \"" + layer.name() + "\" (" + layer.getClass().getSimpleName()
                + ") is incompatible: ";
    }
}
