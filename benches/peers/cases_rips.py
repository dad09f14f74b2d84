"""Vietoris–Rips persistence: toporeg vs ripser.py and giotto-ph (1 thread)."""

import gzip

import numpy as np

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


def ripser_py(maxdim, distance_matrix=False):
    def run(data):
        from ripser import ripser

        ripser(data, maxdim=maxdim, distance_matrix=distance_matrix)

    return run


def giotto(maxdim, metric="euclidean"):
    def run(data):
        from gph import ripser_parallel

        ripser_parallel(data, maxdim=maxdim, metric=metric, n_threads=1)

    return run


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
        name="rips uniform_1000000 R^3 dim 0",
        prepare=lambda: None,
        toporeg=["peers-rips", "uniform", "1000000,3,7", "0"],
        peers={},
        repeats=1,
        note="toporeg only: no peer computes H0 of a million points without a threshold",
    ),
]
