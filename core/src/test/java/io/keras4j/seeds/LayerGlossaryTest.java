package io.keras4j.seeds;

import io.keras4j.Keras;
import io.keras4j.KerasTensor;
import io.keras4j.layers.convolutional.Conv2D;
import io.keras4j.layers.core.Dense;
import io.keras4j.layers.core.Embedding;
import io.keras4j.layers.core.Lambda;
import io.keras4j.layers.core.Masking;
import io.keras4j.layers.normalization.BatchNormalization;
import io.keras4j.layers.normalization.LayerNormalization;
import io.keras4j.layers.pooling.MaxPooling2D;
import io.keras4j.layers.preprocessing.CategoryEncoding;
import io.keras4j.layers.preprocessing.CenterCrop;
import io.keras4j.layers.preprocessing.Normalization;
import io.keras4j.layers.preprocessing.Rescaling;
import io.keras4j.layers.preprocessing.Resizing;
import io.keras4j.layers.preprocessing.TextVectorization;
import io.keras4j.layers.regularization.Dropout;
import io.keras4j.layers.reshaping.Flatten;
import io.keras4j.layers.reshaping.Reshape;
import io.keras4j.layers.rnn.LSTM;
import io.keras4j.models.Model;
import io.keras4j.models.Sequential;
import io.keras4j.ops.Ops;
import io.keras4j.random.Random;
import io.keras4j.tensor.DType;
import io.keras4j.tensor.Shapes;
import io.keras4j.tensor.Tensor;
import io.keras4j.testing.Printed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.keras4j.testing.GradCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed article 002, "Complete Glossary of Keras Neural Network Layers (with Code)": one test per
 * snippet, the Python quoted above its Java. Expected values are the seed's own printed outputs
 * where it shows them, otherwise what Keras 3.15 (JAX backend) prints for the same Python.
 */
class LayerGlossaryTest {

    @BeforeEach
    void freshSession() { Keras.clearSession(); }

    /**
     * "I. Input Layer": an input and an op applied to it, "treated like a layer". Java has no
     * operator dispatch on symbolic tensors, so the op is wrapped in a {@link Lambda} layer (Keras
     * records a {@code Square} operation instead; the model computes the same).
     */
    @Test
    void inputLayerAndAnOpTreatedAsALayer() {
        /*
         x = Input(shape=(32,))
         y = tf.square(x)  # This op will be treated like a layer
         model = Model(x, y)
        */
        KerasTensor x = Keras.input(32);
        KerasTensor y = Ops.square(x); // This op will be treated like a layer
        Model model = new Model(x, y);

        assertEquals("(None, 32)", KerasTensor.shapeString(model.outputShape()));
        assertEquals(List.of("input_layer", "square"), model.operations().stream().map(l -> l.name()).toList());
        Tensor data = Random.normal(new int[]{4, 32}, 1L);
        assertClose(Ops.square(data), model.predict(data), 0, 0);
    }

    /** The same model with the op wrapped in a Lambda layer explicitly. */
    @Test
    void inputLayerAndAnOpInALambda() {
        KerasTensor x = Keras.input(32);
        KerasTensor y = new Lambda(Ops::square).apply(x);
        Model model = new Model(x, y);

        assertEquals("(None, 32)", KerasTensor.shapeString(model.outputShape()));
        Tensor data = Random.normal(new int[]{4, 32}, 1L);
        assertClose(Ops.square(data), model.predict(data), 0, 0);
    }

    /** "II. Dense Layer": a Dense(16) given input_shape=(8,) starts a Sequential (8*16 + 16 = 144 params). */
    @Test
    void denseWithInputShapeStartsASequential() {
        String printed = Printed.by(() -> {
            /*
            model = Sequential()
            layer_1 = Dense(16, input_shape = (8,))
            model.add(layer_1)
            */
            var model = new Sequential();
            Dense layer1 = new Dense(16).inputShape(8);
            model.add(layer1);

            model.summary();
        });
        assertEquals("""
                Model: "sequential"
                ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
                ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
                ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
                │ dense (Dense)                   │ (None, 16)             │           144 │
                └─────────────────────────────────┴────────────────────────┴───────────────┘
                 Total params: 144 (576.00 B)
                 Trainable params: 144 (576.00 B)
                 Non-trainable params: 0 (0.00 B)""", printed);
    }

