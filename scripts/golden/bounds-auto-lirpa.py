#!/usr/bin/env python3
"""Writes test/golden/bounds.json: small float32 models, input boxes and auto_LiRPA's IBP and CROWN bounds, and
auto_LiRPA's CROWN relaxation lines of sigmoid and tanh on random intervals.

Run by a maintainer, never by the tests (see test/golden/README.md, "bounds.json"):

    python3 -m venv /opt/venv-lirpa && /opt/venv-lirpa/bin/pip install torch numpy packaging appdirs tqdm graphviz pyyaml
    git clone https://github.com/Verified-Intelligence/auto_LiRPA && /opt/venv-lirpa/bin/pip install --no-deps -e auto_LiRPA
    cd /tmp && /opt/venv-lirpa/bin/python /path/to/scripts/golden/bounds-auto-lirpa.py OUT.json [SEED]

Weights and box ends are float32 values; auto_LiRPA runs on the same model in float64, so its bounds carry no
float32 rounding of their own. auto_LiRPA's ConvTranspose2d takes no output_padding, symmetric padding and
dilation 1 only, so the transposed convolutions here stay inside that.
"""
import json
import sys

import torch
import torch.nn as nn
from auto_LiRPA import BoundedModule, BoundedTensor
from auto_LiRPA.operators.s_shaped import BoundSigmoid, BoundTanh
from auto_LiRPA.perturbations import PerturbationLpNorm
import auto_LiRPA


def f32(t):
    return t.detach().to(torch.float32).to(torch.float64)


def tensor_json(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def layer_json(m):
    if isinstance(m, nn.Linear):
        return {"type": "linear", "weight": tensor_json(m.weight), "bias": tensor_json(m.bias)}
    if isinstance(m, nn.Conv2d):
        return {"type": "conv2d", "weight": tensor_json(m.weight), "bias": tensor_json(m.bias),
                "stride": list(m.stride), "padding": list(m.padding), "dilation": list(m.dilation)}
    if isinstance(m, nn.ConvTranspose2d):
        return {"type": "convTranspose2d", "weight": tensor_json(m.weight), "bias": tensor_json(m.bias),
                "stride": list(m.stride), "padding": list(m.padding), "outputPadding": list(m.output_padding),
                "dilation": list(m.dilation)}
    if isinstance(m, nn.ReLU):
        return {"type": "relu"}
    if isinstance(m, nn.Sigmoid):
        return {"type": "sigmoid"}
    if isinstance(m, nn.Tanh):
        return {"type": "tanh"}
    if isinstance(m, nn.Flatten):
        return {"type": "flatten"}
    raise ValueError(f"no layout for {m}")


def models():
    yield "mlp 4-16-16-3", (1, 4), nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3)), [0.1, 0.3]
    yield "cnn conv3x3 / conv stride 2 / linear", (1, 1, 8, 8), nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, stride=2, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(4 * 4 * 4, 5)), [0.05, 0.15]
    yield "cnn dilation 2", (1, 2, 7, 7), nn.Sequential(
        nn.Conv2d(2, 3, 3, dilation=2, padding=2), nn.ReLU(), nn.Conv2d(3, 3, 3, stride=2), nn.ReLU(),
        nn.Flatten(), nn.Linear(3 * 3 * 3, 4)), [0.05, 0.1]
    yield "conv / convTranspose stride 2 / conv", (1, 1, 4, 4), nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.ConvTranspose2d(4, 3, 2, stride=2), nn.ReLU(),
        nn.Conv2d(3, 2, 3, padding=1)), [0.05, 0.2]
    yield "convTranspose 3x3 stride 2 padding 1", (1, 2, 4, 4), nn.Sequential(
        nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1), nn.ReLU(), nn.Conv2d(3, 3, 3), nn.ReLU(),
        nn.Flatten(), nn.Linear(3 * 5 * 5, 3)), [0.05, 0.1]
    # appended last so the models above keep their weights and boxes for the same seed
    yield "mlp sigmoid / tanh", (1, 6), nn.Sequential(
        nn.Linear(6, 16), nn.Sigmoid(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 3)), [0.1, 0.5, 2.0]
    yield "cnn tanh / conv stride 2 / sigmoid", (1, 2, 6, 6), nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1), nn.Tanh(), nn.Conv2d(4, 4, 3, stride=2, padding=1), nn.Sigmoid(),
        nn.Flatten(), nn.Linear(4 * 3 * 3, 4)), [0.05, 0.2, 1.0]


