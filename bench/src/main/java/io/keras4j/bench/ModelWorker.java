package io.keras4j.bench;

import io.keras4j.datasets.FashionMnist;
import io.keras4j.datasets.TrainTestSplit;
import io.keras4j.kernels.Parallel;
import io.keras4j.models.Sequential;
import io.keras4j.ops.Ops;
import io.keras4j.random.Random;
import io.keras4j.tensor.Tensor;
import io.keras4j.trainers.Fit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * One measurement of one seed model in a fresh JVM, so that its peak resident memory is its own;
 * {@link ModelsBench} starts it and bench/python/torch_models.py is its PyTorch twin. Prints one
 * JSON line: {@code {"model":..., "task":..., "value":..., "p90":..., "peak_rss_mb":...}}.
 *
 * <p>Tasks: {@code train} (samples/s of {@code fit} at batch 128 with Adam, after a warm-up
 * epoch), {@code latency} (milliseconds per {@code predictOnBatch} of one sample: median and p90
 * over at least 1,000 calls), {@code throughput} (samples/s of {@code predictOnBatch} on batches
 * of 256), {@code accuracy} (CNN only: training seconds until the Fashion-MNIST test accuracy
 * reaches 91%, evaluated after each epoch; evaluation time not counted), {@code save} (writes
 * the model to {@code --dir}) and {@code coldstart} (loads it from there and predicts one sample;
 * {@code --model all} runs all three, to train an AOT cache).
 */
public final class ModelWorker {
    private ModelWorker() {}

    static final int TRAIN_BATCH = 128;
    static final int INFER_BATCH = 256;

    public static void main(String[] args) throws IOException {
        String model = null, task = null, file = null;
        double seconds = 10;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = args[++i];
                case "--task" -> task = args[++i];
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--dir" -> file = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (model == null || task == null) throw new IllegalArgumentException("--model and --task are required");
        Parallel.setThreads(threads);
        Random.setRandomSeed(1234);
        if (task.equals("coldstart") && model.equals("all")) { // the run that trains an AOT cache: every model once
            for (SeedModels each : SeedModels.values()) coldStart(each, Path.of(file));
            return;
        }
        SeedModels m = SeedModels.parse(model);
        double[] r = switch (task) {
            case "save" -> save(m, Path.of(file));
            case "coldstart" -> coldStart(m, Path.of(file));
            case "train" -> train(m, seconds);
            case "latency" -> latency(m, seconds);
            case "throughput" -> throughput(m, seconds);
            case "accuracy" -> accuracy(m);
            default -> throw new IllegalArgumentException("unknown task " + task);
        };
        if (task.equals("coldstart")) {
            System.out.printf(Locale.ROOT, "{\"model\": \"%s\", \"task\": \"%s\", \"value\": %.6g, \"load_s\": %.6g, "
                    + "\"predict_s\": %.6g, \"peak_rss_mb\": %.1f}%n", m.id(), task, r[0], r[2], r[3], peakRssMb());
            return;
        }
        System.out.printf(Locale.ROOT, "{\"model\": \"%s\", \"task\": \"%s\", \"value\": %.6g, \"p90\": %.6g, "
                        + "\"cpu_value\": %.6g, \"cpu_p90\": %.6g, \"peak_rss_mb\": %.1f}%n",
                m.id(), task, r[0], r.length > 1 ? r[1] : Double.NaN, r.length > 2 ? r[2] : Double.NaN,
                r.length > 3 ? r[3] : Double.NaN, peakRssMb());
    }

    /**
     * Samples/s of fit over synthetic data: epochs of 40 batches until {@code seconds} of fitting
     * have passed, after a warm-up of at least two epochs and {@link #warmUpSeconds} (JIT
     * compilation); also samples per second of process CPU time. Every epoch gets fresh random
     * inputs and labels, made outside the timed region: a network that memorises a small set of
     * random labels drives its gradients and Adam's moments into float32 denormals, whose arithmetic
     * is ~10x slower on x86, so on a fixed set the figure would depend on how many epochs a side
     * had managed to run.
     */
    static double[] train(SeedModels m, double seconds) {
        Sequential model = m.build();
        int n = TRAIN_BATCH * 40;
        Fit fit = Fit.epochs(1).batchSize(TRAIN_BATCH).verbose(0);
        long warm0 = threadCpuNanos();
        for (int i = 0; i < 2 || !warm(warm0, warmUpSeconds(seconds)); i++) model.fit(m.inputs(n), m.targets(n), fit);
        long samples = 0, wall = 0, cpu = 0;
        do {
            Tensor x = m.inputs(n), y = m.targets(n);
            long c0 = processCpuNanos(), t0 = System.nanoTime();
            model.fit(x, y, fit);
            wall += System.nanoTime() - t0;
            cpu += processCpuNanos() - c0;
            samples += n;
        } while (wall / 1e9 < seconds);
        return new double[] {samples / (wall / 1e9), Double.NaN, samples / (cpu / 1e9)};
    }

    /**
     * The warm-up before a measurement, the same on both sides: a third of it, at most 3 s, of
     * the calling thread's CPU time (so that a loaded machine does not shorten it).
     */
    static double warmUpSeconds(double seconds) {
        return Math.min(3, seconds / 3);
    }

