package io.keras4j.layers.core;

import io.keras4j.Keras;
import io.keras4j.KerasTensor;
import io.keras4j.autograd.GradientTape;
import io.keras4j.layers.Layer;
import io.keras4j.layers.Masks;
import io.keras4j.models.Model;
import io.keras4j.ops.Ops;
import io.keras4j.regularizers.L1;
import io.keras4j.saving.Serialization;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Tensor;
import io.keras4j.testing.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.keras4j.layers.LayerChecks.assertConfig;
import static io.keras4j.layers.LayerChecks.checkWeightGradients;
import static io.keras4j.layers.LayerChecks.dict;
import static io.keras4j.layers.LayerChecks.names;
import static io.keras4j.layers.LayerChecks.roundTrip;
import static io.keras4j.testing.GradCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingTest {

    /** table = arange(10).reshape(5, 2) / 10 */
    static Embedding table() {
        float[] t = new float[10];
        for (int i = 0; i < 10; i++) t[i] = i / 10f;
        return new Embedding(5, 2).weights(Tensor.of(t, 5, 2));
    }

    @BeforeEach
    void freshNames() { Keras.clearSession(); }

    // ------------------------------------------------------------------ config

    /**
     * keras.layers.Embedding(10, 3).get_config() (Keras 3.15): activity_regularizer is written, as
     * None, between embeddings_regularizer and embeddings_constraint. (dtype as its name, see DenseTest.)
     */
    @Test
    void defaultConfigIsKeras() {
        var e = new Embedding(10, 3);
        assertConfig(dict("name", "embedding", "trainable", true, "dtype", "float32", "input_dim", 10, "output_dim", 3,
                "embeddings_initializer", dict("module", "keras.initializers", "class_name", "RandomUniform",
                        "config", dict("seed", null, "minval", -0.05, "maxval", 0.05), "registered_name", null),
                "embeddings_regularizer", null, "activity_regularizer", null, "embeddings_constraint", null, "mask_zero", false,
                "quantization_config", null), e);
        roundTrip(e);
    }

    /**
     * keras.layers.Embedding(5, 2, mask_zero=True, embeddings_initializer='he_normal',
     * embeddings_regularizer=L1(0.01), embeddings_constraint='non_neg').get_config()
     */
    @Test
    void everyOptionInTheConfig() {
        var e = new Embedding(5, 2).maskZero(true).embeddingsInitializer("he_normal").embeddingsRegularizer(new L1(0.01))
                .embeddingsConstraint("non_neg");
        assertConfig(dict("name", "embedding", "trainable", true, "dtype", "float32", "input_dim", 5, "output_dim", 2,
                "embeddings_initializer", dict("module", "keras.initializers", "class_name", "HeNormal", "config", dict("seed", null, "input_axes", null, "output_axes", null),
                        "registered_name", null),
                "embeddings_regularizer", dict("module", "keras.regularizers", "class_name", "L1", "config",
                        dict("l1", 0.009999999776482582), "registered_name", null),
                "activity_regularizer", null,
                "embeddings_constraint", dict("module", "keras.constraints", "class_name", "NonNeg", "config", dict(), "registered_name", null),
                "mask_zero", true, "quantization_config", null), e);
        Embedding copy = roundTrip(e);
        assertTrue(copy.maskZero());
        assertTrue(copy.supportsMasking());
    }

    /** Embedding(5, 2, activity_regularizer='l2'): once set it sits with the base keys, as Keras's dict merge leaves it. */
    @Test
    void setActivityRegularizerMovesToTheBaseKeys() {
        var e = new Embedding(5, 2).activityRegularizer("l2");
        assertEquals(List.of("name", "trainable", "dtype", "activity_regularizer", "input_dim", "output_dim", "embeddings_initializer",
                "embeddings_regularizer", "embeddings_constraint", "mask_zero", "quantization_config"), List.copyOf(e.getConfig().keySet()));
        roundTrip(e);
        var lora = new Embedding(5, 2).loraRank(2);
        List<String> keys = List.copyOf(lora.getConfig().keySet());
        assertEquals(List.of("mask_zero", "quantization_config", "lora_rank", "lora_alpha"), keys.subList(keys.size() - 4, keys.size()));
        roundTrip(lora);
    }

    /** The Embedding config Keras 3.2.1 wrote in the public corpus model k3_ner_embedding_lstm. */
    @Test
    void readsAKeras3Config() {
        Map<String, Object> serialized = dict("module", "keras.layers", "class_name", "Embedding", "config", dict("name", "embedding_4",
                "trainable", true, "dtype", "float32", "input_dim", 3320, "output_dim", 50,
                "embeddings_initializer", dict("module", "keras.initializers", "class_name", "RandomUniform",
                        "config", dict("minval", -0.05, "maxval", 0.05, "seed", null), "registered_name", null),
                "embeddings_regularizer", null, "activity_regularizer", null, "embeddings_constraint", null, "mask_zero", false),
                "registered_name", null, "build_config", dict("input_shape", java.util.Arrays.asList(null, 100)));
        Embedding e = (Embedding) Serialization.deserialize(serialized, Layer.class);
        assertEquals("embedding_4", e.name());
        assertEquals(3320, e.inputDim());
        assertEquals(50, e.outputDim());
        assertFalse(e.maskZero());
        assertNull(e.activityRegularizer());
    }

    // ------------------------------------------------------------------ weights, shapes, values

    @Test
    void oneEmbeddingsMatrixBuiltWithoutAnInputShape() {
        var e = new Embedding(7, 3);
        e.buildFor();
        assertEquals(List.of("embeddings"), names(e.weights()));
        assertArrayEquals(new int[]{7, 3}, e.weights().get(0).shape());
        for (float w : e.embeddings().toFloatArray()) assertTrue(Math.abs(w) <= 0.05f, "uniform(-0.05, 0.05) value " + w);
        assertArrayEquals(new int[]{-1, 4, 3}, e.computeOutputShape(new int[]{-1, 4}));
        KerasTensor in = Keras.input(new int[]{6}, DType.INT32, "ids");
        KerasTensor out = new Embedding(7, 3).apply(in);
        assertArrayEquals(new int[]{-1, 6, 3}, out.shape());
        assertEquals(DType.FLOAT32, out.dtype());
    }

    /** numpy: table[ids] for int32, int64, uint8 and rank-1/rank-3 ids. */
    @Test
    void looksUpRowsForEveryIntegerDtypeAndRank() {
        var e = table();
        Tensor expected = Tensor.of(new float[]{0.8f, 0.9f, 0f, 0.1f, 0.4f, 0.5f, 0.8f, 0.9f}, 2, 2, 2);
        assertClose(expected, e.apply(Tensor.ofInts(new int[]{4, 0, 2, 4}, 2, 2)), 0, 0);
        assertClose(expected, e.apply(Tensor.ofLongs(new long[]{4, 0, 2, 4}, 2, 2)), 0, 0);
        assertClose(expected, e.apply(Tensor.ofBytes(new byte[]{4, 0, 2, 4}, 2, 2)), 0, 0);
        assertClose(Tensor.of(new float[]{0.2f, 0.3f}, 1, 2), e.apply(Tensor.ofInts(new int[]{1}, 1)), 0, 0);
        assertArrayEquals(new int[]{2, 1, 2, 2}, e.apply(Tensor.ofInts(new int[]{4, 0, 2, 4}, 2, 1, 2)).shape());
    }

    /** Keras 3.15 (JAX): the table above on float ids [[1.7, 0.2], [4.9, 3.0]]: cast to int32 truncates. */
    @Test
    void floatIdsAreTruncatedAsKerasCastsThem() {
        Tensor y = table().apply(Tensor.of(new float[]{1.7f, 0.2f, 4.9f, 3.0f}, 2, 2));
        assertClose(Tensor.of(new float[]{0.20000000298023224f, 0.30000001192092896f, 0.0f, 0.10000000149011612f,
                0.800000011920929f, 0.8999999761581421f, 0.6000000238418579f, 0.699999988079071f}, 2, 2, 2), y, 0, 0);
    }

    /** Keras: Embedding(5, 2, mask_zero=True).compute_mask([[0, 3, 0], [1, 0, 2]]) = [[F, T, F], [T, F, T]]. */
    @Test
    void maskZeroAttachesInputsNotEqualZero() {
        var e = table().maskZero(true);
        Tensor ids = Tensor.ofInts(new int[]{0, 3, 0, 1, 0, 2}, 2, 3);
        Tensor y = e.apply(ids);
        Tensor mask = Masks.get(y);
        assertEquals(DType.BOOL, mask.dtype());
        assertArrayEquals(new boolean[]{false, true, false, true, false, true}, mask.toBoolArray());
        assertArrayEquals(new boolean[]{false, true, true}, Masks.get(e.apply(Tensor.of(0f, 0.5f, 4f))).toBoolArray()); // floats: != 0
        // without mask_zero no mask, and an incoming mask stops here
        Tensor masked = Tensor.ofInts(new int[]{1, 2}, 1, 2);
        Masks.set(masked, Tensor.ofBools(new boolean[]{true, false}, 1, 2));
        assertNull(Masks.get(table().apply(masked)));
        // in a functional model the mask reaches the next layer's call
        KerasTensor in = Keras.input(new int[]{3}, DType.INT32, "tokens");
        var probe = new MaskProbe();
        var model = new Model(in, probe.apply(new Embedding(5, 2).maskZero(true).apply(in)));
        model.predict(ids);
        assertArrayEquals(new boolean[]{false, true, false, true, false, true}, probe.seen.toBoolArray());
    }

    /** Records the mask its call receives. */
    static final class MaskProbe extends Layer {
        Tensor seen;

        MaskProbe() { setSupportsMasking(true); }

        @Override
        public Tensor call(Tensor x, io.keras4j.layers.CallContext ctx) {
            seen = ctx.mask();
            return x;
        }

        @Override
        public int[] computeOutputShape(int[] s) { return s.clone(); }
    }

    // ------------------------------------------------------------------ gradients

    /** The embeddings' gradient is Ops.take's scatter-add: repeated ids accumulate. */
    @Test
    void gradientScatterAddsIntoTheUsedRows() {
        var e = table();
        Tensor ids = Tensor.ofInts(new int[]{4, 0, 2, 4}, 2, 2);
        Tensor g;
        try (GradientTape tape = new GradientTape()) {
            g = tape.gradient(Ops.sum(e.apply(ids)), e.trainableWeights()).get(0);
        }
        // numpy: np.add.at(zeros((5, 2)), ids.ravel(), 1)
        assertClose(Tensor.of(new float[]{1, 1, 0, 0, 1, 1, 0, 0, 2, 2}, 5, 2), g, 0, 0);
        checkWeightGradients("Embedding", e, Tensor.ofInts(new int[]{1, 3, 3, 0, 4, 1}, 3, 2));
        checkWeightGradients("Embedding float ids", e, Tensor.of(new float[]{1.5f, 3f, 0f}, 3));
    }

    @Test
    void loraOnTheEmbeddings() {
        var e = table();
        e.enableLora(2);
        assertEquals(List.of("embeddings", "lora_embeddings_a", "lora_embeddings_b"), names(e.weights()));
        assertEquals(List.of("lora_embeddings_a", "lora_embeddings_b"), names(e.trainableWeights()));
        assertArrayEquals(new int[]{5, 2}, e.weights().get(1).shape());
        assertArrayEquals(new int[]{2, 2}, e.weights().get(2).shape());
        Tensor ids = Tensor.ofInts(new int[]{4, 0, 2}, 3);
        assertClose(Tensor.of(new float[]{0.8f, 0.9f, 0f, 0.1f, 0.4f, 0.5f}, 3, 2), e.apply(ids), 0, 0); // b = 0: unchanged
        e.weights().get(2).assign(Tensor.of(new float[]{0.5f, -1f, 2f, 0.25f}, 2, 2));
        // numpy: (table + 2 / 2 * a @ b)[ids]
        float[] a = e.weights().get(1).value().toFloatArray();
        float[] expected = new float[6];
        int[] idv = {4, 0, 2};
        float[] bv = {0.5f, -1f, 2f, 0.25f};
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 2; c++) {
                expected[r * 2 + c] = (idv[r] * 2 + c) / 10f + a[idv[r] * 2] * bv[c] + a[idv[r] * 2 + 1] * bv[2 + c];
            }
        }
        assertClose(Tensor.of(expected, 3, 2), e.apply(ids), 1e-6, 1e-6);
        checkWeightGradients("Embedding LoRA", e, ids);
    }

    /**
     * Keras 3.15's Embedding.save_own_variables: the LoRA-merged embeddings as "0", never the
     * factors; load assigns them and restarts the factors at zero. So a LoRA layer's file loads into
     * a plain one (and back), giving the same lookups.
     */
    @Test
    void loraSavesTheMergedEmbeddingsAsKerasDoes() {
        var lora = table();
        lora.enableLora(2);
        lora.weights().get(2).assign(Tensor.of(new float[]{0.5f, -1f, 2f, 0.25f}, 2, 2));
        Tensor ids = Tensor.ofInts(new int[]{4, 0, 2, 1}, 4);
        Tensor merged = lora.embeddings(), looked = lora.apply(ids);
        Map<String, Tensor> store = new java.util.LinkedHashMap<>();
        lora.saveOwnVariables(store);
        assertEquals(List.of("0"), List.copyOf(store.keySet()));
        assertClose(merged, store.get("0"), 0, 0);

        var plain = new Embedding(5, 2);
        plain.buildFor();
        plain.loadOwnVariables(store);
        assertClose(looked, plain.apply(ids), 0, 0);

        var again = new Embedding(5, 2);
        again.buildFor();
        again.enableLora(2);
        again.weights().get(2).assign(Tensor.ones(2, 2));
        again.loadOwnVariables(store);
        assertClose(merged, again.weights().get(0).value(), 0, 0);
        assertClose(Tensor.zeros(2, 2), again.weights().get(2).value(), 0, 0); // the factors restart at zero
        assertClose(looked, again.apply(ids), 0, 0);

        // a plain file of the wrong size is refused before anything changes
        Map<String, Tensor> wrong = Map.of("0", Tensor.zeros(4, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> plain.loadOwnVariables(wrong));
        assertTrue(e.getMessage().contains("expected shape (5, 2), but the file has (4, 2)"), e.getMessage());
        assertClose(looked, plain.apply(ids), 0, 0);

        // ReversibleEmbedding with its own reverse embeddings: merged embeddings, then the reverse ones
        var rev = new ReversibleEmbedding(5, 2).tieWeights(false);
        rev.buildFor();
        rev.enableLora(1);
        Map<String, Tensor> revStore = new java.util.LinkedHashMap<>();
        rev.saveOwnVariables(revStore);
        assertEquals(List.of("0", "1"), List.copyOf(revStore.keySet()));
        assertArrayEquals(new int[]{2, 5}, revStore.get("1").shape());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void outOfRangeIdsNameTheLayerTheIdAndItsPosition() {
        var e = table().name("words");
        var high = assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.ofInts(new int[]{1, 2, 5, 0}, 2, 2)));
        assertEquals("Embedding \"words\": id 5 at position [1, 0] of the input of shape (2, 2) is out of range: "
                + "ids must be integers in [0, 5) (input_dim=5)", high.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.ofLongs(new long[]{-1}, 1)));
        assertTrue(negative.getMessage().startsWith("Embedding \"words\": id -1 at position [0]"), negative.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.of(Float.NaN)));
        assertTrue(nan.getMessage().startsWith("Embedding \"words\": id NaN at position [0]"), nan.getMessage());
        var fiveFloat = assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.of(5f)));
        assertTrue(fiveFloat.getMessage().startsWith("Embedding \"words\": id 5 at position [0]"), fiveFloat.getMessage());
        var dims = assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 4));
        assertEquals("Embedding: `input_dim` must be a positive integer. Received: input_dim=0", dims.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Embedding(4, -2));
        var wrongWeights = assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 2).weights(Tensor.zeros(2, 3)));
        assertTrue(wrongWeights.getMessage().contains("(3, 2)") && wrongWeights.getMessage().contains("(2, 3)"), wrongWeights.getMessage());
        var constrained = new Embedding(3, 2).embeddingsConstraint("non_neg").name("c");
        constrained.buildFor();
        var lora = assertThrows(IllegalArgumentException.class, () -> constrained.enableLora(1));
        assertEquals("Embedding \"c\": Lora is incompatible with embedding constraints. In order to enable lora on this layer, "
                + "remove the `embeddings_constraint` argument.", lora.getMessage());
    }
}
