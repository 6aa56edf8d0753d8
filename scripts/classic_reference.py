#!/usr/bin/env python3
"""Reference implementation of the classic pandas influencer-funnel recipe.

Regenerate the reference fixtures (needs a python3 with pandas, e.g. the
Debian/Ubuntu python3-pandas package) from the repository root:

  python3 scripts/classic_reference.py test/fixtures/classic-small.csv test/fixtures/classic-small.expected.csv test/fixtures/classic-small.cuts.json
  python3 scripts/classic_reference.py examples/data/events.csv test/fixtures/classic-sample.expected.csv test/fixtures/classic-sample.cuts.json

Usage: classic_reference.py INPUT_CSV OUTPUT_CSV CUTS_JSON

Recipe:
  1. Per input row: ctr = clicks/impressions, atc_rate = add_to_cart/clicks,
     purchase_rate = purchases/add_to_cart, overall_conv = purchases/impressions,
     rpc = revenue/clicks, rpi = revenue/impressions. A zero denominator gives
     NaN, so that row is left out of the mean in step 2.
  2. Group by influencer_id (read as a string):
       impressions, clicks, add_to_cart, purchases, revenue -> sum
       ctr, atc_rate, purchase_rate, overall_conv, rpc, rpi -> unweighted mean
                                                               of the row values,
                                                               NaN skipped
       follower_count -> value on the influencer's first row (input order)
       category       -> most frequent value; ties go to the smallest value in
                         string sort order
  3. influencer_score = 0.30*overall_conv + 0.30*rpc + 0.20*ctr
                        + 0.20*purchase_rate  (raw, unnormalised values)
  4. q1, q2 = influencer_score.quantile([0.33, 0.66]) (linear interpolation,
     NaN scores skipped);
     segment_3 = 'Low Performer' if score <= q1, 'Mid Performer' if
     score <= q2, else 'High Performer'. Taken literally, this puts a NaN
     score into 'High Performer' (both comparisons are False).
  5. Output columns: influencer_id, impressions, clicks, add_to_cart,
     purchases, revenue, ctr, atc_rate, purchase_rate, overall_conv, rpc, rpi,
     follower_count, category, influencer_score, segment_3; rows ordered by
     the numeric value of influencer_id.

Input numbers are parsed with float_precision="round_trip" (correctly
rounded, like JavaScript's Number parsing); for the fixtures in this repo the
result is identical to pandas' default parser.

Output format: LF line ends, integers as integers, floats with repr()
precision (shortest string that round-trips to the same double), NaN as an
empty cell. The cuts JSON holds q1 and q2 (also repr precision).
"""

import csv
import json
import math
import sys

import numpy as np
import pandas as pd

SUM_COLS = ["impressions", "clicks", "add_to_cart", "purchases", "revenue"]
RATES = [
    # name, numerator, denominator
    ("ctr", "clicks", "impressions"),
    ("atc_rate", "add_to_cart", "clicks"),
    ("purchase_rate", "purchases", "add_to_cart"),
    ("overall_conv", "purchases", "impressions"),
    ("rpc", "revenue", "clicks"),
    ("rpi", "revenue", "impressions"),
]
OUTPUT_COLS = [
    "influencer_id",
    "impressions",
    "clicks",
    "add_to_cart",
    "purchases",
    "revenue",
    "ctr",
    "atc_rate",
    "purchase_rate",
    "overall_conv",
    "rpc",
    "rpi",
    "follower_count",
    "category",
    "influencer_score",
    "segment_3",
]
QUANTILES = [0.33, 0.66]


def safe_div(num: pd.Series, den: pd.Series) -> pd.Series:
    """num / den with NaN wherever den == 0 (never inf)."""
    num = num.astype("float64")
    den = den.astype("float64")
    return num / den.where(den != 0)


def top_category(s: pd.Series) -> str:
    """Most frequent value; ties broken by the smallest value in sort order."""
    counts = {}
    for v in s:
        counts[v] = counts.get(v, 0) + 1
    best = max(counts.values())
    return min(v for v, c in counts.items() if c == best)


def classic(df: pd.DataFrame):
    df = df.copy()
    for name, num, den in RATES:
        df[name] = safe_div(df[num], df[den])

    agg = {col: (col, "sum") for col in SUM_COLS}
    agg.update({name: (name, "mean") for name, _, _ in RATES})
    agg["follower_count"] = ("follower_count", "first")
    agg["category"] = ("category", top_category)
    out = df.groupby("influencer_id", sort=False).agg(**agg).reset_index()

    out["influencer_score"] = (
        0.30 * out["overall_conv"]
        + 0.30 * out["rpc"]
        + 0.20 * out["ctr"]
        + 0.20 * out["purchase_rate"]
    )

    q = out["influencer_score"].quantile(QUANTILES, interpolation="linear")
    q1, q2 = float(q.iloc[0]), float(q.iloc[1])
    score = out["influencer_score"]
    out["segment_3"] = np.where(
        score <= q1, "Low Performer", np.where(score <= q2, "Mid Performer", "High Performer")
    )

    out["_order"] = out["influencer_id"].astype(int)
    out = out.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    return out[OUTPUT_COLS], q1, q2


def fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return "" if math.isnan(f) else repr(f)
    return str(v)


def write_csv(out: pd.DataFrame, path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(OUTPUT_COLS)
        for row in out.itertuples(index=False, name=None):
            w.writerow([fmt(v) for v in row])


def verify_round_trip(out: pd.DataFrame, path: str) -> None:
    back = pd.read_csv(
        path,
        dtype={"influencer_id": str},
        keep_default_na=False,
        na_values=[""],
        float_precision="round_trip",
    )
    assert list(back.columns) == OUTPUT_COLS
    assert len(back) == len(out)
    for col in OUTPUT_COLS:
        a = out[col].tolist()
        b = back[col].tolist()
        for x, y in zip(a, b):
            if isinstance(x, str) or isinstance(y, str):
                assert str(x) == str(y), (col, x, y)
            elif isinstance(x, float) and math.isnan(x):
                assert isinstance(y, float) and math.isnan(y), (col, x, y)
            else:
                assert float(x) == float(y), (col, x, y)


def main(argv) -> int:
    if len(argv) != 4:
        sys.stderr.write("usage: classic_reference.py INPUT_CSV OUTPUT_CSV CUTS_JSON\n")
        return 2
    inp, out_csv, cuts_json = argv[1:]
    df = pd.read_csv(inp, dtype={"influencer_id": str}, float_precision="round_trip")
    out, q1, q2 = classic(df)
    write_csv(out, out_csv)
    verify_round_trip(out, out_csv)
    with open(cuts_json, "w", encoding="utf-8") as fh:
        json.dump({"q1": q1, "q2": q2, "quantiles": QUANTILES}, fh, indent=2)
        fh.write("\n")
    print(f"{inp}: {len(df)} rows -> {len(out)} influencers; q1={q1!r} q2={q2!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
