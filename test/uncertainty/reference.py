"""Reference values for the uncertainty tests, computed once with numpy and scipy and committed as
test/fixtures/uncertainty-reference.json:

    python3 test/uncertainty/reference.py > test/fixtures/uncertainty-reference.json

- the xoshiro128** 1.0 reference generator (a transliteration of prng.di.unimi.it/xoshiro128starstar.c)
  from the state {1, 2, 3, 4};
- upper tails of the standard normal (scipy.stats.norm.sf, and mpmath.ncdf at 40 digits);
- Benjamini-Hochberg adjusted p-values (scipy.stats.false_discovery_control, method 'bh');
- a funnel plot of click-through rates after Spiegelhalter (2005): pooled target, z-scores,
  winsorised at the 10th and 90th percentiles (numpy's default linear interpolation, R type 7),
  over-dispersion factor phi = mean of squared winsorised z, limits and p-values widened by
  sqrt(phi) when phi > 1, two-sided p-values and BH q-values.
"""
import json

import mpmath
import numpy as np
from scipy import stats

mpmath.mp.dps = 40


def xoshiro128starstar(state, count):
    s = list(state)
    mask = 0xFFFFFFFF
    rotl = lambda x, k: ((x << k) | (x >> (32 - k))) & mask
    out = []
    for _ in range(count):
        result = (rotl((s[1] * 5) & mask, 7) * 9) & mask
        t = (s[1] << 9) & mask
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
        out.append(result)
    return out


tails = [-3.5, -1.0, 0.0, 0.25, 1.0, 1.49, 1.5, 1.959963984540054, 2.5, 2.999, 3.0, 3.001, 4.0, 5.0, 6.5, 8.0, 10.0, 15.0, 20.0, 30.0, 37.0, 38.4]

rng = np.random.default_rng(20240501)
p_values = np.concatenate([rng.uniform(0, 1, 20), [1e-6, 0.0004, 0.003, 0.01, 0.01, 0.049]])

# Twenty influencers' impressions and clicks: an over-dispersed population with two outliers.
impressions = [820, 1500, 2300, 3100, 4700, 5200, 6400, 8000, 9100, 12000, 15000, 18000, 22000, 27000, 35000, 41000, 56000, 72000, 90000, 130000]
true_ctr = [0.021, 0.018, 0.030, 0.012, 0.024, 0.019, 0.016, 0.026, 0.020, 0.015, 0.022, 0.045, 0.017, 0.021, 0.019, 0.023, 0.008, 0.020, 0.018, 0.021]
clicks = [int(round(n * p)) for n, p in zip(impressions, true_ctr)]
n = np.array(impressions, dtype=float)
y = np.array(clicks, dtype=float)
target = y.sum() / n.sum()
z = (y / n - target) / np.sqrt(target * (1 - target) / n)
lo, hi = np.percentile(z, [10, 90])
zw = np.clip(z, lo, hi)
phi = float(np.mean(zw ** 2))
phi_used = max(1.0, phi)
z_adj = z / np.sqrt(phi_used)
p = 2 * stats.norm.sf(np.abs(z_adj))
q = stats.false_discovery_control(p, method='bh')
exposures = [820.0, 10000.0, 130000.0]
limits = []
for e in exposures:
    se = np.sqrt(phi_used * target * (1 - target) / e)
    limits.append({
        'exposure': e,
        'low95': max(0.0, target - stats.norm.ppf(0.975) * se),
        'high95': min(1.0, target + stats.norm.ppf(0.975) * se),
        'low998': max(0.0, target - stats.norm.ppf(0.999) * se),
        'high998': min(1.0, target + stats.norm.ppf(0.999) * se),
    })

json.dump({
    'generator': 'test/uncertainty/reference.py (numpy %s, scipy %s, mpmath %s)' % (np.__version__, __import__('scipy').__version__, mpmath.__version__),
    'xoshiro128starstar': {'state': [1, 2, 3, 4], 'outputs': xoshiro128starstar([1, 2, 3, 4], 12)},
    'normalUpperTail': [{'x': x, 'sf': float(stats.norm.sf(x)), 'mpmath': float(mpmath.ncdf(-x))} for x in tails],
    'benjaminiHochberg': {'p': [float(v) for v in p_values], 'q': [float(v) for v in stats.false_discovery_control(p_values, method='bh')]},
    'funnelPlot': {
        'impressions': impressions,
        'clicks': clicks,
        'target': float(target),
        'z': [float(v) for v in z],
        'winsorisedBounds': [float(lo), float(hi)],
        'phi': phi,
        'zAdjusted': [float(v) for v in z_adj],
        'p': [float(v) for v in p],
        'q': [float(v) for v in q],
        'limits': limits,
    },
}, __import__('sys').stdout, indent=1)
print()
