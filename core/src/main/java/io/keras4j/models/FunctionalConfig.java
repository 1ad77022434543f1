package io.keras4j.models;

import io.keras4j.KerasTensor;
import io.keras4j.layers.CallArgs;
import io.keras4j.layers.Layer;
import io.keras4j.layers.Node;
import io.keras4j.ops.Operation;
import io.keras4j.saving.Serialization;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A functional model's config in Keras 3's exact format, both ways: every layer serialized with its
 * {@code name} and {@code inbound_nodes} (each call as {@code {"args": [...], "kwargs": {...}}} with
 * {@code __keras_tensor__} entries whose {@code keras_history} is {@code [layer, node, tensor]}),
 * then {@code input_layers} and {@code output_layers}. Node indices count only the calls that belong
 * to the model; in {@code input_layers} / {@code output_layers} a nested functional model's calls
 * count from 1, as Keras's {@code get_config} numbers them.
 */
final class FunctionalConfig {
    private FunctionalConfig() {}

    /** Layers whose call takes several tensors as separate positional arguments rather than one list. */
    private static final Set<String> POSITIONAL_CALLS = Set.of("MultiHeadAttention", "GroupedQueryAttention", "GroupQueryAttention");

    /** How deep the args/kwargs structure of one call may nest. */
    private static final int MAX_ARG_DEPTH = 16;

    // ------------------------------------------------------------------ get_config

    static Map<String, Object> getConfig(Model model) {
        IdentityHashMap<Node, Boolean> own = new IdentityHashMap<>();
        for (KerasTensor t : model.inputs()) own.put(nodeOf(t), Boolean.TRUE);
        for (Node n : model.graphNodes()) own.put(n, Boolean.TRUE);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        config.put("trainable", model.trainable());
        List<Object> layers = new ArrayList<>();
        for (Layer layer : model.operations()) {
            Map<String, Object> entry = Serialization.serialize(layer);
            List<Object> nodes = new ArrayList<>();
            for (Node n : layer.inboundNodes()) {
                if (!own.containsKey(n) || n.isInput()) continue;
                nodes.add(serializeNode(n, own));
            }
            entry.put("name", layer.name());
            entry.put("inbound_nodes", nodes);
            layers.add(entry);
        }
        config.put("layers", layers);
        List<Object> ins = new ArrayList<>(), outs = new ArrayList<>();
        for (KerasTensor t : model.inputs()) ins.add(history(t, own, true));
        for (KerasTensor t : model.outputs()) outs.add(history(t, own, true));
        config.put("input_layers", model.inputKeys != null ? keyed(model.inputKeys, ins)
                : model.singleInput && ins.size() == 1 ? ins.get(0) : ins);
        config.put("output_layers", model.outputKeys != null ? keyed(model.outputKeys, outs)
                : model.singleOutput && outs.size() == 1 ? outs.get(0) : outs);
        return config;
    }

