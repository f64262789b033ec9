"""Reference data for test/nn/pytorch-parity (PyTorch 2.13, CPU, float32). A maintainer runs:

    /opt/venv-torch2/bin/python scripts/golden/pytorch-parity.py test/nn/pytorch-parity/fixtures

Each model's state dict is written as PyTorch's own safetensors layout (num_batches_tracked as I64), with struct
and json only; the inputs, outputs, gradients, buffers and optimizer trajectories go to one JSON file. The tests read
every shape and hyperparameter from these files and never run Python.
"""
import json
import math
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = sys.argv[1]
torch.manual_seed(0)
DTYPES = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}


def save_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        code, np_dtype = DTYPES[t.dtype]
        raw = t.detach().contiguous().numpy().astype(np_dtype).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def T(t):
    t = t.detach().to(torch.float32)
    # 7 significant digits: within 1e-7 relative of the float32 value, far inside the tests' tolerance, half the bytes
    # (JSON has no infinities: a mask's -inf is written as the string "-Infinity", which JS's Number() reads)
    return {"shape": list(t.shape), "data": [float(f"{v:.7g}") if math.isfinite(v) else str(v).replace("inf", "Infinity") for v in t.reshape(-1).tolist()]}


def rnd(*shape):
    return torch.randn(*shape)


def state_of(model, name):
    save_safetensors(f"{OUT}/{name}.safetensors", {k: v for k, v in model.state_dict().items()})
    return {"file": f"{name}.safetensors", "keys": list(model.state_dict().keys())}


def grads_of(model):
    return {k: T(p.grad) for k, p in model.named_parameters()}


def buffers_of(model):
    return {k: T(b.float()) for k, b in model.named_buffers()}


cases = {}


def pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


def spec(m):
    """A layer's type and hyperparameters (the sizes of its parameters come from the state dict)."""
    t = type(m).__name__
    if isinstance(m, nn.Conv2d):
        return {"type": t, "in": m.in_channels, "out": m.out_channels, "kernel": pair(m.kernel_size), "stride": pair(m.stride), "padding": pair(m.padding), "dilation": pair(m.dilation)}
    if isinstance(m, nn.ConvTranspose2d):
        return {"type": t, "in": m.in_channels, "out": m.out_channels, "kernel": pair(m.kernel_size), "stride": pair(m.stride), "padding": pair(m.padding), "outputPadding": pair(m.output_padding), "dilation": pair(m.dilation)}
    if isinstance(m, nn.BatchNorm2d):
        return {"type": t, "features": m.num_features, "eps": m.eps, "momentum": m.momentum}
    if isinstance(m, nn.GroupNorm):
        return {"type": t, "groups": m.num_groups, "channels": m.num_channels, "eps": m.eps, "affine": m.affine}
    if isinstance(m, nn.LayerNorm):
        return {"type": t, "shape": list(m.normalized_shape), "eps": m.eps, "affine": m.elementwise_affine}
    if isinstance(m, nn.Linear):
        return {"type": t, "in": m.in_features, "out": m.out_features}
    if isinstance(m, nn.MaxPool2d):
        return {"type": t, "kernel": pair(m.kernel_size), "stride": pair(m.stride), "padding": pair(m.padding), "dilation": pair(m.dilation), "ceilMode": m.ceil_mode}
    if isinstance(m, nn.AvgPool2d):
        return {"type": t, "kernel": pair(m.kernel_size), "stride": pair(m.stride), "padding": pair(m.padding), "ceilMode": m.ceil_mode, "countIncludePad": m.count_include_pad}
    if isinstance(m, nn.LeakyReLU):
        return {"type": t, "negativeSlope": m.negative_slope}
    if isinstance(m, nn.ELU):
        return {"type": t, "alpha": m.alpha}
    if isinstance(m, nn.Softplus):
        return {"type": t, "beta": m.beta, "threshold": m.threshold}
    if isinstance(m, nn.Dropout):
        return {"type": t, "p": m.p}
    if isinstance(m, nn.Upsample):
        return {"type": t, "scaleFactor": m.scale_factor, "mode": m.mode, "alignCorners": m.align_corners}
    if isinstance(m, nn.Flatten):
        return {"type": t, "startDim": m.start_dim, "endDim": m.end_dim}
    return {"type": t}

