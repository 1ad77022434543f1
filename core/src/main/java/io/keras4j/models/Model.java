package io.keras4j.models;

import io.keras4j.KerasTensor;
import io.keras4j.callbacks.History;
import io.keras4j.ops.Ops;
import io.keras4j.trainers.ArrayDataset;
import io.keras4j.trainers.Fit;
import io.keras4j.trainers.Trainer;
import io.keras4j.utils.PyDataset;
import io.keras4j.layers.CallArgs;
import io.keras4j.layers.CallContext;
import io.keras4j.layers.Layer;
import io.keras4j.layers.Node;
import io.keras4j.ops.Operation;
import io.keras4j.layers.core.InputLayer;
import io.keras4j.saving.KerasClass;
import io.keras4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model ({@code keras.Model}): a layer with training and inference APIs. Three ways to make one,
 * as in Keras:
 * <ul>
 *   <li>functional: {@code new Model(inputs, outputs)} over the graph of layer calls between them;</li>
 *   <li>{@link Sequential}: a stack of layers;</li>
 *   <li>subclassing: extend Model, create layers in the constructor and override {@code call}.</li>
 * </ul>
 * A model can be used as a layer inside another model.
 */
@KerasClass(module = "keras", name = "Model")
public class Model extends Layer implements io.keras4j.saving.Serialization.WithIdentity {
    private List<KerasTensor> inputs;
    private List<KerasTensor> outputs;
    private List<Node> executionOrder;
    /** Layer outputs recycled between inference calls of the graph (see InferenceBuffers). */
    private InferenceBuffers inferenceBuffers;
    /** Per node of the execution order, the node its layer runs fused with (Layer#fusesWith), or -1. */
    private int[] fusedNext;
    private List<Layer> graphLayers;
    private List<Layer> graphOperations;
    private Trainer trainer;
    /** Whether inputs / outputs were given as one tensor rather than a list (Keras's config keeps the structure). */
    boolean singleInput, singleOutput;
    /** The dict keys when inputs / outputs were given as a dict (Keras's config keeps them), else null. */
    List<String> inputKeys, outputKeys;

    /** A functional model from one input to one output. */
    public Model(KerasTensor inputs, KerasTensor outputs) {
        this(List.of(inputs), List.of(outputs));
        singleInput = true;
        singleOutput = true;
    }

    /** A functional model with several inputs and/or outputs. */
    public Model(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        initGraph(inputs, outputs);
    }

    /**
     * A functional model whose inputs and outputs are dicts ({@code keras.Model(inputs={"a": a},
     * outputs={"x": x})}): the keys name the inputs and outputs for {@link #inputNames()},
     * {@link #outputNames()}, named data and saving, and, as Keras flattens dicts, the inputs and
     * outputs are in sorted key order.
     */
    public Model(Map<String, KerasTensor> inputs, Map<String, KerasTensor> outputs) {
        this(List.copyOf(new java.util.TreeMap<>(inputs).values()), List.copyOf(new java.util.TreeMap<>(outputs).values()));
        inputKeys = List.copyOf(new java.util.TreeMap<>(inputs).keySet());
        outputKeys = List.copyOf(new java.util.TreeMap<>(outputs).keySet());
    }

    /** Inputs given as a dict (in sorted key order, as Keras flattens it), outputs as a list. */
    public Model(Map<String, KerasTensor> inputs, List<KerasTensor> outputs) {
        this(List.copyOf(new java.util.TreeMap<>(inputs).values()), outputs);
        inputKeys = List.copyOf(new java.util.TreeMap<>(inputs).keySet());
    }

    /** Functional models are named "functional", "functional_1", ...; subclasses by their class name. */
    @Override
    protected String defaultNamePrefix() {
        return getClass() == Model.class ? "functional" : super.defaultNamePrefix();
    }

    /** For subclassed models (and Sequential). */
    protected Model() {}