    /**
     * "III. Embedding Layer": 32 sequences of 10 word ids become (32, 10, 64). {@code input_length}
     * is deprecated in Keras 3 and ignored there (with a warning), so the Java leaves it out.
     */
    @Test
    void embeddingMapsEachWordToAVector() {
        String printed = Printed.by(() -> {
            /*
            model = tf.keras.Sequential()
            model.add(tf.keras.layers.Embedding(1000, 64, input_length=10))
            input_array = np.random.randint(1000, size=(32, 10))
            model.compile('rmsprop', 'mse')
            output_array = model.predict(input_array)
            print(output_array.shape)

            >>> (32, 10, 64)
            */
            var model = new Sequential();
            model.add(new Embedding(1000, 64));
            Tensor inputArray = Random.randint(new int[]{32, 10}, 0, 1000);
            model.compile("rmsprop", "mse");
            Tensor outputArray = model.predict(inputArray);
            System.out.println(Shapes.toString(outputArray.shape()));

            // each output row is the embedding of its word id
            var embeddings = ((Embedding) model.getLayer(0)).embeddings();
            int id = inputArray.toIntArray()[7];
            assertClose(Ops.slice(embeddings, new int[]{id, 0}, new int[]{1, 64}).reshape(64),
                    Ops.slice(outputArray, new int[]{0, 7, 0}, new int[]{1, 1, 64}).reshape(64), 0, 0);
        });
        assertEquals("(32, 10, 64)", printed);
    }

    /**
     * "IV. Masking Layer": "the time steps 3 and 5 will be skipped from the LSTM calculation". The
     * masked model's output equals the same LSTM run on the sequences with steps 3 and 5 removed.
     */
    @Test
    void maskingSkipsTimestepsThreeAndFive() {
        String printed = Printed.by(() -> {
            /*
            samples, timesteps, features = 32, 10, 8
            inputs = np.random.random([samples, timesteps, features]).astype(np.float32)

            inputs[:, 3, :] = 0.
            inputs[:, 5, :] = 0.

            model = tf.keras.models.Sequential()
            model.add(tf.keras.layers.Masking(mask_value=0.,
                                               input_shape=(timesteps, features)))
            model.add(tf.keras.layers.LSTM(32))
            */
            int samples = 32, timesteps = 10, features = 8;
            Tensor inputs = Random.uniform(new int[]{samples, timesteps, features}, 11L);

            inputs = Ops.sliceUpdate(inputs, new int[]{0, 3, 0}, Tensor.zeros(samples, 1, features));
            inputs = Ops.sliceUpdate(inputs, new int[]{0, 5, 0}, Tensor.zeros(samples, 1, features));

            var model = new Sequential();
            model.add(new Masking(0.).inputShape(timesteps, features));
            model.add(new LSTM(32));

            model.summary();

            // the same LSTM weights on the 8 unmasked steps give the same outputs
            var lstm = (LSTM) model.getLayer(1);
            Tensor kept = Ops.concatenate(List.of(
                    Ops.slice(inputs, new int[]{0, 0, 0}, new int[]{samples, 3, features}),
                    Ops.slice(inputs, new int[]{0, 4, 0}, new int[]{samples, 1, features}),
                    Ops.slice(inputs, new int[]{0, 6, 0}, new int[]{samples, 4, features})), 1);
            var unmasked = new LSTM(32);
            unmasked.buildFor(-1, 8, features);
            unmasked.setWeights(lstm.getWeights());
            assertClose(unmasked.apply(kept), model.predict(inputs), 1e-6, 1e-5);
        });
        assertEquals("""
                Model: "sequential"
                ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
                ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
                ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
                │ masking (Masking)               │ (None, 10, 8)          │             0 │
                ├─────────────────────────────────┼────────────────────────┼───────────────┤
                │ lstm (LSTM)                     │ (None, 32)             │         5,248 │
                └─────────────────────────────────┴────────────────────────┴───────────────┘
                 Total params: 5,248 (20.50 KB)
                 Trainable params: 5,248 (20.50 KB)
                 Non-trainable params: 0 (0.00 B)""", printed);
    }

