#!/usr/bin/env python3
"""engine/sim/sample_normal_gen.py — regenerates the ziggurat tables of
engine/sim/sample_normal.c (run it and paste its output over the tables).

256 layers of equal area v under f(x) = exp(-x^2/2): the base strip is the
rectangle [0, r] x [0, f(r)] plus the tail beyond r, the others are
rectangles x[i] x (f(x[i+1]) - f(x[i])). r is found by bisection so that the
top layer ends exactly at x = 0. k[i] is the integer form of the inner
rectangle's share x[i+1]/x[i] of layer i, for the sampler's fast test. Computed with mpmath at 50 digits; each
double printed with repr() round-trips exactly.
"""
from mpmath import erfc, exp, log, mp, mpf, pi, sqrt

mp.dps = 50
N = 256


def f(x):
    return exp(-x * x / 2)


def finv(y):
    return sqrt(-2 * log(y))


def base_area(r):
    return r * f(r) + sqrt(pi / 2) * erfc(r / sqrt(2))


def layers(r):
    """x[0..N]: x[0] = v / f(r) (the base strip's equivalent width), x[1] =
    r, then up the layers; None when r is too small (the layers reach the
    top of f before the last one)."""
    v = base_area(r)
    xs = [v / f(r), r]
    for _ in range(1, N - 1):
        y = f(xs[-1]) + v / xs[-1]
        if y >= 1:
            return None
        xs.append(finv(y))
    return xs


def excess(r):
    xs = layers(r)
    return 1 if xs is None else f(xs[-1]) + base_area(r) / xs[-1] - 1


lo, hi = mpf(3), mpf(4)
for _ in range(200):
    mid = (lo + hi) / 2
    if excess(mid) > 0:
        lo = mid
    else:
        hi = mid
r = (lo + hi) / 2
xs = layers(r) + [mpf(0)]


def table(name, values):
    rows = [", ".join(repr(float(t)) for t in values[i:i + 3])
            for i in range(0, len(values), 3)]
    return ("const double %s[%d] = {\n    " % (name, len(values)) +
            ",\n    ".join(rows) + "};\n")


print("#define CRQ_ZIG_R %r\n#define CRQ_ZIG_V %r\n" % (float(r), float(base_area(r))))
print(table("crq_zig_x", xs))
print(table("crq_zig_f", [f(t) for t in xs]))
# Inner-rectangle thresholds: a 53-bit position j of layer i is inside iff
# j < k[i] = ceil(2^53 x[i+1] / x[i]).
ks = [int(mp.ceil(mpf(2)**53 * xs[i + 1] / xs[i])) for i in range(N)]
rows = [", ".join("UINT64_C(%d)" % k for k in ks[i:i + 3])
        for i in range(0, N, 3)]
print("const uint64_t crq_zig_k[%d] = {\n    " % N + ",\n    ".join(rows) +
      "};")