    /** Sets up the functional graph (Sequential calls this once its input shape is known). */
    protected final void initGraph(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        for (KerasTensor t : inputs) {
            if (t.history() == null || !(t.history().layer() instanceof InputLayer)) {
                throw new IllegalArgumentException("Model inputs must come from Keras.input(...); " + t + " does not");
            }
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.executionOrder = topologicalOrder(this.inputs, this.outputs);
        this.inferenceBuffers = new InferenceBuffers(executionOrder.size());
        this.fusedNext = fusedPairs(executionOrder, this.outputs);
        // Keras's model.operations order; model.layers leaves the keras.ops calls out, as Keras's does
        this.graphOperations = List.copyOf(FunctionalConfig.kerasLayerOrder(this.inputs, this.outputs));
        this.graphLayers = graphOperations.stream().filter(l -> !(l instanceof Operation)).toList();
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor t : this.inputs) shapes.add(t.shape());
        maybeBuild(shapes);
    }

    /** Nodes between inputs and outputs, each after the nodes producing its inputs. */
    private static List<Node> topologicalOrder(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        List<Node> order = new ArrayList<>();
        IdentityHashMap<Node, Boolean> done = new IdentityHashMap<>(), visiting = new IdentityHashMap<>();
        IdentityHashMap<KerasTensor, Boolean> isInput = new IdentityHashMap<>();
        for (KerasTensor t : inputs) isInput.put(t, Boolean.TRUE);
        for (KerasTensor t : outputs) visit(t, isInput, done, visiting, order);
        return order;
    }

    private static void visit(KerasTensor t, Map<KerasTensor, Boolean> isInput, Map<Node, Boolean> done,
                              Map<Node, Boolean> visiting, List<Node> order) {
        if (isInput.containsKey(t)) return;
        KerasTensor.History h = t.history();
        if (h == null) throw new IllegalArgumentException("Output tensor " + t + " was not produced by a layer call");
        Node node = h.layer().inboundNodes().get(h.nodeIndex());
        if (done.containsKey(node)) return;
        if (node.isInput()) {
            throw new IllegalArgumentException("Graph disconnected: cannot reach tensor " + t.name() + " from the model inputs: it comes from input layer \""
                    + node.layer().name() + "\", which is not among the model's inputs");
        }
        if (visiting.put(node, Boolean.TRUE) != null) throw new IllegalStateException("cycle in the layer graph at " + node.layer().name());
        for (KerasTensor in : node.inputs()) visit(in, isInput, done, visiting, order);
        for (KerasTensor in : node.argTensors()) visit(in, isInput, done, visiting, order);
        visiting.remove(node);
        done.put(node, Boolean.TRUE);
        order.add(node);
    }

    /** The nodes of the graph, in execution order (functional models). */
    public List<Node> graphNodes() { return executionOrder == null ? List.of() : executionOrder; }

    /** Prints Keras's summary table ({@code model.summary()}). */
    public void summary() { summary(0, false, System.out::println); }

    /** {@code model.summary(line_length, show_trainable, print_fn)}. */
    public void summary(int lineLength, boolean showTrainable, java.util.function.Consumer<String> printFn) {
        io.keras4j.utils.SummaryUtils.printSummary(this, lineLength, showTrainable, printFn);
    }

    /** True when this model is a graph of layers (functional or a built Sequential). */
    public boolean isFunctional() { return inputs != null; }

    /** The model's symbolic inputs (functional models). */
    public List<KerasTensor> inputs() { return inputs == null ? List.of() : inputs; }

    /** The model's symbolic outputs (functional models). */
    public List<KerasTensor> outputs() { return outputs == null ? List.of() : outputs; }

    /**
     * The input shape ({@code model.input_shape}), {@code -1} for unknown sizes (print it with
     * {@link KerasTensor#shapeString}). For a model with several inputs use {@link #inputs()}.
     */
    public int[] inputShape() { return singleShape(inputs(), "input"); }

    /** The output shape ({@code model.output_shape}), {@code -1} for unknown sizes; see {@link #inputShape()}. */
    public int[] outputShape() { return singleShape(outputs(), "output"); }

    private int[] singleShape(List<KerasTensor> tensors, String what) {
        if (!isFunctional()) {
            throw new IllegalStateException((this instanceof Sequential ? "Sequential model '" : "Model '") + name() + "' has no defined "
                    + what + " shape yet.");
        }
        if (tensors.size() != 1) {
            throw new IllegalStateException("Model '" + name() + "' has " + tensors.size() + " " + what + "s; use " + what + "s() for their shapes");
        }
        return tensors.get(0).shape();
    }

