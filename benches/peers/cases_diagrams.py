"""Diagram distances and kernels: toporeg vs GUDHI and persim.

Random diagrams: births U(0,1), lifetimes exponential with mean 0.1, drawn
from the same SplitMix64 stream as benches/src/lib.rs (`random_diagram`), so
both sides see identical diagrams.

- bottleneck: toporeg's exact algorithm vs `gudhi.bottleneck_distance(a, b)`
  (default e, the smallest positive double) and `persim.bottleneck` (n = 1000
  only: it is slow).
- PSSK Gram matrix of 100 diagrams x 200 points: toporeg's `Pssk::gram` with
  sigma vs GUDHI's `PersistenceScaleSpaceKernel(bandwidth=2*sqrt(sigma))`
  fit/transform (the same kernel up to a constant factor).
"""

import math

import numpy as np

from run import Case

MASK = (1 << 64) - 1


def splitmix64(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def random_diagram(seed, n):
    rng = splitmix64(seed)
    unit = lambda: (next(rng) >> 11) / float(1 << 53)
    pts = []
    for _ in range(n):
        b = unit()
        life = -0.1 * math.log(1.0 - unit())
        pts.append((b, b + life))
    return np.array(pts, dtype=np.float64)


def pair(n, sa, sb):
    return lambda: (random_diagram(sa, n), random_diagram(sb, n))


def gudhi_bottleneck(data):
    import gudhi

    gudhi.bottleneck_distance(data[0], data[1])


def persim_bottleneck(data):
    import persim

    persim.bottleneck(data[0], data[1])


SIGMA = 0.01
GRAM_DIAGRAMS = 100
GRAM_POINTS = 200
GRAM_SEED = 1000


def gram_data():
    return [random_diagram(GRAM_SEED + k, GRAM_POINTS) for k in range(GRAM_DIAGRAMS)]


def gudhi_pssk(data):
    from gudhi.representations import PersistenceScaleSpaceKernel

    k = PersistenceScaleSpaceKernel(bandwidth=2.0 * math.sqrt(SIGMA))
    k.fit(data)
    k.transform(data)


CASES = [
    Case(
        name="bottleneck exact n=1000",
        prepare=pair(1000, 1, 2),
        toporeg=["peers-diagrams", "bottleneck", "1000", "1", "2"],
        peers={"gudhi (default e)": gudhi_bottleneck, "persim": persim_bottleneck},
    ),
    Case(
        name="bottleneck exact n=5000",
        prepare=pair(5000, 3, 4),
        toporeg=["peers-diagrams", "bottleneck", "5000", "3", "4"],
        peers={"gudhi (default e)": gudhi_bottleneck},
    ),
    Case(
        name="pssk gram 100x200",
        prepare=gram_data,
        toporeg=["peers-diagrams", "pssk-gram", str(GRAM_DIAGRAMS), str(GRAM_POINTS), str(SIGMA), str(GRAM_SEED)],
        peers={"gudhi PersistenceScaleSpaceKernel": gudhi_pssk},
        repeats=1,
    ),
]
