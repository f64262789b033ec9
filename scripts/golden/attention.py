"""
Writes test/golden/attention.json: torch.nn.functional.scaled_dot_product_attention (PyTorch 2; 1.13 has none)
on seeded inputs, its output and every input's vector-Jacobian product for a seeded gy, in the layout of
tensor_ops.json (test/golden/README.md). Inputs are float32-representable; computed in float64.

    /opt/venv-torch2/bin/python scripts/golden/attention.py test/golden/attention.json [SEED]
"""
import json
import sys

import torch
import torch.nn.functional as F


def t32(shape, gen, scale=1.0):
    return (torch.randn(shape, generator=gen, dtype=torch.float32) * scale).to(torch.float64)


def js(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.flatten().tolist()]}


def case(name, gen, q, k, v, mask=None, causal=False, scale=None, note=None, block_query=None):
    inputs = {"query": t32(q, gen), "key": t32(k, gen), "value": t32(v, gen)}
    block = None
    if mask is not None:
        shape, blocked = mask
        inputs["attnMask"] = t32(shape, gen, 0.5)
        # JSON holds no -inf: the file stores the finite mask and params.blockKey, the key every query is forbidden,
        # and params.blockQuery, the query forbidden every key (their mask entries set to -inf before the call).
        block = 1 if blocked else None
    leaves = {n: x.clone().requires_grad_(True) for n, x in inputs.items()}
    if block is not None:
        with torch.no_grad():
            leaves["attnMask"][..., block] = float("-inf")
    if block_query is not None:
        with torch.no_grad():
            leaves["attnMask"][..., block_query, :] = float("-inf")
    out = F.scaled_dot_product_attention(
        leaves["query"], leaves["key"], leaves["value"], attn_mask=leaves.get("attnMask"), is_causal=causal, scale=scale
    )
    gy = t32(out.shape, gen)
    out.backward(gy)
    grads = {n: js(x.grad) for n, x in leaves.items()}
    c = {
        "name": name,
        "op": "scaledDotProductAttention",
        "params": {"isCausal": causal, "scale": scale, "blockKey": block, "blockQuery": block_query},
        "inputs": {n: js(x) for n, x in inputs.items()},
        "output": js(out.detach()),
        "gy": js(gy),
        "grads": grads,
    }
    if note:
        c["note"] = note
    return c


def main():
    out_path = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    gen = torch.Generator().manual_seed(seed)
    cases = [
        case("heads", gen, (2, 3, 5, 4), (2, 3, 6, 4), (2, 3, 6, 7), note="L != S and Ev != E"),
        case("no batch", gen, (5, 8), (7, 8), (7, 3)),
        case("one batch axis", gen, (2, 4, 6), (2, 4, 6), (2, 4, 6)),
        case("broadcast batch", gen, (2, 3, 4, 8), (1, 3, 5, 8), (2, 1, 5, 2), note="key's and value's batch axes broadcast"),
        case("mask (L, S)", gen, (2, 2, 4, 6), (2, 2, 5, 6), (2, 2, 5, 6), mask=((4, 5), False)),
        case("mask with -inf", gen, (2, 2, 4, 6), (2, 2, 5, 6), (2, 2, 5, 6), mask=((2, 1, 4, 5), True), note="the mask's gradient is 0 where it is -inf"),
        case("causal", gen, (2, 2, 5, 4), (2, 2, 5, 4), (2, 2, 5, 4), causal=True),
        case("causal L < S", gen, (1, 2, 3, 4), (1, 2, 6, 4), (1, 2, 6, 4), causal=True, note="top-left triangle: query i sees keys j <= i"),
        case("scale", gen, (2, 2, 4, 4), (2, 2, 4, 4), (2, 2, 4, 4), scale=0.3),
        case(
            "a query sees no key",
            gen,
            (2, 2, 4, 6),
            (2, 2, 5, 6),
            (2, 2, 5, 6),
            mask=((2, 1, 4, 5), True),
            block_query=2,
            note="query 2's scores are all -inf: its output and gradients are 0 (PyTorch >= 2.5, _safe_softmax)",
        ),
    ]
    with open(out_path, "w") as f:
        json.dump({"source": f"torch {torch.__version__}, scripts/golden/attention.py seed {seed}", "cases": cases}, f)


if __name__ == "__main__":
    main()