    /**
     * "V. Lambda Layer": {@code x ** 2}, then the longer {@code antirectifier} function, added to a
     * model of 4 features. Values from Keras 3.15 ({@code K.l2_normalize} is {@code keras.ops.normalize}
     * in Keras 3 and {@code Ops.normalize} here).
     */
    @Test
    void lambdaLayersSquareAndAntirectify() {
        String printed = Printed.by(() -> {
            var model = new Sequential(Keras.input(4));
            /*
            model.add(Lambda(lambda x: x ** 2))
            */
            model.add(new Lambda(x -> Ops.power(x, 2)));
            // Keras: [[ 1.  4.  9. 16.]]
            assertClose(Tensor.of(new float[][]{{1, 4, 9, 16}}), model.predict(Tensor.of(new float[][]{{1, 2, 3, -4}})), 0, 0);

            /*
            def antirectifier(x):
                x -= K.mean(x, axis=1, keepdims=True)
                x = K.l2_normalize(x, axis=1)
                pos = K.relu(x)
                neg = K.relu(-x)

                return K.concatenate([pos, neg], axis=1)

            model.add(Lambda(antirectifier))
            */
            model.add(new Lambda(LayerGlossaryTest::antirectifier));

            model.summary();
            // Keras 3.15 on [[1, 2, 3, -4], [0.5, 0, 1, 2]]
            assertClose(Tensor.of(new float[][]{
                    {0f, 0f, 0.13206764f, 0.7483833f, 0.5722931f, 0.3081578f, 0f, 0f},
                    {0f, 0f, 0f, 0.8426514f, 0.33314127f, 0.41152745f, 0.09798273f, 0f}}),
                    model.predict(Tensor.of(new float[][]{{1, 2, 3, -4}, {0.5f, 0, 1, 2}})), 1e-6, 1e-5);
        });
        assertEquals("""
                Model: "sequential"
                ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
                ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
                ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
                │ lambda (Lambda)                 │ (None, 4)              │             0 │
                ├─────────────────────────────────┼────────────────────────┼───────────────┤
                │ lambda_1 (Lambda)               │ (None, 8)              │             0 │
                └─────────────────────────────────┴────────────────────────┴───────────────┘
                 Total params: 0 (0.00 B)
                 Trainable params: 0 (0.00 B)
                 Non-trainable params: 0 (0.00 B)""", printed);
    }

    static Tensor antirectifier(Tensor x) {
        x = Ops.subtract(x, Ops.mean(x, 1, true));
        x = Ops.normalize(x, 1, 2);
        Tensor pos = Ops.relu(x);
        Tensor neg = Ops.relu(Ops.negative(x));

        return Ops.concatenate(List.of(pos, neg), 1);
    }

    /** "Pooling Layers": MaxPooling2D((2, 2)) on a 4x4 image keeps the maximum of each 2x2 patch. */
    @Test
    void maxPoolingDownsamplesAnImage() {
        /*
        model = tf.keras.models.Sequential()
        model.add(tf.keras.layers.MaxPooling2D(pool_size=(2, 2), input_shape=(4, 4, 1)))
        model.compile('adam', 'mean_squared_error')

        model.predict(input_image, steps=1)
        */
        var model = new Sequential();
        model.add(new MaxPooling2D(new int[]{2, 2}).inputShape(4, 4, 1));
        model.compile("adam", "mean_squared_error");

        Tensor inputImage = Ops.cast(Ops.reshape(Ops.arange(16), 1, 4, 4, 1), DType.FLOAT32); // the seed leaves it to the reader
        Tensor pooled = model.predict(inputImage);

        // Keras 3.15: model.predict(np.arange(16).reshape(1, 4, 4, 1))[..., 0] == [[[5, 7], [13, 15]]]
        assertClose(Tensor.of(new float[]{5, 7, 13, 15}, 1, 2, 2, 1), pooled, 0, 0);
    }

