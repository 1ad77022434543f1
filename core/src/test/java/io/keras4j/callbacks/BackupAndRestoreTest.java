package io.keras4j.callbacks;

import io.keras4j.Keras;
import io.keras4j.Variable;
import io.keras4j.layers.Layer;
import io.keras4j.layers.core.Dense;
import io.keras4j.models.Sequential;
import io.keras4j.optimizers.Adam;
import io.keras4j.optimizers.schedules.ExponentialDecay;
import io.keras4j.random.Random;
import io.keras4j.tensor.Tensor;
import io.keras4j.trainers.Fit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.keras4j.callbacks.CheckpointFixtures.files;
import static io.keras4j.callbacks.TinyModels.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** keras/src/callbacks/backup_and_restore_test.py, and an interrupted run resumed to the same weights as an uninterrupted one. */
class BackupAndRestoreTest {
    @TempDir Path tmp;

    /** Throws after the {@code steps}-th training batch or the {@code epochs}-th epoch end, as Keras's InterruptingCallback. */
    private static final class Interrupting extends Callback {
        private final Integer steps, epochs;
        private int batchCount, epochCount;

        Interrupting(Integer steps, Integer epochs) {
            this.steps = steps;
            this.epochs = epochs;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            if (epochs != null && ++epochCount == epochs) throw new IllegalStateException("EpochInterruption");
        }

        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            if (steps != null && ++batchCount == steps) throw new IllegalStateException("StepsInterruption");
        }
    }

    /** Counts its calls in a non-trainable variable, which the backup saves with the weights. */
    private static final class Canary extends Layer {
        Variable counter;

        @Override
        public void build(int[] inputShape) {
            counter = addWeight("counter", new int[0], "zeros", false);
        }

        @Override
        public Tensor call(Tensor x) {
            counter.assignAdd(Tensor.scalar(1f));
            return x;
        }
    }

    private static Sequential canaryModel() {
        Keras.clearSession();
        Random.setRandomSeed(5);
        Canary canary = new Canary();
        Sequential model = new Sequential(Keras.input(3), canary, new Dense(1));
        model.compile("sgd", "mse", "mse");
        canary.counter.assign(Tensor.scalar(0f)); // building the model called it symbolically
        return model;
    }

    private static int counter(Sequential model) {
        return (int) ((Canary) model.layers().get(0)).counter.value().item();
    }

    private static final Tensor X = CheckpointFixtures.x(10, 0);
    private static final Tensor Y = Tensor.of(new float[]{0.1f, 0.9f, 0.4f, 0.3f, 0.8f, 0.5f, 0.2f, 0.7f, 0.6f, 0.0f}, 10, 1);

    private static io.keras4j.callbacks.History fit(Sequential model, int epochs, Callback... cbs) {
        return model.fit(X, Y, Fit.epochs(epochs).batchSize(4).shuffle(false).verbose(0).callbacks(cbs));
    }

    @Test
    void saveFreqAndBackupDirAreChecked() {
        assertEquals("Invalid value for argument `save_freq`. Received: save_freq=batch. Expected either 'epoch' or an integer value.",
                assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore("backup_dir").saveFreq("batch")).getMessage());
        assertEquals("Empty `backup_dir` argument passed",
                assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore("")).getMessage());
        assertEquals("Empty `backup_dir` argument passed",
                assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore((String) null)).getMessage());
        assertEquals("Empty `backup_dir` argument passed",
                assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore((Path) null)).getMessage());
    }

    @Test
    void stepBackupRestartsTheInterruptedEpochAsKerasDoes() throws IOException {
        // test_best_case_step: 10 samples in batches of 4 is 3 batches an epoch; a backup after every batch
        Path backupDir = tmp.resolve("subdir");
        Sequential model = canaryModel();
        var cbk = new BackupAndRestore(backupDir).saveFreq(1);
        var e = assertThrows(IllegalStateException.class, () -> fit(model, 2, cbk, new Interrupting(2, null)));
        assertEquals("StepsInterruption", e.getMessage());
        assertTrue(Files.exists(backupDir));
        assertEquals(0, cbk.currentEpoch());
        assertEquals(1, cbk.lastBatchSeen());
        assertEquals(2, counter(model));
        // Keras's metadata, byte for byte: the epoch in progress and the last batch seen
        assertEquals("{\"epoch\": 0, \"batch\": 1}", Files.readString(backupDir.resolve("training_metadata.json")));

        var hist = fit(model, 5, cbk);
        assertEquals(5, cbk.currentEpoch());
        assertEquals(List.of(0, 1, 2, 3, 4), hist.epoch());
        // Keras 3.15 restores the epoch only: epoch 0 runs again from its first batch on the backed-up state
        assertEquals(17, counter(model));
        assertFalse(Files.exists(backupDir));
    }

    @Test
    void epochBackupResumesAtTheNextEpoch() throws IOException {
        // test_best_case_epoch
        Path backupDir = tmp.resolve("subdir");
        Sequential model = canaryModel();
        assertEquals(0, counter(model));
        var cbk = new BackupAndRestore(backupDir).saveFreq("epoch");
        assertThrows(IllegalStateException.class, () -> fit(model, 6, cbk, new Interrupting(null, 2)));
        assertEquals(2, cbk.currentEpoch());
        assertEquals(List.of("latest.weights.h5", "training_metadata.json"), files(backupDir));
        assertEquals("{\"epoch\": 2, \"batch\": 0}", Files.readString(backupDir.resolve("training_metadata.json")));
        assertEquals(6, counter(model));

        var hist = fit(model, 5, cbk);
        assertEquals(5, cbk.currentEpoch());
        assertEquals(List.of(2, 3, 4), hist.epoch());
        assertEquals(5 * 3, counter(model));
    }

    @Test
    void aCorruptBackupFallsBackToThePreviousOne() throws IOException {
        // test_backup_corrupted
        Path backupDir = tmp.resolve("subdir");
        Sequential model = canaryModel();
        var cbk = new BackupAndRestore(backupDir).doubleCheckpoint(true);
        assertThrows(IllegalStateException.class, () -> fit(model, 6, cbk, new Interrupting(null, 2)));
        assertEquals(2, cbk.currentEpoch());
        assertEquals(List.of("latest.weights.h5", "latest.weights.h5.bkp", "training_metadata.json", "training_metadata.json.bkp"),
                files(backupDir));
        assertEquals("{\"epoch\": 1, \"batch\": 0}", Files.readString(backupDir.resolve("training_metadata.json.bkp")));
        assertEquals(6, counter(model));

        Files.writeString(backupDir.resolve("latest.weights.h5"), "0"); // corrupt the latest weights
        var hist = fit(model, 5, cbk);
        assertEquals(5, cbk.currentEpoch());
        assertEquals(List.of(1, 2, 3, 4), hist.epoch()); // the previous backup was taken after epoch 1 (counter 3)
        assertEquals(5 * 3, counter(model));
    }

    @Test
    void aCorruptBackupWithoutAPreviousOneIsAnError() throws IOException {
        Path backupDir = tmp.resolve("b");
        Sequential model = canaryModel();
        var cbk = new BackupAndRestore(backupDir);
        assertThrows(IllegalStateException.class, () -> fit(model, 3, cbk, new Interrupting(null, 1)));
        Files.writeString(backupDir.resolve("latest.weights.h5"), "0");
        var e = assertThrows(RuntimeException.class, () -> fit(model, 3, cbk));
        assertTrue(e.getMessage().contains("is not an HDF5 file"), e.getMessage());
    }

    @Test
    void theBackupIsDeletedAfterACompleteRunUnlessAskedToKeepIt() throws IOException {
        // test_model_deleted_case_epoch
        Path backupDir = tmp.resolve("subdir");
        Sequential model = canaryModel();
        fit(model, 2, new BackupAndRestore(backupDir));
        assertFalse(Files.exists(backupDir));
        fit(model, 2, new BackupAndRestore(backupDir).deleteCheckpoint(false));
        assertEquals(List.of("latest.weights.h5", "training_metadata.json"), files(backupDir));
        assertEquals("{\"epoch\": 2, \"batch\": 0}", Files.readString(backupDir.resolve("training_metadata.json")));
    }

    @Test
    void anUnbuiltModelCannotBeRestored() {
        Path backupDir = tmp.resolve("b");
        fit(canaryModel(), 1, new BackupAndRestore(backupDir).deleteCheckpoint(false));
        Keras.clearSession();
        Sequential unbuilt = new Sequential(new Canary(), new Dense(1));
        unbuilt.compile("sgd", "mse");
        var e = assertThrows(IllegalArgumentException.class, () -> fit(unbuilt, 2, new BackupAndRestore(backupDir)));
        assertEquals("To use the BackupAndRestore callback, you model must be built before you call `fit()`. Model " + unbuilt
                + " is unbuilt. You can build it beforehand by calling it on a batch of data.", e.getMessage());
    }

    // ------------------------------------------------------------------ the real scenario

    private static Sequential regression() {
        Keras.clearSession();
        Random.setRandomSeed(11);
        Sequential model = new Sequential(Keras.input(3), new Dense(4, "relu"), new Dense(1));
        // Adam's moments and step count, and the schedule's position, must all come back for the run to match
        model.compile(new Adam(new ExponentialDecay(0.05, 2, 0.9)), "mse");
        return model;
    }

    @Test
    void anInterruptedRunResumesToTheSameWeightsAsAnUninterruptedOne() {
        Tensor x = CheckpointFixtures.x(12, 2);
        Tensor y = Tensor.of(new float[]{0.3f, -0.2f, 0.8f, 0.1f, -0.5f, 0.4f, 0.9f, -0.1f, 0.2f, 0.6f, -0.4f, 0.0f}, 12, 1);
        Fit fit = Fit.epochs(5).batchSize(4).shuffle(false).verbose(0);

        Sequential reference = regression();
        var refHistory = reference.fit(x, y, fit);
        List<float[]> expected = snapshot(reference);

        // a crash in the middle of the third epoch (epoch index 2, after its second batch)
        Path backupDir = tmp.resolve("backup");
        Sequential crashed = regression();
        Callback crash = new LambdaCallback().onTrainBatchEnd((batch, logs) -> {
            if (crashed.trainer().optimizer().getIterations() == 2 * 3 + 2) throw new IllegalStateException("simulated crash");
        });
        assertThrows(IllegalStateException.class,
                () -> crashed.fit(x, y, Fit.epochs(5).batchSize(4).shuffle(false).verbose(0).callbacks(new BackupAndRestore(backupDir), crash)));
        assertTrue(Files.exists(backupDir.resolve("latest.weights.h5")));

        // a new process: a fresh model (other initial weights) and a new fit with the same backup folder
        Keras.clearSession();
        Random.setRandomSeed(99);
        Sequential resumed = new Sequential(Keras.input(3), new Dense(4, "relu"), new Dense(1));
        resumed.compile(new Adam(new ExponentialDecay(0.05, 2, 0.9)), "mse");
        assertNotEquals(expected.get(0)[0], snapshot(resumed).get(0)[0]);
        var history = resumed.fit(x, y, Fit.epochs(5).batchSize(4).shuffle(false).verbose(0).callbacks(new BackupAndRestore(backupDir)));

        assertEquals(List.of(2, 3, 4), history.epoch());
        // bit for bit: nothing in this model depends on whether the JIT has compiled a kernel yet (lane
        // sums run in a fixed order, see LaneSums; relu rather than tanh, whose vectorized form is SVML's
        // once compiled and Math.tanh before, see the README's design notes)
        List<Double> refLoss = refHistory.get("loss").subList(2, 5), loss = history.get("loss");
        assertEquals(refLoss, loss);
        List<float[]> actual = snapshot(resumed);
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), actual.get(i), "weight " + i);
        assertEquals(reference.trainer().optimizer().getIterations(), resumed.trainer().optimizer().getIterations());
        List<Variable> refSlots = reference.trainer().optimizer().variables(), slots = resumed.trainer().optimizer().variables();
        for (int i = 0; i < refSlots.size(); i++) {
            assertEquals(refSlots.get(i).name(), slots.get(i).name());
            assertArrayEquals(refSlots.get(i).value().toFloatArray(), slots.get(i).value().toFloatArray(), refSlots.get(i).name());
        }
        assertFalse(Files.exists(backupDir), "deleted after the completed run");
    }
}
