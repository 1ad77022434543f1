package io.keras4j.layers.reshaping;

import io.keras4j.Keras;
import io.keras4j.layers.Layer;
import io.keras4j.saving.Serialization;
import io.keras4j.tensor.Tensor;
import io.keras4j.testing.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.keras4j.layers.LayerChecks.assertConfig;
import static io.keras4j.layers.LayerChecks.dict;
import static io.keras4j.layers.LayerChecks.roundTrip;
import static io.keras4j.layers.reshaping.ReshapingLayersTest.arange;
import static io.keras4j.layers.reshaping.ReshapingLayersTest.noMaskSupport;
import static io.keras4j.testing.GradCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Cropping, ZeroPadding and UpSampling in 1D, 2D and 3D against Keras 3.15 (JAX backend); reference values from that venv. */
class SpatialReshapingLayersTest {

    @BeforeEach
    void freshNames() { Keras.clearSession(); }

    private static List<List<Integer>> pairs(int... v) {
        List<List<Integer>> out = new java.util.ArrayList<>();
        for (int i = 0; i < v.length; i += 2) out.add(List.of(v[i], v[i + 1]));
        return out;
    }

    /** x[b, :, :, c] of a (batch, h, w, channels) tensor, flattened. */
    private static float[] plane(Tensor t, int b, int c) {
        int[] s = t.shape();
        float[] out = new float[s[1] * s[2]];
        for (int i = 0; i < s[1]; i++) for (int j = 0; j < s[2]; j++) out[i * s[2] + j] = t.getFloat(b, i, j, c);
        return out;
    }

    // ------------------------------------------------------------------ Cropping

    @Test
    void croppingConfigs() {
        var c1 = new Cropping1D();
        var c2 = new Cropping2D();
        var c2b = new Cropping2D(new int[][]{{1, 2}, {3}}).dataFormat("channels_first");
        var c3 = new Cropping3D();
        assertConfig(dict("name", "cropping1d", "trainable", true, "dtype", "float32", "cropping", List.of(1, 1)), c1);
        assertConfig(dict("name", "cropping2d", "trainable", true, "dtype", "float32", "cropping", pairs(0, 0, 0, 0),
                "data_format", "channels_last"), c2);
        // Keras: Cropping2D(((1, 2), 3)).get_config()['cropping'] == ((1, 2), (3, 3))
        assertConfig(dict("name", "cropping2d_1", "trainable", true, "dtype", "float32", "cropping", pairs(1, 2, 3, 3),
                "data_format", "channels_first"), c2b);
        assertConfig(dict("name", "cropping3d", "trainable", true, "dtype", "float32", "cropping", pairs(1, 1, 1, 1, 1, 1),
                "data_format", "channels_last"), c3);
        for (Layer l : List.of(c1, c2, c2b, c3)) roundTrip(l);
        assertArrayEquals(new int[]{2, 2}, new Cropping1D(2).cropping());
        assertArrayEquals(new int[][]{{2, 2}, {4, 4}}, new Cropping2D(2, 4).cropping());
        assertArrayEquals(new int[][]{{3, 3}, {3, 3}, {3, 3}}, new Cropping3D(3).cropping());
        // Keras: Cropping3D(((1, 2), 3, (4, 5))) -> ((1, 2), (3, 3), (4, 5))
        assertArrayEquals(new int[][]{{1, 2}, {3, 3}, {4, 5}}, new Cropping3D(new int[][]{{1, 2}, {3}, {4, 5}}).cropping());
        // the Keras 2 configs in the corpus (kjs_convolutional_Cropping*), and an int where Keras takes one
        Layer k2 = Serialization.deserialize(dict("class_name", "Cropping2D", "config", dict("name", "cropping2d_3", "trainable", true,
                "cropping", pairs(4, 2, 3, 1), "data_format", "channels_first")), Layer.class);
        assertArrayEquals(new int[][]{{4, 2}, {3, 1}}, ((Cropping2D) k2).cropping());
        Layer k1 = Serialization.deserialize(dict("class_name", "Cropping1D", "config", dict("name", "c", "cropping", 3)), Layer.class);
        assertArrayEquals(new int[]{3, 3}, ((Cropping1D) k1).cropping());
        Layer k3 = Serialization.deserialize(dict("class_name", "Cropping3D", "config", dict("name", "c3", "cropping", List.of(1, 2, 3))),
                Layer.class);
        assertArrayEquals(new int[][]{{1, 1}, {2, 2}, {3, 3}}, ((Cropping3D) k3).cropping());
    }

