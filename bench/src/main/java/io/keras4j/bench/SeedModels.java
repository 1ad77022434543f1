package io.keras4j.bench;

import io.keras4j.Keras;
import io.keras4j.layers.core.Dense;
import io.keras4j.layers.core.Embedding;
import io.keras4j.layers.convolutional.Conv2D;
import io.keras4j.layers.pooling.MaxPooling2D;
import io.keras4j.layers.regularization.Dropout;
import io.keras4j.layers.reshaping.Flatten;
import io.keras4j.layers.rnn.LSTM;
import io.keras4j.models.Sequential;
import io.keras4j.random.Random;
import io.keras4j.tensor.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * The seeds' three models with the shapes of the performance issue, and synthetic data of the
 * right shape for throughput runs. bench/python/torch_models.py builds the same three in PyTorch.
 */
enum SeedModels {
    MLP, CNN, LSTM;

    static final int VOCABULARY = 10_000;
    static final int SEQUENCE_LENGTH = 50;

    static SeedModels parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every model's id. */
    static List<String> ids() {
        return java.util.Arrays.stream(values()).map(SeedModels::id).toList();
    }

    /** The model, compiled with Adam (learning rate 1e-3) and the seeds' loss. */
    Sequential build() {
        Keras.clearSession();
        Sequential model = switch (this) {
            case MLP -> new Sequential(
                    Keras.input(784),
                    new Dense(256, "relu"), new Dropout(0.2),
                    new Dense(128, "relu"), new Dropout(0.2),
                    new Dense(10, "softmax"));
            case CNN -> new Sequential(
                    Keras.input(28, 28, 1),
                    new Conv2D(32, 3, "relu"), new MaxPooling2D(2),
                    new Conv2D(64, 3, "relu"), new MaxPooling2D(2),
                    new Flatten(), new Dense(128, "relu"), new Dense(10, "softmax"));
            case LSTM -> new Sequential(
                    Keras.input(new int[] {SEQUENCE_LENGTH}, io.keras4j.tensor.DType.INT32, null),
                    new Embedding(VOCABULARY, 128),
                    new io.keras4j.layers.rnn.LSTM(64),
                    new Dense(1, "sigmoid"));
        };
        String loss = this == LSTM ? "binary_crossentropy" : "sparse_categorical_crossentropy";
        model.compile("adam", loss);
        return model;
    }

    /** n random inputs of the model's input shape (uniform pixels, or token ids). */
    Tensor inputs(int n) {
        return switch (this) {
            case MLP -> Random.uniform(new int[] {n, 784});
            case CNN -> Random.uniform(new int[] {n, 28, 28, 1});
            case LSTM -> Random.randint(new int[] {n, SEQUENCE_LENGTH}, 0, VOCABULARY);
        };
    }

    /** n random targets: class ids, or 0/1 labels for the LSTM's sigmoid output. */
    Tensor targets(int n) {
        return switch (this) {
            case MLP, CNN -> Random.randint(new int[] {n}, 0, 10);
            case LSTM -> io.keras4j.ops.Ops.cast(Random.randint(new int[] {n, 1}, 0, 2), "float32");
        };
    }
}