    /** "Convolutional Layer": Conv2D(2, 3) on four 28x28 RGB images gives (4, 26, 26, 2). */
    @Test
    void conv2dOnABatchOfImages() {
        String printed = Printed.by(() -> {
            /*
            input_shape = (4, 28, 28, 3)
            x = tf.random.normal(input_shape)
            y = tf.keras.layers.Conv2D(2, 3, activation='relu', input_shape=input_shape[1:])(x)

            print(y.shape)
            >>> (4, 26, 26, 2)
            */
            int[] inputShape = {4, 28, 28, 3};
            Tensor x = Random.normal(inputShape);
            Tensor y = new Conv2D(2, 3, "relu").inputShape(28, 28, 3).apply(x);

            System.out.println(Shapes.toString(y.shape()));
        });
        assertEquals("(4, 26, 26, 2)", printed);
    }

    /**
     * "I. Text Preprocessing": a TextVectorization given its vocabulary directly; the seed leaves
     * {@code max_features} undefined, 5000 here. The vocabulary starts with the padding token and
     * the OOV token, as the seed prints.
     */
    @Test
    void textVectorizationWithAGivenVocabulary() {
        String printed = Printed.by(() -> {
            int maxFeatures = 5000;
            /*
            vocab_data = ["earth", "wind", "and", "fire"]
            max_len = 4  # Sequence length to pad the outputs to.

            vectorize_layer = TextVectorization(
              max_tokens=max_features,
              output_mode='int',
              output_sequence_length=max_len,
              vocabulary=vocab_data)

            vectorize_layer.get_vocabulary()
            >>> ['', '[UNK]', 'earth', 'wind', 'and', 'fire']
            */
            List<String> vocabData = List.of("earth", "wind", "and", "fire");
            int maxLen = 4; // Sequence length to pad the outputs to.

            var vectorizeLayer = new TextVectorization()
                    .maxTokens(maxFeatures)
                    .outputMode("int")
                    .outputSequenceLength(maxLen)
                    .vocabulary(vocabData);

            System.out.println(vectorizeLayer.getVocabulary());
            assertEquals(List.of("", "[UNK]", "earth", "wind", "and", "fire"), vectorizeLayer.getVocabulary());

            // each text becomes maxLen indices: padded with 0, unknown words 1, longer texts cut
            Tensor ids = vectorizeLayer.apply("earth wind", "Fire and earth and wind", "water");
            assertArrayEquals(new long[]{2, 3, 0, 0, 5, 4, 2, 4, 1, 0, 0, 0}, ids.toLongArray());
            assertArrayEquals(new int[]{3, 4}, ids.shape());
        });
        assertEquals("[, [UNK], earth, wind, and, fire]", printed); // Java's List.toString of ['', '[UNK]', 'earth', ...]
    }

    /** "II. Numerical Preprocessing": Normalization with a given mean 3 and variance 2 computes (x - 3) / sqrt(2). */
    @Test
    void normalizationWithAGivenMeanAndVariance() {
        /*
        input_data = np.array([[1.], [2.], [3.]], np.float32)
        layer = Normalization(mean=3., variance=2.)
        layer(input_data)

        >>> <tf.Tensor: shape=(3, 1), dtype=float32,
             numpy= array([[-1.4142135 ],
                           [-0.70710677],
                           [ 0.        ]], dtype=float32)>
        */
        Tensor inputData = Tensor.of(new float[][]{{1f}, {2f}, {3f}});
        var layer = new Normalization().meanAndVariance(3., 2.);
        Tensor output = layer.apply(inputData);

        assertClose(Tensor.of(new float[][]{{-1.4142135f}, {-0.70710677f}, {0f}}), output, 0, 1e-7);
    }