# 1. A Sequential of every single-input layer, with BatchNorm2d buffers that look trained.
seq = nn.Sequential(
    nn.Conv2d(2, 4, 3, padding=1, stride=1),
    nn.BatchNorm2d(4),
    nn.LeakyReLU(0.1),
    nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1),
    nn.GroupNorm(1, 3),
    nn.SiLU(),
    nn.MaxPool2d(2),
    nn.AvgPool2d(2),
    nn.Flatten(),
    nn.Linear(12, 6),
    nn.LayerNorm(6),
    nn.GELU(),
    nn.Dropout(0.3),
    nn.Linear(6, 5),
    nn.ELU(),
    nn.Softplus(),
    nn.Sigmoid(),
)
with torch.no_grad():
    seq[1].running_mean.copy_(rnd(4) * 0.1)
    seq[1].running_var.copy_(torch.rand(4) + 0.5)
    seq[1].num_batches_tracked.fill_(5)
    seq[1].weight.copy_(1 + 0.1 * rnd(4))
    seq[1].bias.copy_(0.1 * rnd(4))
    seq[4].weight.copy_(1 + 0.1 * rnd(3))
    seq[4].bias.copy_(0.1 * rnd(3))
    seq[10].weight.copy_(1 + 0.1 * rnd(6))
    seq[10].bias.copy_(0.1 * rnd(6))
state = state_of(seq, "sequential")
layer_specs = [spec(m) for m in seq]
x = rnd(2, 2, 4, 4)
gy = rnd(2, 5)
# eval mode (dropout off, running statistics), from the loaded state
seq.eval()
xe = x.clone().requires_grad_()
ye = seq(xe)
ye.backward(gy)
evalCase = {"output": T(ye), "gradX": T(xe.grad), "grads": grads_of(seq)}
seq.zero_grad()
# train mode without dropout's randomness: the Dropout is replaced by p = 0 for this pass (same module tree)
seq.train()
seq[12].p = 0.0
xt = x.clone().requires_grad_()
yt = seq(xt)
yt.backward(gy)
trainCase = {"output": T(yt), "gradX": T(xt.grad), "grads": grads_of(seq), "buffersAfter": buffers_of(seq)}
cases["sequential"] = {
    "state": state,
    "layers": layer_specs,
    "x": T(x),
    "gy": T(gy),
    "eval": evalCase,
    "train": trainCase,
}

# 2. BatchNorm2d momentum=None (cumulative average) from a checkpoint that has tracked 3 batches, two train steps.
bn = nn.BatchNorm2d(3, momentum=None, eps=1e-3)
with torch.no_grad():
    bn.running_mean.copy_(rnd(3))
    bn.running_var.copy_(torch.rand(3) + 0.5)
    bn.num_batches_tracked.fill_(3)
state = state_of(bn, "bn_cumulative")
x1, x2 = rnd(2, 3, 2, 3), rnd(4, 3, 1, 2)
bn.train()
y1 = bn(x1)
after1 = buffers_of(bn)
y2 = bn(x2)
after2 = buffers_of(bn)
cases["bnCumulative"] = {
    "state": state,
    "eps": 1e-3,
    "numBatchesTracked": 3,
    "x1": T(x1),
    "x2": T(x2),
    "y1": T(y1),
    "y2": T(y2),
    "after1": after1,
    "after2": after2,
}

# 3. Embedding with padding_idx, then a Linear.
emb = nn.Sequential(nn.Embedding(7, 4, padding_idx=2), nn.Linear(4, 3))
state = state_of(emb, "embedding")
idx = torch.tensor([[0, 2, 6, 2, 1], [3, 3, 5, 4, 2]])
gy = rnd(2, 5, 3)
y = emb(idx)
y.backward(gy)
cases["embedding"] = {
    "state": state,
    "numEmbeddings": 7,
    "embeddingDim": 4,
    "paddingIdx": 2,
    "outFeatures": 3,
    "indices": T(idx.float()),
    "gy": T(gy),
    "output": T(y),
    "grads": grads_of(emb),
}