    /** A dict of the model's inputs or outputs, as Keras writes one given as a dict. */
    private static Map<String, Object> keyed(List<String> keys, List<Object> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) m.put(keys.get(i), values.get(i));
        return m;
    }

    private static Node nodeOf(KerasTensor t) {
        return t.history().layer().inboundNodes().get(t.history().nodeIndex());
    }

    private static Map<String, Object> serializeNode(Node node, Map<Node, Boolean> own) {
        List<Object> tensors = new ArrayList<>();
        for (KerasTensor t : node.inputs()) tensors.add(serializeTensor(t, own));
        Map<String, Object> out = new LinkedHashMap<>();
        if (node.layer() instanceof Operation op) {
            out.put("args", op.serializeArguments(tensors)); // [x, y], [x, 2.0] or [[x, y]], as the op was called
        } else {
            boolean positional = tensors.size() == 1 || POSITIONAL_CALLS.contains(io.keras4j.saving.ObjectRegistry.className(node.layer().getClass()));
            out.put("args", positional ? tensors : List.of(tensors));
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        CallArgs callArgs = node.args();
        for (var e : callArgs.asMap().entrySet()) {
            Object v = e.getValue();
            if (v instanceof KerasTensor t) kwargs.put(e.getKey(), serializeTensor(t, own));
            else if (v instanceof Boolean || v instanceof Number || v instanceof String) kwargs.put(e.getKey(), v);
        }
        if (callArgs.training() != null) kwargs.put("training", callArgs.training());
        out.put("kwargs", kwargs);
        return out;
    }

    private static Map<String, Object> serializeTensor(KerasTensor t, Map<Node, Boolean> own) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        List<Integer> shape = new ArrayList<>();
        for (int d : t.shape()) shape.add(d < 0 ? null : d);
        cfg.put("shape", shape);
        cfg.put("dtype", t.dtype().kerasName());
        cfg.put("keras_history", history(t, own, false));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", "__keras_tensor__");
        out.put("config", cfg);
        return out;
    }

    /**
     * {@code [layer name, node index among the model's calls of that layer, tensor index]}. In
     * {@code input_layers} / {@code output_layers} (not in call arguments) Keras counts a nested
     * functional model's calls from 1.
     */
    private static List<Object> history(KerasTensor t, Map<Node, Boolean> own, boolean modelInputsOrOutputs) {
        Layer layer = t.history().layer();
        List<Node> nodes = layer.inboundNodes();
        int index = modelInputsOrOutputs && startsWithOwnNode(layer) ? 1 : 0;
        for (int i = 0; i < t.history().nodeIndex(); i++) if (own.containsKey(nodes.get(i))) index++;
        List<Object> h = new ArrayList<>(3);
        h.add(layer.name());
        h.add(index);
        h.add(t.history().tensorIndex());
        return h;
    }

    /** Keras numbers a Functional model's (not a Sequential's) calls from 1 in input_layers / output_layers. */
    static boolean startsWithOwnNode(Layer layer) {
        return layer instanceof Model m && !(layer instanceof Sequential) && m.isFunctional()
                && (m.getClass() == Model.class || m.getClass() == Functional.class);
    }

    // ------------------------------------------------------------------ layer order

    /**
     * {@code model.layers} in Keras's order (its {@code map_graph}): layers by decreasing depth from
     * the outputs, ties in the order a depth-first walk from the outputs first meets them; inputs
     * that reach no output come first. Saving depends on it: a functional model's weights are filed
     * under {@code layers/<snake_case class name>[_n]} counted in this order.
     */
    static List<Layer> kerasLayerOrder(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        List<Node> nodesInDecreasingDepth = new ArrayList<>();
        IdentityHashMap<Node, Boolean> finished = new IdentityHashMap<>(), inProgress = new IdentityHashMap<>();
        IdentityHashMap<Layer, Integer> firstSeen = new IdentityHashMap<>();
        IdentityHashMap<KerasTensor, Boolean> isInput = new IdentityHashMap<>();
        for (KerasTensor t : inputs) isInput.put(t, Boolean.TRUE);
        for (KerasTensor t : outputs) walk(t, isInput, finished, inProgress, nodesInDecreasingDepth, firstSeen);

        IdentityHashMap<Node, Integer> nodeDepth = new IdentityHashMap<>();
        IdentityHashMap<Layer, Integer> layerDepth = new IdentityHashMap<>();
        IdentityHashMap<Node, Boolean> inGraph = new IdentityHashMap<>();
        for (Node n : nodesInDecreasingDepth) inGraph.put(n, Boolean.TRUE);
        for (int i = nodesInDecreasingDepth.size() - 1; i >= 0; i--) {
            Node node = nodesInDecreasingDepth.get(i);
            int depth = Math.max(nodeDepth.getOrDefault(node, 0), layerDepth.getOrDefault(node.layer(), 0));
            layerDepth.put(node.layer(), depth);
            nodeDepth.put(node, depth);
            for (KerasTensor in : callInputs(node)) {
                if (in.history() == null) continue;
                Node parent = nodeOf(in);
                if (!inGraph.containsKey(parent)) continue;
                nodeDepth.put(parent, Math.max(depth + 1, nodeDepth.getOrDefault(parent, 0)));
            }
        }
        for (KerasTensor t : inputs) {
            Layer l = t.history().layer();
            if (!layerDepth.containsKey(l) && nodeOf(t).isInput()) {
                layerDepth.put(l, 0);
                firstSeen.put(l, -1);
            }
        }
        List<Layer> order = new ArrayList<>(layerDepth.keySet());
        order.sort((a, b) -> {
            int c = Integer.compare(layerDepth.get(b), layerDepth.get(a));
            return c != 0 ? c : Integer.compare(firstSeen.get(a), firstSeen.get(b));
        });
        return order;
    }

    /** The symbolic tensors a call consumed, as Keras's node lists them: the arguments', then the keyword arguments'. */
    private static List<KerasTensor> callInputs(Node node) {
        List<KerasTensor> kw = node.argTensors();
        if (kw.isEmpty()) return node.inputs();
        List<KerasTensor> all = new ArrayList<>(node.inputs());
        all.addAll(kw);
        return all;
    }

    private static void walk(KerasTensor t, Map<KerasTensor, Boolean> isInput, Map<Node, Boolean> finished,
                             Map<Node, Boolean> inProgress, List<Node> out, Map<Layer, Integer> firstSeen) {
        if (t.history() == null) return;
        Node node = nodeOf(t);
        if (finished.containsKey(node)) return;
        if (!node.isInput() && isInput.containsKey(t)) {
            finished.put(node, Boolean.TRUE);
            return;
        }
        if (inProgress.containsKey(node)) throw new IllegalArgumentException("Tensor " + t.name() + " from layer '" + node.layer().name() + "' is part of a cycle");
        firstSeen.putIfAbsent(node.layer(), firstSeen.size());
        inProgress.put(node, Boolean.TRUE);
        if (!node.isInput()) for (KerasTensor in : callInputs(node)) walk(in, isInput, finished, inProgress, out, firstSeen);
        finished.put(node, Boolean.TRUE);
        inProgress.remove(node);
        out.add(node);
    }

    // ------------------------------------------------------------------ from_config

    static Functional fromConfig(Map<String, Object> config) {
        Object layersValue = config.get("layers");
        if (!(layersValue instanceof List<?> layerList)) {
            throw new IllegalArgumentException("Functional model config has no 'layers' list (keys: " + config.keySet() + ")");
        }
        Map<String, Layer> created = new LinkedHashMap<>();
        Map<Layer, Deque<Object>> pending = new IdentityHashMap<>();
        List<Layer> order = new ArrayList<>();
        for (Object o : layerList) {
            Map<String, Object> entry = map(o, "a layer entry");
            Layer layer = Serialization.deserialize(entry, Layer.class);
            String name = entry.get("name") instanceof String s ? s : layer.name();
            if (created.putIfAbsent(name, layer) != null) {
                throw new IllegalArgumentException("Functional model config names two layers '" + name + "'");
            }
            order.add(layer);
            Object nodes = entry.get("inbound_nodes");
            Deque<Object> queue = new ArrayDeque<>();
            if (nodes instanceof List<?> l) queue.addAll(l);
            else if (nodes != null) throw new IllegalArgumentException("layer '" + name + "': inbound_nodes must be a list");
            if (!queue.isEmpty()) pending.put(layer, queue);
        }
        // Make the calls in layer order, deferring a call whose inputs do not exist yet, as Keras does.
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (Layer layer : order) {
                Deque<Object> queue = pending.get(layer);
                if (queue == null) continue;
                while (!queue.isEmpty()) {
                    List<KerasTensor> inputs = layer instanceof Operation op ? resolveOperationNode(op, queue.peekFirst(), created)
                            : resolveNode(layer, queue.peekFirst(), created);
                    if (inputs == null) break;
                    if (inputs.isEmpty()) {
                        throw new IllegalArgumentException("layer '" + layer.name() + "': a call in its inbound_nodes has no input tensors");
                    }
                    CallArgs kwargs = callArgs(layer, queue.peekFirst(), created);
                    if (kwargs.isEmpty()) layer.applyMulti(inputs.toArray(KerasTensor[]::new));
                    else layer.applyWith(inputs.toArray(KerasTensor[]::new), kwargs);
                    queue.removeFirst();
                    progress = true;
                }
                if (queue.isEmpty()) pending.remove(layer);
            }
            if (!progress) {
                List<String> stuck = new ArrayList<>();
                for (Layer l : order) if (pending.containsKey(l)) stuck.add(l.name());
                throw new IllegalArgumentException("Invalid Functional model configuration: the graph has loops or disconnected "
                        + "nodes; these layers' calls cannot be resolved: " + stuck);
            }
        }
        List<KerasTensor> inputs = tensorList(config.get("input_layers"), created, "input_layers");
        List<KerasTensor> outputs = tensorList(config.get("output_layers"), created, "output_layers");
        Functional model = new Functional(inputs, outputs);
        model.singleInput = isLeaf(config.get("input_layers"));
        model.singleOutput = isLeaf(config.get("output_layers"));
        model.inputKeys = topLevelKeys(config.get("input_layers"), inputs.size());
        model.outputKeys = topLevelKeys(config.get("output_layers"), outputs.size());
        if (config.get("name") instanceof String name) model.name(name);
        if (Boolean.FALSE.equals(config.get("trainable"))) model.setTrainable(false);
        return model;
    }

    /** The input tensors of one serialized call, or null when some are not created yet. */
    private static List<KerasTensor> resolveNode(Layer layer, Object nodeData, Map<String, Layer> created) {
        List<KerasTensor> out = new ArrayList<>();
        if (nodeData instanceof List<?> legacy) {
            // Keras 2 style: [[layer, node, tensor, kwargs], ...]
            for (Object o : legacy) {
                if (!(o instanceof List<?> h) || h.size() < 3) {
                    throw new IllegalArgumentException("layer '" + layer.name() + "': malformed inbound node entry " + o);
                }
                KerasTensor t = lookup(h, created, "layer '" + layer.name() + "'", false);
                if (t == null) return null;
                out.add(t);
            }
            return out;
        }
        Map<String, Object> node = map(nodeData, "an inbound node of layer '" + layer.name() + "'");
        if (!collect(node.get("args"), created, layer, out, 0, false)) return null;
        if (node.get("kwargs") instanceof Map<?, ?> kwargs) {
            for (var e : kwargs.entrySet()) {
                if ("mask".equals(e.getKey())) continue; // keras4j carries masks with the tensors
                if (keywordTensor(layer, String.valueOf(e.getKey()))) { // an input, but passed as a keyword (callArgs)
                    if (!collect(e.getValue(), created, layer, new ArrayList<>(), 0, true)) return null;
                    continue;
                }
                if (!collect(e.getValue(), created, layer, out, 0, true)) return null;
            }
        }
        return out;
    }

    /**
     * The input tensors of one serialized call of a Keras operation, or null when some are not
     * created yet. Its {@code args} are tensors, one list of tensors, or constants ({@code [x, 2.0]});
     * the constants become part of the operation. Keras puts an op's other arguments in its config,
     * so a call with keyword arguments is refused rather than run without them.
     */
    private static List<KerasTensor> resolveOperationNode(Operation op, Object nodeData, Map<String, Layer> created) {
        Map<String, Object> node = map(nodeData, "an inbound node of operation '" + op.name() + "'");
        if (!(node.get("args") instanceof List<?> args)) {
            throw new IllegalArgumentException("operation '" + op.name() + "': an inbound node has no 'args' list");
        }
        if (node.get("kwargs") instanceof Map<?, ?> kwargs && !kwargs.isEmpty()) {
            throw new IllegalArgumentException("operation '" + op.name() + "' (" + op.kerasClassName() + "): keras4j does not support "
                    + "the call keyword arguments " + kwargs.keySet());
        }
        List<Object> refs = op.bindSavedArguments(args);
        List<KerasTensor> out = new ArrayList<>();
        for (Object ref : refs) if (!collect(ref, created, op, out, 0, false)) return null;
        return out;
    }

    /** Keyword tensors the attention layers take as keywords (not as extra positional inputs). */
    private static final Set<String> KEYWORD_TENSORS = Set.of("attention_mask", "query_mask", "value_mask", "key_mask");

    private static boolean keywordTensor(Layer layer, String key) {
        return KEYWORD_TENSORS.contains(key) && POSITIONAL_CALLS.contains(io.keras4j.saving.ObjectRegistry.className(layer.getClass()));
    }

    /**
     * The keyword arguments of one serialized call that keras4j passes as keywords: plain values
     * ({@code use_causal_mask=True}, {@code training=False}, ...) and the attention layers' keyword
     * tensors ({@code attention_mask}); masks travel with the tensors, other tensors are inputs.
     */
    private static CallArgs callArgs(Layer layer, Object nodeData, Map<String, Layer> created) {
        CallArgs args = new CallArgs();
        if (!(nodeData instanceof Map<?, ?> node) || !(node.get("kwargs") instanceof Map<?, ?> kwargs)) return args;
        for (var e : kwargs.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            if ("mask".equals(key) || v == null) continue;
            if (v instanceof Boolean || v instanceof Number || v instanceof String) {
                args.set(key, v);
            } else if (keywordTensor(layer, key) && v instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"))) {
                Map<String, Object> cfg = map(m.get("config"), "a __keras_tensor__ config");
                args.set(key, lookup((List<?>) cfg.get("keras_history"), created, "layer '" + layer.name() + "'", false));
            }
        }
        return args;
    }

    /** Walks args/kwargs for {@code __keras_tensor__} entries; false when one refers to a call not made yet. */
    private static boolean collect(Object v, Map<String, Layer> created, Layer layer, List<KerasTensor> out, int depth, boolean kwarg) {
        if (depth > MAX_ARG_DEPTH) throw new IllegalArgumentException("layer '" + layer.name() + "': call arguments nest too deeply");
        if (v == null || v instanceof Boolean) return true;
        if (v instanceof List<?> list) {
            for (Object o : list) if (!collect(o, created, layer, out, depth + 1, kwarg)) return false;
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            if ("__keras_tensor__".equals(m.get("class_name"))) {
                Map<String, Object> cfg = map(m.get("config"), "a __keras_tensor__ config");
                if (!(cfg.get("keras_history") instanceof List<?> h) || h.size() != 3) {
                    throw new IllegalArgumentException("layer '" + layer.name() + "': a call input has no keras_history");
                }
                KerasTensor t = lookup(h, created, "layer '" + layer.name() + "'", false);
                if (t == null) return false;
                out.add(t);
                return true;
            }
            for (Object o : m.values()) if (!collect(o, created, layer, out, depth + 1, kwarg)) return false;
            return true;
        }
        if (kwarg) return true; // plain keyword values (training=False, ...) do not become inputs
        throw new IllegalArgumentException("layer '" + layer.name() + "': a call passes the non-tensor argument " + v
                + "; keras4j layers take tensors only");
    }

    /** The tensor {@code [layer, node, tensor]} names, or null when that call has not been made yet. */
    private static KerasTensor lookup(List<?> h, Map<String, Layer> created, String caller, boolean modelInputsOrOutputs) {
        if (!(h.get(0) instanceof String name) || !(h.get(1) instanceof Number nodeNum) || !(h.get(2) instanceof Number tensorNum)) {
            throw new IllegalArgumentException(caller + ": malformed keras_history " + h);
        }
        Layer source = created.get(name);
        if (source == null) {
            throw new IllegalArgumentException("Invalid Functional model configuration: " + caller
                    + " takes an input from unknown layer '" + name + "'");
        }
        int node = nodeNum.intValue() - (modelInputsOrOutputs && startsWithOwnNode(source) ? 1 : 0);
        List<Node> nodes = source.inboundNodes();
        if (node < 0) throw new IllegalArgumentException(caller + ": invalid node index " + nodeNum + " of '" + name + "'");
        if (node >= nodes.size()) return null;
        List<KerasTensor> outs = nodes.get(node).outputs();
        int ti = tensorNum.intValue();
        if (ti < 0 || ti >= outs.size()) {
            throw new IllegalArgumentException(caller + ": tensor index " + ti + " out of range for call "
                    + nodeNum + " of '" + name + "' (" + outs.size() + " outputs)");
        }
        return outs.get(ti);
    }

    private static List<KerasTensor> tensorList(Object spec, Map<String, Layer> created, String key) {
        if (!(spec instanceof List<?> list) && !(spec instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Functional model config: '" + key + "' must be a list, got " + spec);
        }
        List<List<?>> leaves = new ArrayList<>();
        flattenHistories(spec, leaves, 0, key);
        List<KerasTensor> out = new ArrayList<>();
        for (List<?> h : leaves) {
            KerasTensor t = lookup(h, created, key, true);
            if (t == null) throw new IllegalArgumentException("Functional model config: " + key + " entry " + h + " names a call that does not exist");
            out.add(t);
        }
        return out;
    }

    /** The keys of a flat dict of tensors (one per input or output), else null (a list, or a nested structure). */
    private static List<String> topLevelKeys(Object v, int count) {
        if (!(v instanceof Map<?, ?> m) || m.size() != count || !m.values().stream().allMatch(FunctionalConfig::isLeaf)) return null;
        return List.copyOf(sortedByKey(m).keySet());
    }

    private static Map<String, Object> sortedByKey(Map<?, ?> m) {
        Map<String, Object> sorted = new java.util.TreeMap<>();
        for (var e : m.entrySet()) sorted.put(String.valueOf(e.getKey()), e.getValue());
        return sorted;
    }

    private static boolean isLeaf(Object v) {
        return v instanceof List<?> l && l.size() == 3 && l.get(0) instanceof String;
    }

    private static void flattenHistories(Object v, List<List<?>> out, int depth, String key) {
        if (depth > MAX_ARG_DEPTH) throw new IllegalArgumentException("Functional model config: '" + key + "' nests too deeply");
        if (v instanceof List<?> l && l.size() == 3 && l.get(0) instanceof String) {
            out.add(l);
        } else if (v instanceof List<?> l) {
            for (Object o : l) flattenHistories(o, out, depth + 1, key);
        } else if (v instanceof Map<?, ?> m) {
            for (Object o : sortedByKey(m).values()) flattenHistories(o, out, depth + 1, key); // Keras flattens dicts in key order
        } else {
            throw new IllegalArgumentException("Functional model config: malformed '" + key + "' entry " + v);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException("Functional model config: expected " + what + " to be a dict, got " + o);
    }
}
