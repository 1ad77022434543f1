#!/usr/bin/env python3
"""PyTorch twin of io.keras4j.bench.ModelWorker: one measurement of one seed model per process.

Same models, shapes, initialisation scheme (Keras's: glorot_uniform kernels, zero biases,
orthogonal recurrent kernels, unit forget bias, uniform(-0.05, 0.05) embeddings), optimizer
(Adam, lr 1e-3, eps 1e-7 as Keras) and batch sizes as the Java side. Prints one JSON line.

Needs Debian's python3-torch (1.13) with an optimised system BLAS:
    apt-get install python3-torch libopenblas0-openmp
PyTorch on Debian's reference BLAS is 10-100x slower, so this refuses to run on it.
"""
import argparse
import gzip
import json
import resource
import statistics
import sys
import time

try:
    import numpy as np
    import torch
    from torch import nn
except ImportError as e:  # says what to install, installs nothing
    sys.exit(f"torch_models.py needs PyTorch and NumPy ({e}); install them with: "
             "apt-get install python3-torch libopenblas0-openmp")

VOCABULARY = 10_000
SEQUENCE_LENGTH = 50
TRAIN_BATCH = 128
INFER_BATCH = 256
FASHION_MNIST = "/usr/share/datasets/fashion-mnist"


def check_blas():
    """Refuses the reference BLAS: the comparison must be against an optimised one."""
    torch.randn(64, 64) @ torch.randn(64, 64)
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line}
    if any("/blas/libblas" in lib for lib in libs) and not any("openblas" in lib for lib in libs):
        sys.exit("PyTorch loaded Debian's reference BLAS (" + ", ".join(sorted(libs)) + "); install and select "
                 "OpenBLAS: apt-get install libopenblas0-openmp (it becomes the libblas.so.3 alternative)")
    return sorted(libs)


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, 128)
        self.lstm = nn.LSTM(128, 64, batch_first=True)
        self.dense = nn.Linear(64, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(self.embedding(x))
        return self.dense(h[-1])  # logits; the loss applies the sigmoid


def build(model):
    if model == "mlp":
        net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2),
                            nn.Linear(256, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))
    elif model == "cnn":
        net = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                            nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))
    else:
        net = Lstm()
    keras_init(net)
    return net


def keras_init(net):
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.uniform_(m.weight, -0.05, 0.05)
        elif isinstance(m, nn.LSTM):
            h = m.hidden_size
            nn.init.xavier_uniform_(m.weight_ih_l0)
            for g in range(4):
                nn.init.orthogonal_(m.weight_hh_l0.data[g * h:(g + 1) * h])
            nn.init.zeros_(m.bias_ih_l0)
            nn.init.zeros_(m.bias_hh_l0)
            m.bias_ih_l0.data[h:2 * h] = 1.0  # unit_forget_bias (torch gate order i, f, g, o)


def inputs(model, n):
    if model == "mlp":
        return torch.rand(n, 784)
    if model == "cnn":
        return torch.rand(n, 1, 28, 28)
    return torch.randint(0, VOCABULARY, (n, SEQUENCE_LENGTH))


def targets(model, n):
    if model == "lstm":
        return torch.randint(0, 2, (n, 1)).float()
    return torch.randint(0, 10, (n,))


def loss_fn(model):
    return nn.BCEWithLogitsLoss() if model == "lstm" else nn.CrossEntropyLoss()


def warm_up_seconds(seconds):
    """The warm-up before a measurement, the same on both sides: a third of it, at most 3 s, of
    the calling thread's CPU time (so that a loaded machine does not shorten it)."""
    return min(3.0, seconds / 3)


def fit_epoch(net, opt, loss, x, y):
    net.train()
    perm = torch.randperm(x.shape[0])
    for i in range(0, x.shape[0], TRAIN_BATCH):
        idx = perm[i:i + TRAIN_BATCH]
        opt.zero_grad(set_to_none=True)
        loss(net(x[idx]), y[idx]).backward()
        opt.step()


