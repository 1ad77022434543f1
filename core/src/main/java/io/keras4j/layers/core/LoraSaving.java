package io.keras4j.layers.core;

import io.keras4j.Variable;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How Keras saves a layer that may carry LoRA factors (Dense, EinsumDense, Embedding): the kernel
 * merged with the LoRA update as {@code "0"}, the layer's other variables after it (a bias,
 * ReversibleEmbedding's reverse embeddings), and never the factors; loading assigns those and,
 * with LoRA on, restarts both factors at zero, so files cross between keras4j and Keras whatever
 * the LoRA state of either side.
 */
final class LoraSaving {
    private LoraSaving() {}

    /** {@code "0"} = the merged kernel, then {@code rest} in order. */
    static void save(Map<String, Tensor> store, Tensor mergedKernel, List<Variable> rest) {
        store.put("0", mergedKernel.contiguousCopy());
        for (int i = 0; i < rest.size(); i++) store.put(Integer.toString(i + 1), rest.get(i).value().contiguousCopy());
    }

    /**
     * Assigns {@code "0"} to kernel and the following entries to {@code rest}, every count and shape
     * checked before anything is assigned (a failed load changes nothing); with LoRA on, the
     * factors restart at zero.
     */
    static void load(String layer, Map<String, Tensor> store, Variable kernel, List<Variable> rest, boolean loraEnabled,
                     Variable loraA, Variable loraB) {
        List<Variable> saved = new ArrayList<>(1 + rest.size());
        saved.add(kernel);
        saved.addAll(rest);
        if (!loraEnabled && store.size() != saved.size()) {
            throw new IllegalArgumentException("Layer '" + layer + "' expected " + saved.size() + " variables, but received " + store.size()
                    + " variables during loading. Expected: " + saved.stream().map(Variable::name).toList());
        }
        List<Tensor> values = new ArrayList<>(saved.size());
        for (int i = 0; i < saved.size(); i++) {
            Variable v = saved.get(i);
            Tensor t = store.get(Integer.toString(i));
            if (t == null) throw new IllegalArgumentException("Layer '" + layer + "': the saved variables lack " + v.name() + " (\"" + i + "\")");
            if (!Arrays.equals(v.shape(), t.shape())) {
                throw new IllegalArgumentException("'" + layer + "' variable " + i + " ('" + v.name() + "'): expected shape "
                        + Shapes.toString(v.shape()) + ", but the file has " + Shapes.toString(t.shape()));
            }
            values.add(t);
        }
        for (int i = 0; i < saved.size(); i++) saved.get(i).assign(values.get(i));
        if (loraEnabled) {
            loraA.assign(Tensor.zeros(loraA.shape()));
            loraB.assign(Tensor.zeros(loraB.shape()));
        }
    }

    /** A bias as the one variable after the kernel, or none. */
    static List<Variable> bias(Variable bias) {
        return bias == null ? List.of() : List.of(bias);
    }
}