    /** Whether the calling thread has used {@code seconds} of CPU time since {@code startCpuNanos}. */
    static boolean warm(long startCpuNanos, double seconds) {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - startCpuNanos >= seconds * 1e9;
    }

    static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** CPU time of this process, all threads (JIT and GC included), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Milliseconds per single-sample predictOnBatch: median and p90, of wall time and of this thread's CPU time. */
    static double[] latency(SeedModels m, double seconds) {
        Sequential model = m.build();
        Tensor x = m.inputs(64);
        Tensor[] one = new Tensor[64];
        for (int i = 0; i < one.length; i++) one[i] = x.narrow(0, i, 1).contiguous();
        long warm0 = threadCpuNanos();
        for (int i = 0; i < 500 || !warm(warm0, warmUpSeconds(seconds)); i++) Timing.sink += sum(model.predictOnBatch(one[i & 63]));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int calls = 0;
        double[] ms = new double[1 << 16], cpuMs = new double[1 << 16];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while ((calls < 1000 || System.nanoTime() < end) && calls < ms.length) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            Tensor out = model.predictOnBatch(one[calls & 63]);
            long t1 = System.nanoTime();
            cpuMs[calls] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
            ms[calls++] = (t1 - t) / 1e6;
            Timing.sink += sum(out);
        }
        double[] s = Arrays.copyOf(ms, calls), cs = Arrays.copyOf(cpuMs, calls);
        Arrays.sort(s);
        Arrays.sort(cs);
        int p90 = (int) Math.ceil(calls * 0.9) - 1;
        return new double[] {s[calls / 2], s[p90], cs[calls / 2], cs[p90]};
    }

    /** Samples/s of predictOnBatch on batches of 256 (and per second of process CPU time). */
    static double[] throughput(SeedModels m, double seconds) {
        Sequential model = m.build();
        Tensor x = m.inputs(INFER_BATCH);
        long warm0 = threadCpuNanos();
        for (int i = 0; i < 5 || !warm(warm0, warmUpSeconds(seconds)); i++) Timing.sink += sum(model.predictOnBatch(x));
        long samples = 0;
        long c0 = processCpuNanos(), t0 = System.nanoTime();
        do {
            Timing.sink += sum(model.predictOnBatch(x));
            samples += INFER_BATCH;
        } while ((System.nanoTime() - t0) / 1e9 < seconds);
        long c1 = processCpuNanos(), t1 = System.nanoTime();
        return new double[] {samples / ((t1 - t0) / 1e9), Double.NaN, samples / ((c1 - c0) / 1e9)};
    }

    /** Saves the freshly built model as {@code DIR/<model>.keras}, for {@link #coldStart}. */
    static double[] save(SeedModels m, Path dir) throws IOException {
        Files.createDirectories(dir);
        m.build().save(dir.resolve(m.id() + ".keras"));
        return new double[] {0};
    }

    /**
     * The cold start: this JVM loads {@code DIR/<model>.keras} ({@code keras.saving.load_model}:
     * architecture, weights, compile settings) and predicts one sample. Returns the seconds from
     * the JVM's start to the prediction, then the seconds of the load and of the prediction
     * ({@link ModelsBench} measures the figure it reports itself, from launching the process).
     */
    static double[] coldStart(SeedModels m, Path dir) throws IOException {
        long t0 = System.nanoTime();
        io.keras4j.models.Model model = io.keras4j.models.Models.load(dir.resolve(m.id() + ".keras"));
        long t1 = System.nanoTime();
        Timing.sink += sum(model.predictOnBatch(m.inputs(1)));
        long t2 = System.nanoTime();
        double sinceStart = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
        return new double[] {sinceStart, Double.NaN, (t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }

    /** Training seconds (evaluation excluded) until the CNN's Fashion-MNIST test accuracy reaches 91%. */
    static double[] accuracy(SeedModels m) throws IOException {
        if (m != SeedModels.CNN) throw new IllegalArgumentException("the accuracy task is defined for the CNN only");
        TrainTestSplit data = FashionMnist.loadData();
        Tensor xTrain = images(data.xTrain()), yTrain = data.yTrain();
        Tensor xTest = images(data.xTest()), yTest = data.yTest();
        Sequential model = m.build();
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        double trainSeconds = 0;
        for (int epoch = 1; epoch <= 30; epoch++) {
            long t0 = System.nanoTime();
            model.fit(xTrain, yTrain, Fit.epochs(1).batchSize(TRAIN_BATCH).verbose(0));
            trainSeconds += (System.nanoTime() - t0) / 1e9;
            double acc = model.evaluate(xTest, yTest, 1024).get("accuracy");
            System.err.printf(Locale.ROOT, "keras4j cnn epoch %d: %.1f s, test accuracy %.4f%n", epoch, trainSeconds, acc);
            if (acc >= 0.91) return new double[] {trainSeconds, epoch};
        }
        return new double[] {Double.POSITIVE_INFINITY, 30};
    }

    static Tensor images(Tensor x) {
        return Ops.divide(Ops.cast(Ops.expandDims(x, -1), "float32"), 255f);
    }

    private static float sum(Tensor t) {
        return t.contiguous().floatData()[t.contiguous().offset()];
    }

    /** VmHWM of this process (Linux), in MiB. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