def task_train(model, seconds, channels_last):
    """Samples/s of training; every epoch gets fresh random data, made outside the timed region
    (see ModelWorker.train: memorised random labels drive gradients into float32 denormals)."""
    net = build(model)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
    loss = loss_fn(model)
    n = TRAIN_BATCH * 40
    if channels_last:
        net = net.to(memory_format=torch.channels_last)

    def data():
        x, y = inputs(model, n), targets(model, n)
        return (x.contiguous(memory_format=torch.channels_last) if channels_last else x), y

    warm_end, i = time.thread_time() + warm_up_seconds(seconds), 0
    while i < 2 or time.thread_time() < warm_end:
        fit_epoch(net, opt, loss, *data())
        i += 1
    samples, wall, cpu = 0, 0.0, 0.0
    while wall < seconds:
        x, y = data()
        c0, t0 = time.process_time(), time.perf_counter()
        fit_epoch(net, opt, loss, x, y)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        samples += n
    return samples / wall, None, samples / cpu, None


class Predict(nn.Module):
    """The trained network plus its output activation: what the Keras models return from predict
    (softmax probabilities, a sigmoid probability); training applies it inside the loss instead."""

    def __init__(self, model, net):
        super().__init__()
        self.net = net
        self.out = nn.Sigmoid() if model == "lstm" else nn.Softmax(dim=1)

    def forward(self, x):
        return self.out(self.net(x))


def inference_net(model, variant):
    """eager; traced (torch.jit.trace); frozen (trace + freeze + optimize_for_inference, which
    also prepacks convolution and linear weights for oneDNN)."""
    net = Predict(model, build(model)).eval()
    with torch.no_grad():
        if variant == "traced":
            net = torch.jit.trace(net, inputs(model, 1))
        elif variant == "frozen":
            net = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(net, inputs(model, 1))))
    return net


def task_latency(model, seconds, variant):
    net = inference_net(model, variant)
    x = inputs(model, 64)
    one = [x[i:i + 1].contiguous() for i in range(64)]
    with torch.no_grad():
        warm_end = time.thread_time() + warm_up_seconds(seconds)
        i = 0
        while time.thread_time() < warm_end or i < 500:
            net(one[i & 63])
            i += 1
        ms, cpu_ms, end = [], [], time.perf_counter() + seconds
        while len(ms) < 1000 or time.perf_counter() < end:
            c = time.thread_time()
            t = time.perf_counter()
            net(one[len(ms) & 63])
            t1 = time.perf_counter()
            cpu_ms.append((time.thread_time() - c) * 1e3)
            ms.append((t1 - t) * 1e3)
            if len(ms) >= 65536:
                break
    ms.sort()
    cpu_ms.sort()
    p90 = int(np.ceil(len(ms) * 0.9)) - 1
    return statistics.median(ms), ms[p90], statistics.median(cpu_ms), cpu_ms[p90]


def task_throughput(model, seconds, variant):
    net = inference_net(model, variant)
    x = inputs(model, INFER_BATCH)
    with torch.no_grad():
        warm_end, i = time.thread_time() + warm_up_seconds(seconds), 0
        while i < 5 or time.thread_time() < warm_end:
            net(x)
            i += 1
        samples, c0, t0 = 0, time.process_time(), time.perf_counter()
        while True:
            net(x)
            samples += INFER_BATCH
            if time.perf_counter() - t0 >= seconds:
                break
        c1, t1 = time.process_time(), time.perf_counter()
    return samples / (t1 - t0), None, samples / (c1 - c0), None


def task_save(model, directory):
    """Saves the model as DIR/<model>.pt (state_dict) and DIR/<model>.ts (traced, with its output activation)."""
    import os
    os.makedirs(directory, exist_ok=True)
    net = build(model)
    torch.save(net.state_dict(), f"{directory}/{model}.pt")
    with torch.no_grad():
        torch.jit.save(torch.jit.trace(Predict(model, net).eval(), inputs(model, 1)), f"{directory}/{model}.ts")


