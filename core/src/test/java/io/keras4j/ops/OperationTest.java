package io.keras4j.ops;

import io.keras4j.Keras;
import io.keras4j.KerasTensor;
import io.keras4j.Variable;
import io.keras4j.callbacks.History;
import io.keras4j.layers.Layer;
import io.keras4j.layers.core.Dense;
import io.keras4j.layers.merging.Add;
import io.keras4j.models.Model;
import io.keras4j.models.Models;
import io.keras4j.optimizers.Adam;
import io.keras4j.random.Random;
import io.keras4j.saving.Json;
import io.keras4j.saving.Serialization;
import io.keras4j.tensor.Npy;
import io.keras4j.tensor.Tensor;
import io.keras4j.trainers.Fit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.zip.ZipFile;

import static io.keras4j.testing.GradCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * keras.ops on symbolic tensors: {@code Ops.square(x)} on a KerasTensor adds an {@link Operation}
 * node to the functional graph, which computes what the eager op computes, trains, and saves and
 * loads in Keras 3's format (checked against a file Keras 3.15 wrote, see make_fixture.py beside it).
 */
class OperationTest {

    @TempDir
    Path dir;

    @BeforeEach
    void freshSession() { Keras.clearSession(); }

    /** x in [0.5, 2) so that sqrt, log and power are defined; y in [0.5, 2) too. */
    private static final Tensor X = Ops.add(Random.uniform(new int[]{3, 4}, 0, 1.5, io.keras4j.tensor.DType.FLOAT32, 11L), 0.5f);
    private static final Tensor Y = Ops.add(Random.uniform(new int[]{3, 4}, 0, 1.5, io.keras4j.tensor.DType.FLOAT32, 12L), 0.5f);

    private record Case(String name, BiFunction<KerasTensor, KerasTensor, KerasTensor> symbolic,
                        BiFunction<Tensor, Tensor, Tensor> eager, String shape) {}

