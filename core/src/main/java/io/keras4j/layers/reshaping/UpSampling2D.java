package io.keras4j.layers.reshaping;

import io.keras4j.saving.Config;
import io.keras4j.saving.ConfigCodec;
import io.keras4j.saving.KerasClass;
import io.keras4j.utils.ArgumentValidation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Up-samples rows and columns of {@code (batch, rows, cols, channels)} inputs by integer factors
 * ({@code keras.layers.UpSampling2D}); {@code (batch, channels, rows, cols)} with
 * {@code data_format="channels_first"}. {@code interpolation="nearest"} (the default) repeats each
 * pixel; {@code "bilinear"} interpolates with half-pixel centres and clamped edges, and
 * {@code "bicubic"}, {@code "lanczos3"} and {@code "lanczos5"} resize with those kernels, as Keras's
 * {@code ops.image.resize} (no antialiasing).
 *
 * <pre>{@code
 * new UpSampling2D().apply(Keras.input(4, 4, 3)).shape();                          // (None, 8, 8, 3)
 * new UpSampling2D(3, 2).interpolation("bilinear").apply(Keras.input(4, 4, 3)).shape();   // (None, 12, 8, 3)
 * }</pre>
 *
 */
@KerasClass(module = "keras.layers")
public class UpSampling2D extends BaseUpSampling {
    @Config private int[] size = {2, 2};
    @Config private String dataFormat = "channels_last";
    @Config private String interpolation = "nearest";

    /** Keras's interpolations (Keras 3.15 refuses "area" here, though ops.image.resize has it). */
    private static final java.util.List<String> INTERPOLATIONS = java.util.List.of("nearest", "bilinear", "bicubic", "lanczos3",
            "lanczos5");

    /** {@code UpSampling2D()}: size (2, 2), nearest. */
    public UpSampling2D() { super(2); }

    /** {@code UpSampling2D(size)}: the same factor for rows and columns. */
    public UpSampling2D(int size) { this(size, size); }

    /** {@code UpSampling2D((rows, cols))}. */
    public UpSampling2D(int rows, int cols) {
        this();
        this.size = standardize(new int[]{rows, cols});
    }

    static UpSampling2D fromConfig(Map<String, Object> config) {
        Map<String, Object> c = new LinkedHashMap<>(config);
        if (c.containsKey("size")) c.put("size", ReshapingUtils.flatTupleConfig("UpSampling2D", "size", c.get("size"), 2));
        UpSampling2D layer = new UpSampling2D();
        ConfigCodec.applyConfig(layer, c);
        return layer;
    }

    @Override
    public void onConfigLoaded() {
        size = standardize(size);
        dataFormat = ArgumentValidation.standardizeDataFormat(dataFormat);
        interpolation = checkInterpolation(interpolation);
    }

    private static int[] standardize(int[] v) {
        try {
            return ArgumentValidation.standardizeTuple(v, 2, "size", false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("UpSampling2D: " + e.getMessage(), e);
        }
    }

    private static String checkInterpolation(String interpolation) {
        String i = interpolation == null ? null : interpolation.toLowerCase(Locale.ROOT);
        if (i != null && INTERPOLATIONS.contains(i)) return i;
        throw new IllegalArgumentException("UpSampling2D: interpolation \"" + interpolation + "\" is not one of " + INTERPOLATIONS);
    }

    /** "channels_last" (the default) or "channels_first". */
    public UpSampling2D dataFormat(String dataFormat) {
        this.dataFormat = ArgumentValidation.standardizeDataFormat(dataFormat);
        return this;
    }

    /** "nearest" (the default), "bilinear", "bicubic", "lanczos3" or "lanczos5" (any case). */
    public UpSampling2D interpolation(String interpolation) {
        this.interpolation = checkInterpolation(interpolation);
        return this;
    }

    public int[] size() { return size.clone(); }

    public String dataFormat() { return dataFormat; }

    public String interpolation() { return interpolation; }

    @Override
    int[] factors() { return size; }

    @Override
    boolean channelsFirst() { return dataFormat.equals("channels_first"); }

    @Override
    String interpolationMethod() { return interpolation; }

    @Override
    public UpSampling2D name(String name) {
        super.name(name);
        return this;
    }
}
