package io.keras4j.models;

import io.keras4j.Keras;
import io.keras4j.KerasTensor;
import io.keras4j.autograd.GradientTape;
import io.keras4j.layers.convolutional.Conv2D;
import io.keras4j.layers.core.Dense;
import io.keras4j.layers.pooling.MaxPooling2D;
import io.keras4j.layers.reshaping.Flatten;
import io.keras4j.layers.core.Lambda;
import io.keras4j.layers.regularization.Dropout;
import io.keras4j.ops.Ops;
import io.keras4j.random.Random;
import io.keras4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layer outputs recycled between inference calls must never change a result anyone can see. */
class InferenceBuffersTest {

    private static Sequential mlp(String lastActivation) {
        Random.setRandomSeed(7);
        return new Sequential(Keras.input(12), new Dense(16, "relu"), new Dropout(0.2), new Dense(8, "relu"),
                new Dense(3, lastActivation));
    }

    /** The forward pass as plain ops, for reference values. */
    private static float[] reference(Sequential model, Tensor x, boolean softmax) {
        var w = model.weights();
        Tensor h = Ops.dense(x, w.get(0).value(), w.get(1).value(), true);
        h = Ops.dense(h, w.get(2).value(), w.get(3).value(), true);
        Tensor y = Ops.dense(h, w.get(4).value(), w.get(5).value(), !softmax);
        return (softmax ? Ops.softmax(y) : y).toFloatArray();
    }