# 4. MultiheadAttention, batch_first, several calls.
E, H, B, TQ, S = 8, 2, 2, 3, 4
mha_cases = []
for bias in (True, False):
    mha = nn.MultiheadAttention(E, H, batch_first=True, bias=bias)
    if bias:
        with torch.no_grad():
            mha.in_proj_bias.copy_(0.1 * rnd(3 * E))
            mha.out_proj.bias.copy_(0.1 * rnd(E))
    name = f"mha_bias{int(bias)}"
    state = state_of(mha, name)
    calls = []
    q = rnd(B, TQ, E)
    k = rnd(B, S, E)
    v = rnd(B, S, E)
    causal = nn.Transformer.generate_square_subsequent_mask(TQ)
    kpm = torch.tensor([[False, False, False, True], [False, True, False, False]])
    kpm_self = torch.tensor([[False, False, True], [False, False, False]])
    mask3 = 0.5 * rnd(B * H, TQ, S)
    variants = [
        ("self, weights", "self", True, None, None),
        ("self, no weights", "self", False, None, None),
        ("self, causal mask, weights", "self", True, causal, None),
        ("self, causal mask + key padding, no weights", "self", False, causal, kpm_self),
        ("cross, weights, key padding", "cross", True, None, kpm),
        ("cross, no weights, 3-D float mask", "cross", False, mask3, None),
        ("cross, weights, 3-D float mask + key padding", "cross", True, mask3, kpm),
    ]
    if not bias:
        variants = [variants[1], variants[6]]
    for label, kind, need, am, kp in variants:
        mha.zero_grad()
        if kind == "self":
            xs = q.clone().requires_grad_()
            out, w = mha(xs, xs, xs, need_weights=need, attn_mask=am, key_padding_mask=kp)
            inputs = {"query": xs}
        else:
            qs, ks, vs = (t.clone().requires_grad_() for t in (q, k, v))
            out, w = mha(qs, ks, vs, need_weights=need, attn_mask=am, key_padding_mask=kp)
            inputs = {"query": qs, "key": ks, "value": vs}
        g = rnd(*out.shape)
        loss = (out * g).sum()
        gw = None
        if w is not None:
            gw = rnd(*w.shape)
            loss = loss + (w * gw).sum()
        loss.backward()
        calls.append({
            "label": label,
            "kind": kind,
            "needWeights": need,
            "attnMask": None if am is None else T(am),
            "keyPaddingMask": None if kp is None else T(kp.float()),
            "inputs": {n: T(t) for n, t in inputs.items()},
            "gy": T(g),
            "gWeights": None if gw is None else T(gw),
            "output": T(out),
            "weights": None if w is None else T(w),
            "inputGrads": {n: T(t.grad) for n, t in inputs.items()},
            "grads": grads_of(mha),
        })
    mha_cases.append({"state": state, "embedDim": E, "numHeads": H, "bias": bias, "calls": calls})
cases["mha"] = mha_cases

# 5. TransformerEncoderLayer: norm_first both ways, relu and gelu, masks; dropout 0.1 in eval mode.
tel_cases = []
for norm_first in (False, True):
    for act in ("relu", "gelu"):
        tel = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.1, activation=act, norm_first=norm_first, batch_first=True)
        with torch.no_grad():
            for n in ("norm1", "norm2"):
                getattr(tel, n).weight.copy_(1 + 0.1 * rnd(8))
                getattr(tel, n).bias.copy_(0.1 * rnd(8))
            tel.self_attn.in_proj_bias.copy_(0.1 * rnd(24))
        name = f"tel_{'pre' if norm_first else 'post'}_{act}"
        state = state_of(tel, name)
        tel.eval()
        calls = []
        for masked in ((False, True) if act == "relu" else (True,)):
            tel.zero_grad()
            x = rnd(2, 3, 8).requires_grad_()
            am = nn.Transformer.generate_square_subsequent_mask(3) if masked else None
            kp = torch.tensor([[False, False, True], [False, False, False]]) if masked else None
            y = tel(x, src_mask=am, src_key_padding_mask=kp)
            g = rnd(*y.shape)
            y.backward(g)
            calls.append({
                "masked": masked,
                "attnMask": None if am is None else T(am),
                "keyPaddingMask": None if kp is None else T(kp.float()),
                "x": T(x),
                "gy": T(g),
                "output": T(y),
                "gradX": T(x.grad),
                "grads": grads_of(tel),
            })
        tel_cases.append({"state": state, "dModel": 8, "nhead": 2, "dimFeedforward": 16, "dropout": 0.1,
                          "normFirst": norm_first, "activation": act, "calls": calls})
