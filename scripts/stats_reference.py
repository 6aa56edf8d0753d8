#!/usr/bin/env python3
"""Reference values for rank correlations and Wilson intervals, computed with scipy.

Regenerate from the repository root (needs a python3 with numpy and scipy, e.g.
Debian's python3-scipy):

  python3 scripts/stats_reference.py test/fixtures/rank-correlation.json test/fixtures/wilson.json

Rank correlations: scipy.stats.spearmanr (average ranks for ties) and
scipy.stats.kendalltau (variant 'b', which corrects for ties in either input).
Wilson intervals: scipy.stats.binomtest(k, n).proportion_ci(confidence, method='wilson').
Values are written with repr() precision; NaN results (constant input) as null.
"""

import json
import math
import sys

import numpy as np
from scipy import stats


def clean(x):
    x = float(x)
    return None if math.isnan(x) else x


def rank_cases():
    rng = np.random.default_rng(20250901)
    cases = []

    def add(name, x, y):
        x = [float(v) for v in x]
        y = [float(v) for v in y]
        rho = stats.spearmanr(x, y).statistic
        tau = stats.kendalltau(x, y, variant='b').statistic
        cases.append({'name': name, 'x': x, 'y': y, 'spearman': clean(rho), 'kendallTauB': clean(tau)})

    add('identical', [1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
    add('reversed', [1, 2, 3, 4, 5], [5, 4, 3, 2, 1])
    add('small with ties', [1, 2, 2, 3, 4, 4, 4, 5], [2, 1, 3, 3, 5, 4, 4, 6])
    add('ties on both sides', [1, 1, 2, 2, 3, 3], [1, 2, 1, 2, 1, 2])
    add('competition ranks', [1, 2, 2, 4, 5, 6, 6, 6, 9, 10], [3, 1, 2, 2, 5, 8, 6, 7, 10, 9])
    add('constant x', [3, 3, 3, 3], [1, 2, 3, 4])
    add('two values', [1, 2], [2, 1])
    x = rng.normal(size=40)
    add('normal noise n=40', x, x + rng.normal(scale=1.0, size=40))
    x = rng.integers(1, 8, size=60)
    add('heavy ties n=60', x, rng.integers(1, 5, size=60) + x // 2)
    x = rng.permutation(200) + 1
    add('permutation n=200', x, np.where(rng.random(200) < 0.3, rng.permutation(200) + 1, x))
    x = rng.exponential(size=500)
    add('skewed n=500', np.round(x, 1), np.round(x * rng.lognormal(sigma=0.5, size=500), 1))
    return cases


def wilson_cases():
    cases = []
    for k, n in [(0, 1), (1, 1), (0, 10), (3, 10), (10, 10), (1, 3), (50, 100), (7, 1000),
                 (3, 3338620), (2595, 104031), (1, 2), (999, 1000), (123456, 9876543)]:
        for confidence in (0.8, 0.9, 0.95, 0.99, 0.999):
            ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method='wilson')
            cases.append({'successes': k, 'trials': n, 'confidence': confidence, 'low': float(ci.low), 'high': float(ci.high)})
    return cases


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], 'w') as f:
        json.dump({'scipy': __import__('scipy').__version__, 'cases': rank_cases()}, f, indent=1)
        f.write('\n')
    with open(sys.argv[2], 'w') as f:
        json.dump({'scipy': __import__('scipy').__version__, 'cases': wilson_cases()}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