    private static Case unary(String name, Function<KerasTensor, KerasTensor> s, Function<Tensor, Tensor> e, String shape) {
        return new Case(name, (x, y) -> s.apply(x), (x, y) -> e.apply(x), shape);
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(unary("square", Ops::square, Ops::square, "(None, 4)"));
        c.add(unary("sqrt", Ops::sqrt, Ops::sqrt, "(None, 4)"));
        c.add(unary("exp", Ops::exp, Ops::exp, "(None, 4)"));
        c.add(unary("log", Ops::log, Ops::log, "(None, 4)"));
        c.add(unary("abs", x -> Ops.abs(Ops.negative(x)), x -> Ops.abs(Ops.negative(x)), "(None, 4)"));
        c.add(unary("negative", Ops::negative, Ops::negative, "(None, 4)"));
        c.add(unary("sin", Ops::sin, Ops::sin, "(None, 4)"));
        c.add(unary("cos", Ops::cos, Ops::cos, "(None, 4)"));
        c.add(unary("tanh", Ops::tanh, Ops::tanh, "(None, 4)"));
        c.add(unary("sigmoid", Ops::sigmoid, Ops::sigmoid, "(None, 4)"));
        c.add(unary("relu", x -> Ops.relu(Ops.subtract(x, 1.0)), x -> Ops.relu(Ops.subtract(x, 1f)), "(None, 4)"));
        c.add(unary("softmax", Ops::softmax, Ops::softmax, "(None, 4)"));
        c.add(unary("softmax axis 0", x -> Ops.softmax(x, 0), x -> Ops.softmax(x, 0), "(None, 4)"));
        c.add(new Case("add", Ops::add, Ops::add, "(None, 4)"));
        c.add(unary("add 2.0", x -> Ops.add(x, 2.0), x -> Ops.add(x, 2f), "(None, 4)"));
        c.add(unary("2.0 add", x -> Ops.add(2.0, x), x -> Ops.add(x, 2f), "(None, 4)"));
        c.add(new Case("subtract", Ops::subtract, Ops::subtract, "(None, 4)"));
        c.add(unary("1.5 subtract", x -> Ops.subtract(1.5, x), x -> Ops.subtract(Tensor.scalar(1.5f), x), "(None, 4)"));
        c.add(new Case("multiply", Ops::multiply, Ops::multiply, "(None, 4)"));
        c.add(unary("multiply 2.0", x -> Ops.multiply(x, 2.0), x -> Ops.multiply(x, 2f), "(None, 4)"));
        c.add(new Case("divide", Ops::divide, Ops::divide, "(None, 4)"));
        c.add(unary("1.0 divide", x -> Ops.divide(1.0, x), x -> Ops.divide(Tensor.scalar(1f), x), "(None, 4)"));
        c.add(new Case("maximum", Ops::maximum, Ops::maximum, "(None, 4)"));
        c.add(unary("maximum 1.0", x -> Ops.maximum(x, 1.0), x -> Ops.maximum(x, Tensor.scalar(1f)), "(None, 4)"));
        c.add(new Case("minimum", Ops::minimum, Ops::minimum, "(None, 4)"));
        c.add(unary("0.7 minimum", x -> Ops.minimum(0.7, x), x -> Ops.minimum(Tensor.scalar(0.7f), x), "(None, 4)"));
        c.add(new Case("power", Ops::power, Ops::power, "(None, 4)"));
        c.add(unary("power 2.0", x -> Ops.power(x, 2.0), x -> Ops.power(x, 2f), "(None, 4)"));
        c.add(unary("2.0 power", x -> Ops.power(2.0, x), x -> Ops.power(Tensor.scalar(2f), x), "(None, 4)"));
        c.add(unary("power 3 (integer)", x -> Ops.power(x, 3), x -> Ops.power(x, 3f), "(None, 4)"));
        c.add(unary("3 subtract (integer)", x -> Ops.subtract(3, x), x -> Ops.subtract(Tensor.scalar(3f), x), "(None, 4)"));
        c.add(new Case("matmul", (x, y) -> Ops.matmul(x, Ops.transpose(y)), (x, y) -> Ops.matmul(x, Ops.transpose(y)), "(None, None)"));
        c.add(unary("sum", Ops::sum, Ops::sum, "()"));
        c.add(unary("sum axis 1", x -> Ops.sum(x, 1), x -> Ops.sum(x, 1), "(None,)"));
        c.add(unary("sum axis 1 keepdims", x -> Ops.sum(x, 1, true), x -> Ops.sum(x, 1, true), "(None, 1)"));
        c.add(unary("sum axes 0 1", x -> Ops.sum(x, new int[]{0, 1}, false), x -> Ops.sum(x, new int[]{0, 1}, false), "()"));
        c.add(unary("mean", Ops::mean, Ops::mean, "()"));
        c.add(unary("mean axis -1", x -> Ops.mean(x, -1), x -> Ops.mean(x, -1), "(None,)"));
        c.add(unary("max", Ops::max, Ops::max, "()"));
        c.add(unary("max axis 1 keepdims", x -> Ops.max(x, 1, true), x -> Ops.max(x, 1, true), "(None, 1)"));
        c.add(unary("max axes keepdims", x -> Ops.max(x, new int[]{1}, true), x -> Ops.max(x, new int[]{1}, true), "(None, 1)"));
        c.add(unary("reshape", x -> Ops.reshape(x, -1, 2, 2), x -> Ops.reshape(x, -1, 2, 2), "(None, 2, 2)"));
        c.add(unary("transpose axes", x -> Ops.transpose(Ops.reshape(x, -1, 2, 2), 0, 2, 1),
                x -> Ops.transpose(Ops.reshape(x, -1, 2, 2), 0, 2, 1), "(None, 2, 2)"));
        c.add(unary("transpose", Ops::transpose, Ops::transpose, "(4, None)"));
        c.add(unary("expand_dims", x -> Ops.expandDims(x, 1), x -> Ops.expandDims(x, 1), "(None, 1, 4)"));
        c.add(new Case("concatenate -1", (x, y) -> Ops.concatenate(new KerasTensor[]{x, y}, -1),
                (x, y) -> Ops.concatenate(List.of(x, y), -1), "(None, 8)"));
        c.add(new Case("concatenate", (x, y) -> Ops.concatenate(x, y), (x, y) -> Ops.concatenate(x, y), "(None, 4)"));
        return c;
    }