def relaxations(seed):
    """auto_LiRPA's CROWN lines (non-optimised bound_relax) for sigmoid and tanh on random intervals: many scales,
    intervals on either side of 0 and across it, some past its tangent tables' end (|x| > 500), widths >= 1e-6."""
    gen = torch.Generator().manual_seed(seed)
    n = 280
    scales = torch.tensor([0.003, 0.05, 0.5, 2.0, 6.0, 20.0, 700.0])[torch.arange(n) % 7]
    a = (torch.rand(n, generator=gen) * 2 - 1) * scales
    b = (torch.rand(n, generator=gen) * 2 - 1) * scales
    lower = torch.minimum(a, b)
    upper = torch.maximum(torch.maximum(a, b), lower + 1e-6)
    out = []
    for name, op in [("sigmoid", BoundSigmoid(attr={}, inputs=[], options={})), ("tanh", BoundTanh(attr={}, inputs=[], options={}))]:
        x = type("Interval", (), {"lower": lower.clone(), "upper": upper.clone()})()
        op.bound_relax(x, init=True)
        out.append({"activation": name, "lower": lower.tolist(), "upper": upper.tolist(),
                    "lowerSlope": op.lw.tolist(), "lowerIntercept": op.lb.tolist(),
                    "upperSlope": op.uw.tolist(), "upperIntercept": op.ub.tolist()})
    return out


def main():
    out = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    torch.set_default_dtype(torch.float64)  # auto_LiRPA makes some tensors with the default dtype
    torch.manual_seed(seed)
    cases = []
    for name, shape, model, epsilons in models():
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(f32(p))  # float32 values, kept in float64 below
        model = model.double()
        x0 = f32(torch.rand(shape, dtype=torch.float64) * 2 - 1)
        # conv_mode "matrix": the same bounds as the default "patches" in exact arithmetic, but auto_LiRPA 0.7.1's
        # patches mode scatters sparse intermediate CROWN bounds to the wrong neurons after a stride-2 conv without
        # padding (the "cnn dilation 2" case: intermediate bounds that exclude sampled values)
        bounded = BoundedModule(model, torch.zeros(shape, dtype=torch.float64), bound_opts={"conv_mode": "matrix"})
        boxes = []
        for eps in epsilons:
            lower = f32(x0 - eps)
            upper = f32(x0 + eps)
            ptb = PerturbationLpNorm(norm=float("inf"), x_L=lower, x_U=upper)
            x = BoundedTensor(x0, ptb)
            ibp = bounded.compute_bounds(x=(x,), method="IBP")
            crown = bounded.compute_bounds(x=(x,), method="CROWN")
            boxes.append({
                "lower": tensor_json(lower), "upper": tensor_json(upper),
                "ibp": {"lower": tensor_json(ibp[0]), "upper": tensor_json(ibp[1])},
                "crown": {"lower": tensor_json(crown[0]), "upper": tensor_json(crown[1])},
            })
        cases.append({"name": name, "inputShape": list(shape), "layers": [layer_json(m) for m in model], "boxes": boxes})
    doc = {
        "source": f"scripts/golden/bounds-auto-lirpa.py, seed {seed}: auto_LiRPA {auto_LiRPA.__version__} on torch {torch.__version__}, float64, compute_bounds(method='IBP' and 'CROWN'), default options but conv_mode 'matrix'; relaxations: BoundSigmoid and BoundTanh bound_relax",
        "cases": cases,
        "relaxations": relaxations(seed),
    }
    with open(out, "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    main()