    /** Keras 3.15 values: Cropping1D((1, 2)) on arange(24).reshape(2, 4, 3); Cropping2D/3D on aranges, both layouts. */
    @Test
    void croppingValues() {
        assertClose(Tensor.of(new float[]{3, 4, 5, 15, 16, 17}, 2, 1, 3), new Cropping1D(1, 2).apply(arange(2, 4, 3)), 0, 0);
        Tensor x4 = arange(2, 4, 5, 3);
        Tensor y = new Cropping2D(new int[][]{{1, 2}, {0, 1}}).apply(x4);
        assertArrayEquals(new int[]{2, 1, 4, 3}, y.shape());
        assertArrayEquals(new float[]{15, 18, 21, 24}, plane(y, 0, 0));
        Tensor cf = new Cropping2D(new int[][]{{1, 0}, {1, 1}}).dataFormat("channels_first").apply(x4);
        assertArrayEquals(new int[]{2, 4, 4, 1}, cf.shape());
        assertArrayEquals(new float[]{64, 67, 70, 73}, cf.narrow(0, 1, 1).narrow(1, 0, 1).reshape(4).toFloatArray());
        // Cropping3D(((1, 0), (2, 2), (0, 1)))(arange(240).reshape(1, 4, 5, 6, 2))[0, :, 0, :, 1]
        Tensor x5 = arange(1, 4, 5, 6, 2);
        Tensor y3 = new Cropping3D(new int[][]{{1, 0}, {2, 2}, {0, 1}}).apply(x5);
        assertArrayEquals(new int[]{1, 3, 1, 5, 2}, y3.shape());
        assertArrayEquals(new float[]{85, 87, 89, 91, 93, 145, 147, 149, 151, 153, 205, 207, 209, 211, 213},
                y3.narrow(4, 1, 1).reshape(15).toFloatArray());
        // Cropping3D(1, data_format='channels_first') on x5.transpose(0, 4, 1, 2, 3): [0, 1, :, :, 0]
        Tensor y3cf = new Cropping3D(1).dataFormat("channels_first").apply(x5.transpose(0, 4, 1, 2, 3));
        assertArrayEquals(new int[]{1, 2, 2, 3, 4}, y3cf.shape());
        assertArrayEquals(new float[]{75, 87, 99, 135, 147, 159}, y3cf.narrow(1, 1, 1).narrow(4, 0, 1).reshape(6).toFloatArray());
        assertArrayEquals(new int[]{-1, 24, 20, 3}, new Cropping2D(2, 4).apply(Keras.input(28, 28, 3)).shape());
        assertArrayEquals(new int[]{-1, 7, 4, 7, 3}, new Cropping3D(new int[][]{{1, 0}, {2, 2}, {0, 1}}).apply(Keras.input(8, 8, 8, 3)).shape());
        assertArrayEquals(new int[]{-1, -1, 3}, new Cropping1D(1, 1).computeOutputShape(new int[]{-1, -1, 3}));
        noMaskSupport(new Cropping1D(), arange(2, 4, 3));
    }

