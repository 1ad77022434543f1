# Makes ops_model.keras and its inputs/outputs with Keras 3.15 (JAX backend):
#   KERAS_BACKEND=jax python make_fixture.py
# A functional model whose graph is mostly keras.ops calls on symbolic tensors (saved as
# keras.src.ops.numpy / keras.src.ops.nn nodes, with constant operands in the call args) around two
# Dense layers: keras4j must load it (Add/Concatenate/Maximum resolve as ops, not as the merge
# layers of the same class names) and reproduce Keras's predictions.
import os
os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(3)
x = keras.Input((6,), name="x")
a = ops.square(x)
b = ops.multiply(a, 0.5)
c = ops.add(b, x)
d = layers.Dense(4, name="dense")(c)
e = ops.concatenate([ops.relu(d), ops.tanh(d)], axis=-1)   # (None, 8)
f = ops.subtract(1.0, e)
r = ops.reshape(f, (-1, 2, 4))
t = ops.transpose(r, (0, 2, 1))                            # (None, 4, 2)
m = ops.matmul(t, r)                                       # (None, 4, 4)
s = ops.mean(m, axis=-1)                                   # (None, 4)
mx = ops.max(ops.expand_dims(s, 1), axis=1)                # (None, 4)
g = ops.maximum(ops.minimum(mx, 2.0), ops.sigmoid(s))
h = ops.divide(ops.power(g, 2), ops.add(ops.exp(ops.negative(ops.abs(g))), 1.0))
o = layers.Dense(3, name="head")(ops.sqrt(ops.add(h, 1.0)))
y = ops.softmax(ops.sum(ops.expand_dims(o, -1), axis=-1, keepdims=False), axis=-1)
model = keras.Model(x, y)
for w in model.weights:
    if w.path.endswith("bias"):
        w.assign(np.random.RandomState(len(w.path)).uniform(-0.5, 0.5, w.shape).astype("float32"))
xv = np.random.RandomState(1).normal(size=(5, 6)).astype("float32")
yv = model.predict(xv, verbose=0)
model.save("ops_model.keras")
np.save("ops_x.npy", xv)
np.save("ops_y.npy", yv)
