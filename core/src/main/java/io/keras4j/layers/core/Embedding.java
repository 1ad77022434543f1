package io.keras4j.layers.core;

import io.keras4j.Variable;
import io.keras4j.constraints.Constraint;
import io.keras4j.initializers.Initializer;
import io.keras4j.initializers.RandomUniform;
import io.keras4j.layers.Layer;
import io.keras4j.ops.Ops;
import io.keras4j.regularizers.Regularizer;
import io.keras4j.saving.Config;
import io.keras4j.saving.KerasClass;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns non-negative integer ids into dense vectors of fixed size ({@code keras.layers.Embedding}):
 * an input of shape {@code (batch, ...)} holding ids in {@code [0, input_dim)} gives
 * {@code (batch, ..., output_dim)}, row {@code id} of the {@code embeddings} matrix
 * {@code (input_dim, output_dim)} for each id.
 *
 * <pre>{@code
 * var emb = new Embedding(10000, 128).maskZero(true);
 * }</pre>
 *
 * <p>Ids may be int32, int64, uint8 or floating tensors (floats are truncated toward zero, as
 * Keras's cast to int32 does); an id outside {@code [0, input_dim)} is an error naming the layer,
 * the id and where it sits. The gradient reaches the embeddings through {@link Ops#take}'s
 * scatter-add rule. With {@code mask_zero} the layer attaches the mask {@code inputs != 0} to its
 * output. LoRA ({@code lora_rank}) works as in {@link Dense}; quantization is not supported.
 */
@KerasClass(module = "keras.layers")
public class Embedding extends Layer {
    @Config private int inputDim;
    @Config private int outputDim;
    @Config private Initializer embeddingsInitializer = new RandomUniform();
    @Config private Regularizer embeddingsRegularizer;
    // activity_regularizer sits here in Keras's config when it is unset (see getConfig)
    @Config private Constraint embeddingsConstraint;
    @Config private boolean maskZero;
    @Config private Object quantizationConfig;
    @Config private Integer loraRank;
    @Config private Integer loraAlpha;

    private Variable embeddings;
    private Variable loraEmbeddingsA;
    private Variable loraEmbeddingsB;
    private boolean loraEnabled;

    /** {@code Embedding(input_dim, output_dim)}: a vocabulary of {@code inputDim} ids, vectors of {@code outputDim}. */
    public Embedding(int inputDim, int outputDim) {
        this.inputDim = checkDim("input_dim", inputDim);
        this.outputDim = checkDim("output_dim", outputDim);
    }

    /** For fromConfig (and subclasses' fromConfig). */
    protected Embedding() {}

    private static int checkDim(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Embedding: `" + what + "` must be a positive integer. Received: " + what + "=" + value);
        }
        return value;
    }

    @Override
    public void onConfigLoaded() {
        checkDim("input_dim", inputDim);
        checkDim("output_dim", outputDim);
        if (embeddingsInitializer == null) embeddingsInitializer = Initializer.get("uniform");
        if (quantizationConfig != null) {
            throw new IllegalArgumentException("Embedding \"" + name() + "\": quantized layers are not supported (quantization_config="
                    + quantizationConfig + ")");
        }
        if (loraRank != null && loraAlpha == null) loraAlpha = loraRank;
        setSupportsMasking(maskZero);
    }

    // ------------------------------------------------------------------ fluent options

    /** An initializer name, serialized dict or {@link Initializer} (default {@code "uniform"}: U(-0.05, 0.05)). */
    public Embedding embeddingsInitializer(Object initializer) {
        requireUnbuilt("embeddings_initializer");
        this.embeddingsInitializer = Initializer.get(initializer);
        return this;
    }

    public Embedding embeddingsRegularizer(Object regularizer) {
        requireUnbuilt("embeddings_regularizer");
        this.embeddingsRegularizer = Regularizer.get(regularizer);
        return this;
    }

    public Embedding embeddingsConstraint(Object constraint) {
        requireUnbuilt("embeddings_constraint");
        this.embeddingsConstraint = Constraint.get(constraint);
        return this;
    }

    /** Whether id 0 is padding: the output then carries the mask {@code inputs != 0}. */
    public Embedding maskZero(boolean maskZero) {
        this.maskZero = maskZero;
        setSupportsMasking(maskZero);
        return this;
    }

    /** Keras's {@code weights=} argument: builds the layer and sets the {@code (input_dim, output_dim)} matrix. */
    public Embedding weights(Tensor embeddingsMatrix) {
        buildFor();
        setWeights(List.of(embeddingsMatrix));
        return this;
    }

    @Override
    public Embedding activityRegularizer(Object regularizer) {
        super.activityRegularizer(regularizer);
        return this;
    }

    /** {@code lora_rank}: enable LoRA of this rank when the layer is built ({@code lora_alpha} defaults to the rank). */
    public Embedding loraRank(int rank) {
        requireUnbuilt("lora_rank");
        if (rank <= 0) throw new IllegalArgumentException("Embedding \"" + name() + "\": lora_rank must be positive, got " + rank);
        this.loraRank = rank;
        if (loraAlpha == null) loraAlpha = rank;
        return this;
    }

    public Embedding loraAlpha(int alpha) {
        requireUnbuilt("lora_alpha");
        this.loraAlpha = alpha;
        return this;
    }

    @Override
    public Embedding name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Embedding dtype(String dtypeName) {
        requireUnbuilt("dtype");
        super.dtype(dtypeName);
        return this;
    }

    private void requireUnbuilt(String what) {
        if (built()) {
            throw new IllegalStateException("Embedding \"" + name() + "\": cannot change " + what + " after the layer is built");
        }
    }

    // ------------------------------------------------------------------ accessors

    public int inputDim() { return inputDim; }

    public int outputDim() { return outputDim; }

    public boolean maskZero() { return maskZero; }

    public Initializer embeddingsInitializer() { return embeddingsInitializer; }

    public boolean loraEnabled() { return loraEnabled; }

    /** The matrix {@code call} looks ids up in: the embeddings variable, plus the scaled LoRA update when LoRA is on. */
    public Tensor embeddings() {
        if (!built()) {
            throw new IllegalStateException("Embedding \"" + name() + "\": you must build the layer before accessing `embeddings`");
        }
        if (!loraEnabled) return embeddings.value();
        Tensor delta = Ops.multiply(Ops.matmul(loraEmbeddingsA.value(), loraEmbeddingsB.value()), (float) ((double) loraAlpha / loraRank));
        return Ops.cast(Ops.add(embeddings.value(), delta), computeDtype());
    }

    // ------------------------------------------------------------------ saving (Keras's save_own_variables)

    /**
     * As Keras: the embeddings with the LoRA update merged in ({@link #embeddings()}) as {@code "0"},
     * never the factors, then the layer's other variables in order (ReversibleEmbedding's reverse
     * embeddings); see {@link LoraSaving}.
     */
    @Override
    public void saveOwnVariables(Map<String, Tensor> store) {
        if (built()) LoraSaving.save(store, embeddings(), savedAfterEmbeddings());
    }

    /** As Keras's {@code load_own_variables}: the saved variables in order; with LoRA on, the factors restart at zero. */
    @Override
    public void loadOwnVariables(Map<String, Tensor> store) {
        if (built()) LoraSaving.load(name(), store, embeddings, savedAfterEmbeddings(), loraEnabled, loraEmbeddingsA, loraEmbeddingsB);
    }

    /** The variables saved after the embeddings: this layer's own ones except the embeddings and the LoRA factors. */
    private List<Variable> savedAfterEmbeddings() {
        return ownVariables().stream().filter(v -> v != embeddings && v != loraEmbeddingsA && v != loraEmbeddingsB).toList();
    }

    // ------------------------------------------------------------------ build and call

    /** The embeddings do not depend on the input shape; {@code buildFor()} with no shape builds too. */
    @Override
    public void build(int[] inputShape) {
        embeddings = addWeight("embeddings", new int[]{inputDim, outputDim}, embeddingsInitializer, embeddingsRegularizer,
                embeddingsConstraint, true);
        // as in Dense: the lora_alpha argument is honoured (Keras 3.15's build resets it to the rank)
        if (loraRank != null) startLora(loraRank, loraAlpha == null ? loraRank : loraAlpha, "he_uniform", "zeros");
    }

    /** {@code enable_lora(rank)}: freezes the embeddings and adds the trainable low-rank factors ({@code lora_alpha = rank}). */
    public void enableLora(int rank) {
        enableLora(rank, rank, "he_uniform", "zeros");
    }

    /**
     * {@code enable_lora(rank, lora_alpha, a_initializer, b_initializer)}: the embeddings become
     * non-trainable and {@code lora_embeddings_a (input_dim, rank)},
     * {@code lora_embeddings_b (rank, output_dim)} are added, regularized like the embeddings.
     */
    public void enableLora(int rank, int loraAlpha, Object aInitializer, Object bInitializer) {
        if (!built()) throw new IllegalStateException("Embedding \"" + name() + "\": cannot enable lora on a layer that isn't yet built.");
        if (loraEnabled) {
            throw new IllegalStateException("Embedding \"" + name() + "\": lora is already enabled. This can only be done once per layer.");
        }
        startLora(rank, loraAlpha, aInitializer, bInitializer);
    }

    private void startLora(int rank, int alpha, Object aInit, Object bInit) {
        if (embeddingsConstraint != null) {
            throw new IllegalArgumentException("Embedding \"" + name() + "\": Lora is incompatible with embedding constraints. "
                    + "In order to enable lora on this layer, remove the `embeddings_constraint` argument.");
        }
        if (rank <= 0) throw new IllegalArgumentException("Embedding \"" + name() + "\": lora rank must be positive, got " + rank);
        loraEmbeddingsA = addWeight("lora_embeddings_a", new int[]{inputDim, rank}, aInit, embeddingsRegularizer, null, true);
        loraEmbeddingsB = addWeight("lora_embeddings_b", new int[]{rank, outputDim}, bInit, embeddingsRegularizer, null, true);
        embeddings.setTrainable(false);
        loraEnabled = true;
        loraRank = rank;
        loraAlpha = alpha;
    }

    @Override
    public Tensor call(Tensor inputs) {
        int[] ids = ids(inputs);
        int[] shape = inputs.shape();
        int[] outShape = java.util.Arrays.copyOf(shape, shape.length + 1);
        outShape[shape.length] = outputDim;
        Tensor out = Ops.reshape(Ops.take(embeddings(), ids, 0), outShape);
        return out.dtype() == computeDtype() ? out : Ops.cast(out, computeDtype());
    }

    /** The ids as ints, each checked against {@code [0, input_dim)}. */
    private int[] ids(Tensor inputs) {
        DType t = inputs.dtype();
        int[] ids;
        if (t.isFloating()) {
            double[] v = inputs.toDoubleArray();
            ids = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                double d = v[i];
                if (!(d > -1 && d < inputDim)) throw outOfRange(inputs, i, formatId(d));
                ids[i] = (int) d; // truncation toward zero, as Keras's cast to int32
            }
            return ids;
        }
        if (t == DType.INT64) {
            long[] v = inputs.toLongArray();
            ids = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                if (v[i] < 0 || v[i] >= inputDim) throw outOfRange(inputs, i, Long.toString(v[i]));
                ids[i] = (int) v[i];
            }
            return ids;
        }
        ids = inputs.toIntArray(); // int32, uint8, bool
        int n = inputDim;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= n) throw outOfRange(inputs, i, Integer.toString(ids[i]));
        }
        return ids;
    }

    private static String formatId(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private IllegalArgumentException outOfRange(Tensor inputs, int flat, String id) {
        int[] shape = inputs.shape();
        int[] pos = new int[shape.length];
        for (int d = shape.length - 1, r = flat; d >= 0; d--) {
            pos[d] = r % shape[d];
            r /= shape[d];
        }
        return new IllegalArgumentException("Embedding \"" + name() + "\": id " + id + " at position "
                + java.util.Arrays.toString(pos) + " of the input of shape " + Shapes.toString(shape)
                + " is out of range: ids must be integers in [0, " + inputDim + ") (input_dim=" + inputDim + ")");
    }

    /** With {@code mask_zero}, the mask {@code inputs != 0}; otherwise none (an incoming mask stops here, as in Keras). */
    @Override
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        if (!maskZero) return null;
        Tensor x = inputs.get(0);
        return List.of(Ops.notEqual(x, Tensor.zeros(x.dtype())));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = java.util.Arrays.copyOf(inputShape, inputShape.length + 1);
        out[inputShape.length] = outputDim;
        return out;
    }

    /**
     * Keras's order: {@code activity_regularizer} follows {@code embeddings_regularizer} when unset
     * (Embedding writes it itself) and sits with the base keys when set; {@code lora_rank} and
     * {@code lora_alpha} appear only when LoRA is configured.
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> base = super.getConfig();
        if (loraRank == null) {
            base.remove("lora_rank");
            base.remove("lora_alpha");
        }
        if (base.containsKey("activity_regularizer")) return base;
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : base.entrySet()) {
            out.put(e.getKey(), e.getValue());
            if (e.getKey().equals("embeddings_regularizer")) out.put("activity_regularizer", null);
        }
        return out;
    }
}