    @Test
    void croppingErrors() {
        assertEquals("Layer \"c\" (Cropping1D): `cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: "
                + "input_shape=(None, 3, 4), cropping=(2, 2)",
                assertThrows(IllegalArgumentException.class, () -> new Cropping1D(2).name("c").computeOutputShape(new int[]{-1, 3, 4}))
                        .getMessage());
        assertEquals("Layer \"c2\" (Cropping2D): values in `cropping` argument should be smaller than the corresponding spatial dimension "
                + "of the input. Received: input_shape=(2, 4, 5, 3), cropping=((2, 2), (0, 0))",
                assertThrows(IllegalArgumentException.class, () -> new Cropping2D(new int[][]{{2, 2}, {0, 0}}).name("c2")
                        .apply(arange(2, 4, 5, 3))).getMessage());
        assertEquals("Cropping2D: `cropping` cannot be negative. Received: cropping=-1.",
                assertThrows(IllegalArgumentException.class, () -> new Cropping2D(-1)).getMessage());
        assertEquals("Cropping2D: The `1st entry of cropping` argument must be a tuple of 2 integers. Received 1st entry of cropping=[1, -1], "
                + "including values that do not satisfy `value >= 0`",
                assertThrows(IllegalArgumentException.class, () -> new Cropping2D(new int[][]{{1, -1}, {0, 0}})).getMessage());
        assertEquals("Cropping2D: `cropping` should have two elements. Received: cropping=[[1], [2], [3]].",
                assertThrows(IllegalArgumentException.class, () -> new Cropping2D(new int[][]{{1}, {2}, {3}})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Cropping1D(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Cropping3D().apply(arange(2, 3, 4, 5)));
    }

    @Test
    void croppingGradients() {
        GradCheck.check("Cropping1D", xs -> new Cropping1D(1, 2).apply(xs[0]), GradCheck.uniform(1, 2, 5, 2));
        GradCheck.check("Cropping2D channels_first", xs -> new Cropping2D(new int[][]{{1, 0}, {0, 2}}).dataFormat("channels_first").apply(xs[0]),
                GradCheck.uniform(2, 1, 2, 3, 4));
        GradCheck.check("Cropping3D", xs -> new Cropping3D(new int[][]{{1, 0}, {0, 1}, {1, 1}}).apply(xs[0]), GradCheck.uniform(3, 1, 2, 2, 3, 1));
    }

    // ------------------------------------------------------------------ ZeroPadding

    @Test
    void zeroPaddingConfigs() {
        var p1 = new ZeroPadding1D(2);
        var p2 = new ZeroPadding2D();
        var p2b = new ZeroPadding2D(2, 1).dataFormat("channels_first");
        var p3 = new ZeroPadding3D();
        // Keras 3.15: ZeroPadding1D(2).get_config(), ZeroPadding2D().get_config(), ZeroPadding2D((2, 1)) pads ((2, 2), (1, 1))
        assertConfig(dict("name", "zero_padding1d", "trainable", true, "dtype", "float32", "padding", List.of(2, 2),
                "data_format", "channels_last"), p1);
        assertConfig(dict("name", "zero_padding2d", "trainable", true, "dtype", "float32", "padding", pairs(1, 1, 1, 1),
                "data_format", "channels_last"), p2);
        assertConfig(dict("name", "zero_padding2d_1", "trainable", true, "dtype", "float32", "padding", pairs(2, 2, 1, 1),
                "data_format", "channels_first"), p2b);
        assertConfig(dict("name", "zero_padding3d", "trainable", true, "dtype", "float32", "padding", pairs(1, 1, 1, 1, 1, 1),
                "data_format", "channels_last"), p3);
        for (Layer l : List.of(p1, p2, p2b, p3)) roundTrip(l);
        // Keras: ZeroPadding2D(3) -> ((3, 3), (3, 3)); ZeroPadding2D(((1, 2), 3)) -> ((1, 2), (3, 3))
        assertArrayEquals(new int[][]{{3, 3}, {3, 3}}, new ZeroPadding2D(3).padding());
        assertArrayEquals(new int[][]{{1, 2}, {3, 3}}, new ZeroPadding2D(new int[][]{{1, 2}, {3}}).padding());
        assertArrayEquals(new int[][]{{1, 1}, {2, 2}, {0, 0}}, new ZeroPadding3D(1, 2, 0).padding());
        assertArrayEquals(new int[]{1, 3}, new ZeroPadding1D(1, 3).padding());
        // the Keras 2 configs in the corpus (kjs_convolutional_ZeroPadding*), and an int
        Layer k2 = Serialization.deserialize(dict("class_name", "ZeroPadding3D", "config", dict("name", "zero_padding3d_3", "trainable", true,
                "padding", pairs(3, 3, 2, 2, 2, 2), "data_format", "channels_first")), Layer.class);
        assertArrayEquals(new int[][]{{3, 3}, {2, 2}, {2, 2}}, ((ZeroPadding3D) k2).padding());
        Layer k1 = Serialization.deserialize(dict("class_name", "ZeroPadding1D", "config", dict("name", "z", "padding", 4)), Layer.class);
        assertArrayEquals(new int[]{4, 4}, ((ZeroPadding1D) k1).padding());
        assertEquals("ZeroPadding2D: `padding` cannot be negative. Received: padding=-2.",
                assertThrows(IllegalArgumentException.class, () -> new ZeroPadding2D(-2)).getMessage());
        assertEquals("ZeroPadding3D: `padding` should have 3 elements. Received: padding=[[1], [2]].",
                assertThrows(IllegalArgumentException.class, () -> new ZeroPadding3D(new int[][]{{1}, {2}})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ZeroPadding1D(1, -1));
    }

    /** Keras 3.15: ZeroPadding1D((1, 2)), ZeroPadding1D(1, 'channels_first'), ZeroPadding2D(((1, 0), (2, 1))), ZeroPadding2D((1, 0), 'channels_first') on ones. */
    @Test
    void zeroPaddingValues() {
        assertClose(Tensor.of(new float[]{0, 0, 1, 1, 1, 1, 0, 0, 0, 0}, 1, 5, 2), new ZeroPadding1D(1, 2).apply(Tensor.ones(1, 2, 2)), 0, 0);
        assertClose(Tensor.of(new float[]{0, 1, 1, 0, 0, 1, 1, 0}, 1, 2, 4),
                new ZeroPadding1D(1).dataFormat("channels_first").apply(Tensor.ones(1, 2, 2)), 0, 0);
        assertClose(Tensor.of(new float[]{0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0}, 1, 3, 5, 1),
                new ZeroPadding2D(new int[][]{{1, 0}, {2, 1}}).apply(Tensor.ones(1, 2, 2, 1)), 0, 0);
        assertClose(Tensor.of(new float[]{0, 0, 1, 1, 1, 1, 0, 0}, 1, 1, 4, 2),
                new ZeroPadding2D(1, 0).dataFormat("channels_first").apply(Tensor.ones(1, 1, 2, 2)), 0, 0);
        assertArrayEquals(new int[]{1, 2, 2, 3, 2}, new ZeroPadding3D(new int[][]{{1, 0}, {0, 1}, {1, 1}}).apply(Tensor.ones(1, 1, 1, 1, 2)).shape());
        assertArrayEquals(new int[]{-1, 7, 7, 7, 1}, new ZeroPadding3D(2).apply(Keras.input(3, 3, 3, 1)).shape());
        assertArrayEquals(new int[]{-1, 3, -1, 5}, new ZeroPadding2D().dataFormat("channels_first").computeOutputShape(new int[]{-1, 3, -1, 3}));
        noMaskSupport(new ZeroPadding1D(), arange(2, 4, 3));
        GradCheck.check("ZeroPadding1D", xs -> new ZeroPadding1D(1, 2).apply(xs[0]), GradCheck.uniform(1, 2, 3, 2));
        GradCheck.check("ZeroPadding2D channels_first", xs -> new ZeroPadding2D(new int[][]{{0, 1}, {2, 0}}).dataFormat("channels_first")
                .apply(xs[0]), GradCheck.uniform(2, 1, 2, 2, 3));
        GradCheck.check("ZeroPadding3D", xs -> new ZeroPadding3D(1, 0, 1).apply(xs[0]), GradCheck.uniform(3, 1, 2, 2, 2, 1));
    }

    // ------------------------------------------------------------------ UpSampling

    /** x4s = np.arange(12, dtype=float32).reshape(1, 2, 3, 2) ** 1.3 */
    static Tensor x4s() {
        float[] v = new float[12];
        for (int i = 0; i < 12; i++) v[i] = (float) Math.pow(i, 1.3);
        return Tensor.of(v, 1, 2, 3, 2);
    }

    @Test
    void upSamplingConfigs() {
        var u1 = new UpSampling1D();
        var u2 = new UpSampling2D();
        var u2b = new UpSampling2D(3).interpolation("BILINEAR");
        var u3 = new UpSampling3D().dataFormat("channels_first");
        assertConfig(dict("name", "up_sampling1d", "trainable", true, "dtype", "float32", "size", 2), u1);
        assertConfig(dict("name", "up_sampling2d", "trainable", true, "dtype", "float32", "size", List.of(2, 2),
                "data_format", "channels_last", "interpolation", "nearest"), u2);
        // Keras 3.15: UpSampling2D(3, interpolation='BILINEAR').get_config(): size (3, 3), interpolation lower-cased
        assertConfig(dict("name", "up_sampling2d_1", "trainable", true, "dtype", "float32", "size", List.of(3, 3),
                "data_format", "channels_last", "interpolation", "bilinear"), u2b);
        assertConfig(dict("name", "up_sampling3d", "trainable", true, "dtype", "float32", "size", List.of(2, 2, 2),
                "data_format", "channels_first"), u3);
        for (Layer l : List.of(u1, u2, u2b, u3)) roundTrip(l);
        // Keras 2 configs in the corpus (no interpolation key), and an int size
        Layer k2 = Serialization.deserialize(dict("class_name", "UpSampling2D", "config", dict("name", "up_sampling2d_2", "trainable", true,
                "size", List.of(3, 2), "data_format", "channels_last")), Layer.class);
        assertArrayEquals(new int[]{3, 2}, ((UpSampling2D) k2).size());
        assertEquals("nearest", ((UpSampling2D) k2).interpolation());
        Layer k3 = Serialization.deserialize(dict("class_name", "UpSampling3D", "config", dict("name", "u", "size", 2)), Layer.class);
        assertArrayEquals(new int[]{2, 2, 2}, ((UpSampling3D) k3).size());
        assertEquals("UpSampling2D: The `size` argument must be a tuple of 2 integers. Received size=[0, 2], including values that do not "
                + "satisfy `value > 0`", assertThrows(IllegalArgumentException.class, () -> new UpSampling2D(0, 2)).getMessage());
        assertEquals("UpSampling1D: argument `size` should be a positive integer. Received: size=0",
                assertThrows(IllegalArgumentException.class, () -> new UpSampling1D(0)).getMessage());
        assertEquals("UpSampling2D: interpolation \"area\" is not one of [nearest, bilinear, bicubic, lanczos3, lanczos5]",
                assertThrows(IllegalArgumentException.class, () -> new UpSampling2D().interpolation("area")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UpSampling3D(1, 0, 1));
    }

    /** Keras 3.15: UpSampling1D(3), UpSampling2D((2, 3)) nearest, UpSampling2D((1, 2), channels_first), UpSampling3D both layouts. */
    @Test
    void upSamplingNearestValues() {
        assertClose(Tensor.of(new float[]{0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3}, 1, 6, 2), new UpSampling1D(3).apply(arange(1, 2, 2)), 0, 0);
        Tensor y = new UpSampling2D(2, 3).apply(x4s());
        assertArrayEquals(new int[]{1, 4, 9, 2}, y.shape());
        float[] a = {0, 1, 2.46228862f, 4.17116737f, 6.06286621f, 8.10328197f}, b = {10.2706175f, 12.5495281f, 14.9285269f, 17.3986359f,
                19.9526196f, 22.5844975f};
        float[] expected = new float[72];
        for (int r = 0; r < 4; r++) {
            float[] src = r < 2 ? a : b;
            for (int c = 0; c < 9; c++) for (int ch = 0; ch < 2; ch++) expected[(r * 9 + c) * 2 + ch] = src[(c / 3) * 2 + ch];
        }
        assertClose(Tensor.of(expected, 1, 4, 9, 2), y, 1e-6, 1e-6);
        Tensor xcf = x4s().transpose(0, 3, 1, 2);
        assertClose(Tensor.of(new float[]{0, 0, 2.46228862f, 2.46228862f, 6.06286621f, 6.06286621f, 10.2706175f, 10.2706175f, 14.9285269f,
                14.9285269f, 19.9526196f, 19.9526196f, 1, 1, 4.17116737f, 4.17116737f, 8.10328197f, 8.10328197f, 12.5495281f, 12.5495281f,
                17.3986359f, 17.3986359f, 22.5844975f, 22.5844975f}, 1, 2, 2, 6),
                new UpSampling2D(1, 2).dataFormat("channels_first").apply(xcf), 1e-6, 1e-6);
        Tensor x5 = arange(1, 2, 1, 2, 2);
        assertClose(Tensor.of(new float[]{0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3, 4, 5, 4, 5, 6, 7, 6, 7, 4, 5, 4, 5, 6, 7, 6, 7},
                1, 2, 2, 4, 2), new UpSampling3D(1, 2, 2).apply(x5), 0, 0);
        assertClose(Tensor.of(new float[]{0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7}, 1, 2, 2, 2, 2),
                new UpSampling3D(2, 1, 1).dataFormat("channels_first").apply(x5), 0, 0);
        assertArrayEquals(new int[]{-1, 4, 2, 4, 3}, new UpSampling3D().apply(Keras.input(2, 1, 2, 3)).shape());
        assertArrayEquals(new int[]{-1, -1, 8, 3}, new UpSampling2D().computeOutputShape(new int[]{-1, -1, 4, 3}));
        noMaskSupport(new UpSampling1D(), arange(2, 4, 3));
    }

    /** Keras 3.15: UpSampling2D((2, 3), interpolation='bilinear')(x4s), and (3, 2) channels_first on x4s.transpose(0, 3, 1, 2). */
    @Test
    void upSamplingBilinearValues() {
        assertClose(Tensor.of(new float[]{0, 1, 0, 1, 0.820762992f, 2.05705595f, 1.64152598f, 3.1141119f, 2.46228862f, 4.17116737f,
                3.66248131f, 5.48187256f, 4.86267376f, 6.79257727f, 6.06286621f, 8.10328197f, 6.06286621f, 8.10328197f, 2.56765437f, 3.88738203f,
                2.56765437f, 3.88738203f, 3.57138562f, 5.08426619f, 4.57511711f, 6.28115082f, 5.57884789f, 7.4780345f, 6.89766693f, 8.89321899f,
                8.21648598f, 10.3084021f, 9.53530502f, 11.7235851f, 9.53530502f, 11.7235851f, 7.70296288f, 9.66214561f, 7.70296288f, 9.66214561f,
                9.07263088f, 11.1386871f, 10.4422989f, 12.6152287f, 11.8119669f, 14.0917683f, 13.3680382f, 15.71591f, 14.9241095f, 17.3400517f,
                16.4801807f, 18.9641933f, 16.4801807f, 18.9641933f, 10.2706175f, 12.5495281f, 10.2706175f, 12.5495281f, 11.8232536f, 14.1658974f,
                13.3758907f, 15.7822666f, 14.9285269f, 17.3986359f, 16.6032238f, 19.1272564f, 18.2779217f, 20.8558769f, 19.9526196f, 22.5844975f,
                19.9526196f, 22.5844975f}, 1, 4, 9, 2), new UpSampling2D(2, 3).interpolation("bilinear").apply(x4s()), 2e-6, 1e-6);
        assertClose(Tensor.of(new float[]{0, 0.615572155f, 1.8467164f, 3.36243296f, 5.16272163f, 6.06286621f, 0, 0.615572155f, 1.8467164f,
                3.36243296f, 5.16272163f, 6.06286621f, 3.42353964f, 4.22208023f, 5.81916142f, 7.63647175f, 9.67401409f, 10.6927853f, 6.84707928f,
                7.82858801f, 9.79160595f, 11.910511f, 14.1853065f, 15.3227034f, 10.2706175f, 11.4350948f, 13.7640495f, 16.1845493f, 18.6965961f,
                19.9526196f, 10.2706175f, 11.4350948f, 13.7640495f, 16.1845493f, 18.6965961f, 19.9526196f, 1, 1.79279184f, 3.37837553f, 5.15419579f,
                7.12025356f, 8.10328197f, 1, 1.79279184f, 3.37837553f, 5.15419579f, 7.12025356f, 8.10328197f, 4.84984303f, 5.78246307f, 7.64770412f,
                9.66783142f, 11.8428469f, 12.9303551f, 8.69968605f, 9.77213478f, 11.9170322f, 14.1814671f, 16.5654411f, 17.7574272f, 12.5495281f,
                13.7618046f, 16.1863594f, 18.6951008f, 21.2880325f, 22.5844975f, 12.5495281f, 13.7618046f, 16.1863594f, 18.6951008f, 21.2880325f,
                22.5844975f}, 1, 2, 6, 6),
                new UpSampling2D(3, 2).dataFormat("channels_first").interpolation("bilinear").apply(x4s().transpose(0, 3, 1, 2)), 2e-6, 1e-6);
    }

    /**
     * Keras 3.15 (JAX): UpSampling2D((2, 3), interpolation=m)(x4s) for m = bicubic, lanczos3, and
     * UpSampling2D((3, 2), data_format='channels_first', interpolation='lanczos5')(x4s.transpose(0, 3, 1, 2)).
     */
    @Test
    void upSampling2DResizeKernelsMatchKeras() {
        assertClose(Tensor.of(new float[]{-1.1450270414352417f, -0.337299108505249f, -0.906231164932251f, -0.019076108932495117f,
                -0.40024828910827637f, 0.6831116676330566f, 0.3849351406097412f, 1.7593588829040527f, 1.3623268604278564f,
                3.004037857055664f, 2.6413228511810303f, 4.448311805725098f, 3.9569129943847656f, 5.875570774078369f,
                4.837299823760986f, 6.825529098510742f, 5.2030863761901855f, 7.2277913093566895f, 1.8204225301742554f,
                3.0220088958740234f, 2.127485513687134f, 3.3924026489257812f, 2.7978765964508057f, 4.218544960021973f,
                3.8286967277526855f, 5.480704307556152f, 5.044581413269043f, 6.9111433029174805f, 6.505054473876953f,
                8.50985336303711f, 7.9660139083862305f, 10.067936897277832f, 8.940030097961426f, 11.102964401245117f,
                9.350077629089355f, 11.544208526611328f, 7.700702667236328f, 9.683282852172852f, 8.143134117126465f,
                10.157127380371094f, 9.139534950256348f, 11.229063034057617f, 10.65743637084961f, 12.859871864318848f,
                12.346235275268555f, 14.658662796020508f, 14.166565895080566f, 16.563608169555664f, 15.915782928466797f,
                18.381107330322266f, 17.075458526611328f, 19.584821701049805f, 17.573274612426758f, 20.103363037109375f,
                10.666152000427246f, 13.042591094970703f, 11.176851272583008f, 13.568607330322266f, 12.337660789489746f,
                14.764497756958008f, 14.10119915008545f, 16.581218719482422f, 16.028491973876953f, 18.56576919555664f,
                18.030298233032227f, 20.625150680541992f, 19.924884796142578f, 22.573474884033203f, 21.178192138671875f,
                23.86225700378418f, 21.720264434814453f, 24.419782638549805f}, 1, 4, 9, 2),
                new UpSampling2D(2, 3).interpolation("bicubic").apply(x4s()), 1e-5, 1e-5);
        assertClose(Tensor.of(new float[]{-1.9951832294464111f, -1.3353862762451172f, -1.8022652864456177f, -1.0266857147216797f,
                -1.5433639287948608f, -0.589127779006958f, -0.9493104219436646f, 0.28427577018737793f, 0.27474093437194824f,
                1.8500404357910156f, 1.785057783126831f, 3.603548049926758f, 2.924832344055176f, 4.834853172302246f,
                3.6255226135253906f, 5.562150955200195f, 4.085487365722656f, 6.045989990234375f, 2.0768754482269287f,
                3.290688991546631f, 2.39172625541687f, 3.689547300338745f, 2.835941791534424f, 4.262968063354492f,
                3.7335758209228516f, 5.364682674407959f, 5.3653106689453125f, 7.251458168029785f, 7.212453842163086f,
                9.287046432495117f, 8.520731925964355f, 10.672451972961426f, 9.297384262084961f, 11.475534439086914f,
                9.813180923461914f, 12.013216018676758f, 7.404512882232666f, 9.343169212341309f, 7.878893852233887f,
                9.859984397888184f, 8.565564155578613f, 10.611159324645996f, 9.860383033752441f, 12.011582374572754f,
                12.025506973266602f, 14.31834888458252f, 14.313333511352539f, 16.722993850708008f, 15.842070579528809f,
                18.310016632080078f, 16.718107223510742f, 19.212249755859375f, 17.30695343017578f, 19.820377349853516f,
                11.476571083068848f, 13.969243049621582f, 12.072884559631348f, 14.576214790344238f, 12.944869041442871f,
                15.463254928588867f, 14.543269157409668f, 17.09198760986328f, 17.11607551574707f, 19.719764709472656f,
                19.7407283782959f, 22.406492233276367f, 21.43796730041504f, 24.147611618041992f, 22.38996696472168f,
                25.125633239746094f, 23.034643173217773f, 25.787601470947266f}, 1, 4, 9, 2),
                new UpSampling2D(2, 3).interpolation("Lanczos3").apply(x4s()), 1e-5, 1e-5);
        assertClose(Tensor.of(new float[]{-2.887049674987793f, -2.948946714401245f, -2.1461682319641113f, 0.06754112243652344f,
                1.6982450485229492f, 2.274186134338379f, 0.03052915260195732f, 0.07398321479558945f, 1.196588397026062f,
                3.8692219257354736f, 5.684584617614746f, 6.261742115020752f, 3.361771583557129f, 3.5255136489868164f,
                5.013291835784912f, 8.209917068481445f, 10.236120223999023f, 10.814665794372559f, 6.841858386993408f,
                7.131263256072998f, 9.000530242919922f, 12.744561195373535f, 14.9910249710083f, 15.57102108001709f,
                10.173099517822266f, 10.582792282104492f, 12.817232131958008f, 17.085254669189453f, 19.542558670043945f,
                20.123943328857422f, 13.090679168701172f, 13.60572338104248f, 16.159990310668945f, 20.886938095092773f,
                23.528900146484375f, 24.111501693725586f, -2.320235252380371f, -2.2068395614624023f, -0.9587852954864502f,
                1.8007326126098633f, 3.5861568450927734f, 4.113546848297119f, 0.9780607223510742f, 1.1632254123687744f,
                2.6527390480041504f, 5.7840094566345215f, 7.73663330078125f, 8.278578758239746f, 4.743999481201172f,
                5.0111083984375f, 6.776317119598389f, 10.332047462463379f, 12.475576400756836f, 13.034143447875977f,
                8.678205490112305f, 9.03092098236084f, 11.084142684936523f, 15.08329963684082f, 17.4262638092041f,
                18.002193450927734f, 12.444143295288086f, 12.878802299499512f, 15.207718849182129f, 19.631336212158203f,
                22.165205001831055f, 22.757755279541016f, 15.742440223693848f, 16.248868942260742f, 18.819246292114258f,
                23.614614486694336f, 26.315683364868164f, 26.92279052734375f}, 1, 2, 6, 6),
                new UpSampling2D(3, 2).dataFormat("channels_first").interpolation("lanczos5").apply(x4s().transpose(0, 3, 1, 2)),
                1e-5, 1e-5);
        // the layer's config keeps the name Keras keeps (lower-cased) and round-trips
        UpSampling2D layer = new UpSampling2D(2).interpolation("BICUBIC");
        assertEquals("bicubic", layer.getConfig().get("interpolation"));
    }

    @Test
    void upSamplingGradients() {
        GradCheck.check("UpSampling1D", xs -> new UpSampling1D(2).apply(xs[0]), GradCheck.uniform(1, 1, 3, 2));
        GradCheck.check("UpSampling2D nearest", xs -> new UpSampling2D(2, 3).apply(xs[0]), GradCheck.uniform(2, 1, 2, 2, 2));
        GradCheck.check("UpSampling2D bilinear", xs -> new UpSampling2D(2).interpolation("bilinear").apply(xs[0]), GradCheck.uniform(3, 1, 2, 3, 2));
        GradCheck.check("UpSampling2D bicubic", xs -> new UpSampling2D(2).interpolation("bicubic").apply(xs[0]), GradCheck.uniform(6, 1, 2, 3, 2));
        GradCheck.check("UpSampling2D bilinear channels_first", xs -> new UpSampling2D(3, 2).interpolation("bilinear").dataFormat("channels_first")
                .apply(xs[0]), GradCheck.uniform(4, 1, 2, 2, 2));
        GradCheck.check("UpSampling3D channels_first", xs -> new UpSampling3D(2, 1, 2).dataFormat("channels_first").apply(xs[0]),
                GradCheck.uniform(5, 1, 1, 2, 2, 2));
    }
}
