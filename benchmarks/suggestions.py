"""Suggestions learned from sales, measured on the real Renault sales (BR4CP medium and big).

    python benchmarks/suggestions.py [--problems medium big] [--constrained 400] [--seed 1]

The published protocol (Brouard, de Givry, Schiex, CP 2020; Gimenez's experiments), 10-fold cross-validation
with the published folds (``index_csv_*.txt``): for each test configuration a random order of its variables;
at step k the first k sold values are given and the recommendation for the k-th variable succeeds if it equals
the sold value. Reported: the mean success rate over all steps and the curve per k, **without constraints**
(every value seen in the training folds may be recommended) and **with constraints** (only the engine's valid
values may be recommended, and only steps whose valid domain has more than one value count; a random sample of
``--constrained`` test configurations per problem, the engine replaying each), the time per recommendation
(median, p95; with constraints including the valid-domain filter), and the same for two baselines in the same
run: the most popular value, and naive Bayes. The similarity of the recommender is chosen on the training folds
only (a held-out tenth of them); the test fold is never looked at before it is scored.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import renault_data

from configurator.core.engine.encode import encode_model
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model.loader import load_model
from configurator.core.suggest.history import SalesHistory
from configurator.core.suggest.recommender import Recommender
from configurator.core.suggest.session import suggestions

SHARPNESS = (7.0, 10.0, 16.0)  # tried on the training folds
TARGETS = {("medium", False): 94.5, ("big", False): 95.5, ("medium", True): 83.0}
PUBLISHED = {("medium", False): 93.5, ("big", False): 94.9, ("medium", True): 81.0}
CURVE_AT = (0, 1, 2, 5, 10, 20, 40, 60, 80)


@dataclass
class Result:
    steps: int = 0
    hits: dict[str, int] = field(default_factory=lambda: {"recommender": 0, "popular": 0, "naive Bayes": 0})
    curve: dict[int, list[int]] = field(default_factory=dict)  # k -> [recommender hits, steps]
    times_ms: dict[str, list[float]] = field(default_factory=lambda: {"recommender": [], "naive Bayes": []})

    def add(self, k: int, hits: dict[str, bool]) -> None:
        self.steps += 1
        for name, hit in hits.items():
            self.hits[name] += hit
        entry = self.curve.setdefault(k, [0, 0])
        entry[0] += hits["recommender"]
        entry[1] += 1


class NaiveBayes:
    """P(v) · Π P(e | v) with Laplace smoothing, from the training rows (a baseline)."""

    def __init__(self, history: SalesHistory) -> None:
        m = history.matrix
        self.sizes = [max(1, len(v)) for v in history.values]
        columns = range(m.shape[1])
        self.prior = [np.log(np.bincount(m[:, t][m[:, t] >= 0], minlength=self.sizes[t]) + 1.0) for t in columns]
        self.tables: dict[tuple[int, int], np.ndarray] = {}
        for t in columns:
            count_t = np.bincount(m[:, t][m[:, t] >= 0], minlength=self.sizes[t]).astype(float)
            for e in columns:
                if e == t:
                    continue
                both = (m[:, t] >= 0) & (m[:, e] >= 0)
                joint = np.zeros((self.sizes[t], self.sizes[e]))
                np.add.at(joint, (m[both, t], m[both, e]), 1.0)
                self.tables[t, e] = np.log((joint + 1.0) / (count_t[:, None] + self.sizes[e]))

    def scores(self, target: int, given: list[tuple[int, int]]) -> np.ndarray:
        total = self.prior[target].copy()
        for column, code in given:
            if code >= 0:
                total += self.tables[target, column][:, code]
        return total


def tune(train: SalesHistory, rng: random.Random, sample: int) -> float:
    """The sharpness with the best success on a held-out tenth of the training rows (never the test fold)."""
    held = np.array(sorted(rng.sample(range(train.size), max(1, train.size // 10))))
    inner = train.restricted(np.setdiff1d(np.arange(train.size), held))
    probe = train.matrix[held[:sample]]
    best, best_rate = SHARPNESS[0], -1.0
    for sharpness in SHARPNESS:
        result = Result()
        replay_unconstrained(Recommender(inner, sharpness=sharpness), None, probe, random.Random(7), result)
        rate = result.hits["recommender"] / result.steps
        if rate > best_rate:
            best, best_rate = sharpness, rate
    return best


def replay_unconstrained(recommender: Recommender, bayes: NaiveBayes | None, tests: np.ndarray, rng: random.Random,
                         result: Result) -> None:
    history = recommender.history
    popular = [int(np.argmax(np.bincount(c[c >= 0], minlength=max(1, len(history.values[j])))))
               for j, c in enumerate(history.matrix.T)]
    for sold in tests:
        order = list(range(len(sold)))
        rng.shuffle(order)
        cols: list[int] = []
        codes: list[int] = []
        for k, column in enumerate(order):
            start = time.perf_counter()
            guess = int(recommender.coded_votes(column, cols, codes).argmax())
            middle = time.perf_counter()
            value = int(sold[column])
            hits = {"recommender": guess == value, "popular": popular[column] == value, "naive Bayes": False}
            if bayes is not None:
                hits["naive Bayes"] = int(np.argmax(bayes.scores(column, list(zip(cols, codes, strict=True))))) == value
                result.times_ms["naive Bayes"].append(1000 * (time.perf_counter() - middle))
            result.times_ms["recommender"].append(1000 * (middle - start))
            result.add(k, hits)
            cols.append(column)
            codes.append(value)


def run_constrained(problem: str, history: SalesHistory, folds: np.ndarray, sharpness: dict[int, float], *,
                    sample: int, rng: random.Random, result: Result) -> None:
    header = list(history.attributes)
    with tempfile.TemporaryDirectory() as folder:
        model_folder = renault_data.export(renault_data.read_problem(problem), Path(folder))
        model = load_model(model_folder).model
        encoding = encode_model(model)
        session = ConfigurationSession(model, encoding)
        picked = sorted(rng.sample(range(history.size), min(sample, history.size)))
        by_fold: dict[int, list[int]] = {}
        for row in picked:
            by_fold.setdefault(int(folds[row]), []).append(row)
        for fold, rows in sorted(by_fold.items()):
            train = history.restricted(np.flatnonzero(folds != fold))
            recommender = Recommender(train, sharpness=sharpness[fold])
            bayes = NaiveBayes(train)
            popular = [np.bincount(c[c >= 0], minlength=max(1, len(history.values[j]))).astype(float)
                       for j, c in enumerate(train.matrix.T)]
            for row in rows:
                sold = history.matrix[row]
                order = list(range(len(header)))
                rng.shuffle(order)
                session.set_many({}, replace=True)
                coded: list[tuple[int, int]] = []
                for k, column in enumerate(order):
                    attribute = header[column]
                    valid = session.state().attributes[attribute].available
                    value_text = history.values[column][int(sold[column])]
                    if len(valid) > 1:
                        start = time.perf_counter()
                        ranked = suggestions(recommender, session, attribute)  # the app's path: valid values only
                        middle = time.perf_counter()
                        codes = [history.code(column, v) for v in valid]
                        nb = bayes.scores(column, coded)
                        nb_guess = max(zip(codes, valid, strict=True),
                                       key=lambda cv: nb[cv[0]] if cv[0] >= 0 else -1e300)[1]
                        end = time.perf_counter()
                        pop_guess = max(zip(codes, valid, strict=True),
                                        key=lambda cv: popular[column][cv[0]] if cv[0] >= 0 else -1.0)[1]
                        result.times_ms["recommender"].append(1000 * (middle - start))
                        result.times_ms["naive Bayes"].append(1000 * (end - middle))

                        def same(value: object, text: str = value_text) -> bool:
                            return str(value) == text

                        result.add(k, {"recommender": same(ranked[0].value), "popular": same(pop_guess),
                                       "naive Bayes": same(nb_guess)})
                    session.set(attribute, session.parse(attribute, value_text))
                    coded.append((column, int(sold[column])))
        session.close()


def _pct(hits: int, steps: int) -> str:
    return f"{100 * hits / steps:.2f}" if steps else "–"


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--problems", nargs="+", default=["medium", "big"], choices=["medium", "big"])
    parser.add_argument("--constrained", type=int, default=400, help="test configurations replayed with the engine")
    parser.add_argument("--test-sample", type=int, default=150, help="test configurations per fold (0: all)")
    parser.add_argument("--tune-sample", type=int, default=60, help="held-out training configurations for tuning")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows_out = []
    curves = []
    for problem in args.problems:
        header, cars = renault_data.read_sales(problem)
        history = SalesHistory.from_rows(header, cars)
        index = (renault_data.data_dir() / "br4cp" / f"index_csv_{problem}.txt").read_text().split()
        folds = np.array([int(x) for x in index[: history.size]])
        rng = random.Random(args.seed)
        sharpness: dict[int, float] = {}
        free = Result()
        started = time.perf_counter()
        for fold in range(10):
            train_rows, test_rows = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
            train = history.restricted(train_rows)
            sharpness[fold] = tune(train, rng, args.tune_sample)
            if args.test_sample:
                test_rows = np.array(sorted(rng.sample(list(test_rows), min(args.test_sample, len(test_rows)))))
            replay_unconstrained(Recommender(train, sharpness=sharpness[fold]), NaiveBayes(train),
                                 history.matrix[test_rows], rng, free)
        free_s = time.perf_counter() - started
        bound = Result()
        if args.constrained:
            run_constrained(problem, history, folds, sharpness, sample=args.constrained, rng=rng, result=bound)
        for constrained, result in ((False, free), (True, bound)):
            if not result.steps:
                continue
            target = TARGETS.get((problem, constrained))
            rate = 100 * result.hits["recommender"] / result.steps
            rows_out.append([
                problem, "with constraints (steps with > 1 valid value)" if constrained else "without constraints",
                str(result.steps), _pct(result.hits["recommender"], result.steps),
                _pct(result.hits["popular"], result.steps), _pct(result.hits["naive Bayes"], result.steps),
                f"{PUBLISHED.get((problem, constrained), float('nan')):.1f}",
                f"{target:.1f}" if target else "–", ("yes" if rate >= target else "no") if target else "–",
                f"{_ms(result.times_ms['recommender'], 0.5):.3f}", f"{_ms(result.times_ms['recommender'], 0.95):.3f}",
                f"{_ms(result.times_ms['naive Bayes'], 0.5):.3f}"])
            points = [k for k in CURVE_AT if k in result.curve]
            curves.append(f"{problem}, {'with' if constrained else 'without'} constraints: " + ", ".join(
                f"k={k}: {_pct(*result.curve[k])} %" for k in points))
        print(f"{problem}: sharpness per fold {[sharpness[f] for f in range(10)]}; "
              f"unconstrained run {free_s:.0f} s", file=sys.stderr)
    print("| problem | scenario | steps | recommender % | most popular % | naive Bayes % | published % | target % "
          "| met | rec. median ms | rec. p95 ms | NB median ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows_out:
        print("| " + " | ".join(row) + " |")
    print()
    print("Success rate by step k (recommender):")
    for line in curves:
        print(f"- {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
