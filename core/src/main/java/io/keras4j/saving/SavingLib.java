package io.keras4j.saving;

import io.keras4j.layers.Layer;
import io.keras4j.models.Model;
import io.keras4j.saving.hdf5.Hdf5File;
import io.keras4j.saving.hdf5.Hdf5Writer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Keras 3's {@code saving_lib}: the {@code .keras} archive and the {@code .weights.h5} file.
 *
 * <p>A {@code .keras} file is a zip holding {@code metadata.json}, {@code config.json} (the model's
 * serialized config with its {@code build_config} and {@code compile_config}), {@code model.weights.h5}
 * (every variable, filed by the object walk of {@link ObjectWalk}: {@code layers/dense/vars/0},
 * {@code optimizer/vars/0}, ...) and an {@code assets/} folder for layers that save files
 * ({@link io.keras4j.layers.Layer#saveAssets}). Files written here load in Python Keras 3, and Keras-written files load here.
 *
 * <p>Saving is atomic: everything is written to a temporary file beside the target, flushed to disk,
 * and moved over the target in one step, so an interrupted save leaves the previous file intact.
 *
 * <p>Loading a hostile archive is bounded: entry names that would escape the archive (zip-slip),
 * entries that inflate past their declared size or beyond {@value #MAX_RATIO}x their compressed
 * size (zip bombs), oversized configs, too many entries, and corrupt or truncated archives all
 * fail with an error naming the file, the entry and the problem. Nothing in a file is ever executed.
 */
public final class SavingLib {
    private SavingLib() {}

    /** The Keras version whose file format keras4j writes, recorded in {@code metadata.json}. */
    public static final String KERAS_VERSION = "3.15.1";

    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    static final String ASSETS = "assets";

    static final long MAX_CONFIG_BYTES = 256L << 20;
    static final long MAX_METADATA_BYTES = 1L << 20;
    static final long MAX_WEIGHTS_BYTES = 64L << 30;
    static final long MAX_ASSETS_BYTES = 4L << 30;
    static final int MAX_ENTRIES = 100_000;
    static final long MAX_RATIO = 100;
    /** Weights a loaded config may create beyond what the weights file holds (state Keras does not save). */
    static final long WEIGHT_SLACK_BYTES = 16L << 20;

    // ------------------------------------------------------------------ .keras

    /** {@code model.save(path)}: writes a Keras 3 {@code .keras} archive, atomically. */
    public static void saveModel(Model model, Path path) throws IOException {
        if (!path.getFileName().toString().endsWith(".keras")) {
            throw new IllegalArgumentException("Invalid `filepath` argument: expected a `.keras` extension. Received: filepath=" + path);
        }
        byte[] config = Json.write(Serialization.serialize(model)).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("keras_version", KERAS_VERSION);
        meta.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        byte[] metadata = Json.write(meta).getBytes(StandardCharsets.UTF_8);
        writeAtomically(path, tmp -> {
            Path work = Files.createTempDirectory("keras4j-save");
            try {
                Path h5 = work.resolve(WEIGHTS);
                Path assets = work.resolve(ASSETS);
                Hdf5Writer w = new Hdf5Writer();
                WeightsIO.save(model, w.root(), assets);
                w.write(h5);
                try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                    storedEntry(zip, METADATA, metadata);
                    storedEntry(zip, CONFIG, config);
                    storedEntry(zip, WEIGHTS, h5);
                    if (Files.isDirectory(assets)) {
                        List<Path> files;
                        try (var s = Files.walk(assets)) {
                            files = s.filter(Files::isRegularFile).sorted().toList();
                        }
                        for (Path f : files) {
                            String rel = assets.relativize(f).toString().replace('\\', '/');
                            storedEntry(zip, ASSETS + "/" + rel, f);
                        }
                    }
                }
            } finally {
                WeightsIO.deleteTree(work);
            }
        });
    }

    /** {@code keras.saving.load_model(path)}: architecture, weights, compile settings and optimizer state. */
    public static Model loadModel(Path path) throws IOException {
        return loadModel(path, true);
    }

    /** As {@link #loadModel(Path)}; with {@code compile == false} the model comes back uncompiled. */
    public static Model loadModel(Path path, boolean compile) throws IOException {
        String file = path.toString();
        try (ZipFile zf = openArchive(path)) {
            List<ZipEntry> entries = checkEntries(zf, file);
            ZipEntry configEntry = zf.getEntry(CONFIG);
            if (configEntry == null) {
                throw new IllegalArgumentException(file + " is not a Keras 3 .keras archive: it has no " + CONFIG
                        + " (entries: " + entries.stream().limit(10).map(ZipEntry::getName).toList() + ")");
            }
            String configJson = new String(readEntry(zf, configEntry, MAX_CONFIG_BYTES, file), StandardCharsets.UTF_8);
            Object parsed;
            try {
                parsed = Json.parse(configJson);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + CONFIG + " is not valid JSON: " + e.getMessage(), e);
            }
            if (!(parsed instanceof Map<?, ?>)) throw new IllegalArgumentException(file + ": " + CONFIG + " does not hold a serialized model");
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) parsed;
            if (!compile) config.remove("compile_config");
            ZipEntry weights = zf.getEntry(WEIGHTS);
            // every weight the config creates must be backed by the weights file (plus slack for unsaved state)
            long budget = (weights == null || weights.getSize() < 0 ? 0 : weights.getSize()) + WEIGHT_SLACK_BYTES;
            Model model;
            try {
                model = LoadBudget.within(budget, file, () -> Serialization.deserialize(config, Model.class));
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new IllegalArgumentException(file + ": cannot rebuild the model from " + CONFIG + ": " + message(e), e);
            }
            if (weights == null) {
                if (zf.getEntry("model.weights.npz") != null) {
                    throw new IllegalArgumentException(file + ": weights saved in the npz format (weights_format=\"npz\") are not supported; "
                            + "save with the default h5 format");
                }
                throw new IllegalArgumentException(file + ": expected a model.weights.h5 file in the archive");
            }
            boolean hasAssets = false;
            for (ZipEntry e : entries) hasAssets |= e.getName().startsWith(ASSETS + "/") && !e.isDirectory();
            Path work = hasAssets || !inMemory(weights) ? Files.createTempDirectory("keras4j-load") : null;
            try {
                Path assets = hasAssets ? extractAssets(zf, entries, work.resolve(ASSETS), file) : null;
                try (Hdf5File f = openWeights(zf, weights, work, file)) {
                    finish(WeightsIO.load(model, f.root(), assets), false, file);
                }
            } finally {
                if (work != null) WeightsIO.deleteTree(work);
            }
            return model;
        }
    }

    /**
     * The {@code .keras} archive of {@code model} as bytes, exactly what {@link #saveModel} writes to a
     * file: for sending a model somewhere (keras4j-spark broadcasts it to its executors) without the
     * caller handling files. The archive passes through a temporary file, deleted before returning.
     */
    public static byte[] toBytes(Model model) throws IOException {
        Path dir = Files.createTempDirectory("keras4j-bytes");
        try {
            Path file = dir.resolve("model.keras");
            saveModel(model, file);
            return Files.readAllBytes(file);
        } finally {
            WeightsIO.deleteTree(dir);
        }
    }

    /** {@link #loadModel(Path)} from the bytes of a {@code .keras} archive (as {@link #toBytes} gives them). */
    public static Model fromBytes(byte[] archive) throws IOException {
        return fromBytes(archive, true);
    }

    /**
     * As {@link #fromBytes(byte[])}; with {@code compile == false} the model comes back uncompiled. The
     * archive is checked as a file would be (through a temporary file, deleted before returning).
     */
    public static Model fromBytes(byte[] archive, boolean compile) throws IOException {
        Path dir = Files.createTempDirectory("keras4j-bytes");
        try {
            Path file = dir.resolve("model.keras");
            Files.write(file, archive);
            return loadModel(file, compile);
        } finally {
            WeightsIO.deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------ weights only

    /** {@code model.save_weights(path)}: a {@code .weights.h5} file, written atomically. */
    public static void saveWeights(Layer model, Path path) throws IOException {
        if (!path.getFileName().toString().endsWith(".weights.h5")) {
            throw new IllegalArgumentException("The filename must end in `.weights.h5`. Received: filepath=" + path);
        }
        Hdf5Writer w = new Hdf5Writer();
        WeightsIO.save(model, w.root(), null);
        writeAtomically(path, w::write);
    }

    /**
     * {@code model.load_weights(path, skip_mismatch)} from a {@code .weights.h5} file or the weights
     * of a {@code .keras} archive. Objects whose variables do not match (count or shapes) fail the
     * load, naming each; with {@code skipMismatch} they are left as they are and reported as a warning.
     */
    public static void loadWeights(Layer model, Path path, boolean skipMismatch) throws IOException {
        String name = path.getFileName().toString();
        if (name.endsWith(".keras")) {
            try (ZipFile zf = openArchive(path)) {
                checkEntries(zf, path.toString());
                ZipEntry weights = zf.getEntry(WEIGHTS);
                if (weights == null) throw new IllegalArgumentException(path + ": expected a model.weights.h5 file in the archive");
                Path work = inMemory(weights) ? null : Files.createTempDirectory("keras4j-load");
                try {
                    try (Hdf5File f = openWeights(zf, weights, work, path.toString())) {
                        finish(WeightsIO.load(model, f.root(), null), skipMismatch, path.toString());
                    }
                } finally {
                    if (work != null) WeightsIO.deleteTree(work);
                }
            }
        } else if (name.endsWith(".weights.h5")) {
            try (Hdf5File f = Hdf5File.open(path)) {
                finish(WeightsIO.load(model, f.root(), null), skipMismatch, path.toString());
            }
        } else {
            throw new IllegalArgumentException("loadWeights: expected a `.weights.h5` or `.keras` file, got " + path
                    + " (legacy Keras 2 `.h5` weights load through the legacy importer)");
        }
    }

    private static void finish(WeightsIO.Failures f, boolean warnOnly, String file) {
        for (String w : f.warnings) System.err.println("keras4j: " + file + ": " + w);
        if (f.isEmpty()) return;
        if (warnOnly) System.err.println("keras4j: " + file + ": " + f.message());
        else throw new IllegalArgumentException(file + ": " + f.message());
    }

    // ------------------------------------------------------------------ atomic writes

    /** Writes a file's content. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path tmp) throws IOException;
    }

    /**
     * Writes {@code target} atomically: {@code writer} fills a temporary file in the same folder,
     * which is flushed to disk and then moved over {@code target} in one step. If the writer fails,
     * the temporary file is removed and {@code target} is untouched.
     */
    public static void writeAtomically(Path target, FileWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            writer.write(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ------------------------------------------------------------------ zip, bounded

    private static ZipFile openArchive(Path path) throws IOException {
        if (!Files.isRegularFile(path)) throw new java.io.FileNotFoundException("No such file: " + path);
        try {
            return new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new IllegalArgumentException(path + " is not a valid .keras archive (a zip file); it is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    /** Lists the entries, refusing too many and names that would escape the archive (zip-slip). */
    private static List<ZipEntry> checkEntries(ZipFile zf, String file) {
        List<ZipEntry> out = new ArrayList<>();
        try {
            Enumeration<? extends ZipEntry> en = zf.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (out.size() >= MAX_ENTRIES) throw new IllegalArgumentException(file + ": the archive has more than " + MAX_ENTRIES + " entries");
                checkEntryName(e.getName(), file);
                out.add(e);
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file)) throw e;
            throw new IllegalArgumentException(file + ": corrupt archive: " + e.getMessage(), e);
        }
        return out;
    }

    static void checkEntryName(String name, String file) {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\\") || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':');
        for (String part : name.split("/")) if (part.equals("..")) bad = true;
        if (bad) {
            throw new IllegalArgumentException(file + ": refusing archive entry '" + name.replace("\0", "\\0")
                    + "': its path would escape the archive's folder (zip-slip)");
        }
    }

    private static byte[] readEntry(ZipFile zf, ZipEntry e, long max, String file) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        copyBounded(zf, e, out, max, file);
        return out.toByteArray();
    }

    /**
     * Weights files up to this size are read from the archive into memory rather than extracted to
     * a temporary file: no file to write, flush and delete (a fifth of a small model's load), for
     * a transient copy the size of the weights.
     */
    static final long IN_MEMORY_WEIGHTS_BYTES = 64L << 20;
    /** {@link #IN_MEMORY_WEIGHTS_BYTES}, lowered by tests to take the temporary-file path. */
    static volatile long inMemoryWeightsBytes = IN_MEMORY_WEIGHTS_BYTES;

    private static boolean inMemory(ZipEntry weights) {
        return weights.getSize() >= 0 && weights.getSize() <= inMemoryWeightsBytes;
    }

    /** The archive's weights file, read into memory when small ({@link #inMemory}), else extracted into {@code work}. */
    private static Hdf5File openWeights(ZipFile zf, ZipEntry weights, Path work, String file) throws IOException {
        String name = file + "!/" + WEIGHTS;
        if (inMemory(weights)) return Hdf5File.open(readEntry(zf, weights, weights.getSize(), file), name);
        Path h5 = work.resolve(WEIGHTS);
        extract(zf, weights, h5, MAX_WEIGHTS_BYTES, file);
        return Hdf5File.open(h5, name);
    }

    private static void extract(ZipFile zf, ZipEntry e, Path to, long max, String file) throws IOException {
        Files.createDirectories(to.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(to), 1 << 16)) {
            copyBounded(zf, e, out, max, file);
        }
    }

    /** Copies an entry, stopping at its declared size, at {@code max}, and past 64 MiB at {@value #MAX_RATIO}x its compressed size. */
    private static long copyBounded(ZipFile zf, ZipEntry e, OutputStream out, long max, String file) throws IOException {
        long declared = e.getSize();
        if (declared > max) {
            throw new IllegalArgumentException(file + ": archive entry '" + e.getName() + "' declares " + declared + " bytes, over the limit of " + max);
        }
        long limit = max;
        if (declared >= 0) limit = Math.min(limit, declared);
        long compressed = e.getCompressedSize();
        // a deflated entry may expand up to MAX_RATIO times (more only below 64 MiB: zero-filled weights compress very well)
        if (e.getMethod() == ZipEntry.DEFLATED && compressed >= 0) limit = Math.min(limit, Math.max(64L << 20, compressed * MAX_RATIO));
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = zf.getInputStream(e)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw new IllegalArgumentException(file + ": archive entry '" + e.getName() + "' inflates past " + limit + " bytes "
                            + "(declared " + declared + ", compressed " + compressed + "): a corrupt archive or a zip bomb");
                }
                out.write(buf, 0, n);
            }
        } catch (ZipException | java.io.EOFException ex) {
            throw new IllegalArgumentException(file + ": archive entry '" + e.getName() + "' is corrupt or truncated: " + ex.getMessage(), ex);
        }
        if (declared >= 0 && total != declared) {
            throw new IllegalArgumentException(file + ": archive entry '" + e.getName() + "' holds " + total + " bytes, not the declared " + declared);
        }
        return total;
    }

    /** Extracts {@code assets/...} entries into {@code dir}; null when there are none. */
    private static Path extractAssets(ZipFile zf, List<ZipEntry> entries, Path dir, String file) throws IOException {
        long total = 0;
        boolean any = false;
        for (ZipEntry e : entries) {
            if (!e.getName().startsWith(ASSETS + "/") || e.isDirectory()) continue;
            Path to = dir.resolve(e.getName().substring(ASSETS.length() + 1)).normalize();
            if (!to.startsWith(dir)) checkEntryName("../" + e.getName(), file); // cannot happen after checkEntryName; belt and braces
            Files.createDirectories(to.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(to))) {
                total += copyBounded(zf, e, out, MAX_ASSETS_BYTES - total, file);
            }
            any = true;
        }
        return any ? dir : null;
    }

    private static void storedEntry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static void storedEntry(ZipOutputStream zip, String name, Path file) throws IOException {
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
                size += n;
            }
        }
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    private static String message(Throwable e) {
        if (e instanceof StackOverflowError) return "the config nests too deeply";
        if (e instanceof OutOfMemoryError) return "it declares tensors too large to allocate";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