cases["transformer"] = tel_cases


# 6. docs/unet-beyond.md's PyTorch UNet with batch norm (depth 2).
class Block(nn.Module):
    def __init__(self, cin, cout, padding, bn):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=padding, bias=not bn)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=padding, bias=not bn)
        if bn:
            self.bn1, self.bn2 = nn.BatchNorm2d(cout), nn.BatchNorm2d(cout)
        self.bn = bn

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(self.bn1(x) if self.bn else x)
        x = self.conv2(x)
        return F.relu(self.bn2(x) if self.bn else x)


class Up(Block):
    def __init__(self, cin, padding, bn):
        super().__init__(cin, cin // 2, padding, bn)
        self.upconv = nn.ConvTranspose2d(cin, cin // 2, 2, stride=2)


class UNet(nn.Module):
    def __init__(self, in_c, out_c, depth, base_c=64, padding=1, bn=False):
        super().__init__()
        self.down = nn.ModuleList(Block(in_c if i == 0 else base_c * 2 ** (i - 1), base_c * 2 ** i, padding, bn) for i in range(depth + 1))
        self.up = nn.ModuleList(Up(base_c * 2 ** (depth - j), padding, bn) for j in range(depth))
        self.head = nn.Conv2d(base_c, out_c, 1)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.down):
            x = block(x if i == 0 else F.max_pool2d(x, 2))
            skips.append(x)
        for j, up in enumerate(self.up):
            u = up.upconv(x)
            s = skips[-2 - j]
            dh, dw = (s.shape[-2] - u.shape[-2]) // 2, (s.shape[-1] - u.shape[-1]) // 2
            s = s[..., dh:s.shape[-2] - dh, dw:s.shape[-1] - dw]
            x = Block.forward(up, torch.cat([s, u], 1))
        return self.head(x)


unet = UNet(2, 2, 2, base_c=2, padding=1, bn=True)
with torch.no_grad():
    for n, b in unet.named_buffers():
        if n.endswith("running_mean"):
            b.copy_(0.1 * rnd(*b.shape))
        elif n.endswith("running_var"):
            b.copy_(torch.rand(*b.shape) + 0.5)
        else:
            b.fill_(7)
state = state_of(unet, "unet_bn")
x = rnd(2, 2, 8, 8)
gy = rnd(2, 2, 8, 8)
unet.eval()
xe = x.clone().requires_grad_()
ye = unet(xe)
ye.backward(gy)
evalCase = {"output": T(ye), "gradX": T(xe.grad), "grads": grads_of(unet)}
unet.zero_grad()
unet.train()
xt = x.clone().requires_grad_()
yt = unet(xt)
yt.backward(gy)
trainCase = {"output": T(yt), "gradX": T(xt.grad), "grads": grads_of(unet), "buffersAfter": buffers_of(unet)}
cases["unet"] = {"state": state, "depth": 2, "inC": 2, "outC": 2, "baseC": 2, "inH": 8, "inW": 8,
                 "x": T(x), "gy": T(gy), "eval": evalCase, "train": trainCase}


# 7. Optimizers: 3 steps on an MLP, the loss recomputed each step.
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 5)
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


