# Makes dict_model.keras (Keras 3.15, JAX backend) and its predictions on fixed inputs, for NamedDataTest:
#   KERAS_BACKEND=jax python make_dict_model.py
import numpy as np
import keras

keras.utils.set_random_seed(5)
a = keras.Input((3,), name="a")
b = keras.Input((2,), name="b")
h = keras.layers.Concatenate()([a, b])
o1 = keras.layers.Dense(1, name="o1")(h)
o2 = keras.layers.Dense(2, activation="softmax", name="o2")(h)
model = keras.Model(inputs={"a": a, "b": b}, outputs={"x": o1, "y": o2})
model.save("dict_model.keras")
xa = np.arange(6, dtype="float32").reshape(2, 3) / 5
xb = np.array([[1, -1], [0.5, 2]], dtype="float32")
out = model.predict({"a": xa, "b": xb}, verbose=0)
np.save("dict_model_a.npy", xa)
np.save("dict_model_b.npy", xb)
np.save("dict_model_x.npy", out["x"])
np.save("dict_model_y.npy", out["y"])
