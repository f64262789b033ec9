"""PyTorch timings for scripts/bench.ts (one workload per process, like the other systems).

usage: torch_bench.py THREADS WORKLOAD RUNS WARMUP   (WORKLOAD: "W1 fwd", "W1 bwd", "W3", "W4", "W5", "W6")
RUNS "serve": after the warm-up, times one step per "step" line on stdin (scripts/bench/paired.ts).
Prints one JSON line with the same fields as scripts/bench/result.ts. Weights are PyTorch's own
random init (timing does not depend on the values). W5 and W6 are training steps (zero_grad, forward,
loss, backward, Adam step), as scripts/bench/workloads.ts defines them.
"""
import json
import os
import resource
import sys
import time

threads, workload, warmup = int(sys.argv[1]), sys.argv[2], int(sys.argv[4])
serve = sys.argv[3] == "serve"
runs = 0 if serve else int(sys.argv[3])
# OpenBLAS, when it is the BLAS torch loads, sizes its own thread pool from this at load time
# (torch.set_num_threads does not reach it in a build with BLAS_INFO=generic such as Debian's).
os.environ["OPENBLAS_NUM_THREADS"] = str(threads)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(threads)


def blas_name():
    """The BLAS doing the Linear / matmul GEMMs (convolutions go to oneDNN): the wheels name theirs in
    BLAS_INFO (mkl); Debian's python3-torch has BLAS_INFO=generic and takes whatever libblas.so.3 resolves to,
    read off the libraries this process loaded."""
    import re
    info = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    if info and info.group(1) != "generic":
        return {"mkl": "MKL", "open": "OpenBLAS"}.get(info.group(1), info.group(1))
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return "BLAS unknown"
    names = " ".join(sorted(paths)).lower()
    if "openblas" in names:
        # Debian ships it built two ways: threads of its own (pthreads), or torch's OpenMP pool.
        return "OpenBLAS-openmp" if "openblas-openmp" in names or "libopenblaso" in names else "OpenBLAS-pthreads"
    if "mkl" in names:
        return "MKL"
    if "/blas/libblas.so" in names:
        return "reference BLAS"
    return "BLAS unknown" if not paths else os.path.basename(sorted(paths)[0])
torch.manual_seed(0)


class UNet2(nn.Module):
    """The seed's UNet2 with the default config (baseC 64)."""

    def __init__(self, in_c=3, out_c=2, b=64):
        super().__init__()
        self.down1_1 = nn.Conv2d(in_c, b, 3, padding=1)
        self.down1_2 = nn.Conv2d(b, b, 3, padding=1)
        self.down2_1 = nn.Conv2d(b, 2 * b, 3, padding=1)
        self.down2_2 = nn.Conv2d(2 * b, 2 * b, 3, padding=1)
        self.upT = nn.ConvTranspose2d(2 * b, b, 2, stride=2)
        self.up1_1 = nn.Conv2d(2 * b, b, 3, padding=1)
        self.up1_2 = nn.Conv2d(b, b, 3, padding=1)
        self.out1x1 = nn.Conv2d(b, out_c, 1)

    def forward(self, x):
        skip = F.relu(self.down1_2(F.relu(self.down1_1(x))))
        b = F.relu(self.down2_2(F.relu(self.down2_1(F.max_pool2d(skip, 2, 2)))))
        u = torch.cat([skip, self.upT(b)], 1)
        return self.out1x1(F.relu(self.up1_2(F.relu(self.up1_1(u)))))


if workload in ("W1 fwd", "W1 bwd"):
    x = torch.randn(1, 64, 128, 128)
    conv = nn.Conv2d(64, 64, 3, padding=1)
    dy = torch.randn(1, 64, 128, 128)
    if workload == "W1 fwd":
        def run():
            with torch.no_grad():
                conv(x)
    else:
        def run():
            torch.ops.aten.convolution_backward(dy, x, conv.weight, [64], [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [True, True, True])
elif workload in ("W5", "W6"):
    if workload == "W5":
        # d_model 256, 4 heads, feed-forward 1024, no dropout, post-norm, ReLU (PyTorch's defaults otherwise).
        model = nn.TransformerEncoderLayer(256, 4, dim_feedforward=1024, dropout=0.0, batch_first=True)
        x = torch.randn(8, 128, 256)
        target = torch.randn(8, 128, 256)

        def loss_of():
            return F.mse_loss(model(x), target)
    else:
        model = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10))
        x = torch.randn(256, 784)
        labels = torch.tensor([(i * 7 + 3) % 10 for i in range(256)])  # w6Label in workloads.ts

        def loss_of():
            return F.cross_entropy(model(x), labels)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def run():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_of()
        loss.backward()
        optimizer.step()
else:
    model = UNet2()
    x = torch.randn(1, 3, 128, 128)
    dy = torch.randn(1, 2, 128, 128)
    if workload == "W3":
        def run():
            with torch.no_grad():
                model(x)
    else:
        xg = x.clone().requires_grad_(True)

        def run():
            model.zero_grad(set_to_none=True)
            xg.grad = None
            (model(xg) * dy).sum().backward()

for _ in range(warmup):
    run()
system = f"PyTorch {torch.__version__} {blas_name()} {threads}t"
if serve:
    print(json.dumps({"ready": True, "system": system}), flush=True)
    for line in sys.stdin:
        if line.strip() != "step":
            break
        c0 = time.process_time()
        t0 = time.perf_counter()
        run()
        step_wall = (time.perf_counter() - t0) * 1000
        print(json.dumps({"wall": step_wall, "cpu": (time.process_time() - c0) * 1000}), flush=True)
    sys.exit(0)
wall, cpu, faults = [], [], []
for _ in range(runs):
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    c0 = time.process_time()
    t0 = time.perf_counter()
    run()
    wall.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)
print(json.dumps({
    "system": system,
    "workload": workload,
    "wall": wall,
    "cpu": cpu,
    "faults": faults,
    "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
}))