    /** "III. Categorical Preprocessing": CategoryEncoding one-hot encodes [3, 2, 0, 1] over 4 tokens. */
    @Test
    void categoryEncodingOneHot() {
        /*
        tf.keras.layers.experimental.preprocessing.CategoryEncoding(
             num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs
         )
        */
        // Keras 3.15's config: {'name': 'category_encoding', 'trainable': True, 'dtype': ..., 'num_tokens': 4, 'output_mode': 'multi_hot'}
        // (sparse=False is the dense output keras4j gives; Keras writes no "sparse" key)
        assertEquals(List.of("name", "trainable", "dtype", "num_tokens", "output_mode"), List.copyOf(new CategoryEncoding(4).getConfig().keySet()));
        assertEquals("multi_hot", new CategoryEncoding(4).getConfig().get("output_mode"));
        /*
        layer = tf.keras.layers.experimental.preprocessing.CategoryEncoding(
                  num_tokens=4, output_mode="one_hot")
        layer([3, 2, 0, 1])

        >>>  <tf.Tensor: shape=(4, 4), dtype=float32, numpy=
               array([[0., 0., 0., 1.],
                      [0., 0., 1., 0.],
                      [1., 0., 0., 0.],
                      [0., 1., 0., 0.]], dtype=float32)>
        */
        var layer = new CategoryEncoding(4, "one_hot");
        Tensor encoded = layer.apply(Tensor.ofInts(3, 2, 0, 1));

        assertClose(Tensor.of(new float[][]{{0, 0, 0, 1}, {0, 0, 1, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}}), encoded, 0, 0);
    }

    /**
     * "IV. Image Preprocessing": the article names Resizing (which can also change the aspect ratio),
     * Rescaling and CenterCrop without code; here each on a batch of one 4x4 (or 4x6) image, values
     * from Keras 3.15. "Except for the Rescaling layer, the input and output tensors should be 4D":
     * Keras 3 (and keras4j) also take a single unbatched 3-D image.
     */
    @Test
    void imagePreprocessingLayers() {
        Tensor image = Ops.cast(Ops.reshape(Ops.arange(16), 1, 4, 4, 1), DType.FLOAT32);
        Tensor wide = Ops.cast(Ops.reshape(Ops.arange(24), 1, 4, 6, 1), DType.FLOAT32);

        // 1. Resizing: keras.layers.Resizing(2, 2), bilinear by default
        assertClose(Tensor.of(new float[]{2.5f, 4.5f, 10.5f, 12.5f}, 1, 2, 2, 1), new Resizing(2, 2).apply(image), 0, 1e-6);
        // ... keeping the aspect ratio: crop_to_aspect_ratio=True takes the central 4x4 of the 4x6 image first
        assertClose(Tensor.of(new float[]{4.5f, 6.5f, 16.5f, 18.5f}, 1, 2, 2, 1),
                new Resizing(2, 2).cropToAspectRatio(true).apply(wide), 0, 1e-6);
        // ... or pad_to_aspect_ratio=True pads it to 6x6 with zeros
        assertClose(Tensor.of(new float[]{1, 4, 19, 22}, 1, 2, 2, 1), new Resizing(2, 2).padToAspectRatio(true).apply(wide), 0, 1e-5);

        // 2. Rescaling: x * scale + offset, on any shape: Rescaling(1/255.) and Rescaling(1/127.5, offset=-1)
        Tensor pixels = Tensor.of(new float[][]{{0, 51, 255}});
        assertClose(Tensor.of(new float[][]{{0f, 0.20000002f, 1f}}), new Rescaling(1 / 255.).apply(pixels), 0, 1e-7);
        assertClose(Tensor.of(new float[][]{{-1f, -0.59999996f, 1f}}), new Rescaling(1 / 127.5, -1).apply(pixels), 0, 1e-7);

        // 3. CenterCrop: CenterCrop(2, 2) keeps the middle 2x2
        assertClose(Tensor.of(new float[]{5, 6, 9, 10}, 1, 2, 2, 1), new CenterCrop(2, 2).apply(image), 0, 0);

        // a single 3-D image works too: (4, 4, 1) -> (2, 2, 1)
        Tensor single = image.reshape(4, 4, 1);
        assertArrayEquals(new int[]{2, 2, 1}, new CenterCrop(2, 2).apply(single).shape());
        assertArrayEquals(new int[]{2, 2, 1}, new Resizing(2, 2).apply(single).shape());
    }

