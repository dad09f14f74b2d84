"""Topological losses on a 128 x 64 batch: toporeg's value and gradient vs
the time ripser.py needs for the diagram alone (maxdim 0 resp. 1).

The batch is drawn exactly as `benches/src/losses.rs` draws it: SplitMix64
uniforms u = (x >> 11) / 2^53, in pairs (u1, u2) turned into
r cos(2 pi u2), r sin(2 pi u2) with r = sqrt(-2 ln(1 - u1)), then cast to
float32. Densification works per class (8 classes of 16 points) and
connectivity uses the L1 metric; the peer computes the whole batch's
diagram under the same metric.
"""

import math

import numpy as np

from run import Case

N, D = 128, 64
BATCH_SEED = 1
MASK = (1 << 64) - 1


def splitmix64(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield (z ^ (z >> 31)) >> 11


def gaussian_batch(seed, n=N, d=D):
    rng = splitmix64(seed)
    out = []
    while len(out) < n * d:
        u1 = next(rng) / float(1 << 53)
        u2 = next(rng) / float(1 << 53)
        r = math.sqrt(-2.0 * math.log(1.0 - u1))
        t = 2.0 * math.pi * u2
        out.append(r * math.cos(t))
        out.append(r * math.sin(t))
    return np.array(out[: n * d], dtype=np.float32).reshape(n, d)


def ripser_py(maxdim, metric="euclidean"):
    def run(data):
        from ripser import ripser

        ripser(data, maxdim=maxdim, metric=metric)

    return run


KINDS = [
    ("push", [0, 1]),
    ("reininghaus", [0, 1]),
    ("4sgde", [0, 1]),
    ("bottleneck", [0, 1]),
    ("entropy", [0, 1]),
    ("densify", [0]),
    ("connectivity", [0]),
]

CASES = [
    Case(
        name=f"loss {kind} dim {p} (128x64)",
        prepare=lambda: gaussian_batch(BATCH_SEED),
        toporeg=["peers-losses", kind, str(p)],
        peers={
            f"ripser.py diagram maxdim {p}": ripser_py(p, "manhattan" if kind == "connectivity" else "euclidean")
        },
        repeats=20,
    )
    for kind, degrees in KINDS
    for p in degrees
]