    /** The layers, inputs first, in execution order ({@code model.layers}); operations are left out as in Keras (see {@link #operations()}). */
    @Override
    public List<Layer> layers() {
        if (graphLayers != null) return graphLayers;
        return super.layers();
    }

    /**
     * The layers and the {@link Operation}s ({@code keras.ops} calls on symbolic tensors) of a
     * functional model, in Keras's order ({@code model.operations}); {@link #layers()} for other models.
     */
    public List<Layer> operations() {
        if (graphOperations != null) return graphOperations;
        return layers();
    }

    /** The layer called {@code name}. */
    public Layer getLayer(String name) {
        for (Layer l : layers()) if (l.name().equals(name)) return l;
        throw new IllegalArgumentException("No such layer: " + name + ". Existing layers are: "
                + layers().stream().map(Layer::name).toList());
    }

    /** The layer at {@code index} in {@link #layers()}. */
    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) {
            throw new IllegalArgumentException("Was asked to retrieve layer at index " + index + " but model only has " + ls.size() + " layers.");
        }
        return ls.get(index);
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, CallContext ctx) {
        if (!isFunctional()) return super.call(inputs, ctx); // a subclassed model's own call()
        return runGraph(inputs, ctx.training());
    }

    /** Runs the graph on concrete inputs. */
    protected final List<Tensor> runGraph(List<Tensor> values, boolean training) {
        if (values.size() != inputs.size()) {
            throw new IllegalArgumentException("Model \"" + name() + "\" expects " + inputs.size() + " input(s), but it received "
                    + values.size() + " input tensors");
        }
        IdentityHashMap<KerasTensor, Tensor> env = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) env.put(inputs.get(i), conform(i, values.get(i)));
        InferenceBuffers buffers = InferenceBuffers.applies(executionOrder, training) ? inferenceBuffers : null;
        float[][] produced = buffers == null ? null : new float[executionOrder.size()][];
        boolean[] ranFused = null;
        for (int n = 0; n < executionOrder.size(); n++) {
            if (ranFused != null && ranFused[n]) continue;
            Node node = executionOrder.get(n);
            int next = fusedNext[n];
            if (next >= 0) {
                Node consumer = executionOrder.get(next);
                boolean reuse = buffers != null && InferenceBuffers.producer(consumer);
                if (reuse) buffers.offer(next); // the pair's output is the consumer's
                Tensor fused;
                try {
                    fused = node.layer().applyFusedWith(env.get(node.inputs().get(0)), training, consumer.layer());
                } finally {
                    if (reuse) io.keras4j.ops.OutputReuse.withdraw();
                }
                if (fused != null) {
                    if (reuse && fused.data() instanceof float[] a) produced[next] = a;
                    env.put(consumer.outputs().get(0), fused);
                    if (ranFused == null) ranFused = new boolean[executionOrder.size()];
                    ranFused[next] = true;
                    continue;
                }
            }
            List<Tensor> args = new ArrayList<>(node.inputs().size());
            for (KerasTensor t : node.inputs()) args.add(env.get(t));
            CallArgs kwargs = node.args();
            List<Tensor> outs;
            if (buffers != null && InferenceBuffers.producer(node)) {
                buffers.offer(n);
                try {
                    outs = callNode(node, args, kwargs, env, training);
                } finally {
                    io.keras4j.ops.OutputReuse.withdraw();
                }
                if (outs.size() == 1 && outs.get(0).data() instanceof float[] a) produced[n] = a;
            } else {
                outs = callNode(node, args, kwargs, env, training);
            }
            for (int i = 0; i < node.outputs().size(); i++) env.put(node.outputs().get(i), outs.get(i));
        }
        List<Tensor> result = new ArrayList<>(outputs.size());
        for (KerasTensor t : outputs) result.add(env.get(t));
        if (buffers != null) buffers.recycle(produced, result);
        return result;
    }

    /**
     * The pairs of nodes the graph runs as one computation: node n's layer fuses with node m's
     * ({@link Layer#fusesWith}), both take no call arguments and have one input and one output,
     * and m is the only reader of n's output, which is not a model output (so the intermediate
     * value is never needed on its own). Entry n is m, or -1.
     */
    private static int[] fusedPairs(List<Node> order, List<KerasTensor> outputs) {
        int[] next = new int[order.size()];
        java.util.Arrays.fill(next, -1);
        IdentityHashMap<KerasTensor, Integer> readers = new IdentityHashMap<>();
        for (Node node : order) {
            for (KerasTensor t : node.inputs()) readers.merge(t, 1, Integer::sum);
            for (KerasTensor t : node.args().kerasTensors()) readers.merge(t, 1, Integer::sum);
        }
        for (KerasTensor t : outputs) readers.merge(t, 1, Integer::sum);
        for (int n = 0; n < order.size(); n++) {
            Node node = order.get(n);
            if (!simple(node) || readers.getOrDefault(node.outputs().get(0), 0) != 1) continue;
            for (int m = n + 1; m < order.size(); m++) {
                Node consumer = order.get(m);
                if (consumer.inputs().contains(node.outputs().get(0))) {
                    if (simple(consumer) && node.layer().fusesWith(consumer.layer())) next[n] = m;
                    break;
                }
            }
        }
        return next;
    }

    private static boolean simple(Node node) {
        return node.inputs().size() == 1 && node.outputs().size() == 1 && node.args().isEmpty();
    }

    /** The graph's recycled inference outputs (for tests); null before the graph is set up. */
    InferenceBuffers inferenceBuffers() { return inferenceBuffers; }

    private static List<Tensor> callNode(Node node, List<Tensor> args, CallArgs kwargs, Map<KerasTensor, Tensor> env, boolean training) {
        return kwargs.isEmpty() ? node.layer().applyMulti(args, training)
                : node.layer().applyWith(args, kwargs.resolved(env::get, training));
    }

    /** Checks an input against its symbolic spec and converts it to the input's dtype. */
    private Tensor conform(int index, Tensor value) {
        KerasTensor spec = inputs.get(index);
        int[] expected = spec.shape();
        if (value.dtype() != spec.dtype() && (value.dtype().isString() || spec.dtype().isString())) {
            throw new IllegalArgumentException("Input " + index + " of model \"" + name() + "\" has dtype " + spec.dtype()
                    + ", but it received a " + value.dtype() + " tensor of shape " + KerasTensor.shapeString(value.shape())
                    + (spec.dtype().isString() ? ": pass text (Tensor.ofStrings(...) or String[])" : ": text must go through a preprocessing layer first"));
        }
        // Keras's Functional._adjust_input_rank: a missing or extra trailing axis of size 1 is added or dropped
        if (value.rank() == expected.length - 1 && expected.length > 0 && expected[expected.length - 1] == 1) {
            value = value.expandDims(-1);
        } else if (value.rank() == expected.length + 1 && value.rank() > 0 && value.dim(-1) == 1) {
            value = value.squeeze(-1);
        }
        int[] actual = value.shape();
        boolean ok = expected.length == actual.length;
        for (int d = 0; ok && d < expected.length; d++) ok = expected[d] < 0 || expected[d] == actual[d];
        if (!ok) {
            throw new IllegalArgumentException("Input " + index + " of layer \"" + name() + "\" is incompatible with the layer: expected shape="
                    + KerasTensor.shapeString(expected) + ", found shape=" + KerasTensor.shapeString(actual));
        }
        return value.dtype() == spec.dtype() ? value : io.keras4j.ops.Ops.cast(value, spec.dtype());
    }

    @Override
    public List<int[]> computeOutputShape(List<int[]> inputShapes) {
        if (!isFunctional()) return super.computeOutputShape(inputShapes);
        List<int[]> out = new ArrayList<>();
        for (KerasTensor t : outputs) out.add(t.shape());
        return out;
    }

    // ------------------------------------------------------------------ training and inference

    /**
     * Configures training ({@code model.compile}): an optimizer and a loss (identifiers such as
     * {@code "adam"} and {@code "sparse_categorical_crossentropy"}, or instances), and metrics
     * ({@code "accuracy"}, {@code "mae"}, Metric instances).
     */
    public void compile(Object optimizer, Object loss, Object... metrics) {
        compile(optimizer, loss, metrics == null ? List.of() : List.of(metrics), null); // compile(o, l, null): no metrics
    }

    /**
     * compile with per-output losses and loss weights: a List in output order, or (the loss) a Map
     * keyed by output name ({@link #outputNames()}), as Keras's {@code loss={"priority": ...}}.
     */
    public void compile(Object optimizer, Object loss, List<?> metrics, List<Double> lossWeights) {
        if (loss instanceof Map<?, ?> byName && !byName.containsKey("class_name")) loss = perOutput("loss", byName);
        this.trainer = new Trainer(this, optimizer, loss, metrics, lossWeights);
    }

    /**
     * compile with losses and loss weights keyed by output name ({@code loss={"priority": ...,
     * "department": ...}, loss_weights={"priority": 1.0, "department": 0.2}}); each dict names
     * every output, as Keras requires.
     */
    public void compile(Object optimizer, Map<String, ?> loss, Map<String, Double> lossWeights, Object... metrics) {
        List<Object> weights = lossWeights == null ? null : perOutput("loss_weights", lossWeights);
        compile(optimizer, perOutput("loss", loss), List.of(metrics),
                weights == null ? null : weights.stream().map(w -> ((Number) w).doubleValue()).toList());
    }

    /**
     * The values of a dict keyed by output name, in output order. As Keras's CompileLoss, the dict
     * must name every output and nothing else.
     */
    private List<Object> perOutput(String what, Map<?, ?> byName) {
        List<String> names = outputNames();
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        for (Object key : byName.keySet()) keys.add(String.valueOf(key));
        if (!keys.equals(new java.util.HashSet<>(names))) {
            throw new IllegalArgumentException("compile: expected keys " + names + " in " + what + " dict, but found " + what + ".keys()="
                    + List.copyOf(keys));
        }
        List<Object> ordered = new ArrayList<>(names.size());
        for (String n : names) ordered.add(byName.get(n));
        return ordered;
    }

    /** The training state set by compile. */
    public Trainer trainer() {
        if (trainer == null) {
            throw new IllegalStateException("You must call compile() before using the model for training or evaluation: model '" + name() + "'");
        }
        return trainer;
    }

    public boolean compiled() { return trainer != null; }

    /**
     * Keras's {@code model.stop_training = True}: a callback calls this to end {@code fit} after
     * the current batch (from {@code onTrainBatchEnd}) or epoch (from {@code onEpochEnd}).
     */
    public void setStopTraining(boolean stopTraining) { trainer().setStopTraining(stopTraining); }

    /** Keras's {@code model.stop_training}: whether a callback has asked {@code fit} to stop. */
    public boolean stopTraining() { return trainer != null && trainer.stopTraining(); }

    /** Trains on arrays with default options (one epoch, batch size 32). */
    public History fit(Tensor x, Tensor y) { return fit(List.of(x), List.of(y), Fit.defaults()); }

    /** Trains on arrays ({@code model.fit(x, y, ...)}). */
    public History fit(Tensor x, Tensor y, Fit options) { return fit(List.of(x), List.of(y), options); }

    /** Trains a multi-input and/or multi-output model on arrays. */
    public History fit(List<Tensor> x, List<Tensor> y, Fit options) {
        Trainer t = trainer();
        Tensor sw = options.sampleWeightValue();
        if (options.classWeightValue() != null) {
            if (y.size() != 1) throw new IllegalArgumentException("class_weight is only supported for models with a single output");
            sw = ArrayDataset.classWeightsToSampleWeights(y.get(0), options.classWeightValue(), sw);
        }
        List<Tensor> trainX = x, trainY = y, valX = options.validationXValue(), valY = options.validationYValue();
        Tensor trainSw = sw, valSw = options.validationSampleWeightValue();
        if (options.validationSplitValue() > 0) {
            if (valX != null) throw new IllegalArgumentException("fit: give validation_split or validation_data, not both");
            List<Tensor> all = new ArrayList<>(x);
            all.addAll(y);
            if (sw != null) all.add(sw);
            List<List<Tensor>> parts = io.keras4j.trainers.Trainer.splitForValidation(all, options.validationSplitValue());
            trainX = parts.get(0).subList(0, x.size());
            trainY = parts.get(0).subList(x.size(), x.size() + y.size());
            valX = parts.get(1).subList(0, x.size());
            valY = parts.get(1).subList(x.size(), x.size() + y.size());
            trainSw = sw == null ? null : parts.get(0).get(all.size() - 1);
            valSw = sw == null ? null : parts.get(1).get(all.size() - 1);
        }
        int batch = options.batchSizeValue();
        PyDataset train = new ArrayDataset(trainX, trainY, trainSw, batch, options.shuffleValue());
        PyDataset val = valX == null ? null
                : new ArrayDataset(valX, valY, valSw, options.validationBatchSizeValue(), false);
        return t.fit(train, val, options);
    }

    // ------------------------------------------------------------------ data keyed by input and output names

    /**
     * The names data dicts use for the inputs, in order: the keys of a model built with a dict of
     * inputs, else the input layers' names ({@code model.input_names}).
     */
    public List<String> inputNames() {
        if (inputKeys != null) return inputKeys;
        return inputs().stream().map(t -> t.history().layer().name()).toList();
    }

    /**
     * The names loss and target dicts use for the outputs, in order: the keys of a model built with
     * a dict of outputs, else the producing layers' names ({@code model.output_names}).
     */
    public List<String> outputNames() {
        if (outputKeys != null) return outputKeys;
        return outputs().stream().map(t -> t.history().layer().name()).toList();
    }

    /** Predictions keyed by output name ({@link #outputNames()}), for inputs keyed by input name (batch size 32). */
    public Map<String, Tensor> predictByName(Map<String, Tensor> x) {
        List<Tensor> outs = predict(x);
        Map<String, Tensor> named = new java.util.LinkedHashMap<>();
        List<String> names = outputNames();
        for (int i = 0; i < outs.size(); i++) named.put(names.get(i), outs.get(i));
        return named;
    }

    /**
     * Trains on data keyed by input and output name, as Keras's {@code model.fit({"title": ...,
     * "body": ...}, {"priority": ..., "department": ...})}: each map must name every input (output)
     * exactly once.
     */
    public History fit(Map<String, Tensor> x, Map<String, Tensor> y, Fit options) {
        return fit(byName("input", x, inputNames()), byName("output", y, outputNames()), options);
    }

    /** As {@link #fit(Map, Map, Fit)}, for a single output. */
    public History fit(Map<String, Tensor> x, Tensor y, Fit options) {
        return fit(byName("input", x, inputNames()), List.of(y), options);
    }

    /** Loss and metrics on data keyed by input and output name. */
    public Map<String, Double> evaluate(Map<String, Tensor> x, Map<String, Tensor> y, int batchSize) {
        return evaluate(byName("input", x, inputNames()), byName("output", y, outputNames()), batchSize);
    }

    /** Predictions for inputs keyed by name, one tensor per output in order (batch size 32). */
    public List<Tensor> predict(Map<String, Tensor> x) {
        return predictMulti(byName("input", x, inputNames()), 32);
    }

    /** The values of {@code data} in the order of {@code names}; every name present, nothing else. */
    private List<Tensor> byName(String what, Map<String, Tensor> data, List<String> names) {
        if (!names.containsAll(data.keySet()) || !data.keySet().containsAll(names)) {
            throw new IllegalArgumentException("Model \"" + name() + "\": the " + what + " dict has keys " + data.keySet() + ", but the model's "
                    + what + "s are named " + names);
        }
        List<Tensor> ordered = new ArrayList<>(names.size());
        for (String n : names) ordered.add(data.get(n));
        return ordered;
    }

    /** Trains on raw text: {@code x} becomes a string tensor of shape (n,) ({@code model.fit(np.array(texts), y)}). */
    public History fit(String[] x, Tensor y, Fit options) { return fit(Tensor.ofStrings(x), y, options); }

    /** Trains on a dataset of batches ({@code model.fit(dataset, ...)}). */
    public History fit(PyDataset data, Fit options) {
        return trainer().fit(data, null, options);
    }

    /** Trains on a dataset, validating on another each epoch. */
    public History fit(PyDataset data, PyDataset validation, Fit options) {
        return trainer().fit(data, validation, options);
    }

    /** Loss and metrics on arrays, batch size 32 ({@code model.evaluate}); keys sorted as Keras logs them. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) { return evaluate(List.of(x), List.of(y), 32); }

    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) { return evaluate(List.of(x), List.of(y), batchSize); }

    public Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, int batchSize) {
        return trainer().evaluate(new ArrayDataset(x, y, null, batchSize, false), null);
    }

    public Map<String, Double> evaluate(PyDataset data) { return trainer().evaluate(data, null); }

    /** Loss and metrics on raw text (a string tensor of shape (n,)), batch size 32. */
    public Map<String, Double> evaluate(String[] x, Tensor y) { return evaluate(Tensor.ofStrings(x), y); }

    /** Predictions for raw text, in batches of 32: {@code x} becomes a string tensor of shape (n,). */
    public Tensor predict(String... x) { return predict(Tensor.ofStrings(x)); }

    /** Predictions in batches of 32 ({@code model.predict}). */
    public Tensor predict(Tensor x) { return predict(x, 32); }

    public Tensor predict(Tensor x, int batchSize) {
        List<Tensor> out = predictMulti(List.of(x), batchSize);
        if (out.size() != 1) throw new IllegalStateException("Model " + name() + " has " + out.size() + " outputs; use predictMulti");
        return out.get(0);
    }

    /** Predictions of every output, concatenated over batches. */
    public List<Tensor> predictMulti(List<Tensor> x, int batchSize) {
        ArrayDataset data = new ArrayDataset(x, List.of(), null, batchSize, false);
        List<List<Tensor>> perOutput = new ArrayList<>();
        try (AutoCloseable paused = io.keras4j.autograd.GradientTape.stopRecording()) {
            for (int i = 0; i < data.length(); i++) {
                List<Tensor> outs = applyMulti(data.get(i).x(), false);
                for (int o = 0; o < outs.size(); o++) {
                    if (perOutput.size() <= o) perOutput.add(new ArrayList<>());
                    perOutput.get(o).add(outs.get(o));
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        List<Tensor> result = new ArrayList<>();
        for (List<Tensor> parts : perOutput) result.add(parts.size() == 1 ? parts.get(0) : Ops.concatenate(parts, 0));
        return result;
    }

    /** One gradient step on one batch ({@code train_on_batch}). */
    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        return trainer().trainOnBatch(new PyDataset.Batch(x, y));
    }

    /** Loss and metrics of one batch ({@code test_on_batch}). */
    public Map<String, Double> testOnBatch(Tensor x, Tensor y) {
        return trainer().testOnBatch(new PyDataset.Batch(x, y));
    }

    /** Inference on one batch ({@code predict_on_batch}). */
    public Tensor predictOnBatch(Tensor x) {
        return apply(x, false);
    }

    // ------------------------------------------------------------------ config and saving

    /** A plain functional model is what Keras 3 calls {@code Functional}. */
    private boolean isPlainFunctional() {
        return isFunctional() && (getClass() == Model.class || getClass() == Functional.class);
    }

    @Override
    public String[] kerasIdentity() {
        return isPlainFunctional() ? new String[]{"keras.src.models.functional", "Functional", "Functional"} : null;
    }

    /**
     * A functional model's config is its graph, in Keras 3's format (layers with their
     * {@code inbound_nodes}, {@code input_layers}, {@code output_layers}); a subclassed model's is
     * its {@code @Config} fields.
     */
    @Override
    public Map<String, Object> getConfig() {
        if (isPlainFunctional()) return FunctionalConfig.getConfig(this);
        return super.getConfig();
    }

    /** Keras writes {@code {"input_shape": null}} for functional models: the graph fixes the shapes. */
    @Override
    public Map<String, Object> getBuildConfig() {
        if (isPlainFunctional()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("input_shape", null);
            return m;
        }
        return super.getBuildConfig();
    }

    /** The arguments of {@link #compile}, as Keras's {@code get_compile_config} (empty when not compiled). */
    @Override
    public Map<String, Object> getCompileConfig() {
        return trainer == null ? new java.util.LinkedHashMap<>() : trainer.getCompileConfig();
    }

    /** Compiles from a saved {@code compile_config}, then builds the optimizer's variables when the model is built. */
    @Override
    public void compileFromConfig(Map<String, Object> config) {
        Object optimizer = config.get("optimizer");
        Object loss = config.get("loss");
        if (loss instanceof Map<?, ?> byName && !byName.containsKey("class_name")) loss = perOutput("loss", byName);
        List<?> metrics = perOutputMetrics(config.get("metrics"));
        List<Double> weights = null;
        Object lossWeights = config.get("loss_weights");
        if (lossWeights instanceof Map<?, ?> byName) lossWeights = perOutput("loss_weights", byName);
        if (lossWeights instanceof List<?> lw) {
            weights = new ArrayList<>();
            for (Object w : lw) weights.add(w instanceof Number n ? n.doubleValue() : 1.0);
        }
        compile(optimizer, loss, metrics, weights);
        if (built()) trainer.optimizer().build(trainableWeights());
    }

    /**
     * keras4j applies compiled metrics to every output; Keras also takes one list (or a dict entry)
     * per output. Identical per-output lists become that list; differing ones their union, with a warning.
     */
    private List<?> perOutputMetrics(Object metrics) {
        Object m = metrics instanceof Map<?, ?> byName ? new ArrayList<>(byName.values()) : metrics;
        if (!(m instanceof List<?> list) || list.isEmpty()) return List.of();
        if (list.stream().noneMatch(e -> e instanceof List<?> || e == null)) return list;
        List<Object> union = new ArrayList<>();
        boolean same = true;
        Object first = list.get(0);
        for (Object e : list) {
            same &= java.util.Objects.equals(e, first);
            List<?> items = e instanceof List<?> l ? l : e == null ? List.of() : List.of(e);
            for (Object item : items) if (!union.contains(item)) union.add(item);
        }
        if (!same) {
            System.err.println("keras4j: model '" + name() + "' was compiled with different metrics per output " + list
                    + "; keras4j computes " + union + " for every output");
        }
        return union;
    }

    /** {@code Model.from_config}: a functional config rebuilds the graph; anything else needs a registered class. */
    static Model fromConfig(Map<String, Object> config) {
        if (config.containsKey("layers") && config.containsKey("input_layers")) return FunctionalConfig.fromConfig(config);
        throw new IllegalArgumentException("Model '" + config.get("name") + "' is a subclassed model; to load it, register its Java "
                + "class with ObjectRegistry.registerKerasSerializable(YourModel.class, \"package\", \"Name\") under the name "
                + "the file gives in registered_name");
    }

    /**
     * {@code model.save(path)}: a Keras 3 {@code .keras} archive (config, weights, compile settings,
     * optimizer state, assets) that Python Keras loads; written atomically.
     */
    public void save(java.nio.file.Path path) {
        try {
            io.keras4j.saving.SavingLib.saveModel(this, path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot save model '" + name() + "' to " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@code model.save_weights(path)}: a Keras 3 {@code .weights.h5} file; written atomically. */
    public void saveWeights(java.nio.file.Path path) {
        try {
            io.keras4j.saving.SavingLib.saveWeights(this, path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot save the weights of '" + name() + "' to " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code model.load_weights(path)} from a {@code .weights.h5} or {@code .keras} file (every
     * object must match), or from a legacy Keras 1/2 {@code .h5} weights or model file (layers with
     * weights matched in order, as Keras's {@code load_weights} does for those).
     */
    public void loadWeights(java.nio.file.Path path) { loadWeights(path, false); }

    /**
     * {@code model.load_weights(path, skip_mismatch=...)}: with {@code skipMismatch}, mismatched
     * objects are skipped with a warning; for a legacy {@code .h5} file that means Keras's
     * {@code by_name=True, skip_mismatch=True} loading.
     */
    public void loadWeights(java.nio.file.Path path, boolean skipMismatch) {
        String file = path.getFileName().toString();
        if ((file.endsWith(".h5") || file.endsWith(".hdf5")) && !file.endsWith(".weights.h5")) {
            if (skipMismatch) io.keras4j.saving.legacy.LegacyH5.loadWeightsByName(this, path, true);
            else io.keras4j.saving.legacy.LegacyH5.loadWeights(this, path);
            return;
        }
        try {
            io.keras4j.saving.SavingLib.loadWeights(this, path, skipMismatch);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot load weights from " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " name=" + name() + ", built=" + built() + ">";
    }

    /** Shapes, for messages. */
    static String shapes(List<int[]> shapes) {
        return shapes.stream().map(Arrays::toString).toList().toString();
    }
}