    @Test
    void earlierResultsSurviveLaterCallsAndEqualThePlainForwardPass() {
        for (String last : new String[]{"relu", "softmax"}) {
            Sequential model = mlp(last);
            List<Tensor> inputs = new ArrayList<>(), results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Tensor x = Random.normal(new int[]{5, 12});
                inputs.add(x);
                results.add(model.predictOnBatch(x));
            }
            for (int i = 0; i < inputs.size(); i++) {
                assertArrayEquals(reference(model, inputs.get(i), last.equals("softmax")), results.get(i).toFloatArray(),
                        "call " + i + " with a " + last + " output");
            }
            InferenceBuffers buffers = model.inferenceBuffers();
            // the hidden Dense layers' outputs wait for the next call; the returned output never does
            assertNotNull(buffers.waiting(0));
            assertNotNull(buffers.waiting(2));
            for (Tensor r : results) for (int n = 0; n < 4; n++) assertTrue(buffers.waiting(n) != r.data());
        }
    }

    @Test
    void convolutionGraphsRecycleAndStillEqualThePlainForwardPass() {
        Random.setRandomSeed(9);
        // conv(relu) + pool runs fused (the pair's output is the pool's), the tanh conv and its pool do not
        Sequential model = new Sequential(Keras.input(9, 9, 2), new Conv2D(4, 2, "relu"), new MaxPooling2D(2),
                new Conv2D(3, 2, "tanh"), new MaxPooling2D(1), new Flatten(), new Dense(5, "softmax"));
        var w = model.weights();
        int[] one = {1, 1};
        List<Tensor> inputs = new ArrayList<>(), results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Tensor x = Random.normal(new int[]{3, 9, 9, 2});
            inputs.add(x);
            results.add(model.predictOnBatch(x));
        }
        for (int i = 0; i < inputs.size(); i++) {
            Tensor h = Ops.maxPool(Ops.relu(Ops.add(Ops.conv(inputs.get(i), w.get(0).value(), one, "valid", null, one), w.get(1).value())), 2);
            h = Ops.tanh(Ops.add(Ops.conv(h, w.get(2).value(), one, "valid", null, one), w.get(3).value()));
            Tensor y = Ops.softmax(Ops.dense(Ops.reshape(h, 3, -1), w.get(4).value(), w.get(5).value(), false));
            assertArrayEquals(y.toFloatArray(), results.get(i).toFloatArray(), 1e-6f, "call " + i);
        }
        InferenceBuffers buffers = model.inferenceBuffers();
        assertNull(buffers.waiting(0), "the fused convolution's own output is never made");
        assertNotNull(buffers.waiting(1), "the fused pair's pooled output");
        assertNotNull(buffers.waiting(2));
        assertNotNull(buffers.waiting(3));

        // keras.ops calls between layers (a reshape view, an elementwise op): recycled around them, results unchanged
        Random.setRandomSeed(11);
        KerasTensor in = Keras.input(6);
        KerasTensor h = new Dense(8, "relu").apply(in);
        KerasTensor viewed = Ops.reshape(h, -1, 4, 2);
        KerasTensor out = new Dense(3).apply(Ops.reshape(Ops.square(viewed), -1, 8));
        Model withOps = new Model(in, Ops.reshape(out, -1, 3, 1));
        var ow = withOps.weights();
        List<Tensor> opInputs = new ArrayList<>(), opResults = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Tensor x = Random.normal(new int[]{2, 6});
            opInputs.add(x);
            opResults.add(withOps.predictOnBatch(x));
        }
        for (int i = 0; i < opInputs.size(); i++) {
            Tensor hh = Ops.dense(opInputs.get(i), ow.get(0).value(), ow.get(1).value(), true);
            Tensor y = Ops.dense(Ops.square(hh), ow.get(2).value(), ow.get(3).value(), false);
            assertArrayEquals(y.toFloatArray(), opResults.get(i).toFloatArray(), 1e-6f, "call " + i + " through ops");
        }
        assertNotNull(withOps.inferenceBuffers().waiting(0), "the first Dense's output, read through a view");

        // a Flatten view of a convolution's array returned as the output: that array is not recycled
        Random.setRandomSeed(10);
        Sequential viewOut = new Sequential(Keras.input(5, 5, 1), new Conv2D(2, 3), new Flatten());
        Tensor a = Random.normal(new int[]{2, 5, 5, 1});
        Tensor first = viewOut.predictOnBatch(a);
        float[] kept = first.toFloatArray();
        viewOut.predictOnBatch(Random.normal(new int[]{2, 5, 5, 1}));
        assertArrayEquals(kept, first.toFloatArray());
        assertNull(viewOut.inferenceBuffers().waiting(0));
    }

    @Test
    void anotherBatchSizeGetsFreshStorage() {
        Sequential model = mlp("softmax");
        Tensor a = Random.normal(new int[]{5, 12}), b = Random.normal(new int[]{2, 12});
        model.predictOnBatch(a);
        float[] ya = model.predictOnBatch(a).toFloatArray(), yb = model.predictOnBatch(b).toFloatArray();
        assertArrayEquals(reference(model, a, true), ya);
        assertArrayEquals(reference(model, b, true), yb);
        assertArrayEquals(reference(model, a, true), model.predictOnBatch(a).toFloatArray());
    }

    @Test
    void hugeOutputsAreNotKept() {
        Random.setRandomSeed(8);
        Sequential model = new Sequential(Keras.input(4), new Dense(InferenceBuffers.MAX_KEPT / 2 + 1, "relu"), new Dense(2));
        model.predictOnBatch(Random.normal(new int[]{2, 4}));
        assertNull(model.inferenceBuffers().waiting(0), "an output over the bound is left to the garbage collector");
        model.predictOnBatch(Random.normal(new int[]{1, 4}));
        assertNotNull(model.inferenceBuffers().waiting(0));
    }

    @Test
    void nothingIsRecycledWhenTrainingRecordingOrWithUnknownLayers() {
        Sequential model = mlp("softmax");
        Tensor x = Random.normal(new int[]{4, 12});
        model.apply(x, true);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            model.predictOnBatch(x);
        }
        for (int n = 0; n < 4; n++) assertNull(model.inferenceBuffers().waiting(n), "node " + n);

        // a layer keras4j knows nothing about may keep what it sees: no recycling in that graph
        List<Tensor> seen = new ArrayList<>();
        KerasTensor in = Keras.input(12);
        KerasTensor h = new Dense(6, "relu").apply(in);
        KerasTensor kept = new Lambda(t -> { seen.add(t); return t; }).apply(h);
        Model functional = new Model(in, new Dense(2).apply(kept));
        functional.predictOnBatch(x);
        float[] first = seen.get(0).toFloatArray();
        functional.predictOnBatch(Random.normal(new int[]{4, 12}));
        assertArrayEquals(first, seen.get(0).toFloatArray());
        for (int n = 0; n < 3; n++) assertNull(functional.inferenceBuffers().waiting(n), "node " + n);
    }

    @Test
    void concurrentCallersNeverShareStorage() throws Exception {
        Sequential model = mlp("relu");
        Tensor[] xs = new Tensor[8];
        float[][] expected = new float[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Random.normal(new int[]{6, 12});
            expected[i] = reference(model, xs[i], false);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int start = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        int j = (start + i) % xs.length;
                        assertArrayEquals(expected[j], model.predictOnBatch(xs[j]).toFloatArray(), "call " + i);
                    }
                    return 300;
                }));
            }
            for (Future<Integer> f : done) assertEquals(300, f.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
