package io.keras4j.optimizers;

import io.keras4j.Variable;
import io.keras4j.kernels.OptimizerKernels;
import io.keras4j.kernels.Parallel;
import io.keras4j.ops.Ops;
import io.keras4j.optimizers.schedules.LearningRateSchedule;
import io.keras4j.saving.Config;
import io.keras4j.saving.ConfigCodec;
import io.keras4j.saving.KerasSerializable;
import io.keras4j.saving.Serialization;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code keras.optimizers.Optimizer}: the base of every optimizer. It owns what Keras's
 * {@code BaseOptimizer} owns (the iteration counter, the learning rate, gradient clipping, loss
 * scaling, gradient accumulation, decoupled weight decay and the weights' moving average) and
 * hands each variable's update to the subclass, which runs it as one fused pass over the
 * variable's float32 storage ({@link OptimizerKernels}), in place.
 *
 * <h2>Variables, in Keras's order</h2>
 * {@link #variables()} lists the optimizer's state exactly as Keras's {@code optimizer.variables}
 * does, which is the order Keras writes them into a {@code .keras} file ({@code optimizer/vars/0},
 * {@code 1}, ...):
 * <ol>
 *   <li>{@code <name>/iteration}: int64 scalar (Keras's TensorFlow backend writes int64);</li>
 *   <li>{@code <name>/learning_rate}: float32 scalar, only when the learning rate is a float, not
 *       a {@link LearningRateSchedule};</li>
 *   <li>with {@code use_ema}: one {@code <var>_average} per trained variable;</li>
 *   <li>with {@code gradient_accumulation_steps}: one {@code <var>_gradient_accumulator} per variable;</li>
 *   <li>the optimizer's own slots, in the order each subclass documents (for example Adam:
 *       {@code <var>_momentum, <var>_velocity} for each variable in turn, then the
 *       {@code <var>_velocity_hat}s with AMSGrad).</li>
 * </ol>
 * Slot names follow Keras's {@code add_variable_from_reference}: the optimizer name, a slash, the
 * variable's path with slashes turned into underscores, an underscore and the slot name
 * ({@code adam/dense_kernel_momentum}).
 *
 * <h2>One step</h2>
 * {@link #applyGradients} follows Keras's {@code apply}: it builds on first use, skips (and warns
 * about) variables whose gradient is null, divides by {@code loss_scale_factor}, accumulates when
 * {@code gradient_accumulation_steps} is set, clips ({@code clipnorm}, {@code global_clipnorm} or
 * {@code clipvalue}), applies decoupled weight decay {@code w -= w * weight_decay * lr} before the
 * update, updates, maintains the moving average and finally increments the iteration counter.
 * A step allocates nothing once the optimizer is built (unless {@code clipvalue} needs its
 * per-variable scratch the first time, or a gradient is not a contiguous float32 tensor).
 */
public abstract class Optimizer implements KerasSerializable {
    /** Variables at least this large are updated in parallel chunks. */
    static final int PARALLEL_MIN = 1 << 16;
    /** Smallest chunk of a parallel update. */
    static final int CHUNK = 1 << 14;

    private static final Map<String, Class<? extends Optimizer>> IDENTIFIERS = Map.ofEntries(
            Map.entry("adadelta", Adadelta.class), Map.entry("adafactor", Adafactor.class),
            Map.entry("adagrad", Adagrad.class), Map.entry("adam", Adam.class), Map.entry("adamax", Adamax.class),
            Map.entry("adamw", AdamW.class), Map.entry("ftrl", Ftrl.class), Map.entry("lion", Lion.class),
            Map.entry("nadam", Nadam.class), Map.entry("rmsprop", RMSprop.class), Map.entry("sgd", SGD.class));

    // ------------------------------------------------------------------ config, in Keras's get_config order

    @Config String name;
    /** Only the config's view of the learning rate: the live value is {@link #learningRateVariable} or {@link #schedule}. */
    @Config("learning_rate") private Object learningRate;
    @Config Double weightDecay;
    @Config Double clipnorm;
    @Config Double globalClipnorm;
    @Config Double clipvalue;
    @Config boolean useEma;
    @Config double emaMomentum = 0.99;
    @Config Integer emaOverwriteFrequency;
    @Config Double lossScaleFactor;
    @Config Integer gradientAccumulationSteps;

    // ------------------------------------------------------------------ state

    private final String defaultName;
    private Variable iterations;
    private Variable learningRateVariable;
    private LearningRateSchedule schedule;
    private final List<Variable> tracked = new ArrayList<>();

    private boolean built;
    private List<Variable> trainable = List.of();
    private final IdentityHashMap<Variable, Integer> index = new IdentityHashMap<>();
    private Variable[] averages;
    private Variable[] accumulators;
    private boolean[] decays;
    private float[][] clipScratch;
    private Set<Variable> excludedVariables = Collections.newSetFromMap(new IdentityHashMap<>());
    private Pattern excludedNames;

    // per-step work arrays, sized at build: the gradients in use, by position k
    private int[] activeIndex;
    private float[][] activeGrad;
    private int[] activeOffset;
    private float[] activeScale;
    private float[] activeKeep;
    private boolean[] activeOwned;

    protected Optimizer(String defaultName, float learningRate) {
        this.defaultName = defaultName;
        this.name = defaultName;
        checkLearningRate(learningRate);
        initBaseVariables(0L, learningRate, null);
    }

    protected Optimizer(String defaultName, LearningRateSchedule learningRate) {
        this.defaultName = defaultName;
        this.name = defaultName;
        initBaseVariables(0L, 0f, Objects.requireNonNull(learningRate, "learningRate"));
    }

    /** Creates (or re-creates, after a rename or a loaded config) the iteration and learning-rate variables. */
    private void initBaseVariables(long iteration, float lr, LearningRateSchedule sched) {
        tracked.clear();
        iterations = new Variable(Tensor.ofLongs(new long[]{iteration}), name + "/iteration", false);
        tracked.add(iterations);
        schedule = sched;
        if (sched == null) {
            learningRateVariable = new Variable(Tensor.scalar(lr), name + "/learning_rate", false);
            tracked.add(learningRateVariable);
        } else {
            learningRateVariable = null;
        }
    }

    // ------------------------------------------------------------------ keras.optimizers.get

    /**
     * {@code keras.optimizers.get}: null gives null; a string names a built-in optimizer
     * ({@code "sgd"}, {@code "rmsprop"}, {@code "adam"}, {@code "adamw"}, {@code "adamax"},
     * {@code "nadam"}, {@code "adagrad"}, {@code "adadelta"}, {@code "adafactor"}, {@code "ftrl"},
     * {@code "lion"}, case-insensitively, with its defaults); a map is a serialized optimizer; an
     * optimizer is returned as is.
     */
    public static Optimizer get(Object identifier) {
        if (identifier == null) return null;
        if (identifier instanceof Optimizer o) return o;
        if (identifier instanceof String s) {
            Class<? extends Optimizer> cls = IDENTIFIERS.get(s.toLowerCase(Locale.ROOT));
            if (cls == null) throw new IllegalArgumentException("Could not interpret optimizer identifier: " + s);
            return ConfigCodec.fromConfig(cls, Map.of());
        }
        if (identifier instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            if (map.get("class_name") instanceof String cn && IDENTIFIERS.containsKey(cn.toLowerCase(Locale.ROOT))
                    && map.get("registered_name") == null) {
                Object config = map.get("config");
                @SuppressWarnings("unchecked")
                Map<String, Object> cfg = config instanceof Map<?, ?> ? (Map<String, Object>) config : Map.of();
                return ConfigCodec.fromConfig(IDENTIFIERS.get(cn.toLowerCase(Locale.ROOT)), cfg);
            }
            return Serialization.deserialize(map, Optimizer.class);
        }
        throw new IllegalArgumentException("Could not interpret optimizer identifier: " + identifier);
    }

    // ------------------------------------------------------------------ fluent configuration

    /** The optimizer's name, the prefix of its variables' paths; only before it is built. */
    public Optimizer name(String name) {
        requireNotBuilt("name");
        this.name = Objects.requireNonNull(name, "name");
        initBaseVariables(iterations.value().longData()[0], learningRateVariable == null ? 0f : getLearningRate(), schedule);
        return this;
    }

    /** Decoupled weight decay: {@code w -= w * weight_decay * lr} before each update. */
    public Optimizer weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return this;
    }

    /** Clips each gradient to this L2 norm. */
    public Optimizer clipnorm(double clipnorm) {
        checkOneClip(clipnorm, clipvalue, globalClipnorm);
        this.clipnorm = clipnorm;
        return this;
    }

    /** Clips all gradients together to this global L2 norm. */
    public Optimizer globalClipnorm(double globalClipnorm) {
        checkOneClip(clipnorm, clipvalue, globalClipnorm);
        this.globalClipnorm = globalClipnorm;
        return this;
    }

    /** Clips each gradient element to {@code [-clipvalue, clipvalue]}. */
    public Optimizer clipvalue(double clipvalue) {
        checkOneClip(clipnorm, clipvalue, globalClipnorm);
        this.clipvalue = clipvalue;
        return this;
    }

    /** Keeps an exponential moving average of the trained variables; only before building. */
    public Optimizer useEma(boolean useEma) {
        requireNotBuilt("use_ema");
        this.useEma = useEma;
        checkEma();
        return this;
    }

    public Optimizer emaMomentum(double emaMomentum) {
        this.emaMomentum = emaMomentum;
        checkEma();
        return this;
    }

    /** Every this many steps the variables are overwritten by their moving average. */
    public Optimizer emaOverwriteFrequency(int frequency) {
        this.emaOverwriteFrequency = frequency;
        checkEma();
        return this;
    }

    /** Gradients are divided by this factor (the loss is multiplied by it in {@link #scaleLoss}). */
    public Optimizer lossScaleFactor(double lossScaleFactor) {
        this.lossScaleFactor = lossScaleFactor;
        return this;
    }

    /** Updates every {@code steps} calls with the mean of the gradients since the last update; only before building. */
    public Optimizer gradientAccumulationSteps(int steps) {
        requireNotBuilt("gradient_accumulation_steps");
        checkAccumulation(steps);
        this.gradientAccumulationSteps = steps;
        return this;
    }

    /**
     * Excludes variables from weight decay: those in {@code varList}, and those whose name contains
     * a match of any of {@code varNames} (regular expressions, as Keras's {@code re.search}). Each
     * call replaces both lists, as in Keras; only before the optimizer is built.
     */
    public Optimizer excludeFromWeightDecay(List<Variable> varList, List<String> varNames) {
        if (built) {
            throw new IllegalStateException("`exclude_from_weight_decay()` can only be configured before the optimizer is built.");
        }
        Set<Variable> set = Collections.newSetFromMap(new IdentityHashMap<>());
        if (varList != null) set.addAll(varList);
        excludedVariables = set;
        excludedNames = varNames == null || varNames.isEmpty() ? null
                : Pattern.compile(String.join("|", new java.util.LinkedHashSet<>(varNames)));
        return this;
    }

    public Optimizer excludeFromWeightDecay(List<Variable> varList) { return excludeFromWeightDecay(varList, null); }

    public Optimizer excludeFromWeightDecay(String... varNames) { return excludeFromWeightDecay(null, List.of(varNames)); }

    // ------------------------------------------------------------------ learning rate and iterations

    /** The learning rate for the current step (the schedule's value at {@link #iterations()}, or the float). */
    public float getLearningRate() {
        return schedule != null ? schedule.call(iterations.value().longData()[0]) : learningRateVariable.value().floatData()[0];
    }

    /** Sets a float learning rate (callbacks such as ReduceLROnPlateau use this). */
    public void setLearningRate(float learningRate) {
        if (schedule != null) {
            throw new IllegalStateException("This optimizer was created with a `LearningRateSchedule` object as its "
                    + "`learning_rate` constructor argument, hence its learning rate is not settable. If you need the "
                    + "learning rate to be settable, you should instantiate the optimizer with a float `learning_rate` argument.");
        }
        checkLearningRate(learningRate);
        learningRateVariable.value().floatData()[0] = learningRate;
    }

    /** Replaces the learning rate by a schedule; the learning-rate variable leaves {@link #variables()}, as in Keras. */
    public void setLearningRate(LearningRateSchedule learningRate) {
        Objects.requireNonNull(learningRate, "learningRate");
        if (learningRateVariable != null) {
            tracked.remove(learningRateVariable);
            learningRateVariable = null;
        }
        schedule = learningRate;
    }

    /** The schedule, or null when the learning rate is a float. */
    public LearningRateSchedule getLearningRateSchedule() { return schedule; }

    /** The raw step counter variable (int64 scalar): how many times gradients were applied. */
    public Variable iterations() { return iterations; }

    /**
     * Keras's {@code optimizer.iterations}: the number of update steps, that is the raw counter
     * divided (floor) by {@code gradient_accumulation_steps} when accumulating.
     */
    public long getIterations() {
        long raw = iterations.value().longData()[0];
        return gradientAccumulationSteps != null ? Math.floorDiv(raw, gradientAccumulationSteps) : raw;
    }

    public String getName() { return name; }

    public boolean isBuilt() { return built; }

    /** The optimizer's variables in Keras's order (see the class documentation). */
    public List<Variable> variables() { return List.copyOf(tracked); }

    /** The variables this optimizer was built for, in order. */
    public List<Variable> trainableVariables() { return trainable; }

    /** The loss multiplied by {@code loss_scale_factor}, when set. */
    public Tensor scaleLoss(Tensor loss) {
        return lossScaleFactor != null ? Ops.multiply(loss, (float) (double) lossScaleFactor) : loss;
    }

    // ------------------------------------------------------------------ building

    /** Creates the optimizer's variables for {@code vars} (float32 variables); a second call does nothing, as in Keras. */
    public final void build(List<Variable> vars) {
        if (built) return;
        checkOneClip(clipnorm, clipvalue, globalClipnorm);
        checkEma();
        if (gradientAccumulationSteps != null) checkAccumulation(gradientAccumulationSteps);
        validateConfig();
        List<Variable> list = List.copyOf(vars);
        for (Variable v : list) {
            if (v.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("Optimizer '" + name + "': variable '" + v.name() + "' has dtype "
                        + v.dtype().kerasName() + "; optimizers update float32 variables");
            }
        }
        int n = list.size();
        index.clear();
        for (int i = 0; i < n; i++) index.put(list.get(i), i);
        trainable = list;
        if (useEma) {
            averages = new Variable[n];
            for (int i = 0; i < n; i++) averages[i] = addVariableFromReference(list.get(i), "average");
        }
        if (gradientAccumulationSteps != null) {
            accumulators = new Variable[n];
            for (int i = 0; i < n; i++) accumulators[i] = addVariableFromReference(list.get(i), "gradient_accumulator");
        }
        decays = new boolean[n];
        for (int i = 0; i < n; i++) {
            Variable v = list.get(i);
            decays[i] = !excludedVariables.contains(v) && (excludedNames == null || !excludedNames.matcher(v.name()).find());
        }
        clipScratch = new float[n][];
        activeIndex = new int[n];
        activeGrad = new float[n][];
        activeOffset = new int[n];
        activeScale = new float[n];
        activeKeep = new float[n];
        activeOwned = new boolean[n];
        buildSlots(list);
        built = true;
    }

    /** Creates the subclass's slot variables for {@code vars}, in Keras's order. */
    protected abstract void buildSlots(List<Variable> vars);

    /**
     * Adds a zero-filled slot shaped like {@code reference}, named as Keras's
     * {@code add_variable_from_reference} names it ({@code <optimizer>/<path with _>_<slot>}).
     */
    protected final Variable addVariableFromReference(Variable reference, String slot) {
        return addVariableFromReference(reference, slot, 0f);
    }

    /** As {@link #addVariableFromReference(Variable, String)}, filled with {@code initialValue}. */
    protected final Variable addVariableFromReference(Variable reference, String slot, float initialValue) {
        String variableName = reference.name().replace("/", "_") + "_" + slot;
        if (initialValue == 0f) { // zeros straight into the variable's own storage: no second array and copy (~10 MB for an embedding's Adam slots)
            return track(Variable.zeros(reference.shape(), io.keras4j.tensor.DType.FLOAT32, name + "/" + variableName, false));
        }
        return addVariable(Tensor.full(initialValue, reference.shape()), variableName);
    }

    /** Adds a tracked, non-trainable variable named {@code <optimizer>/<name>}. */
    protected final Variable addVariable(Tensor initialValue, String variableName) {
        return track(new Variable(initialValue, name + "/" + variableName, false));
    }

    private Variable track(Variable v) {
        tracked.add(v);
        return v;
    }

    // ------------------------------------------------------------------ applying gradients

    /**
     * Applies one step: {@code grads.get(i)} is the gradient of {@code vars.get(i)} (null when the
     * variable got none: it is skipped with a warning). Builds the optimizer on the first call;
     * later calls must pass variables it was built for.
     */
    public final void applyGradients(List<Tensor> grads, List<Variable> vars) {
        Objects.requireNonNull(grads, "grads");
        Objects.requireNonNull(vars, "vars");
        if (grads.size() != vars.size()) {
            throw new IllegalArgumentException("Optimizer '" + name + "': got " + grads.size() + " gradients for "
                    + vars.size() + " variables; pass one gradient (or null) per variable");
        }
        if (grads.isEmpty()) return;
        if (!built) build(vars);
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            if (!index.containsKey(v)) {
                throw new IllegalArgumentException("Unknown variable: " + v + ". This optimizer can only be called for the "
                        + "variables it was originally built with. When working with a new set of variables, you should "
                        + "recreate a new optimizer instance.");
            }
        }
        step(grads, vars);
    }

    /** Applies one step to the variables the optimizer was built for, one gradient (or null) each, in order. */
    public final void apply(List<Tensor> grads) {
        Objects.requireNonNull(grads, "grads");
        if (grads.isEmpty()) return;
        if (!built) {
            throw new IllegalStateException("When passing `grads` without `variables`, the optimizer must already be built "
                    + "on a list of variables. Call `optimizer.build(trainable_variables)` first.");
        }
        if (grads.size() != trainable.size()) {
            throw new IllegalArgumentException("When passing `grads` as a list of gradient tensors, the gradients must match "
                    + "`optimizer.variables` one-to-one. Received a list of " + grads.size() + " gradients, but the optimizer "
                    + "is tracking " + trainable.size() + " trainable variables.");
        }
        step(grads, trainable);
    }

    private void step(List<Tensor> grads, List<Variable> vars) {
        int count = 0;
        List<String> missing = null;
        float unscale = lossScaleFactor != null ? (float) (1.0 / lossScaleFactor) : 1f;
        for (int i = 0; i < grads.size(); i++) {
            Tensor g = grads.get(i);
            Variable v = vars.get(i);
            if (g == null) {
                if (missing == null) missing = new ArrayList<>();
                missing.add(v.name());
                continue;
            }
            Tensor w = v.value();
            boolean same = g.rank() == w.rank();
            for (int a = 0; same && a < w.rank(); a++) same = g.dim(a) == w.dim(a);
            if (!same) {
                throw new IllegalArgumentException("Optimizer '" + name + "': the gradient for variable '" + v.name()
                        + "' has shape " + Shapes.toString(g.shape()) + " but the variable has shape " + Shapes.toString(w.shape()));
            }
            if (g.dtype() != DType.FLOAT32) g = Ops.cast(g, DType.FLOAT32);
            g = g.contiguous();
            activeIndex[count] = index.get(v);
            activeGrad[count] = g.floatData();
            activeOffset[count] = g.offset();
            activeScale[count] = unscale;
            activeOwned[count] = false;
            count++;
        }
        if (count == 0) throw new IllegalArgumentException("No gradients provided for any variable.");
        if (missing != null) {
            // the logger is looked up here, not in a static field: that would start the logging system (~50 classes)
            // whenever an optimizer is made, a cold model load included
            System.getLogger(Optimizer.class.getName()).log(System.Logger.Level.WARNING, "Gradients do not exist for variables " + missing
                    + " when minimizing the loss. If using `model.compile()`, did you forget to provide a `loss` argument?");
        }
        try {
            long raw = iterations.value().longData()[0];
            if (gradientAccumulationSteps != null) {
                int steps = gradientAccumulationSteps;
                if ((raw + 1) % steps == 0) {
                    for (int k = 0; k < count; k++) {
                        float[] acc = accumulators[activeIndex[k]].value().floatData();
                        OptimizerKernels.accumulateMean(acc.length, activeGrad[k], activeOffset[k], activeScale[k], acc, steps);
                        activeGrad[k] = acc;
                        activeOffset[k] = 0;
                        activeScale[k] = 1f;
                        activeOwned[k] = true;
                    }
                    update(count);
                    for (int i = 0; i < accumulators.length; i++) Arrays.fill(accumulators[i].value().floatData(), 0f);
                } else {
                    for (int k = 0; k < count; k++) {
                        float[] acc = accumulators[activeIndex[k]].value().floatData();
                        OptimizerKernels.accumulate(acc.length, activeGrad[k], activeOffset[k], activeScale[k], acc);
                    }
                }
            } else {
                update(count);
            }
            if (useEma) updateMovingAverages();
            iterations.value().longData()[0] = raw + 1;
        } finally {
            Arrays.fill(activeGrad, 0, count, null);
        }
    }

    /** Clipping, weight decay and the subclass's updates, for the {@code count} gradients in the work arrays. */
    private void update(int count) {
        clipGradients(count);
        float lr = getLearningRate();
        float wdLr = weightDecay != null ? (float) (double) weightDecay * lr : 0f;
        for (int k = 0; k < count; k++) activeKeep[k] = weightDecay != null && decays[activeIndex[k]] ? 1f - wdLr : 1f;
        beforeUpdates(lr);
        for (int k = 0; k < count; k++) {
            int i = activeIndex[k];
            updateStep(i, trainable.get(i).value().floatData(), activeGrad[k], activeOffset[k], activeScale[k], activeKeep[k], lr);
        }
    }

    private void clipGradients(int count) {
        if (clipnorm != null && clipnorm > 0) {
            float c = (float) (double) clipnorm;
            for (int k = 0; k < count; k++) {
                int n = trainable.get(activeIndex[k]).value().size();
                float norm = (float) Math.sqrt(OptimizerKernels.sumSquares(activeGrad[k], activeOffset[k], n)) * Math.abs(activeScale[k]);
                activeScale[k] *= c / Math.max(norm, c);
            }
        } else if (globalClipnorm != null && globalClipnorm > 0) {
            float c = (float) (double) globalClipnorm;
            double total = 0;
            for (int k = 0; k < count; k++) {
                int n = trainable.get(activeIndex[k]).value().size();
                double s = activeScale[k];
                total += OptimizerKernels.sumSquares(activeGrad[k], activeOffset[k], n) * s * s;
            }
            float norm = (float) Math.sqrt(total);
            // Keras: clip_norm * min(1/norm, 1/clip_norm), made NaN when the norm is not finite
            float scale = c * Math.min(1f / norm, 1f / c) + (norm - norm);
            for (int k = 0; k < count; k++) activeScale[k] *= scale;
        } else if (clipvalue != null && clipvalue > 0) {
            float v = (float) (double) clipvalue;
            for (int k = 0; k < count; k++) {
                int i = activeIndex[k];
                int n = trainable.get(i).value().size();
                float[] out = activeOwned[k] ? activeGrad[k] : scratch(i, n);
                OptimizerKernels.clipScaled(n, activeGrad[k], activeOffset[k], activeScale[k], -v, v, out);
                activeGrad[k] = out;
                activeOffset[k] = 0;
                activeScale[k] = 1f;
            }
        }
    }

    private float[] scratch(int i, int n) {
        float[] s = clipScratch[i];
        if (s == null) clipScratch[i] = s = new float[n];
        return s;
    }

    private void updateMovingAverages() {
        float momentum = getIterations() != 0 ? (float) emaMomentum : 0f;
        for (int i = 0; i < trainable.size(); i++) {
            float[] w = trainable.get(i).value().floatData();
            OptimizerKernels.ema(w.length, averages[i].value().floatData(), w, momentum, 1f - momentum);
        }
        if (emaOverwriteFrequency != null && emaOverwriteFrequency > 0 && (getIterations() + 1) % emaOverwriteFrequency == 0) {
            overwriteWithAverages(trainable);
        }
    }

    private void overwriteWithAverages(List<Variable> vars) {
        if (vars.size() != averages.length) {
            throw new IllegalArgumentException("The length of model variables (" + vars.size() + ") to override does not "
                    + "match the length of model variables stored in the optimizer (" + averages.length + "). Please check "
                    + "if the optimizer was called on your model.");
        }
        for (int i = 0; i < averages.length; i++) {
            float[] avg = averages[i].value().floatData();
            System.arraycopy(avg, 0, vars.get(i).value().floatData(), 0, avg.length);
        }
    }

    /** With {@code use_ema}, overwrites the variables with their moving averages (Keras does this after the last epoch). */
    public void finalizeVariableValues(List<Variable> vars) {
        if (useEma && averages != null) overwriteWithAverages(vars);
    }

    /**
     * With {@code use_ema}, the moving average of each trained variable, in {@link #trainableVariables()}
     * order (Keras's {@code _model_variables_moving_average}); empty without EMA or before the first step.
     */
    public List<Variable> modelVariablesMovingAverage() {
        return averages == null ? List.of() : List.of(averages);
    }

    /** Called once per update step before the per-variable updates (Nadam advances its momentum-schedule product here). */
    protected void beforeUpdates(float learningRate) {}

    /**
     * Updates variable number {@code index} (its storage {@code w}) in place with the gradient
     * {@code g[go + i] * gs}, after multiplying it by {@code keep} (decoupled weight decay; exactly 1
     * without), at learning rate {@code lr}.
     */
    protected abstract void updateStep(int index, float[] w, float[] g, int go, float gs, float keep, float lr);

    /** Keras's {@code optimizer.iterations + 1} as a float32: the bias-correction step. */
    protected final float localStep() {
        return (float) (getIterations() + 1);
    }

    /** Runs {@code body} over {@code [0, n)}: inline for small variables, split over the pool for large ones. */
    protected static void forRange(int n, Parallel.RangeBody body) {
        if (n >= PARALLEL_MIN) Parallel.forRange(n, CHUNK, body);
        else body.run(0, n);
    }

    // ------------------------------------------------------------------ config

    @Override
    public Map<String, Object> getConfig() {
        learningRate = schedule != null ? schedule : (Object) learningRateVariable.value().floatData()[0];
        Map<String, Object> config = KerasSerializable.super.getConfig();
        learningRate = null;
        return config;
    }

    @Override
    public void onConfigLoaded() {
        if (name == null) name = defaultName;
        Object lr = learningRate;
        learningRate = null;
        long iteration = iterations.value().longData()[0];
        if (lr == null) {
            initBaseVariables(iteration, schedule == null ? learningRateVariable.value().floatData()[0] : 0f, schedule);
        } else if (lr instanceof Number n) {
            checkLearningRate(n.floatValue());
            initBaseVariables(iteration, n.floatValue(), null);
        } else {
            initBaseVariables(iteration, 0f, LearningRateSchedule.get(lr));
        }
        checkOneClip(clipnorm, clipvalue, globalClipnorm);
        checkEma();
        if (gradientAccumulationSteps != null) checkAccumulation(gradientAccumulationSteps);
        validateConfig();
    }

    /** Checks the subclass's own hyper-parameters (after a config is loaded and before building). */
    protected void validateConfig() {}

    /** A map of this optimizer's config with Keras's keys, in Keras's order (for tests and debugging). */
    @Override
    public String toString() {
        return getClass().getSimpleName() + new LinkedHashMap<>(getConfig());
    }

    // ------------------------------------------------------------------ argument checks

    private static void checkLearningRate(float lr) {
        if (!(lr >= 0f) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("Argument `learning_rate` must be a finite float >= 0. Received: learning_rate=" + lr);
        }
    }

    private void checkOneClip(Double norm, Double value, Double global) {
        int set = (norm != null ? 1 : 0) + (value != null ? 1 : 0) + (global != null ? 1 : 0);
        if (set > 1) {
            throw new IllegalArgumentException("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                    + "Received: clipnorm=" + norm + ", clipvalue=" + value + ", global_clipnorm=" + global);
        }
    }

    private void checkEma() {
        if (!useEma) return;
        if (emaMomentum > 1 || emaMomentum < 0) {
            throw new IllegalArgumentException("`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=" + emaMomentum);
        }
        if (emaOverwriteFrequency != null && emaOverwriteFrequency < 1) {
            throw new IllegalArgumentException("`ema_overwrite_frequency` must be an integer >= 1 or None. Received: "
                    + "ema_overwrite_frequency=" + emaOverwriteFrequency);
        }
    }

    private static void checkAccumulation(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("`gradient_accumulation_steps` must be an integer >= 2. Received: "
                    + "gradient_accumulation_steps=" + steps);
        }
    }

    private void requireNotBuilt(String what) {
        if (built) throw new IllegalStateException("Optimizer '" + name + "': `" + what + "` can only be set before the optimizer is built");
    }
}