    /** "I. Batch Normalization Layer": the class structure's defaults, and adding one to a Sequential. */
    @Test
    void batchNormalizationDefaults() {
        /*
        tf.keras.layers.BatchNormalization(
             axis=-1,
             momentum=0.99,
             epsilon=0.001,
             center=True,
             scale=True,
             beta_initializer="zeros",
             gamma_initializer="ones",
             moving_mean_initializer="zeros",
             moving_variance_initializer="ones",
             beta_regularizer=None,
             gamma_regularizer=None,
             beta_constraint=None,
             gamma_constraint=None,
             **kwargs
         )
        */
        Map<String, Object> config = new BatchNormalization().getConfig();
        Map<String, Object> documented = new LinkedHashMap<>();
        documented.put("axis", -1);
        documented.put("momentum", 0.99);
        documented.put("epsilon", 0.001);
        documented.put("center", true);
        documented.put("scale", true);
        documented.put("beta_initializer", "Zeros");
        documented.put("gamma_initializer", "Ones");
        documented.put("moving_mean_initializer", "Zeros");
        documented.put("moving_variance_initializer", "Ones");
        documented.put("beta_regularizer", null);
        documented.put("gamma_regularizer", null);
        documented.put("beta_constraint", null);
        documented.put("gamma_constraint", null);
        assertEquals(documented, Configs.classNames(config, documented.keySet()));

        /*
        model = Sequential()
        model.add(BatchNormalization())
        */
        var model = new Sequential();
        model.add(new BatchNormalization());

        // built by its first data; in inference it uses the moving statistics (mean 0, variance 1 at the start)
        Tensor x = Random.normal(new int[]{6, 3}, 2L);
        assertClose(Ops.divide(x, (float) Math.sqrt(1 + 0.001)), model.predict(x), 1e-6, 1e-6);
        assertEquals(List.of(3, 3, 3, 3), model.getWeights().stream().map(Tensor::size).toList()); // gamma, beta, moving mean, moving variance
    }