def task_coldstart(model, directory, variant):
    """This process loads the saved model (eager: build it and load the state_dict; traced:
    torch.jit.load) and predicts one sample. The figure is measured by the caller, from launching
    the process (Python's start and `import torch` included); returned: load and prediction seconds."""
    t0 = time.perf_counter()
    if variant == "eager":
        net = build(model)
        net.load_state_dict(torch.load(f"{directory}/{model}.pt"))
        net = Predict(model, net).eval()
    else:
        net = torch.jit.load(f"{directory}/{model}.ts")
    t1 = time.perf_counter()
    with torch.no_grad():
        net(inputs(model, 1))
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def read_idx(name):
    with gzip.open(f"{FASHION_MNIST}/{name}") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def task_accuracy(model, channels_last):
    if model != "cnn":
        sys.exit("the accuracy task is defined for the CNN only")
    x_train = torch.from_numpy(read_idx("train-images-idx3-ubyte.gz").astype(np.float32) / 255).unsqueeze(1)
    y_train = torch.from_numpy(read_idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    x_test = torch.from_numpy(read_idx("t10k-images-idx3-ubyte.gz").astype(np.float32) / 255).unsqueeze(1)
    y_test = torch.from_numpy(read_idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
    net = build(model)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
    loss = loss_fn(model)
    if channels_last:
        net = net.to(memory_format=torch.channels_last)
        x_train = x_train.contiguous(memory_format=torch.channels_last)
        x_test = x_test.contiguous(memory_format=torch.channels_last)
    train_seconds = 0.0
    for epoch in range(1, 31):
        t0 = time.perf_counter()
        fit_epoch(net, opt, loss, x_train, y_train)
        train_seconds += time.perf_counter() - t0
        net.eval()
        with torch.no_grad():
            acc = sum((net(x_test[i:i + 1024]).argmax(1) == y_test[i:i + 1024]).sum().item()
                      for i in range(0, len(x_test), 1024)) / len(x_test)
        print(f"pytorch cnn epoch {epoch}: {train_seconds:.1f} s, test accuracy {acc:.4f}", file=sys.stderr)
        if acc >= 0.91:
            return train_seconds, epoch
    return float("inf"), 30


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, choices=["mlp", "cnn", "lstm"])
    p.add_argument("--task", required=True, choices=["train", "latency", "throughput", "accuracy", "save", "coldstart"])
    p.add_argument("--dir", help="save/coldstart: the folder of the saved models")
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--variant", choices=["eager", "traced", "frozen"], default="eager",
                   help="inference: eager, TorchScript-traced, or traced + frozen + optimize_for_inference")
    p.add_argument("--channels-last", action="store_true", help="CNN: channels-last memory format (faster training on CPU)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1234)
    blas = check_blas()
    cpu_value = cpu_p90 = None
    if a.task == "save":
        task_save(a.model, a.dir)
        print(json.dumps({"model": a.model, "task": a.task, "value": 0}))
        return
    if a.task == "coldstart":
        load_s, predict_s = task_coldstart(a.model, a.dir, a.variant)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"model": a.model, "task": a.task, "value": None, "load_s": load_s, "predict_s": predict_s,
                          "peak_rss_mb": round(rss_mb, 1), "variant": a.variant}))
        return
    if a.task == "train":
        value, p90, cpu_value, cpu_p90 = task_train(a.model, a.seconds, a.channels_last)
    elif a.task == "latency":
        value, p90, cpu_value, cpu_p90 = task_latency(a.model, a.seconds, a.variant)
    elif a.task == "throughput":
        value, p90, cpu_value, cpu_p90 = task_throughput(a.model, a.seconds, a.variant)
    else:
        value, p90 = task_accuracy(a.model, a.channels_last)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"model": a.model, "task": a.task, "value": value, "p90": p90,
                      "cpu_value": cpu_value, "cpu_p90": cpu_p90,
                      "peak_rss_mb": round(rss_mb, 1), "variant": a.variant, "channels_last": a.channels_last,
                      "torch": torch.__version__, "blas": blas}))


if __name__ == "__main__":
    main()
