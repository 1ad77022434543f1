package io.keras4j.utils;

import io.keras4j.KerasTensor;
import io.keras4j.Variable;
import io.keras4j.layers.Layer;
import io.keras4j.layers.Node;
import io.keras4j.models.Model;
import io.keras4j.models.Sequential;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code model.summary()} as Keras 3 prints it: the same table (rendered as the rich library draws
 * it, without colours), the same column widths, and the same parameter counts and byte sizes.
 */
public final class SummaryUtils {
    private SummaryUtils() {}

    /** Prints the summary; {@code lineLength <= 0} picks Keras's default for the model kind and terminal. */
    public static void printSummary(Model model, int lineLength, boolean showTrainable, Consumer<String> printFn) {
        List<Layer> layers = model instanceof Sequential || !model.isFunctional() ? model.layers() : model.operations();
        boolean sequentialLike = model instanceof Sequential || !model.isFunctional() || isSequentialLike(model);
        int defaultLength;
        double[] positions;
        List<String> header = new ArrayList<>();
        List<Boolean> rightAlign = new ArrayList<>();
        if (sequentialLike) {
            defaultLength = 88;
            positions = new double[]{0.45, 0.80, 1.0};
            header.addAll(List.of("Layer (type)", "Output Shape", "Param #"));
            rightAlign.addAll(List.of(false, false, true));
        } else {
            defaultLength = 108;
            positions = new double[]{0.3, 0.56, 0.74, 1.0};
            header.addAll(List.of("Layer (type)", "Output Shape", "Param #", "Connected to"));
            rightAlign.addAll(List.of(false, false, true, false));
        }
        if (showTrainable) {
            defaultLength += 12;
            double[] p = new double[positions.length + 1];
            for (int i = 0; i < positions.length; i++) p[i] = positions[i] * 0.9;
            p[positions.length] = 1.0;
            positions = p;
            header.add("Trainable");
            rightAlign.add(false);
        }
        int width = lineLength > 0 ? lineLength : Math.min(defaultLength, terminalColumns() - 4);
        int[] widths = columnWidths(positions, width);

        List<List<String>> rows = new ArrayList<>();
        for (Layer layer : layers) {
            List<String> row = new ArrayList<>();
            row.add(layer.name() + " (" + layer.kerasClassName() + ")");
            row.add(outputShape(layer));
            row.add(layer.built() ? String.format(Locale.ROOT, "%,d", layer.countParams()) : "0 (unbuilt)");
            if (!sequentialLike) row.add(connections(layer, model));
            if (showTrainable) row.add(layer.weights().isEmpty() ? "-" : layer.trainable() ? "Y" : "N");
            rows.add(row);
        }

        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append(rule('┏', '━', '┳', '┓', widths));
        appendRow(sb, header, widths, rightAlign, '┃', true);
        sb.append(rule('┡', '━', '╇', '┩', widths));
        for (int r = 0; r < rows.size(); r++) {
            appendRow(sb, rows.get(r), widths, rightAlign, '│', false);
            if (r < rows.size() - 1) sb.append(rule('├', '─', '┼', '┤', widths));
        }
        sb.append(rule('└', '─', '┴', '┘', widths));
        List<Variable> trainable = model.trainableWeights(), nonTrainable = model.nonTrainableWeights();
        long tc = count(trainable), nc = count(nonTrainable);
        long tb = bytes(trainable), nb = bytes(nonTrainable);
        sb.append(String.format(Locale.ROOT, " Total params: %,d (%s)%n", tc + nc, readableSize(tb + nb)));
        sb.append(String.format(Locale.ROOT, " Trainable params: %,d (%s)%n", tc, readableSize(tb)));
        sb.append(String.format(Locale.ROOT, " Non-trainable params: %,d (%s)%n", nc, readableSize(nb)));
        printFn.accept(sb.toString().stripTrailing());
    }

