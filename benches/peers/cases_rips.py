"""Vietoris–Rips persistence: toporeg vs ripser.py and giotto-ph (1 thread)."""

import gzip
import math

import numpy as np

from cases_losses import splitmix64
from run import DATA, Case

RIPSER = DATA / "ripser"


def point_cloud(name):
    # numpy reads the gzipped files itself
    return lambda: np.loadtxt(RIPSER / name, delimiter=None if ".txt" in name else ",")


def lower_distance(name):
    def load():
        opener = gzip.open if name.endswith(".gz") else open
        with opener(RIPSER / name, "rt") as f:
            rows = [line.strip() for line in f]
        values = [[float(v) for v in row.replace(",", " ").split()] for row in rows if row]
        n = len(values) + 1
        d = np.zeros((n, n))
        for i, row in enumerate(values, start=1):
            d[i, : len(row)] = row
        return d + d.T

    return load


def uniform(n, dim, seed):
    """The points of `peers-rips uniform N,DIM,SEED`: SplitMix64 uniforms
    (x >> 11) / 2^53, row by row, cast to float32."""

    def load():
        rng = splitmix64(seed)
        values = np.fromiter((next(rng) / float(1 << 53) for _ in range(n * dim)), dtype=np.float64, count=n * dim)
        return values.astype(np.float32).reshape(n, dim)

    return load


def o3(n, seed):
    """`toporeg_benches::o3_points`: n uniform random rotation matrices in
    R^9 (float32), from unit quaternions drawn by rejection in [-1, 1]^4 with
    the same SplitMix64 stream and the same correctly rounded operations."""

    def load():
        rng = splitmix64(seed)
        out = []
        for _ in range(n):
            while True:
                q = [2.0 * (next(rng) / float(1 << 53)) - 1.0 for _ in range(4)]
                s = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]
                if 1.0 / 64.0 < s <= 1.0:
                    break
            r = math.sqrt(s)
            w, x, y, z = (c / r for c in q)
            out.append(
                [
                    1.0 - 2.0 * (y * y + z * z),
                    2.0 * (x * y - z * w),
                    2.0 * (x * z + y * w),
                    2.0 * (x * y + z * w),
                    1.0 - 2.0 * (x * x + z * z),
                    2.0 * (y * z - x * w),
                    2.0 * (x * z - y * w),
                    2.0 * (y * z + x * w),
                    1.0 - 2.0 * (x * x + y * y),
                ]
            )
        return np.array(out, dtype=np.float32)

    return load


def ripser_py_sparse(maxdim, thresh):
    """ripser.py on the sparse matrix of the pairs within `thresh` (its
    point-cloud path stores the dense n x n matrix: 80 GB at 100 000
    points). The neighbour search (scipy's k-d tree) runs untimed."""

    def run(data):
        from ripser import ripser

        ripser(data, maxdim=maxdim, distance_matrix=True, thresh=thresh)

    return run


def sparse_pairs(load, thresh):
    def prepare():
        from scipy.spatial import cKDTree

        points = load()
        tree = cKDTree(points)
        return points, tree.sparse_distance_matrix(tree, thresh, output_type="coo_matrix").tocsr()

    return prepare


def with_points(fn):
    return lambda data: fn(data[0])


def with_sparse(fn):
    return lambda data: fn(data[1])


def ripser_py(maxdim, distance_matrix=False):
    def run(data):
        from ripser import ripser

        ripser(data, maxdim=maxdim, distance_matrix=distance_matrix)

    return run


def giotto(maxdim, metric="euclidean", thresh=np.inf):
    def run(data):
        from gph import ripser_parallel

        ripser_parallel(data, maxdim=maxdim, metric=metric, n_threads=1, thresh=thresh)

    return run


# uniform in the unit cube: average degree n (4/3) pi r^3 = 10 gives
# r = 0.0288; with the cube's faces 0.029 gives 9.88 (peers-rips prints it)
R_DEG10 = 0.029


CASES = [
    Case(
        name="rips o3_8192 dim 0",
        prepare=point_cloud("o3_8192.txt.gz"),
        toporeg=["peers-rips", "point-cloud", str(RIPSER / "o3_8192.txt.gz"), "0"],
        peers={"ripser.py": ripser_py(0), "giotto-ph (1 thread)": giotto(0)},
        repeats=1,
    ),
    Case(
        name="rips o3_1024 dims 0-1",
        prepare=point_cloud("o3_1024.txt.gz"),
        toporeg=["peers-rips", "point-cloud", str(RIPSER / "o3_1024.txt.gz"), "1"],
        peers={"ripser.py": ripser_py(1), "giotto-ph (1 thread)": giotto(1)},
    ),
    Case(
        name="rips sphere_3_192 dims 0-2",
        prepare=lower_distance("sphere_3_192.lower_distance_matrix.gz"),
        toporeg=["peers-rips", "lower-distance", str(RIPSER / "sphere_3_192.lower_distance_matrix.gz"), "2"],
        peers={"ripser.py": ripser_py(2, distance_matrix=True), "giotto-ph (1 thread)": giotto(2, "precomputed")},
    ),
    Case(
        name="rips o3_2048 dims 0-1",
        prepare=o3(2048, 1),
        toporeg=["peers-rips", "o3", "2048,1", "1"],
        peers={"ripser.py": ripser_py(1), "giotto-ph (1 thread)": giotto(1)},
        repeats=1,
        note="random rotations in R^9; each peer needs ~4-5 min and ~9 GB",
    ),
    Case(
        name="rips o3_4096 dims 0-1",
        prepare=o3(4096, 1),
        toporeg=["peers-rips", "o3", "4096,1", "1"],
        peers={},
        repeats=1,
        note="toporeg only: on a 24 GB machine giotto-ph crashes after ~6 min asking for 32 GiB, "
        "and ripser.py runs out of memory after ~7 min at 18 GB (Ripser's C++ program: ~312 s, 8.6 GB); "
        "toporeg ~35 s",
    ),
    Case(
        name="rips uniform_1000000 R^3 dim 0",
        prepare=lambda: None,
        toporeg=["peers-rips", "uniform", "1000000,3,7", "0"],
        peers={},
        repeats=1,
        note="toporeg only: no peer computes H0 of a million points without a threshold",
    ),
    Case(
        name=f"rips uniform_100000 R^3 dims 0-1 threshold {R_DEG10}",
        prepare=sparse_pairs(uniform(100_000, 3, 7), R_DEG10),
        toporeg=["peers-rips", "uniform", "100000,3,7", "1", "--threshold", str(R_DEG10)],
        peers={
            "ripser.py": with_sparse(ripser_py_sparse(1, R_DEG10)),
            "giotto-ph (1 thread)": with_points(giotto(1, thresh=R_DEG10)),
        },
        repeats=1,
        note="average degree 9.88; ripser.py gets the sparse matrix of the pairs within r, found untimed",
    ),
]