    /** "II. Layer Normalization Layer": the class structure's defaults, and one normalizing the last axis of 4-D data. */
    @Test
    void layerNormalizationOverAxisThree() {
        /*
        tf.keras.layers.LayerNormalization(
             axis=-1,
             epsilon=0.001,
             center=True,
             scale=True,
             beta_initializer="zeros",
             gamma_initializer="ones",
             beta_regularizer=None,
             gamma_regularizer=None,
             beta_constraint=None,
             gamma_constraint=None,
             **kwargs
         )
        */
        Map<String, Object> documented = new LinkedHashMap<>();
        documented.put("axis", -1);
        documented.put("epsilon", 0.001);
        documented.put("center", true);
        documented.put("scale", true);
        documented.put("beta_initializer", "Zeros");
        documented.put("gamma_initializer", "Ones");
        documented.put("beta_regularizer", null);
        documented.put("gamma_regularizer", null);
        documented.put("beta_constraint", null);
        documented.put("gamma_constraint", null);
        assertEquals(documented, Configs.classNames(new LayerNormalization().getConfig(), documented.keySet()));

        /*
         model_lay = tf.keras.models.Sequential([
         tf.keras.layers.LayerNormalization(axis=3 , center=True , scale=True)
         ])
        */
        var modelLay = new Sequential(
                new LayerNormalization(3).center(true).scale(true)
        );

        // Keras 3.15: model_lay(np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4)), each row of 4 -> +-1.3411044, +-0.44703484
        Tensor out = modelLay.predict(Ops.cast(Ops.reshape(Ops.arange(24), 1, 2, 3, 4), DType.FLOAT32));
        float[] row = {-1.3411044f, -0.44703478f, 0.44703484f, 1.3411044f};
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) expected[i] = row[i % 4];
        assertClose(Tensor.of(expected, 1, 2, 3, 4), out, 1e-6, 1e-5);
    }

    /**
     * "Dropout Layer": in training, rate 0.2 zeroes inputs and scales the rest by 1 / 0.8. Which
     * inputs are dropped depends on the random generator (the seed's TensorFlow run and Keras 3 on
     * JAX drop different ones), so the test checks the rule, and the rate on a large input.
     */
    @Test
    void dropoutZeroesSomeInputsAndScalesTheRest() {
        Tensor[] out = new Tensor[2];
        String printed = Printed.by(() -> {
            /*
            tf.random.set_seed(0)
            layer = tf.keras.layers.Dropout(.2, input_shape=(2,))
            data = np.arange(10).reshape(5, 2).astype(np.float32)
            print(data)

            outputs = layer(data, training=True)
            print(outputs)
            */
            Random.setRandomSeed(0);
            Dropout layer = new Dropout(.2).inputShape(2);
            Tensor data = Ops.cast(Ops.reshape(Ops.arange(10), 5, 2), DType.FLOAT32);
            System.out.println(data);

            Tensor outputs = layer.apply(data, true);
            System.out.println(outputs);
            out[0] = data;
            out[1] = outputs;
        });
        assertTrue(printed.startsWith("""
                Tensor([[0.0, 1.0],
                        [2.0, 3.0],
                        [4.0, 5.0],
                        [6.0, 7.0],
                        [8.0, 9.0]], shape=(5, 2), dtype=float32)
                Tensor([["""), printed);
        float[] data = out[0].toFloatArray(), outputs = out[1].toFloatArray();
        for (int i = 0; i < 10; i++) {
            assertTrue(outputs[i] == 0f || outputs[i] == data[i] * 1.25f, "element " + i + ": " + outputs[i]);
        }
        // outside training, Dropout passes its input through
        assertClose(out[0], new Dropout(.2).apply(out[0]), 0, 0);
        // the dropped fraction is the rate
        Tensor ones = Tensor.ones(100, 100);
        float kept = Ops.mean(Ops.cast(Ops.notEqual(new Dropout(.2).apply(ones, true), Tensor.scalar(0f)), DType.FLOAT32)).item();
        assertEquals(0.8, kept, 0.02);
    }

    /** "I. Reshape Layer": (12,) becomes (None, 3, 4). */
    @Test
    void reshapeTwelveToThreeByFour() {
        String printed = Printed.by(() -> {
            /*
            model = tf.keras.Sequential()
            model.add(tf.keras.layers.Reshape((3, 4), input_shape=(12,)))
            model.output_shape

            >>>  (None, 3, 4)
            */
            var model = new Sequential();
            model.add(new Reshape(3, 4).inputShape(12));
            System.out.println(KerasTensor.shapeString(model.outputShape()));
        });
        assertEquals("(None, 3, 4)", printed);
    }

    /**
     * "II. Flatten Layer": Conv2D(64, 3, 3) is 64 filters of 3x3 with strides 3, on channels-last
     * input (3, 32, 32): height (3 - 3) / 3 + 1 = 1, width (32 - 3) / 3 + 1 = 10, so Flatten gives
     * 1 * 10 * 64 = 640, as the seed prints.
     */
    @Test
    void flattenAfterAStridedConvolution() {
        String printed = Printed.by(() -> {
            /*
            model = tf.keras.Sequential()
            model.add(tf.keras.layers.Conv2D(64, 3, 3, input_shape=(3, 32, 32)))
            model.add(Flatten())
            model.output_shape

            >>>  (None, 640)
            */
            var model = new Sequential();
            model.add(new Conv2D(64, 3).strides(3).inputShape(3, 32, 32));
            model.add(new Flatten());
            System.out.println(KerasTensor.shapeString(model.outputShape()));
        });
        assertEquals("(None, 640)", printed);
    }
}
