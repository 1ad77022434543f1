package io.keras4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/keras4j bench models}: keras4j against PyTorch on the seeds' three models, pair by
 * pair. Every measurement runs in a fresh process (a keras4j JVM running {@link ModelWorker}, or
 * {@code bench/python/torch_models.py}), alternating ours, theirs, ours, theirs for several
 * rounds so that drift of the machine hits both alike; the table shows the medians over rounds and
 * the ratio keras4j / PyTorch oriented so that above 1 means keras4j is better.
 */
final class ModelsBench {
    private ModelsBench() {}

    private static final String TABLE_BEGIN = "<!-- models-table:begin -->";
    private static final String TABLE_END = "<!-- models-table:end -->";

    public static void main(String[] args) throws Exception {
        List<String> models = List.of("mlp", "cnn", "lstm");
        List<String> tasks = new ArrayList<>(List.of("train", "latency", "throughput", "coldstart"));
        int rounds = 3, threads = 2;
        double seconds = 8;
        boolean write = false, cpu = false;
        String python = "/usr/bin/python3";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> models = List.of(args[++i].split(","));
                case "--tasks" -> tasks = new ArrayList<>(List.of(args[++i].split(",")));
                case "--accuracy" -> tasks.add("accuracy");
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--python" -> python = args[++i];
                case "--write" -> write = true;
                case "--cpu" -> cpu = true;
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    usage();
                    System.exit(2);
                }
            }
        }
        Path root = repositoryRoot();
        Path script = root.resolve("bench/python/torch_models.py");
        List<Row> rows = new ArrayList<>();
        Path saved = tasks.contains("coldstart") ? prepareColdStart(models, python, script, threads) : null;
        for (String task : tasks) {
            for (String model : models) {
                if (task.equals("accuracy") && !model.equals("cnn")) continue;
                if (task.equals("coldstart")) {
                    rows.add(coldStart(model, rounds, threads, python, script, saved));
                    continue;
                }
                int r = task.equals("accuracy") ? 1 : rounds;
                Row row = new Row(model, task);
                String key = cpu && !task.equals("accuracy") ? "cpu_value" : "value";
                boolean lowerIsBetter = task.equals("latency") || task.equals("accuracy");
                for (int k = 0; k < r; k++) {
                    row.ours.add(run(javaCommand(model, task, seconds, threads)));
                    // PyTorch's best variant in each round (see pythonVariants)
                    Map<String, Double> theirs = null;
                    String best = null;
                    for (List<String> variant : pythonVariants(model, task)) {
                        Map<String, Double> v = run(pythonCommand(python, script, model, task, seconds, threads, variant));
                        if (theirs == null || (lowerIsBetter ? v.get(key) < theirs.get(key) : v.get(key) > theirs.get(key))) {
                            theirs = v;
                            best = String.join(" ", variant);
                        }
                    }
                    row.theirs.add(theirs);
                    row.variants.add(best.isEmpty() ? "eager" : best.replace("--variant ", "").replace("--", ""));
                    System.err.printf(Locale.ROOT, "%s %s round %d: keras4j %.4g, pytorch %.4g (%s)%n", model, task, k + 1,
                            row.ours.getLast().get(key), theirs.get(key), row.variants.getLast());
                }
                rows.add(row);
            }
        }
        String table = table(rows, threads, cpu);
        System.out.println(table);
        if (write) {
            Path md = root.resolve("BENCHMARKS.md");
            String text = Files.readString(md);
            int b = text.indexOf(TABLE_BEGIN), e = text.indexOf(TABLE_END);
            if (b < 0 || e < b) throw new IllegalStateException("BENCHMARKS.md has no " + TABLE_BEGIN + " … " + TABLE_END + " markers");
            Files.writeString(md, text.substring(0, b + TABLE_BEGIN.length()) + "\n" + table + text.substring(e));
            System.err.println("wrote the table into " + md);
        }
    }

    // ------------------------------------------------------------------ cold start

    /**
     * Saves the models on both sides into a fresh temporary folder (Keras {@code .keras}; PyTorch
     * state_dict and traced TorchScript), and trains keras4j's AOT cache there: one JVM with
     * {@code -XX:AOTCacheOutput} that loads and runs all three (JDK 25, JEP 483/514/515: classes
     * loaded and linked, lambdas resolved and method profiles kept ahead of time). Without it the
     * cold start is measured without a cache only.
     */
    private static Path prepareColdStart(List<String> models, String python, Path script, int threads)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("keras4j-models-bench");
        dir.toFile().deleteOnExit();
        for (String model : SeedModels.ids()) {
            run(javaCommand(model, "save", 0, threads, dir, false));
            run(pythonCommand(python, script, model, "save", 0, threads, List.of("--dir", dir.toString())));
        }
        List<String> train = javaCommand("all", "coldstart", 0, threads, dir, false);
        train.add(1, "-XX:AOTCacheOutput=" + dir.resolve("keras4j.aot"));
        Process p = new ProcessBuilder(train).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !Files.isRegularFile(dir.resolve("keras4j.aot"))) {
            System.err.println("could not create the AOT cache (cold start measured without one):\n" + out);
        }
        return dir;
    }

    /** The cold start of one model: keras4j without and with the AOT cache, PyTorch's best of its two loaders. */
    private static Row coldStart(String model, int rounds, int threads, String python, Path script, Path dir)
            throws IOException, InterruptedException {
        Row row = new Row(model, "coldstart");
        boolean aot = Files.isRegularFile(dir.resolve("keras4j.aot"));
        for (int k = 0; k < rounds; k++) {
            row.ours.add(runTimed(javaCommand(model, "coldstart", 0, threads, dir, false)));
            if (aot) row.oursAot.add(runTimed(javaCommand(model, "coldstart", 0, threads, dir, true)));
            Map<String, Double> theirs = null;
            String best = null;
            for (String variant : List.of("eager", "traced")) {
                Map<String, Double> v = runTimed(pythonCommand(python, script, model, "coldstart", 0, threads,
                        List.of("--dir", dir.toString(), "--variant", variant)));
                if (theirs == null || v.get("value") < theirs.get("value")) {
                    theirs = v;
                    best = variant;
                }
            }
            row.theirs.add(theirs);
            row.variants.add(best);
            System.err.printf(Locale.ROOT, "%s coldstart round %d: keras4j %.3f s%s, pytorch %.3f s (%s)%n", model, k + 1,
                    row.ours.getLast().get("value"), aot ? String.format(Locale.ROOT, " (%.3f s with the AOT cache)",
                            row.oursAot.getLast().get("value")) : "", theirs.get("value"), best);
        }
        return row;
    }

    /**
     * Runs a cold-start worker and replaces its "value" by the seconds from launching the process
     * to the moment its result line arrives (process creation, runtime start-up, loading and the
     * first prediction; not the process's exit).
     */
    private static Map<String, Double> runTimed(List<String> command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder all = new StringBuilder();
        String line, json = null;
        long t1 = 0;
        while ((line = r.readLine()) != null) {
            all.append(line).append('\n');
            if (json == null && line.startsWith("{")) {
                t1 = System.nanoTime();
                json = line;
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || json == null) {
            throw new IllegalStateException("benchmark worker failed (exit " + rc + "): " + String.join(" ", command) + "\n" + all);
        }
        Map<String, Double> m = parse(json);
        m.put("value", (t1 - t0) / 1e9);
        return m;
    }

    /** One line of the table: a model and a task, with every round's results on both sides. */
    private static final class Row {
        final String model, task;
        final List<Map<String, Double>> ours = new ArrayList<>(), theirs = new ArrayList<>();
        /** Cold start only: keras4j with the AOT cache. */
        final List<Map<String, Double>> oursAot = new ArrayList<>();
        final List<String> variants = new ArrayList<>();

        Row(String model, String task) {
            this.model = model;
            this.task = task;
        }
    }

    static String table(List<Row> rows, int threads, boolean cpu) {
        StringBuilder sb = new StringBuilder();
        String value = cpu ? "cpu_value" : "value", p90 = cpu ? "cpu_p90" : "p90";
        sb.append("| model | figure | keras4j | PyTorch (best variant) | keras4j advantage | keras4j peak RSS | PyTorch peak RSS |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            boolean wall = row.task.equals("accuracy") || row.task.equals("coldstart");
            double ours = median(row.ours, wall ? "value" : value), theirs = median(row.theirs, wall ? "value" : value);
            boolean lowerIsBetter = row.task.equals("latency") || wall;
            String figure, fo, ft;
            switch (row.task) {
                case "train" -> {
                    figure = cpu ? "training samples per CPU-second, batch 128, Adam" : "training samples/s, batch 128, Adam";
                    fo = fmt(ours, 0);
                    ft = fmt(theirs, 0);
                }
                case "latency" -> {
                    figure = cpu ? "inference CPU time, batch 1 (median / p90 ms)" : "inference latency, batch 1 (median / p90 ms)";
                    fo = fmt(ours, 3) + " / " + fmt(median(row.ours, p90), 3);
                    ft = fmt(theirs, 3) + " / " + fmt(median(row.theirs, p90), 3);
                }
                case "throughput" -> {
                    figure = cpu ? "inference samples per CPU-second, batch 256" : "inference samples/s, batch 256";
                    fo = fmt(ours, 0);
                    ft = fmt(theirs, 0);
                }
                case "coldstart" -> {
                    figure = "cold start: a new process loads the saved model and predicts one sample (s)";
                    fo = fmt(ours, 3) + (row.oursAot.isEmpty() ? "" : " (" + fmt(median(row.oursAot, "value"), 3) + " with AOT cache)");
                    ft = fmt(theirs, 3);
                }
                default -> {
                    figure = "training seconds to 91% test accuracy (epochs)";
                    fo = fmt(ours, 1) + " (" + fmt(median(row.ours, "p90"), 0) + ")";
                    ft = fmt(theirs, 1) + " (" + fmt(median(row.theirs, "p90"), 0) + ")";
                }
            }
            double advantage = lowerIsBetter ? theirs / ours : ours / theirs;
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s (%s) | %.2f× | %s MiB | %s MiB |%n", row.model.toUpperCase(Locale.ROOT),
                    figure, fo, ft, mostCommon(row.variants), advantage, fmt(median(row.ours, "peak_rss_mb"), 0),
                    fmt(median(row.theirs, "peak_rss_mb"), 0)));
        }
        sb.append(String.format(Locale.ROOT, "%nThreads: %d on each side. Medians over rounds; advantage > 1 means keras4j is faster.%s%n",
                threads, cpu ? " Figures per CPU time of the process (batch 1: of the calling thread), not wall time; cold start and "
                        + "accuracy are wall time." : ""));
        return sb.toString();
    }

    private static String mostCommon(List<String> xs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String x : xs) counts.merge(x, 1, Integer::sum);
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static double median(List<Map<String, Double>> results, String key) {
        double[] v = results.stream().mapToDouble(m -> m.getOrDefault(key, Double.NaN)).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * The garbage collector settings of bin/keras4j (see there for why), the same for users and
     * benchmarks: G1 with 1 MB regions, so every tensor of 512 KB or more is a humongous object that
     * is never copied and is reclaimed at the next young collection once dead; a fixed initiating
     * occupancy of 80%, because dead humongous tensors count as old-generation occupancy and would
     * otherwise start a concurrent marking cycle every few steps; heap growth only when collections
     * take more than 20% of the time ({@code GCTimeRatio=4}), starting from 16 MB.
     */
    static final List<String> GC_FLAGS = List.of("-XX:+UseG1GC", "-XX:G1HeapRegionSize=1m", "-XX:-G1UseAdaptiveIHOP",
            "-XX:InitiatingHeapOccupancyPercent=80", "-XX:GCTimeRatio=4", "-Xms16m");

    /**
     * The benchmark worker's maximum heap: the seeds' models live in well under 64 MB (CNN training
     * at batch 128 peaks near 60 MB of tensors alive at once, the model and an epoch of data
     * included), and with the flags above 128 MB runs every figure at the speed of an unbounded
     * heap; without a bound G1 grows the heap during the JIT warm-up (whose interpreted Vector API
     * code allocates a boxed vector per operation) and keeps it. The accuracy run holds
     * Fashion-MNIST in float32 (~220 MB, and a second copy while it is converted), so it gets 1 GB.
     */
    static String maxHeap(String task) {
        return task.equals("accuracy") ? "-Xmx1g" : "-Xmx128m";
    }

    private static List<String> javaCommand(String model, String task, double seconds, int threads) {
        return javaCommand(model, task, seconds, threads, null, false);
    }

    /** The worker's command line; {@code dir} holds the saved models, {@code aot} uses the AOT cache there. */
    private static List<String> javaCommand(String model, String task, double seconds, int threads, Path dir, boolean aot) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        if (aot) cmd.add("-XX:AOTCache=" + dir.resolve("keras4j.aot"));
        cmd.addAll(GC_FLAGS);
        cmd.add(maxHeap(task));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ModelWorker.class.getName(),
                "--model", model, "--task", task, "--seconds", Double.toString(seconds), "--threads", Integer.toString(threads)));
        if (dir != null) cmd.addAll(List.of("--dir", dir.toString()));
        return cmd;
    }

    /**
     * The PyTorch variants run in every round, of which the best counts. Inference: eager,
     * TorchScript-traced, and traced + frozen + optimize_for_inference (PyTorch's fastest CPU
     * inference: it prepacks weights for oneDNN, ~4x eager on the CNN). Training: eager, and for
     * the CNN also the channels-last memory format (~1.2-1.6x NCHW on CPU). Channels-last
     * inference was measured slower than frozen NCHW, so it is not tried.
     */
    static List<List<String>> pythonVariants(String model, String task) {
        return switch (task) {
            case "latency", "throughput" -> List.of(List.of("--variant", "eager"), List.of("--variant", "traced"),
                    List.of("--variant", "frozen"));
            case "train", "accuracy" -> model.equals("cnn") ? List.of(List.of(), List.of("--channels-last")) : List.of(List.of());
            default -> List.of(List.of());
        };
    }

    private static List<String> pythonCommand(String python, Path script, String model, String task, double seconds, int threads,
            List<String> variant) {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--model", model, "--task", task,
                "--seconds", Double.toString(seconds), "--threads", Integer.toString(threads)));
        cmd.addAll(variant);
        return cmd;
    }

    private static final Pattern NUMBER_FIELD = Pattern.compile("\"(\\w+)\": (-?[0-9.eE+-]+|null|NaN|Infinity)");

    /** Runs one worker, passes its stderr through, and parses the numeric fields of its JSON line. */
    private static Map<String, Double> run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        if (rc != 0 || line == null) {
            throw new IllegalStateException("benchmark worker failed (exit " + rc + "): " + String.join(" ", command) + "\n" + out);
        }
        return parse(line);
    }

    /** The numeric fields of a worker's JSON line (null and NaN as NaN). */
    private static Map<String, Double> parse(String line) {
        Map<String, Double> m = new LinkedHashMap<>();
        Matcher matcher = NUMBER_FIELD.matcher(line);
        while (matcher.find()) {
            String v = matcher.group(2);
            m.put(matcher.group(1), v.equals("null") || v.equals("NaN") ? Double.NaN
                    : v.equals("Infinity") ? Double.POSITIVE_INFINITY : Double.parseDouble(v));
        }
        return m;
    }

    /** The checkout this jar was built from (bench/target/*.jar → root). */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bench/python/torch_models.py"))) return p;
        }
        throw new IllegalStateException("run from inside the keras4j checkout (bench/python/torch_models.py not found above " + here + ")");
    }

    private static void usage() {
        System.out.println("""
                usage: bin/keras4j bench models [options]
                  keras4j against PyTorch (Debian's python3-torch + libopenblas0-openmp) on the seeds' MLP, CNN and LSTM,
                  each measurement in a fresh process, ours and theirs alternating.
                  --models mlp,cnn,lstm     which models (default: all three)
                  --tasks train,latency,throughput,coldstart
                                            which figures (default: these four)
                  --accuracy                also time both CNNs to 91% Fashion-MNIST test accuracy (~minutes per side)
                  --rounds N                ours/theirs pairs per figure (default 3); medians are reported
                  --seconds S               seconds per measurement (default 8)
                  --threads N               threads on each side (default 2)
                  --cpu                     rank by CPU time instead of wall time (samples per CPU-second; batch 1: CPU ms
                                            of the calling thread): steadier on a loaded machine, meaningful with --threads 1
                  --python PATH             Python with PyTorch (default /usr/bin/python3)
                  --write                   also replace the table in BENCHMARKS.md""");
    }
}
