package io.keras4j.models;

import io.keras4j.activations.Activation;
import io.keras4j.activations.Activations;
import io.keras4j.autograd.GradientTape;
import io.keras4j.layers.Layer;
import io.keras4j.layers.Node;
import io.keras4j.layers.convolutional.Conv1D;
import io.keras4j.layers.convolutional.Conv2D;
import io.keras4j.layers.convolutional.Conv3D;
import io.keras4j.layers.core.Dense;
import io.keras4j.layers.pooling.MaxPooling1D;
import io.keras4j.layers.pooling.MaxPooling2D;
import io.keras4j.layers.pooling.MaxPooling3D;
import io.keras4j.layers.regularization.Dropout;
import io.keras4j.layers.reshaping.Flatten;
import io.keras4j.ops.OutputReuse;
import io.keras4j.tensor.Tensor;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Output storage a functional graph recycles from one inference call to the next
 * ({@link OutputReuse}): after a call, the array behind each Dense, convolution or max pooling
 * layer's output goes back to that node's slot unless a model output shares it, and the next call
 * offers it to the node's product instead of allocating a fresh one. At batch 256 a fresh 256 KB
 * output costs about as much as 10% of the MLP's whole forward pass, and the CNN's 5.5 MB first
 * pooled output ~8% of its (zeroing and first touches of cold memory).
 *
 * <p>Recycling is only sound when nothing but the graph's own environment can still hold an
 * intermediate tensor. So it is done only in inference mode, while no gradient tape records, and
 * only for graphs made entirely of layers known to keep no reference to what they see: Dense and
 * Conv1D/2D/3D (exact classes, a built-in activation, no activity regularizer), MaxPooling1D/2D/3D,
 * Flatten (whose output may be a view of its input's array), Dropout and keras.ops calls on symbolic
 * tensors ({@link io.keras4j.ops.Operation}: a plain op, possibly a view) (exact classes). Slots
 * are taken and returned atomically, so threads calling one model concurrently never share an
 * array (one of them simply allocates).
 */
final class InferenceBuffers {
    /**
     * The largest array kept between calls (16 MiB): a model holds at most one per producing
     * layer, and a single call on a huge batch should not leave hundreds of megabytes pinned in it.
     */
    static final int MAX_KEPT = 1 << 22;

    /** Per node of the execution order, a recycled output array or null. */
    private final AtomicReferenceArray<float[]> slots;

    InferenceBuffers(int nodes) {
        slots = new AtomicReferenceArray<>(nodes);
    }

    /** The array waiting in node {@code index}'s slot, or null (for tests). */
    float[] waiting(int index) {
        return slots.get(index);
    }

    /** Whether a call of this graph may recycle its outputs: inference, no tape, only known layers. */
    static boolean applies(List<Node> order, boolean training) {
        if (training || GradientTape.isRecording()) return false;
        for (Node node : order) if (!retainsNothing(node.layer())) return false;
        return true;
    }

    private static boolean retainsNothing(Layer layer) {
        if (layer.activityRegularizer() != null) return false;
        Class<?> c = layer.getClass();
        if (c == Dropout.class || c == Flatten.class || c == MaxPooling1D.class || c == MaxPooling2D.class
                || c == MaxPooling3D.class || c == io.keras4j.ops.Operation.class) {
            return true;
        }
        if (c == Dense.class) return builtinActivation(((Dense) layer).activation());
        if (c == Conv1D.class || c == Conv2D.class || c == Conv3D.class) {
            return builtinActivation(((io.keras4j.layers.convolutional.AbstractConv<?>) layer).activation());
        }
        return false;
    }

    private static boolean builtinActivation(Activation a) {
        return a == Activations.LINEAR || a == Activations.RELU || a == Activations.SOFTMAX || a == Activations.SIGMOID
                || a == Activations.TANH;
    }

    /** Whether the node's layer produces a fresh array worth recycling. */
    static boolean producer(Node node) {
        Class<?> c = node.layer().getClass();
        return c == Dense.class || c == Conv1D.class || c == Conv2D.class || c == Conv3D.class || c == MaxPooling1D.class
                || c == MaxPooling2D.class || c == MaxPooling3D.class;
    }

    /** Offers node {@code index}'s recycled array (if any) to the ops of the call about to run. */
    void offer(int index) {
        OutputReuse.offer(slots.getAndSet(index, null));
    }

    /**
     * After the call: each produced array that no output shares (and that no other node produced
     * too), up to {@link #MAX_KEPT} elements, goes back to its node's slot.
     */
    void recycle(float[][] produced, List<Tensor> outputs) {
        outer:
        for (int i = 0; i < produced.length; i++) {
            float[] a = produced[i];
            if (a == null || a.length > MAX_KEPT) continue;
            for (Tensor t : outputs) if (t.data() == a) continue outer;
            for (int j = 0; j < i; j++) if (produced[j] == a) continue outer;
            slots.set(i, a);
        }
    }
}
