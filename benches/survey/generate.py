#!/usr/bin/env python3
"""Synthetic city digital-divide survey for the `civitas survey` benchmark (pure Python, seeded).

Design (documented in docs/benchmarks-survey.md):
- 12 districts; each district has an urban and a rural part -> 24 strata (`stratum`).
- PSUs are enumeration areas (`ea`, unique within the file) of 25 respondents each; the number of EAs
  per stratum is proportional to an uneven stratum share, so sampling rates and weights differ.
- `weight` = stratum base weight (population share / sample share) x a non-response adjustment
  (log-normal, sd 0.2) -- unequal weights, as in real household surveys.
- Breakdowns: `gender` (female/male), `age_group` (15-24 ... 65+), `district` (D01..D12),
  `income` (Q1..Q5, correlated with district and urban), `disability` (yes/no), `urban_rural`.
- 20 binary indicators (ITU HH-style: internet use, home internet, mobile and smartphone ownership,
  11 skills, affordability, meaningful connectivity ...) drawn from a logistic model with real group
  differences (women, older, poorer, disabled and rural respondents lower), a district effect and an
  EA random effect (intra-cluster correlation, so design effects are > 1). About 2% of the answers
  to the skills items are missing (empty cells), as "don't know" in real surveys.

Rows come sorted by stratum and EA, as survey files usually are.

Usage: generate.py ROWS OUTPUT.csv [SEED]
"""
import math
import random
import sys

INDICATORS = [
    "internet_use", "home_internet", "mobile_owner", "smartphone", "computer", "daily_use",
    "skill_copy", "skill_attach", "skill_spreadsheet", "skill_connect", "skill_install",
    "skill_present", "skill_transfer", "skill_security", "skill_privacy", "skill_verify",
    "skill_code", "affordable", "meaningful", "eservices",
]
# Baseline log-odds of each indicator (roughly 85% internet use down to 8% coding).
BASE = [1.7, 1.2, 2.2, 1.0, 0.0, 0.8, 0.9, 0.6, -0.6, 0.2, 0.1, -0.8, 0.3, -0.9, -0.3, -0.5,
        -2.4, 0.4, -0.7, 0.2]
AGES = ["15-24", "25-34", "35-44", "45-54", "55-64", "65+"]
AGE_EFFECT = [0.5, 0.4, 0.1, -0.2, -0.7, -1.5]
AGE_SHARE = [0.17, 0.19, 0.18, 0.17, 0.14, 0.15]


def main():
    rows = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20240601)
    districts = [f"D{d:02d}" for d in range(1, 13)]
    district_effect = {d: rng.gauss(0, 0.35) for d in districts}
    district_wealth = {d: rng.gauss(0, 0.6) for d in districts}
    strata = [(d, u) for d in districts for u in ("urban", "rural")]
    # Population share of each stratum (urban parts larger) and a different sample share.
    pop_share = [rng.uniform(2.0, 6.0) if u == "urban" else rng.uniform(0.5, 2.5) for _, u in strata]
    samp_share = [p * rng.uniform(0.6, 1.6) for p in pop_share]
    total_pop, total_samp = sum(pop_share), sum(samp_share)
    population = 50 * rows  # the city has 50 people per respondent on average
    cluster = 25
    eas_total = max(len(strata) * 2, rows // cluster)
    # Largest-remainder allocation of EAs to strata (at least 2 each), so every stratum is sampled.
    exact = [2 + (eas_total - 2 * len(strata)) * s / total_samp for s in samp_share]
    eas_per_stratum = [int(e) for e in exact]
    by_remainder = sorted(range(len(strata)), key=lambda i: exact[i] - eas_per_stratum[i], reverse=True)
    for i in by_remainder[: eas_total - sum(eas_per_stratum)]:
        eas_per_stratum[i] += 1
    with open(out, "w") as f:
        f.write("id,stratum,ea,weight,district,urban_rural,gender,age_group,income,disability,"
                + ",".join(INDICATORS) + "\n")
        rid = 0
        ea_id = 0
        done = False
        for h, (district, urb) in enumerate(strata):
            n_h = eas_per_stratum[h] * cluster
            base_weight = (population * pop_share[h] / total_pop) / n_h
            for _ in range(eas_per_stratum[h]):
                ea_id += 1
                ea_effect = rng.gauss(0, 0.45)
                ea_wealth = rng.gauss(0, 0.5)
                for _ in range(cluster):
                    if rid >= rows:
                        done = True
                        break
                    rid += 1
                    female = rng.random() < 0.52
                    a = rng.choices(range(6), AGE_SHARE)[0]
                    wealth = district_wealth[district] + ea_wealth + (0.4 if urb == "urban" else -0.4) + rng.gauss(0, 0.8)
                    q = min(5, max(1, int((wealth + 2.0) / 0.8) + 1))
                    disabled = rng.random() < (0.06 + 0.04 * a)
                    eta = (district_effect[district] + ea_effect + AGE_EFFECT[a] + 0.35 * (q - 3)
                           - (0.35 if female else 0.0) - (0.8 if disabled else 0.0)
                           - (0.5 if urb == "rural" else 0.0))
                    values = []
                    for k, b in enumerate(BASE):
                        if k >= 6 and k <= 16 and rng.random() < 0.02:
                            values.append("")
                            continue
                        p = 1.0 / (1.0 + math.exp(-(b + eta)))
                        values.append("1" if rng.random() < p else "0")
                    w = base_weight * math.exp(rng.gauss(0, 0.2))
                    f.write(f"{rid},{district}-{urb},{ea_id},{w:.4f},{district},{urb},"
                            f"{'female' if female else 'male'},{AGES[a]},Q{q},{'yes' if disabled else 'no'},"
                            + ",".join(values) + "\n")
                if done:
                    break
            if done:
                break
        # Top up when rounding left the sample short.
        while rid < rows:
            rid += 1
            h = len(strata) - 1
            district, urb = strata[h]
            w = (population * pop_share[h] / total_pop) / (eas_per_stratum[h] * cluster)
            values = ["1" if rng.random() < 0.6 else "0" for _ in INDICATORS]
            f.write(f"{rid},{district}-{urb},{ea_id},{w:.4f},{district},{urb},male,25-34,Q3,no,"
                    + ",".join(values) + "\n")


if __name__ == "__main__":
    main()