    /** Terminal width as Python's shutil.get_terminal_size sees it when output is not a terminal: $COLUMNS, else 80. */
    private static int terminalColumns() {
        String env = System.getenv("COLUMNS");
        if (env != null) {
            try {
                return Integer.parseInt(env.trim());
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return 80;
    }

    /** rich's fixed-width columns: each position's share plus one space of padding per side, reduced to fit the table width. */
    static int[] columnWidths(double[] positions, int lineLength) {
        int n = positions.length;
        int[] w = new int[n];
        int current = 0;
        for (int i = 0; i < n; i++) {
            int width = (int) (positions[i] * lineLength) - current;
            if (width < 4) throw new IllegalArgumentException("Insufficient console width to print summary.");
            w[i] = width + 2;
            current += width;
        }
        int maxWidth = lineLength - (n + 1);
        int total = 0;
        for (int v : w) total += v;
        if (total > maxWidth) {
            // rich's ratio_reduce with equal ratios; Python's round() rounds halves to even
            int excess = total - maxWidth, ratioLeft = n;
            for (int i = 0; i < n; i++) {
                int d = (int) Math.rint((double) excess / ratioLeft);
                d = Math.min(d, w[i]);
                w[i] -= d;
                excess -= d;
                ratioLeft--;
            }
        }
        return w;
    }

    private static String rule(char left, char fill, char mid, char right, int[] widths) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int i = 0; i < widths.length; i++) {
            sb.append(String.valueOf(fill).repeat(widths[i]));
            sb.append(i < widths.length - 1 ? mid : right);
        }
        return sb.append('\n').toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] widths, List<Boolean> right, char edge, boolean header) {
        List<List<String>> wrapped = new ArrayList<>();
        int lines = 1;
        for (int i = 0; i < cells.size(); i++) {
            List<String> w = wrap(cells.get(i), widths[i] - 2);
            wrapped.add(w);
            lines = Math.max(lines, w.size());
        }
        char sep = header ? '┃' : '│';
        for (int line = 0; line < lines; line++) {
            sb.append(edge);
            for (int i = 0; i < cells.size(); i++) {
                String text = line < wrapped.get(i).size() ? wrapped.get(i).get(line) : "";
                int pad = widths[i] - 2 - text.length();
                sb.append(' ');
                if (right.get(i)) sb.append(" ".repeat(Math.max(pad, 0))).append(text);
                else sb.append(text).append(" ".repeat(Math.max(pad, 0)));
                sb.append(' ');
                sb.append(i < cells.size() - 1 ? sep : edge);
            }
            sb.append('\n');
        }
    }

    /** Word wrap as rich does: break at spaces, fold words longer than the column. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > width) {
                if (!line.isEmpty()) { out.add(line.toString()); line.setLength(0); }
                out.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.isEmpty()) line.append(word);
            else if (line.length() + 1 + word.length() <= width) line.append(' ').append(word);
            else { out.add(line.toString()); line.setLength(0); line.append(word); }
        }
        if (!line.isEmpty() || out.isEmpty()) out.add(line.toString());
        return out;
    }

    private static String outputShape(Layer layer) {
        List<Node> nodes = layer.inboundNodes();
        if (nodes.isEmpty()) return "?";
        List<KerasTensor> outs = nodes.get(nodes.size() - 1).outputs();
        if (outs.size() == 1) return KerasTensor.shapeString(outs.get(0).shape());
        List<String> parts = new ArrayList<>();
        for (KerasTensor t : outs) parts.add(KerasTensor.shapeString(t.shape()));
        return "[" + String.join(", ", parts) + "]";
    }

    private static String connections(Layer layer, Model model) {
        StringBuilder sb = new StringBuilder();
        for (Node node : layer.inboundNodes()) {
            if (!model.graphNodes().contains(node)) continue;
            for (KerasTensor t : node.inputs()) {
                if (!sb.isEmpty()) sb.append(", ");
                sb.append(t.history().layer().name()).append('[').append(t.history().nodeIndex()).append("][")
                        .append(t.history().tensorIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }

    /** Keras treats a functional model as sequential-like when every node has one input and no layer is shared. */
    private static boolean isSequentialLike(Model model) {
        IdentityHashMap<Layer, Integer> uses = new IdentityHashMap<>();
        for (Node n : model.graphNodes()) {
            if (n.inputs().size() > 1) return false;
            if (uses.merge(n.layer(), 1, Integer::sum) > 1) return false;
        }
        // a branch (one tensor feeding two layers) makes several nodes share a depth
        IdentityHashMap<KerasTensor, Integer> consumers = new IdentityHashMap<>();
        for (Node n : model.graphNodes()) for (KerasTensor t : n.inputs()) if (consumers.merge(t, 1, Integer::sum) > 1) return false;
        return model.inputs().size() == 1 && model.outputs().size() == 1;
    }

    private static long count(List<Variable> vars) {
        long n = 0;
        for (Variable v : vars) n += v.value().size();
        return n;
    }

    private static long bytes(List<Variable> vars) {
        long n = 0;
        for (Variable v : vars) n += (long) v.value().size() * v.dtype().itemSize();
        return n;
    }

    /** Keras's readable_memory_size: B, KB, MB, ... in powers of 1024 with two decimals. */
    public static String readableSize(double bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        for (String unit : units) {
            if (bytes / 1024 < 1) return String.format(Locale.ROOT, "%.2f %s", bytes, unit);
            bytes /= 1024;
        }
        return String.format(Locale.ROOT, "%.2f %s", bytes, units[units.length - 1]);
    }
}