mlp = MLP()
opt_state = state_of(mlp, "mlp")
x = rnd(6, 4)
target = rnd(6, 3)
configs = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.1, "momentum": 0.9}),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01}),
    ("sgd", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.02}),
    ("adam", {"lr": 0.01}),
    ("adam", {"lr": 0.02, "betas": (0.8, 0.95), "eps": 1e-6, "weight_decay": 0.1}),
    ("adamw", {"lr": 0.01}),
    ("adamw", {"lr": 0.02, "betas": (0.85, 0.99), "eps": 1e-7, "weight_decay": 0.3}),
]
opt_cases = []
base = {k: v.clone() for k, v in mlp.state_dict().items()}
for kind, cfg in configs:
    mlp.load_state_dict(base)
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind]
    opt = cls(mlp.parameters(), **cfg)
    after = []
    for _ in range(3):
        opt.zero_grad()
        loss = F.mse_loss(mlp(x), target)
        loss.backward()
        opt.step()
        after.append({k: T(p) for k, p in mlp.named_parameters()})
    options = {
        "lr": cfg["lr"],
        "momentum": cfg.get("momentum"),
        "dampening": cfg.get("dampening"),
        "weightDecay": cfg.get("weight_decay"),
        "nesterov": cfg.get("nesterov"),
        "beta1": cfg["betas"][0] if "betas" in cfg else None,
        "beta2": cfg["betas"][1] if "betas" in cfg else None,
        "eps": cfg.get("eps"),
    }
    opt_cases.append({"optimizer": kind, "options": {k: v for k, v in options.items() if v is not None}, "after": after})
cases["optimizers"] = {"state": opt_state, "x": T(x), "target": T(target), "steps": 3, "cases": opt_cases}

# 8. lr schedule: LinearLR warm-up then CosineAnnealingLR, chained with SequentialLR (what cosineLr says it is).
lr, total, warmup, min_lr = 0.1, 12, 3, 0.01
p = nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([p], lr=lr)
sched = torch.optim.lr_scheduler.SequentialLR(
    opt,
    [torch.optim.lr_scheduler.LinearLR(opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1),
     torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=min_lr)],
    milestones=[warmup],
)
lrs = []
for _ in range(total):
    lrs.append(opt.param_groups[0]["lr"])
    opt.step()
    sched.step()
cases["cosineLr"] = {"lr": lr, "total": total, "warmup": warmup, "minLr": min_lr, "lrs": lrs}

# 10. More hyperparameters: dilation, non-square kernels and strides, padded and ceil-mode pools, count_include_pad
# off, a bilinear Upsample, GroupNorm without affine, LayerNorm over two axes, ReLU and Tanh.
seq2 = nn.Sequential(
    nn.Conv2d(3, 4, (2, 3), stride=(2, 1), padding=(1, 2), dilation=(1, 2)),
    nn.ReLU(),
    nn.GroupNorm(2, 4, affine=False, eps=1e-4),
    nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True),
    nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False),
    nn.AvgPool2d((2, 3), stride=(1, 2), padding=(1, 1), ceil_mode=True, count_include_pad=False),
    nn.ConvTranspose2d(4, 2, (3, 2), stride=(1, 2), padding=(1, 0), output_padding=(0, 1), dilation=(2, 1)),
    nn.Tanh(),
)
with torch.no_grad():
    x2 = rnd(2, 3, 6, 5)
    shape = seq2(x2).shape
seq2 = nn.Sequential(*seq2, nn.LayerNorm(list(shape[-2:]), eps=1e-3))
with torch.no_grad():
    seq2[-1].weight.copy_(1 + 0.1 * rnd(*shape[-2:]))
    seq2[-1].bias.copy_(0.1 * rnd(*shape[-2:]))
state = state_of(seq2, "sequential2")
specs2 = [spec(m) for m in seq2]
x2 = x2.clone().requires_grad_()
y2 = seq2(x2)
gy2 = rnd(*y2.shape)
y2.backward(gy2)
cases["sequential2"] = {"state": state, "layers": specs2, "x": T(x2), "gy": T(gy2),
                        "eval": {"output": T(y2), "gradX": T(x2.grad), "grads": grads_of(seq2)}}

