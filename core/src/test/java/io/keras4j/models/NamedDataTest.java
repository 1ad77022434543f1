package io.keras4j.models;

import io.keras4j.Keras;
import io.keras4j.KerasTensor;
import io.keras4j.layers.core.Dense;
import io.keras4j.layers.merging.Concatenate;
import io.keras4j.random.Random;
import io.keras4j.saving.SavingLib;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Tensor;
import io.keras4j.testing.GradCheck;
import io.keras4j.trainers.Fit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keras4j.tensor.Npy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data, losses and loss weights keyed by input and output names, as in the Keras functional API
 * guide's multi-input, multi-output example:
 * <pre>
 * model.compile(optimizer=..., loss={"priority": ..., "department": ...},
 *               loss_weights={"priority": 1.0, "department": 0.2})
 * model.fit({"title": title_data, "body": body_data}, {"priority": priority_targets, "department": dept_targets})
 * </pre>
 */
class NamedDataTest {
    @TempDir
    Path tmp;

    private static Model ticketModel() {
        Keras.clearSession();
        Random.setRandomSeed(21);
        KerasTensor title = Keras.input(new int[]{6}, DType.FLOAT32, "title");
        KerasTensor body = Keras.input(new int[]{4}, DType.FLOAT32, "body");
        KerasTensor h = new Dense(8, "relu").apply(new Concatenate().apply(title, body));
        KerasTensor priority = new Dense(1).name("priority").apply(h);
        KerasTensor department = new Dense(3, "softmax").name("department").apply(h);
        return new Model(List.of(title, body), List.of(priority, department));
    }

    private static Map<String, Tensor> inputs(int n, long seed) {
        return Map.of("body", Random.normal(new int[]{n, 4}, seed), "title", Random.normal(new int[]{n, 6}, seed + 1));
    }

    private static Map<String, Tensor> targets(int n, long seed) {
        return Map.of("department", Random.randint(new int[]{n}, 0, 3, seed), "priority", Random.uniform(new int[]{n, 1}, seed + 1));
    }

    @Test
    void namesComeFromTheInputAndOutputLayers() {
        Model model = ticketModel();
        assertEquals(List.of("title", "body"), model.inputNames());
        assertEquals(List.of("priority", "department"), model.outputNames());
    }

    @Test
    void fitEvaluateAndPredictWithDictsEqualTheListForms() {
        Map<String, Tensor> x = inputs(32, 3), y = targets(32, 5);
        Fit fit = Fit.epochs(3).batchSize(8).shuffle(false).verbose(0);

        Model byName = ticketModel();
        byName.compile("adam", Map.of("priority", "mse", "department", "sparse_categorical_crossentropy"),
                Map.of("priority", 1.0, "department", 0.2));
        var named = byName.fit(x, y, fit);

        Model byList = ticketModel();
        byList.compile("adam", List.of("mse", "sparse_categorical_crossentropy"), List.of(), List.of(1.0, 0.2));
        var listed = byList.fit(List.of(x.get("title"), x.get("body")), List.of(y.get("priority"), y.get("department")), fit);

        assertEquals(listed.get("loss"), named.get("loss"));
        List<Double> losses = named.get("loss");
        assertTrue(losses.get(2) < losses.get(0), "the loss falls: " + losses);
        assertEquals(byList.evaluate(List.of(x.get("title"), x.get("body")), List.of(y.get("priority"), y.get("department")), 8),
                byName.evaluate(x, y, 8));
        List<Tensor> p = byName.predict(x), q = byList.predictMulti(List.of(x.get("title"), x.get("body")), 32);
        for (int i = 0; i < 2; i++) assertArrayEquals(q.get(i).toFloatArray(), p.get(i).toFloatArray());
    }