    /** Each op on symbolic inputs gives the symbolic shape Keras gives, and the model computes what the eager op does. */
    @TestFactory
    List<DynamicTest> symbolicOpsComputeAsTheEagerOps() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Keras.clearSession();
                KerasTensor x = Keras.input(4), y = Keras.input(4);
                KerasTensor out = c.symbolic().apply(x, y);
                assertEquals(c.shape(), KerasTensor.shapeString(out.shape()), c.name());
                assertEquals(io.keras4j.tensor.DType.FLOAT32, out.dtype());
                Model model = new Model(List.of(x, y), List.of(out));
                Tensor got = model.applyMulti(List.of(X, Y), false).get(0);
                assertClose(c.eager().apply(X, Y), got, 0, 0);
            }));
        }
        return tests;
    }

    @Test
    void operationsAreNamedAsKerasNamesThemAndLeftOutOfLayers() {
        KerasTensor x = Keras.input(4);
        KerasTensor a = Ops.square(x), b = Ops.square(a), c = Ops.abs(b), d = Ops.expandDims(c, 1);
        Dense dense = new Dense(2);
        KerasTensor e = dense.apply(Ops.add(Ops.sum(d, 1), 1.0));
        Model model = new Model(x, e);
        assertEquals(List.of("input_layer", "square", "square_1", "absolute", "expand_dims", "sum", "add", "dense"),
                model.operations().stream().map(Layer::name).toList());
        assertEquals(List.of("input_layer", "dense"), model.layers().stream().map(Layer::name).toList()); // as Keras's model.layers
        assertEquals(dense.weights(), model.weights());
        assertEquals("Square", ((Operation) model.operations().get(1)).kerasClassName());

        List<String> printed = new ArrayList<>();
        model.summary(88, false, printed::add);
        String summary = String.join("\n", printed);
        assertTrue(summary.contains("square_1 (Square)"), summary);
        assertTrue(summary.contains("expand_dims (ExpandDims)"), summary);
    }

    @Test
    void badShapesAndArgumentsAreErrorsNamingTheOp() {
        KerasTensor x = Keras.input(4), y = Keras.input(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.add(x, y));
        assertTrue(e.getMessage().contains("\"add\" (Add)") && e.getMessage().contains("(None, 4)") && e.getMessage().contains("(None, 3)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.sum(x, 2));
        assertTrue(e.getMessage().contains("\"sum\" (Sum)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.reshape(x, -1, 3));
        assertTrue(e.getMessage().contains("\"reshape\" (Reshape)"), e.getMessage());
    }

    /** A Dense before and after ops: fitting trains through the op nodes (the first Dense's kernel moves) and the loss falls. */
    @Test
    void trainsThroughOperations() {
        KerasTensor x = Keras.input(3);
        Dense first = new Dense(8);
        KerasTensor h = first.apply(x);
        KerasTensor z = Ops.concatenate(new KerasTensor[]{Ops.relu(h), Ops.multiply(Ops.tanh(h), 0.5)}, -1);
        KerasTensor out = new Dense(1).apply(Ops.add(z, Ops.square(Ops.mean(x, 1, true))));
        Model model = new Model(x, out);
        model.compile(new Adam(0.02f), "mse");
        Tensor xs = Random.normal(new int[]{64, 3}, 5L);
        Tensor ys = Ops.sum(Ops.multiply(Ops.square(xs), 0.5f), 1, true); // 0.5 * sum(x**2, axis=1, keepdims=True)
        Tensor kernelBefore = first.getWeights().get(0);
        History history = model.fit(xs, ys, Fit.epochs(30).batchSize(16).shuffle(false).verbose(0));
        List<Double> loss = history.get("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss " + loss);
        assertNotEquals(kernelBefore.toString(), first.getWeights().get(0).toString());
        Variable kernel = first.weights().get(0);
        assertTrue(model.trainableWeights().contains(kernel));
    }

    /**
     * Constants are weakly typed as Python scalars: an integer keeps an int32 tensor int32 and is saved as
     * an integer ({@code ops.add(x, 2)} writes {@code 2}); a fractional one makes it float32.
     */
    @Test
    @SuppressWarnings("unchecked")
    void integerConstantsStayIntegers() throws Exception {
        KerasTensor x = Keras.input(new int[]{3}, "int32");
        KerasTensor i = Ops.multiply(Ops.add(x, 2), 3);
        KerasTensor f = Ops.add(x, 0.5);
        assertEquals(io.keras4j.tensor.DType.INT32, i.dtype());
        assertEquals(io.keras4j.tensor.DType.FLOAT32, f.dtype());
        Model model = new Model(List.of(x), List.of(i, f));
        Tensor data = Tensor.ofInts(new int[]{1, -2, 5, 0, 7, 3}, 2, 3);
        List<Tensor> out = model.applyMulti(List.of(data), false);
        assertEquals(io.keras4j.tensor.DType.INT32, out.get(0).dtype());
        assertEquals("[9, 0, 21, 6, 27, 15]", java.util.Arrays.toString((int[]) out.get(0).contiguous().data()));
        assertClose(Tensor.of(new float[]{1.5f, -1.5f, 5.5f, 0.5f, 7.5f, 3.5f}, 2, 3), out.get(1), 0, 0);

        Path p = dir.resolve("ints.keras");
        model.save(p);
        String json = zipText(p, "config.json");
        assertTrue(json.contains("\"keras_history\": [\"input_layer\", 0, 0]}}, 2]"), json);
        assertTrue(json.contains("\"keras_history\": [\"add\", 0, 0]}}, 3]"), json);
        Model back = Models.load(p);
        assertEquals("[9, 0, 21, 6, 27, 15]", java.util.Arrays.toString((int[]) back.applyMulti(List.of(data), false).get(0).contiguous().data()));
    }

    /** A functional model with ops, used as a layer of another one with ops: both graphs save and load. */
    @Test
    void nestedModelWithOperations() throws Exception {
        KerasTensor xi = Keras.input(4);
        Model inner = new Model(xi, Ops.multiply(Ops.square(xi), 2.0));
        KerasTensor x = Keras.input(4);
        KerasTensor out = new Dense(2).apply(Ops.add(inner.apply(x), Ops.negative(x)));
        Model model = new Model(x, out);
        Path p = dir.resolve("nested.keras");
        model.save(p);
        Model back = Models.load(p);
        Tensor data = Random.normal(new int[]{3, 4}, 9L);
        assertClose(model.predict(data), back.predict(data), 0, 0);
        assertEquals(Json.write(model.getConfig()), Json.write(back.getConfig()));
    }

    /** Saved in Keras's format (module, class_name, registered_name, config, args with constants) and loaded back identically. */
    @Test
    @SuppressWarnings("unchecked")
    void saveAndLoadRoundTrip() throws Exception {
        KerasTensor x = Keras.input(6);
        KerasTensor a = Ops.multiply(Ops.square(x), 2.0);
        KerasTensor d = new Dense(4).apply(Ops.subtract(1.0, a));
        KerasTensor c = Ops.concatenate(new KerasTensor[]{Ops.relu(d), Ops.tanh(d)}, -1);
        KerasTensor s = Ops.sum(Ops.reshape(c, -1, 2, 4), 1, true);
        KerasTensor out = Ops.softmax(Ops.transpose(Ops.maximum(s, Ops.expandDims(Ops.mean(x, 1), 1))), 0);
        Model model = new Model(x, out);
        Path p = dir.resolve("ops.keras");
        model.save(p);

        Tensor data = Random.normal(new int[]{5, 6}, 3L);
        Model back = Models.load(p);
        assertClose(model.predict(data), back.predict(data), 0, 0);
        assertEquals(Json.write(model.getConfig()), Json.write(back.getConfig()));
        assertInstanceOf(Operation.class, back.operations().get(1));

        Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) Json.parse(zipText(p, "config.json"))).get("config");
        Map<String, Map<String, Object>> byName = new java.util.LinkedHashMap<>();
        for (Object o : (List<Object>) config.get("layers")) byName.put((String) ((Map<String, Object>) o).get("name"), (Map<String, Object>) o);
        Map<String, Object> square = byName.get("square");
        assertEquals("keras.src.ops.numpy", square.get("module"));
        assertEquals("Square", square.get("class_name"));
        assertEquals("Square", square.get("registered_name"));
        assertEquals(Map.of("name", "square"), square.get("config"));
        assertFalse(square.containsKey("build_config"));
        assertEquals("keras.src.ops.nn", byName.get("relu").get("module"));
        assertEquals("{\"name\": \"sum\", \"axis\": 1, \"keepdims\": true}", Json.write(byName.get("sum").get("config")));
        assertEquals("{\"name\": \"reshape\", \"newshape\": [-1, 2, 4]}", Json.write(byName.get("reshape").get("config")));
        assertEquals("{\"name\": \"transpose\", \"axes\": null}", Json.write(byName.get("transpose").get("config")));
        List<Object> multiplyArgs = (List<Object>) ((Map<String, Object>) ((List<Object>) byName.get("multiply").get("inbound_nodes")).get(0)).get("args");
        assertEquals(2, multiplyArgs.size());
        assertEquals("square", ((List<Object>) ((Map<String, Object>) ((Map<String, Object>) multiplyArgs.get(0)).get("config")).get("keras_history")).get(0));
        assertEquals(2.0, multiplyArgs.get(1));
        List<Object> subtractArgs = (List<Object>) ((Map<String, Object>) ((List<Object>) byName.get("subtract").get("inbound_nodes")).get(0)).get("args");
        assertEquals(1.0, subtractArgs.get(0));
        List<Object> concatArgs = (List<Object>) ((Map<String, Object>) ((List<Object>) byName.get("concatenate").get("inbound_nodes")).get(0)).get("args");
        assertEquals(1, concatArgs.size());
        assertEquals(2, ((List<Object>) concatArgs.get(0)).size());
        // the weights file holds the Dense alone, as Keras's: operations own no path
        try (ZipFile zip = new ZipFile(p.toFile())) {
            assertNotNull(zip.getEntry("model.weights.h5"));
        }
        assertEquals(List.of("input_layer", "dense"), back.layers().stream().map(Layer::name).toList());
    }

    /** A model Keras 3.15 saved (make_fixture.py): loads, its Add/Concatenate/Maximum are ops, and it predicts what Keras predicted. */
    @Test
    @SuppressWarnings("unchecked")
    void loadsAKerasMadeModelWithOps() throws Exception {
        Path file = copy("ops_model.keras");
        Model model = Models.load(file);
        Tensor x = npy("ops_x.npy");
        assertClose(npy("ops_y.npy"), model.predict(x), 1e-6, 1e-5);
        Layer add = model.operations().stream().filter(l -> l.name().equals("add")).findFirst().orElseThrow();
        assertInstanceOf(Operation.class, add);
        assertFalse(add instanceof Add);
        assertEquals(List.of("x", "dense", "head"), model.layers().stream().map(Layer::name).toList());

        // saved again, the config lists the same operations with the same configs and call args as Keras's
        Path mine = dir.resolve("mine.keras");
        model.save(mine);
        List<Object> kerasLayers = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) Json.parse(zipText(file, "config.json"))).get("config")).get("layers");
        List<Object> myLayers = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) Json.parse(zipText(mine, "config.json"))).get("config")).get("layers");
        assertEquals(kerasLayers.size(), myLayers.size());
        for (int i = 0; i < kerasLayers.size(); i++) {
            Map<String, Object> k = (Map<String, Object>) kerasLayers.get(i), m = (Map<String, Object>) myLayers.get(i);
            assertEquals(k.get("name"), m.get("name"));
            if (!"keras.layers".equals(k.get("module"))) {
                assertEquals(Json.write(k), Json.write(m), "operation " + k.get("name"));
            }
        }
        assertClose(npy("ops_y.npy"), Models.load(mine).predict(x), 1e-6, 1e-5);
    }

    @Test
    void anUnknownOperationInAFileIsAnErrorNamingIt() {
        String config = """
                {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "f", "trainable": true,
                 "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32",
                   "sparse": false, "ragged": false, "name": "input_layer", "optional": false}, "registered_name": null,
                   "name": "input_layer", "inbound_nodes": []},
                  {"module": "keras.src.ops.numpy", "class_name": "Cumsum", "config": {"name": "cumsum", "axis": 1, "dtype": null},
                   "registered_name": "Cumsum", "name": "cumsum", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__",
                   "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["input_layer", 0, 0]}}], "kwargs": {}}]}],
                 "input_layers": ["input_layer", 0, 0], "output_layers": ["cumsum", 0, 0]}, "registered_name": "Functional"}
                """;
        @SuppressWarnings("unchecked")
        Map<String, Object> serialized = (Map<String, Object>) Json.parse(config);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Serialization.deserialize(serialized, Model.class));
        assertTrue(e.getMessage().contains("Unknown Keras operation 'Cumsum' from module 'keras.src.ops.numpy'"), e.getMessage());

        @SuppressWarnings("unchecked")
        Map<String, Object> badArg = (Map<String, Object>) Json.parse(config.replace("\"Cumsum\"", "\"Softmax\"")
                .replace("keras.src.ops.numpy", "keras.src.ops.nn"));
        e = assertThrows(IllegalArgumentException.class, () -> Serialization.deserialize(badArg, Model.class));
        assertTrue(e.getMessage().contains("'Softmax' has no argument 'dtype'"), e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private Path copy(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/io/keras4j/ops/" + name)) {
            assertNotNull(in, "missing test resource " + name);
            Files.copy(in, p);
        }
        return p;
    }

    private Tensor npy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/io/keras4j/ops/" + name)) {
            assertNotNull(in, "missing test resource " + name);
            return Npy.read(in);
        }
    }

    private static String zipText(Path archive, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            return new String(zip.getInputStream(zip.getEntry(entry)).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
