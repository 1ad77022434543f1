package io.keras4j.models;

import io.keras4j.Keras;
import io.keras4j.KerasTensor;
import io.keras4j.autograd.GradientTape;
import io.keras4j.layers.convolutional.Conv2D;
import io.keras4j.layers.core.Dense;
import io.keras4j.layers.merging.Concatenate;
import io.keras4j.layers.pooling.MaxPooling2D;
import io.keras4j.layers.reshaping.Flatten;
import io.keras4j.ops.Ops;
import io.keras4j.random.Random;
import io.keras4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A graph runs Conv(relu) followed by its only reader, a MaxPooling layer, as one op: the model's
 * values and gradients must be those of calling the layers one by one, bit for bit.
 */
class FusedLayersTest {

    /** A MaxPooling2D that counts its own calls, to see whether the graph ran it. */
    static final class CountingPool extends MaxPooling2D {
        int calls;

        @Override
        public Tensor call(Tensor inputs) {
            calls++;
            return super.call(inputs);
        }
    }

    private record Cnn(Sequential model, Conv2D c1, CountingPool p1, Conv2D c2, CountingPool p2, Dense head) {}

    private static Cnn cnn() {
        Random.setRandomSeed(11);
        Conv2D c1 = new Conv2D(4, 3).activation("relu");
        Conv2D c2 = new Conv2D(6, 3).activation("relu");
        CountingPool p1 = new CountingPool(), p2 = new CountingPool();
        Dense head = new Dense(3, "softmax");
        Sequential model = new Sequential(Keras.input(13, 13, 2), c1, p1, c2, p2, new Flatten(), head);
        return new Cnn(model, c1, p1, c2, p2, head);
    }

    /** The same network, each layer called on its own. */
    private static Tensor layerByLayer(Cnn n, Tensor x, boolean training) {
        Tensor h = n.p1.apply(n.c1.apply(x, training), training);
        h = n.p2.apply(n.c2.apply(h, training), training);
        return n.head.apply(Ops.reshape(h, h.dim(0), -1), training);
    }

    @Test
    void convThenMaxPoolRunsAsOneOpWithTheSameValues() {
        Cnn n = cnn();
        Tensor x = Random.normal(new int[]{5, 13, 13, 2});
        Tensor fused = n.model.predictOnBatch(x);
        assertEquals(0, n.p1.calls, "the graph ran the first pooling layer on its own");
        assertEquals(0, n.p2.calls, "the graph ran the second pooling layer on its own");
        assertArrayEquals(layerByLayer(n, x, false).toFloatArray(), fused.toFloatArray());
    }

    @Test
    void gradientsEqualThoseOfTheSeparateLayers() {
        Cnn n = cnn();
        Tensor x = Random.normal(new int[]{4, 13, 13, 2});
        List<Tensor> fused, separate;
        try (GradientTape tape = new GradientTape()) {
            Tensor y = n.model.apply(x, true);
            fused = tape.gradient(Ops.sum(Ops.square(y)), n.model.trainableWeights());
        }
        assertEquals(0, n.p1.calls + n.p2.calls);
        try (GradientTape tape = new GradientTape()) {
            Tensor y = layerByLayer(n, x, true);
            separate = tape.gradient(Ops.sum(Ops.square(y)), n.model.trainableWeights());
        }
        assertEquals(separate.size(), fused.size());
        for (int i = 0; i < fused.size(); i++) {
            assertArrayEquals(separate.get(i).toFloatArray(), fused.get(i).toFloatArray(), "gradient " + i);
        }
    }

    @Test
    void aConvOutputReadElsewhereIsNotFused() {
        Random.setRandomSeed(3);
        KerasTensor in = Keras.input(8, 8, 1);
        Conv2D conv = new Conv2D(2, 3).activation("relu");
        CountingPool pool = new CountingPool();
        KerasTensor c = conv.apply(in);
        KerasTensor pooled = new Flatten().apply(pool.apply(c));
        KerasTensor direct = new Flatten().apply(c);
        Model model = new Model(in, new Concatenate().apply(pooled, direct));
        Tensor x = Random.normal(new int[]{2, 8, 8, 1});
        Tensor y = model.predictOnBatch(x);
        assertEquals(1, pool.calls);
        Tensor cv = conv.apply(x, false);
        Tensor expected = Ops.concatenate(List.of(Ops.reshape(Ops.maxPool(cv, 2), 2, -1), Ops.reshape(cv, 2, -1)), -1);
        assertArrayEquals(expected.toFloatArray(), y.toFloatArray());
    }
}