    @Test
    void dictsMustNameEveryOutputAndADictCompileSurvivesSaving() throws Exception {
        // Keras 3.15's CompileLoss: "Expected keys [...] in loss dict"; a weights dict is indexed by every output name
        var e = assertThrows(IllegalArgumentException.class, () -> ticketModel().compile("adam",
                Map.of("priority", "mse", "department", "sparse_categorical_crossentropy"), Map.of("department", 0.5)));
        assertEquals("compile: expected keys [priority, department] in loss_weights dict, but found loss_weights.keys()=[department]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ticketModel().compile("adam", Map.of("priority", "mse"), null));
        assertEquals("compile: expected keys [priority, department] in loss dict, but found loss.keys()=[priority]", e.getMessage());

        Model model = ticketModel();
        model.compile("adam", Map.of("priority", "mse", "department", "sparse_categorical_crossentropy"),
                Map.of("priority", 1.0, "department", 0.5));
        assertEquals(List.of(1.0, 0.5), model.trainer().getCompileConfig().get("loss_weights"));
        model.fit(inputs(16, 7), targets(16, 9), Fit.epochs(1).batchSize(8).verbose(0));
        Path file = tmp.resolve("tickets.keras");
        model.save(file);
        Model loaded = SavingLib.loadModel(file);
        Map<String, Tensor> x = inputs(4, 11), y = targets(4, 13);
        assertEquals(model.evaluate(x, y, 4), loaded.evaluate(x, y, 4));
    }

    /** keras.Model(inputs={"a": a, "b": b}, outputs={"x": o1, "y": o2}): the keys name the data, and the config keeps the dicts. */
    @Test
    void aModelBuiltWithDictsIsNamedByTheKeysAndSavesThemAsKeras() throws Exception {
        Keras.clearSession();
        Random.setRandomSeed(23);
        KerasTensor a = Keras.input(new int[]{3}, DType.FLOAT32, "a"), b = Keras.input(new int[]{2}, DType.FLOAT32, "b");
        KerasTensor h = new Concatenate().apply(a, b);
        Map<String, KerasTensor> ins = new LinkedHashMap<>(), outs = new LinkedHashMap<>();
        ins.put("a", a);
        ins.put("b", b);
        outs.put("y", new Dense(2, "softmax").name("o2").apply(h)); // given out of order: Keras sorts dict keys
        outs.put("x", new Dense(1).name("o1").apply(h));
        Model model = new Model(ins, outs);
        assertEquals(List.of("x", "y"), model.outputNames());
        assertEquals(outs.get("x"), model.outputs().get(0));
        model.compile("adam", Map.of("x", "mse", "y", "sparse_categorical_crossentropy"), Map.of("x", 1.0, "y", 0.5));
        Map<String, Tensor> x = Map.of("a", Random.normal(new int[]{16, 3}, 1L), "b", Random.normal(new int[]{16, 2}, 2L));
        Map<String, Tensor> y = Map.of("x", Random.normal(new int[]{16, 1}, 3L), "y", Random.randint(new int[]{16}, 0, 2, 4L));
        model.fit(x, y, Fit.epochs(1).batchSize(8).verbose(0));
        Map<String, Tensor> p = model.predictByName(x);
        assertEquals(List.of("x", "y"), List.copyOf(p.keySet()));

        Path file = tmp.resolve("dicts.keras");
        model.save(file);
        String config;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            config = new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // as Keras 3.15 writes them
        assertTrue(config.contains("\"input_layers\": {\"a\": [\"a\", 0, 0], \"b\": [\"b\", 0, 0]}"), config);
        assertTrue(config.contains("\"output_layers\": {\"x\": [\"o1\", 0, 0], \"y\": [\"o2\", 0, 0]}"), config);
        Model loaded = SavingLib.loadModel(file);
        assertEquals(List.of("a", "b"), loaded.inputNames());
        assertEquals(List.of("x", "y"), loaded.outputNames());
        Map<String, Tensor> q = loaded.predictByName(x);
        for (String k : p.keySet()) assertArrayEquals(p.get(k).toFloatArray(), q.get(k).toFloatArray(), k);
    }

    /** A Keras-made model with dict inputs and outputs (resources/io/keras4j/models/make_dict_model.py) loads and predicts as Keras did. */
    @Test
    void aKerasModelWithDictsLoadsAndPredictsAsKeras() throws Exception {
        Path file = tmp.resolve("dict_model.keras");
        try (InputStream in = getClass().getResourceAsStream("/io/keras4j/models/dict_model.keras")) {
            assertNotNull(in, "missing test resource dict_model.keras");
            Files.copy(in, file);
        }
        Model model = SavingLib.loadModel(file);
        assertEquals(List.of("a", "b"), model.inputNames());
        assertEquals(List.of("x", "y"), model.outputNames());
        Map<String, Tensor> p = model.predictByName(Map.of("a", npy("dict_model_a.npy"), "b", npy("dict_model_b.npy")));
        GradCheck.assertClose(npy("dict_model_x.npy"), p.get("x"), 1e-6, 1e-6);
        GradCheck.assertClose(npy("dict_model_y.npy"), p.get("y"), 1e-6, 1e-6);
    }

    private Tensor npy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/io/keras4j/models/" + name)) {
            assertNotNull(in, "missing test resource " + name);
            return Npy.read(in);
        }
    }

    @Test
    void aDictThatDoesNotNameTheInputsOrOutputsIsRefused() {
        Model model = ticketModel();
        model.compile("adam", List.of("mse", "sparse_categorical_crossentropy"), List.of(), null);
        var e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(Map.of("title", Random.normal(new int[]{4, 6}, 1L)), targets(4, 2), Fit.epochs(1).verbose(0)));
        assertEquals("Model \"" + model.name() + "\": the input dict has keys [title], but the model's inputs are named [title, body]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ticketModel().compile("adam", Map.of("urgency", "mse"), null));
        assertEquals("compile: expected keys [priority, department] in loss dict, but found loss.keys()=[urgency]", e.getMessage());
    }
}