# 11. Adam with the lr changed between steps (a schedule), from the same MLP state.
mlp.load_state_dict(base)
opt = torch.optim.Adam(mlp.parameters(), lr=0.01, weight_decay=0.05)
sched_lrs = [0.01, 0.004, 0.02]
after = []
for lr_now in sched_lrs:
    for g in opt.param_groups:
        g["lr"] = lr_now
    opt.zero_grad()
    F.mse_loss(mlp(x), target).backward()
    opt.step()
    after.append({k: T(p) for k, p in mlp.named_parameters()})
cases["optimizers"]["cases"].append({"optimizer": "adam", "options": {"lr": 0.01, "weightDecay": 0.05}, "lrPerStep": sched_lrs, "after": after})

# 12. The paper's U-Net (padding 0, centre-cropped skips; createUNetClassic), depth 1 with batch norm, train mode.
classic = UNet(1, 2, 1, base_c=2, padding=0, bn=True)
state = state_of(classic, "unet_classic")
x = rnd(2, 1, 18, 20)
xt = x.clone().requires_grad_()
classic.train()
yt = classic(xt)
gy = rnd(*yt.shape)
yt.backward(gy)
classic.eval()
with torch.no_grad():
    ye = classic(x)
cases["unetClassic"] = {"state": state, "depth": 1, "inC": 1, "outC": 2, "baseC": 2, "inH": 18, "inW": 20,
                        "x": T(x), "gy": T(gy), "evalOutputAfterTrain": T(ye),
                        "train": {"output": T(yt), "gradX": T(xt.grad), "grads": grads_of(classic), "buffersAfter": buffers_of(classic)}}

# 9. PyTorch's loader and a plain dict (no _metadata) without num_batches_tracked: the buffer keeps its value.
keeper = nn.BatchNorm2d(3)
keeper.num_batches_tracked.fill_(7)
keeper.load_state_dict({k: v for k, v in bn.state_dict().items() if k != "num_batches_tracked"})
cases["bnCumulative"]["countBeforeLoad"] = 7
cases["bnCumulative"]["countAfterLoadWithoutIt"] = int(keeper.num_batches_tracked)

# 10. TransformerEncoder: two pre-norm layers (each re-initialised, so they differ) and a final LayerNorm, in train
# mode with dropout 0 and without nested tensors (PyTorch's fast paths run in eval mode only), with and without
# a causal and a key padding mask.
encoder = nn.TransformerEncoder(
    nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True, norm_first=True),
    num_layers=2, norm=nn.LayerNorm(8), enable_nested_tensor=False)
with torch.no_grad():
    for p in encoder.parameters():
        p.copy_(0.3 * rnd(*p.shape) + (1.0 if p.dim() == 1 and p.shape[0] == 8 else 0.0))
state = state_of(encoder, "transformer_encoder")
encoder.train()
enc_calls = []
for masked in (False, True):
    encoder.zero_grad()
    x = rnd(2, 4, 8).requires_grad_()
    am = nn.Transformer.generate_square_subsequent_mask(4) if masked else None
    kp = torch.tensor([[False, False, False, True], [False, False, False, False]]) if masked else None
    y = encoder(x, mask=am, src_key_padding_mask=kp)
    g = rnd(*y.shape)
    y.backward(g)
    enc_calls.append({
        "masked": masked,
        "attnMask": None if am is None else T(am),
        "keyPaddingMask": None if kp is None else T(kp.float()),
        "x": T(x),
        "gy": T(g),
        "output": T(y),
        "gradX": T(x.grad),
        "grads": grads_of(encoder),
    })
cases["transformerEncoder"] = {"state": state, "dModel": 8, "nhead": 2, "dimFeedforward": 16, "numLayers": 2,
                               "normFirst": True, "calls": enc_calls}

with open(f"{OUT}/cases.json", "w") as f:
    json.dump({"source": f"scripts/golden/pytorch-parity.py, torch {torch.__version__}", "cases": cases}, f, separators=(",", ":"))
