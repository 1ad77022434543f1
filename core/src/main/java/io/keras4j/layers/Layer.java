package io.keras4j.layers;

import io.keras4j.DTypePolicy;
import io.keras4j.KerasTensor;
import io.keras4j.Variable;
import io.keras4j.autograd.GradientTape;
import io.keras4j.constraints.Constraint;
import io.keras4j.initializers.Initializer;
import io.keras4j.ops.Ops;
import io.keras4j.regularizers.Regularizer;
import io.keras4j.saving.Config;
import io.keras4j.saving.KerasSerializable;
import io.keras4j.saving.Serialization;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every layer ({@code keras.layers.Layer}), with Keras's four moves: the constructor
 * stores config ({@link Config} fields), {@link #build} creates weights with {@link #addWeight},
 * {@link #call} computes with {@link Ops}, and {@code getConfig} returns the config fields.
 *
 * <pre>{@code
 * class MyCustomLayer extends Layer {
 *     @Config int outputDim;
 *     private Variable kernel;
 *
 *     MyCustomLayer(int outputDim) { this.outputDim = outputDim; }
 *     private MyCustomLayer() {}                       // for fromConfig
 *
 *     @Override public void build(int[] inputShape) {
 *         kernel = addWeight("kernel", new int[]{inputShape[inputShape.length - 1], outputDim}, "uniform", true);
 *     }
 *     @Override public Tensor call(Tensor inputs) { return Ops.matmul(inputs, kernel.value()); }
 * }
 * }</pre>
 *
 * Calling a layer on {@link KerasTensor}s ({@link #apply(KerasTensor...)}) builds a functional
 * graph; calling it on {@link Tensor}s computes. Sub-layers held in fields (or lists of them) are
 * tracked automatically, like Keras's attribute tracking, so their weights are the outer layer's.
 */
public abstract class Layer implements KerasSerializable, Serialization.WithBuildConfig {

    @Config private String name;
    @Config private boolean trainable = true;
    @Config private DTypePolicy dtype = DTypePolicy.FLOAT32;
    @Config private Regularizer activityRegularizer;

    private boolean built;
    private List<int[]> buildInputShapes;
    private InputSpec inputSpec;
    private boolean supportsMasking;
    private final List<Variable> trainableVariables = new ArrayList<>();
    private final List<Variable> nonTrainableVariables = new ArrayList<>();
    private final Map<Variable, Regularizer> regularizers = new IdentityHashMap<>();
    private final Map<Variable, Constraint> constraints = new IdentityHashMap<>();
    private final List<Layer> trackedLayers = new ArrayList<>();
    private final List<Node> inboundNodes = new ArrayList<>();
    private final List<Tensor> losses = new ArrayList<>();
    private int[] inputShapeArg;
    private boolean defaultNamed;

    /**
     * The layer calls running on this thread: how deeply nested (0: none, so the next call is the
     * outermost, which clears losses) and the training flag the innermost one runs with (which
     * nested calls inherit). One mutable object per thread: a call reads and restores its fields
     * rather than setting and removing thread-local values.
     */
    private static final class CallState {
        int depth;
        boolean training;
    }

    private static final ThreadLocal<CallState> CALL_STATE = ThreadLocal.withInitial(CallState::new);

    protected Layer() {
        this.defaultNamed = Naming.isCounting(); // a counted default name can be given back by name(String)
        this.name = Naming.uniqueName(defaultNamePrefix());
    }

    /** The prefix of default names: the class name in snake_case, as Keras's auto_name. */
    protected String defaultNamePrefix() {
        return Naming.toSnakeCase(getClass().getSimpleName());
    }

    // ------------------------------------------------------------------ identity and config

    public String name() { return name; }

    /**
     * Renames the layer (fluent, for the Keras {@code name=} argument). The default name it replaces
     * is given back when no other layer took a name since, so the next layer of the class gets the
     * default name it would get in Keras.
     */
    public Layer name(String name) {
        if (defaultNamed) {
            Naming.release(defaultNamePrefix(), this.name);
            defaultNamed = false;
        }
        this.name = name;
        return this;
    }

    public boolean trainable() { return trainable; }

    /** Freezes or unfreezes the layer and all its sub-layers. */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        for (Variable v : trainableVariables) v.setTrainable(trainable);
        for (Layer l : layers()) l.setTrainable(trainable);
    }

    public DTypePolicy dtypePolicy() { return dtype; }

    /** The dtype of this layer's variables. */
    public DType variableDtype() { return dtype.variableDtype(); }

    /** The dtype this layer computes in. */
    public DType computeDtype() { return dtype.computeDtype(); }

    public Layer dtype(String dtypeName) {
        this.dtype = DTypePolicy.get(dtypeName);
        return this;
    }

    /**
     * Keras's legacy {@code input_shape=} argument (per-sample shape, {@code -1} for {@code None}):
     * when this layer is the first one added to a {@link io.keras4j.models.Sequential}, the model
     * starts with an {@code InputLayer} of that shape, as Keras 3 does; elsewhere it is ignored, and
     * it is not part of the config. {@code Input(shape)} first is the preferred form.
     *
     * <pre>{@code
     * model.add(new Dense(16).inputShape(8));                        // Dense(16, input_shape=(8,))
     * Conv2D conv = new Conv2D(32, 3, "relu").inputShape(28, 28, 3); // keeps the concrete type
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public final <L extends Layer> L inputShape(int... shape) {
        for (int d : shape) {
            if (d < -1) {
                throw new IllegalArgumentException("Layer \"" + name + "\": input_shape must hold sizes >= 0 or -1 (None). Received: input_shape="
                        + java.util.Arrays.toString(shape));
            }
        }
        this.inputShapeArg = shape.clone();
        return (L) this;
    }

    /** The {@code input_shape=} argument given with {@link #inputShape}, or null. */
    public final int[] inputShapeArg() { return inputShapeArg == null ? null : inputShapeArg.clone(); }

    public Regularizer activityRegularizer() { return activityRegularizer; }

    /** Adds {@code regularizer(outputs) / batch_size} to the losses on every call, as Keras does. */
    public Layer activityRegularizer(Object regularizer) {
        this.activityRegularizer = Regularizer.get(regularizer);
        return this;
    }

    /** Keras writes {@code activity_regularizer} only when one is set. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = KerasSerializable.super.getConfig();
        if (activityRegularizer == null) config.remove("activity_regularizer");
        return config;
    }

    @Override
    public Map<String, Object> getBuildConfig() {
        if (buildInputShapes == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_shape", buildInputShapes.size() == 1 ? shapeToList(buildInputShapes.get(0))
                : buildInputShapes.stream().map(Layer::shapeToList).toList());
        return m;
    }

    /** Rebuilds from a saved {@code build_config} ({@code {"input_shape": [...]}}). */
    public void buildFromConfig(Map<String, Object> buildConfig) {
        Object shape = buildConfig == null ? null : buildConfig.get("input_shape");
        if (shape == null) return;
        List<?> list = (List<?>) shape;
        if (!list.isEmpty() && list.get(0) instanceof List<?>) {
            List<int[]> shapes = new ArrayList<>();
            for (Object s : list) shapes.add(listToShape((List<?>) s));
            maybeBuild(shapes);
        } else {
            maybeBuild(List.of(listToShape(list)));
        }
    }

    static List<Integer> shapeToList(int[] shape) {
        List<Integer> out = new ArrayList<>(shape.length);
        for (int d : shape) out.add(d < 0 ? null : d);
        return out;
    }

    static int[] listToShape(List<?> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i) == null ? -1 : ((Number) list.get(i)).intValue();
        return out;
    }

    // ------------------------------------------------------------------ building

    public boolean built() { return built; }

    /**
     * Creates the layer's weights for inputs of {@code inputShape} ({@code -1} for unknown
     * dimensions, usually the batch). The default does nothing: layers without weights need no build.
     */
    public void build(int[] inputShape) {}

    /** Multi-input layers override this; the default builds from the first input's shape. */
    public void build(List<int[]> inputShapes) {
        build(inputShapes.isEmpty() ? new int[0] : inputShapes.get(0));
    }

    /** Builds once, from the shapes of the first inputs seen. */
    public final void maybeBuild(List<int[]> inputShapes) {
        if (built) return;
        build(inputShapes);
        built = true;
        buildInputShapes = inputShapes.stream().map(int[]::clone).toList();
    }

    /** Builds the layer for one input shape, as {@code layer.build(shape)} does in Keras. */
    public final void buildFor(int... inputShape) { maybeBuild(List.of(inputShape)); }

    /** Marks the layer built (for layers whose state is made outside build). */
    protected final void markBuilt() { built = true; }

    /** The input shape(s) the layer was built for, or null. */
    public List<int[]> buildInputShapes() { return buildInputShapes; }

    protected final void setInputSpec(InputSpec spec) { this.inputSpec = spec; }

    public InputSpec inputSpec() { return inputSpec; }

    /** Whether the layer passes masks through (or computes its own); otherwise masks stop here. */
    public boolean supportsMasking() { return supportsMasking; }

    protected final void setSupportsMasking(boolean supports) { this.supportsMasking = supports; }

    // ------------------------------------------------------------------ weights

    /**
     * Creates a weight and tracks it ({@code add_weight}). {@code initializer}, {@code regularizer}
     * and {@code constraint} take what Keras takes: an identifier string, a serialized dict, an
     * instance, or null.
     */
    public final Variable addWeight(String name, int[] shape, Object initializer, Object regularizer, Object constraint,
                                    boolean trainable) {
        return addWeight(name, shape, variableDtype(), initializer, regularizer, constraint, trainable);
    }

    /** {@code add_weight(..., dtype=...)}: a weight of its own dtype (Normalization's int64 {@code count}). */
    public final Variable addWeight(String name, int[] shape, DType dtype, Object initializer, boolean trainable) {
        return addWeight(name, shape, dtype, initializer, null, null, trainable);
    }

    private Variable addWeight(String name, int[] shape, DType dtype, Object initializer, Object regularizer, Object constraint,
                               boolean trainable) {
        io.keras4j.saving.LoadBudget.charge(this.name, name, shape, dtype == DType.BOOL ? 1 : dtype.itemSize()); // bounded when loading a file
        Initializer init = Initializer.get(initializer == null ? (dtype.isFloating() ? "glorot_uniform" : "zeros") : initializer);
        boolean frozen = !this.trainable; // a frozen layer's weights are frozen too
        Variable v;
        if (io.keras4j.saving.LoadBudget.loading() && dtype != DType.STRING) {
            // building a model from a file: the file's values come next, so the initializer runs only if one is read first
            int[] s = shape.clone();
            v = Variable.deferred(s, dtype, () -> init.call(s.clone(), dtype), name, trainable && !frozen);
        } else {
            v = new Variable(init.call(shape.clone(), dtype), name, trainable && !frozen);
        }
        (trainable ? trainableVariables : nonTrainableVariables).add(v);
        Regularizer reg = Regularizer.get(regularizer);
        if (reg != null) regularizers.put(v, reg);
        Constraint con = Constraint.get(constraint);
        if (con != null) constraints.put(v, con);
        return v;
    }

    public final Variable addWeight(String name, int[] shape, Object initializer, boolean trainable) {
        return addWeight(name, shape, initializer, null, null, trainable);
    }

    /**
     * Tracks a variable made elsewhere (a wrapped layer's kernel) as one of this layer's own, as
     * Keras does when a layer assigns a variable to an attribute: it then appears in
     * {@link #ownVariables()} (and so is saved with this layer) and first in {@link #weights()}.
     */
    protected final void trackVariable(Variable v) {
        List<Variable> list = v.trainable() ? trainableVariables : nonTrainableVariables;
        for (Variable w : list) if (w == v) return;
        list.add(v);
    }

    /** Weights created by this layer itself (trainable first, then non-trainable: Keras's saving order). */
    public final List<Variable> ownVariables() {
        List<Variable> out = new ArrayList<>(trainableVariables);
        out.addAll(nonTrainableVariables);
        return out;
    }

    /**
     * Trainable weights of this layer and its sub-layers: the {@link #weights()} whose variable is
     * trainable (empty when the layer is frozen). A weight made non-trainable on its own (the kernel
     * under LoRA) moves to {@link #nonTrainableWeights()}, as in Keras.
     */
    public List<Variable> trainableWeights() {
        if (!trainable) return List.of();
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) if (v.trainable()) out.add(v);
        return out;
    }

    /** Non-trainable weights of this layer and its sub-layers: the rest of {@link #weights()} (all of them when frozen). */
    public List<Variable> nonTrainableWeights() {
        if (!trainable) return weights();
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) if (!v.trainable()) out.add(v);
        return out;
    }

    /**
     * All weights, as Keras's {@code layer.weights}: this layer's own (created trainable, then
     * created non-trainable, each in creation order), then each sub-layer's, without duplicates.
     */
    public List<Variable> weights() {
        List<Variable> out = new ArrayList<>(trainableVariables);
        out.addAll(nonTrainableVariables);
        for (Layer l : layers()) out.addAll(l.weights());
        return dedupe(out);
    }

    private static List<Variable> dedupe(List<Variable> vars) {
        IdentityHashMap<Variable, Boolean> seen = new IdentityHashMap<>();
        List<Variable> out = new ArrayList<>(vars.size());
        for (Variable v : vars) if (seen.put(v, Boolean.TRUE) == null) out.add(v);
        return out;
    }

    /** Copies of the weight values, in {@link #weights()} order ({@code get_weights}). */
    public List<Tensor> getWeights() {
        return weights().stream().map(v -> v.value().contiguousCopy()).toList();
    }

    /** Sets weight values in {@link #weights()} order; counts and shapes must match ({@code set_weights}). */
    public void setWeights(List<Tensor> values) {
        List<Variable> ws = weights();
        if (values.size() != ws.size()) {
            throw new IllegalArgumentException("Layer " + name + " expects " + ws.size() + " weights, but the given weights list has "
                    + values.size() + " entries");
        }
        for (int i = 0; i < ws.size(); i++) {
            if (!Arrays.equals(ws.get(i).shape(), values.get(i).shape())) {
                throw new IllegalArgumentException("Layer " + name + " weight shape " + Shapes.toString(ws.get(i).shape())
                        + " is not compatible with provided weight shape " + Shapes.toString(values.get(i).shape())
                        + " (weight '" + ws.get(i).name() + "')");
            }
        }
        for (int i = 0; i < ws.size(); i++) ws.get(i).assign(values.get(i));
    }

    /** Number of scalars in all weights ({@code count_params}). */
    public long countParams() {
        if (!built) {
            throw new IllegalStateException("You tried to call countParams on layer '" + name + "', but the layer isn't built. "
                    + "Build it with layer.buildFor(inputShape) or by calling it on data.");
        }
        long n = 0;
        for (Variable v : weights()) n += v.value().size();
        return n;
    }

    /** The constraint of a weight, applied by optimizers after each update, or null. */
    public Constraint constraintOf(Variable v) {
        Constraint c = constraints.get(v);
        if (c != null) return c;
        for (Layer l : layers()) {
            c = l.constraintOf(v);
            if (c != null) return c;
        }
        return null;
    }

    // ------------------------------------------------------------------ saving hooks (Keras's save_own_variables / save_assets)

    /**
     * Writes this layer's own state into {@code store} ({@code save_own_variables}): by default each
     * of {@link #ownVariables()} under {@code "0"}, {@code "1"}, ... Layers whose state is not plain
     * variables override it, as Keras's do (lookup layers save {@code "idf_weights"}).
     */
    public void saveOwnVariables(Map<String, Tensor> store) {
        List<Variable> vars = ownVariables();
        for (int i = 0; i < vars.size(); i++) store.put(Integer.toString(i), vars.get(i).value().contiguousCopy());
    }

    /** Restores what {@link #saveOwnVariables} wrote ({@code load_own_variables}); counts and shapes must match. */
    public void loadOwnVariables(Map<String, Tensor> store) {
        List<Variable> vars = ownVariables();
        if (store.size() != vars.size()) {
            throw new IllegalArgumentException("Layer '" + name + "' expected " + vars.size() + " variables, but received "
                    + store.size() + " variables during loading. Expected: " + vars.stream().map(Variable::name).toList());
        }
        for (int i = 0; i < vars.size(); i++) {
            Tensor t = store.get(Integer.toString(i));
            if (t == null) throw new IllegalArgumentException("Layer '" + name + "': no saved value for variable " + i + " (" + vars.get(i).name() + ")");
            vars.get(i).assign(t);
        }
    }

    /** Writes files this layer needs besides variables into its assets folder ({@code save_assets}); the default writes nothing. */
    public void saveAssets(java.nio.file.Path dirPath) throws java.io.IOException {}

    /** Reads what {@link #saveAssets} wrote ({@code load_assets}); the default reads nothing. */
    public void loadAssets(java.nio.file.Path dirPath) throws java.io.IOException {}

    // ------------------------------------------------------------------ sub-layers

    /** Tracks {@code layer} as a sub-layer (fields holding layers are tracked without this). */
    protected final <L extends Layer> L trackLayer(L layer) {
        if (!trackedLayers.contains(layer)) trackedLayers.add(layer);
        return layer;
    }

    /** Direct sub-layers: explicitly tracked ones, then layers held in fields or in lists/arrays in fields. */
    public List<Layer> layers() {
        Field[] fields = LAYER_FIELDS.get(getClass());
        if (trackedLayers.isEmpty() && fields.length == 0) return new ArrayList<>(0);
        List<Layer> out = new ArrayList<>(trackedLayers);
        for (Field f : fields) {
            try {
                Object v = f.get(this);
                if (v instanceof Layer l) addOnce(out, l);
                else if (v instanceof Collection<?> coll) {
                    for (Object o : coll) if (o instanceof Layer l) addOnce(out, l);
                } else if (v instanceof Layer[] arr) {
                    for (Layer l : arr) if (l != null) addOnce(out, l);
                }
            } catch (IllegalAccessException | RuntimeException e) {
                // an inaccessible field cannot hold a tracked layer
            }
        }
        return out;
    }

    /**
     * Per layer class, the accessible instance fields below Layer that may hold sub-layers (a
     * Layer, a collection, or a Layer array), subclass fields first: found by reflection once per
     * class, not on every call (every call of a model walks its layers to clear their losses).
     */
    private static final ClassValue<Field[]> LAYER_FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Layer.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) continue;
                    Class<?> t = f.getType();
                    if (!Layer.class.isAssignableFrom(t) && !Collection.class.isAssignableFrom(t)
                            && !(t.isArray() && Layer.class.isAssignableFrom(t.getComponentType()))) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        out.add(f);
                    } catch (RuntimeException e) {
                        // an inaccessible field cannot hold a tracked layer
                    }
                }
            }
            return out.toArray(new Field[0]);
        }
    };

    private void addOnce(List<Layer> out, Layer l) {
        if (l != this && !out.contains(l)) out.add(l);
    }

    // ------------------------------------------------------------------ losses

    /** Adds a scalar loss during {@code call} ({@code add_loss}). */
    public final void addLoss(Tensor loss) { losses.add(loss); }

    /** Losses from {@link #addLoss}, activity and weight regularizers, for this layer and its sub-layers. */
    public List<Tensor> losses() {
        List<Tensor> out = new ArrayList<>(losses);
        for (Layer l : layers()) out.addAll(l.losses());
        for (Variable v : trainableVariables) {
            Regularizer r = regularizers.get(v);
            if (r != null && v.trainable()) out.add(r.call(v.value()));
        }
        return out;
    }

    /** Clears losses collected by the previous call (the outermost call does this). */
    public void clearLosses() {
        losses.clear();
        for (Layer l : layers()) l.clearLosses();
    }

    // ------------------------------------------------------------------ computing

    /** Single-input layers override this (or the context form). */
    public Tensor call(Tensor inputs) {
        throw new UnsupportedOperationException("Layer " + kerasClassName() + " does not implement call()");
    }

    /** Layers that use the training flag or masks override this. */
    public Tensor call(Tensor inputs, CallContext ctx) { return call(inputs); }

    /** Multi-input or multi-output layers override this. */
    public List<Tensor> call(List<Tensor> inputs, CallContext ctx) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("Layer \"" + name + "\" (" + kerasClassName() + ") expects 1 input, but it received "
                    + inputs.size() + " input tensors");
        }
        return List.of(call(inputs.get(0), ctx));
    }

    /** The output mask(s) for the given inputs and input masks; the default passes the first mask through when masking is supported. */
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        if (!supportsMasking || masks == null || masks.isEmpty()) return null;
        return List.of(masks.get(0) == null ? null : masks.get(0));
    }

    /** Eager call in inference mode (or inheriting the training flag of an enclosing call). */
    public final Tensor apply(Tensor... inputs) {
        return single(applyMulti(Arrays.asList(inputs), null), "apply");
    }

    /** Eager call with an explicit training flag. */
    public final Tensor apply(Tensor inputs, boolean training) {
        return single(applyMulti(List.of(inputs), training), "apply");
    }

    /**
     * The full eager call: build on first use, check the input spec, call, add activity
     * regularization, and attach output masks. {@code training == null} inherits the flag of an
     * enclosing layer call (false at top level).
     */
    public final List<Tensor> applyMulti(List<Tensor> inputs, Boolean training) {
        CallArgs args = new CallArgs();
        if (training != null) args.training(training);
        return applyOwned(inputs, args);
    }

    /**
     * Eager call with keyword arguments ({@code layer(*inputs, **kwargs)}): {@code args} carries
     * Keras's call keywords ({@code attention_mask}, {@code use_causal_mask}, ...) to
     * {@link #call(List, CallContext)} through {@link CallContext#args()}, and the training flag
     * (unset: inherit). Otherwise as {@link #applyMulti(List, Boolean)}.
     */
    public final List<Tensor> applyWith(List<Tensor> inputs, CallArgs args) {
        return applyOwned(inputs, args == null ? new CallArgs() : args.copy());
    }

    /** {@link #applyWith} with arguments no caller holds any more (so they need no copy). */
    private List<Tensor> applyOwned(List<Tensor> inputs, CallArgs callArgs) {
        Boolean training = callArgs.training();
        CallState state = CALL_STATE.get();
        boolean isOutermost = state.depth == 0;
        boolean outer = state.training;
        boolean mode = training != null ? training : (!isOutermost && outer);
        List<int[]> shapes = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) shapes.add(t.shape());
        maybeBuild(shapes);
        checkInputs(shapes);
        List<Tensor> masks = new ArrayList<>(inputs.size());
        boolean anyMask = false;
        for (Tensor t : inputs) {
            Tensor m = Masks.get(t);
            masks.add(m);
            anyMask |= m != null;
        }
        if (isOutermost) clearLosses();
        state.depth++;
        state.training = mode;
        List<Tensor> outputs;
        try {
            outputs = call(inputs, new CallContext(mode, anyMask ? masks : List.of(), callArgs));
        } finally {
            state.depth--;
            state.training = outer;
        }
        if (activityRegularizer != null) {
            for (Tensor out : outputs) {
                Tensor loss = activityRegularizer.call(out);
                if (out.rank() > 0) loss = Ops.divide(loss, (float) out.dim(0));
                addLoss(loss);
            }
        }
        List<Tensor> outMasks = computeMask(inputs, anyMask ? masks : List.of());
        if (outMasks != null) {
            for (int i = 0; i < outputs.size() && i < outMasks.size(); i++) {
                if (outMasks.get(i) != null && Masks.get(outputs.get(i)) == null) Masks.set(outputs.get(i), outMasks.get(i));
            }
        }
        return outputs;
    }

    /**
     * This layer's call and then {@code next}'s call on its result, as one computation, for a
     * graph in which {@code next} is the only consumer of this layer's only output (a model's
     * graph runner asks; see {@code Model}). Returns null, having computed nothing, when the pair
     * has no fused form: the caller then calls the two layers. The default has none.
     */
    protected Tensor callFusedWith(Tensor inputs, Layer next) {
        return null;
    }

    /** Whether {@link #callFusedWith} has a fused form for this layer followed by {@code next} (default: never). */
    public boolean fusesWith(Layer next) {
        return false;
    }

    /**
     * {@link #apply} of this layer and then of {@code next} on its output as one computation
     * where {@link #callFusedWith} offers one, with this layer's checks; null (nothing computed)
     * when none applies: a masked input, an activity regularizer on either layer, an unbuilt
     * {@code next}, or no fused form for the pair.
     */
    public final Tensor applyFusedWith(Tensor input, Boolean training, Layer next) {
        if (Masks.get(input) != null || activityRegularizer != null || next.activityRegularizer != null || !next.built()) return null;
        List<int[]> shapes = List.of(input.shape());
        maybeBuild(shapes);
        checkInputs(shapes);
        CallState state = CALL_STATE.get();
        boolean outer = state.training;
        boolean mode = training != null ? training : (state.depth != 0 && outer);
        if (state.depth == 0) clearLosses();
        state.depth++;
        state.training = mode;
        try {
            return callFusedWith(input, next);
        } finally {
            state.depth--;
            state.training = outer;
        }
    }

    /** Eager call with keyword arguments, for a layer with one output. */
    public final Tensor apply(List<Tensor> inputs, CallArgs args) {
        return single(applyWith(inputs, args), "apply");
    }

    private void checkInputs(List<int[]> shapes) {
        if (inputSpec == null) return;
        for (int i = 0; i < shapes.size(); i++) inputSpec.check(this, i, shapes.get(i));
    }

    private Tensor single(List<Tensor> outs, String what) {
        if (outs.size() != 1) {
            throw new IllegalStateException("Layer \"" + name + "\" returns " + outs.size() + " outputs; use applyMulti");
        }
        return outs.get(0);
    }

    // ------------------------------------------------------------------ symbolic calls (functional API)

    /** Symbolic call on KerasTensors: builds the layer, infers output shapes, records a graph node. */
    public final KerasTensor apply(KerasTensor... inputs) {
        List<KerasTensor> outs = applyMulti(inputs);
        if (outs.size() != 1) {
            throw new IllegalStateException("Layer \"" + name + "\" returns " + outs.size() + " outputs; use applyMulti");
        }
        return outs.get(0);
    }

    /** Symbolic call returning every output. */
    public final List<KerasTensor> applyMulti(KerasTensor... inputs) {
        return applyWith(inputs, new CallArgs());
    }

    /**
     * Symbolic call with keyword arguments: the node records them (KerasTensor values become
     * inputs of the node in the model's graph, resolved when the model runs).
     */
    public final List<KerasTensor> applyWith(KerasTensor[] inputs, CallArgs args) {
        CallArgs callArgs = args == null ? new CallArgs() : args.copy();
        List<KerasTensor> in = List.of(inputs);
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor t : in) shapes.add(t.shape());
        maybeBuild(shapes);
        checkInputs(shapes);
        List<int[]> outShapes = computeOutputShape(shapes, callArgs);
        List<DType> outTypes = computeOutputDtypes(in);
        List<KerasTensor> outs = new ArrayList<>(outShapes.size());
        int nodeIndex = inboundNodes.size();
        for (int i = 0; i < outShapes.size(); i++) {
            outs.add(new KerasTensor(outShapes.get(i), outTypes.get(Math.min(i, outTypes.size() - 1)),
                    new KerasTensor.History(this, nodeIndex, i), Naming.uniqueName("keras_tensor")));
        }
        inboundNodes.add(new Node(this, in, outs, callArgs));
        return outs;
    }

    /** Records the node of an input layer (no inputs, one output). */
    protected final KerasTensor createInputNode(int[] shape, DType dtype) {
        KerasTensor out = new KerasTensor(shape, dtype, new KerasTensor.History(this, inboundNodes.size(), 0),
                Naming.uniqueName("keras_tensor"));
        inboundNodes.add(new Node(this, List.of(), List.of(out)));
        return out;
    }

    /** The symbolic calls of this layer so far. */
    public List<Node> inboundNodes() { return List.copyOf(inboundNodes); }

    /** Output dtypes of a symbolic call; the default is the compute dtype. */
    protected List<DType> computeOutputDtypes(List<KerasTensor> inputs) {
        return List.of(computeDtype());
    }

    /** Single-input layers with a known output shape override this. */
    public int[] computeOutputShape(int[] inputShape) {
        return inferOutputShapes(List.of(inputShape)).get(0);
    }

    /**
     * Output shapes for the given input shapes ({@code -1} unknown). The default runs the layer on
     * zeros twice, with unknown dimensions set to two different sizes, and marks the output
     * dimensions that differ as unknown, as Keras's JAX backend does.
     */
    public List<int[]> computeOutputShape(List<int[]> inputShapes) {
        if (inputShapes.size() == 1 && overridesSingleShape()) return List.of(computeOutputShape(inputShapes.get(0)));
        return inferOutputShapes(inputShapes);
    }

    /**
     * Output shapes of a call with keyword arguments (which may change them, e.g.
     * {@code return_attention_scores}). The default ignores empty arguments and otherwise runs the
     * layer on zeros with them, as {@link #computeOutputShape(List)} does.
     */
    public List<int[]> computeOutputShape(List<int[]> inputShapes, CallArgs args) {
        if (args == null || args.isEmpty()) return computeOutputShape(inputShapes);
        return inferOutputShapes(inputShapes, args);
    }

    private boolean overridesSingleShape() {
        try {
            return getClass().getMethod("computeOutputShape", int[].class).getDeclaringClass() != Layer.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private List<int[]> inferOutputShapes(List<int[]> inputShapes) {
        return inferOutputShapes(inputShapes, null);
    }

    private List<int[]> inferOutputShapes(List<int[]> inputShapes, CallArgs args) {
        List<int[]> a = dryRun(inputShapes, args, 83, 2), b = dryRun(inputShapes, args, 89, 3);
        List<int[]> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            int[] s = a.get(i).clone(), t = b.get(i);
            for (int d = 0; d < s.length; d++) if (d >= t.length || s[d] != t[d]) s[d] = -1;
            out.add(s);
        }
        return out;
    }

    private List<int[]> dryRun(List<int[]> inputShapes, CallArgs args, int unknown, int unknownBatch) {
        List<Tensor> zeros = new ArrayList<>();
        for (int[] s : inputShapes) {
            int[] c = s.clone();
            for (int d = 0; d < c.length; d++) if (c[d] < 0) c[d] = d == 0 ? unknownBatch : unknown;
            zeros.add(Tensor.zeros(computeDtype(), c));
        }
        CallContext ctx = CallContext.INFERENCE;
        if (args != null) { // symbolic keyword tensors become zeros of their shape (unknown sizes as above)
            ctx = new CallContext(false, List.of(), args.resolved(k -> {
                int[] c = k.shape();
                for (int d = 0; d < c.length; d++) if (c[d] < 0) c[d] = d == 0 ? unknownBatch : unknown;
                return Tensor.zeros(k.dtype(), c);
            }, false));
        }
        try (AutoCloseable paused = GradientTape.stopRecording()) {
            List<Tensor> outs = call(zeros, ctx);
            List<int[]> shapes = new ArrayList<>();
            for (Tensor t : outs) shapes.add(t.shape());
            losses.clear();
            return shapes;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Layer \"" + name + "\" (" + kerasClassName()
                    + ") failed on inputs of shape " + inputShapes.stream().map(KerasTensor::shapeString).toList() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class name that messages and summaries show, Keras's: the Java class's simple name for a layer. */
    public String kerasClassName() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "<" + kerasClassName() + " name=" + name + ", built=" + built + ">";
    }
}
