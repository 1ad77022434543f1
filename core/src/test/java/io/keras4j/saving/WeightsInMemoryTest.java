package io.keras4j.saving;

import io.keras4j.Keras;
import io.keras4j.layers.core.Dense;
import io.keras4j.models.Model;
import io.keras4j.models.Models;
import io.keras4j.models.Sequential;
import io.keras4j.random.Random;
import io.keras4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** A .keras archive's weights load the same read into memory (small files) or through a temporary file (large ones). */
class WeightsInMemoryTest {

    @Test
    void bothPathsLoadTheSameWeights(@TempDir Path dir) throws Exception {
        Random.setRandomSeed(5);
        Model m = new Sequential(Keras.input(6), new Dense(5, "relu"), new Dense(2));
        m.compile("adam", "mse");
        Path file = dir.resolve("m.keras");
        m.save(file);
        Tensor x = Random.normal(new int[]{3, 6});
        float[] expected = m.predict(x).toFloatArray();

        Model inMemory = Models.load(file);
        assertArrayEquals(expected, inMemory.predict(x).toFloatArray(), 0f);

        long old = SavingLib.inMemoryWeightsBytes;
        SavingLib.inMemoryWeightsBytes = 0; // every weights file is "large": extracted to a temporary file
        try {
            Model viaFile = Models.load(file);
            assertArrayEquals(expected, viaFile.predict(x).toFloatArray(), 0f);
            Model fresh = new Sequential(Keras.input(6), new Dense(5, "relu"), new Dense(2));
            fresh.loadWeights(file);
            assertArrayEquals(expected, fresh.predict(x).toFloatArray(), 0f);
        } finally {
            SavingLib.inMemoryWeightsBytes = old;
        }
        Model fresh = new Sequential(Keras.input(6), new Dense(5, "relu"), new Dense(2));
        fresh.loadWeights(file);
        assertArrayEquals(expected, fresh.predict(x).toFloatArray(), 0f);
    }
}
