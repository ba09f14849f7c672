# SPDX-License-Identifier: GPL-2.0-only
"""ns-3's random numbers, reproduced: the MRG32k3a generator of ns3::RngStream (L'Ecuyer's
combined multiple recursive generator) with ns-3's stream and substream layout, and the two
random variables the workloads draw from (UniformRandomVariable, ExponentialRandomVariable).

ns-3 gives a random variable whose stream is set by hand (SetStream(s), s >= 0) the generator
stream 2^63 + s (the first 2^63 are for automatic assignment) and the substream RngRun, all seeded
with RngSeed; so a workload planned from fixed streams depends on --RngSeed and --RngRun alone,
and drawing the same values here gives the same arrival times as p2p-scenario.
"""
import math

M1 = 4294967087
M2 = 4294944443
NORM = 1.0 / (M1 + 1.0)
A12, A13N = 1403580, 810728
A21, A23N = 527612, 1370589
# The one-step transition matrices of the two components.
A1 = ((0, 1, 0), (0, 0, 1), (-A13N % M1, A12, 0))
A2 = ((0, 1, 0), (0, 0, 1), (-A23N % M2, 0, A21))


def _mat_mul(a, b, m):
    return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) % m for j in range(3)) for i in range(3))


def _mat_pow(a, e, m):
    result = ((1, 0, 0), (0, 1, 0), (0, 0, 1))
    while e:
        if e & 1:
            result = _mat_mul(result, a, m)
        a = _mat_mul(a, a, m)
        e >>= 1
    return result


def _mat_vec(a, v, m):
    return [sum(a[i][k] * v[k] for k in range(3)) % m for i in range(3)]


class RngStream:
    """ns3::RngStream(seed, stream, substream): the state advanced by stream * 2^127 and substream
    * 2^76 steps from six words equal to the seed."""

    def __init__(self, seed, stream, substream):
        if not 0 < seed < M2:
            raise ValueError("RngSeed must be in 1..%d" % (M2 - 1))
        s1, s2 = [seed] * 3, [seed] * 3
        steps = stream * (1 << 127) + substream * (1 << 76)
        s1 = _mat_vec(_mat_pow(A1, steps, M1), s1, M1)
        s2 = _mat_vec(_mat_pow(A2, steps, M2), s2, M2)
        self.state = [float(x) for x in s1 + s2]

    def rand_u01(self):
        s = self.state
        p1 = A12 * s[1] - A13N * s[0]
        p1 -= int(p1 / M1) * M1
        if p1 < 0.0:
            p1 += M1
        s[0], s[1], s[2] = s[1], s[2], p1
        p2 = A21 * s[5] - A23N * s[3]
        p2 -= int(p2 / M2) * M2
        if p2 < 0.0:
            p2 += M2
        s[3], s[4], s[5] = s[4], s[5], p2
        return (p1 - p2) * NORM if p1 > p2 else (p1 - p2 + M1) * NORM


def fixed_stream(seed, run, stream):
    """The generator of a random variable after SetStream(stream) under --RngSeed/--RngRun."""
    return RngStream(seed, (1 << 63) + stream, run)


class UniformRandomVariable:
    def __init__(self, rng, low=0.0, high=1.0):
        self.rng, self.low, self.high = rng, low, high

    def value(self):
        return self.low + self.rng.rand_u01() * (self.high - self.low)


class ExponentialRandomVariable:
    def __init__(self, rng, mean=1.0, bound=0.0):
        self.rng, self.mean, self.bound = rng, mean, bound

    def value(self):
        while True:
            r = -self.mean * math.log(self.rng.rand_u01())
            if self.bound == 0 or r <= self.bound:
                return r
