"""Rank an attribute's values by what similar sales chose, and find the most popular way to finish.

The method (chosen by measurement on the real Renault sales, ``benchmarks/suggestions.py``; see
docs/architecture.md): every sold configuration votes for its value of the attribute asked about, with the
weight ``exp(-sharpness * d)``, where ``d`` adds up, over the customer's choices so far that the sale does *not*
share, how much that choice tells about the attribute asked about (their mutual information in the sales,
divided by the attribute's entropy). A sale that agrees with every choice counts fully; one that differs in a
choice that says nothing about the attribute counts almost as much; one that differs in a telling choice counts
far less: a nearest-neighbour vote over all sales with a distance learned from the sales, which backs off
smoothly as the choices become rarer. The votes of the values the engine still allows are then normalised into
probabilities (a small share by overall popularity, so that every allowed value has one and they sum to 1).
An excluded value is never suggested: the caller passes the valid values, and only those are ranked.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from configurator.core.suggest.history import MISSING, SalesHistory, value_key

DEFAULT_SHARPNESS = 10.0
SMOOTHING = 1e-3  # the share of the votes given by overall popularity
MIN_SALES = 20  # below this many sales of a family the model's defaults are used instead
COMPLETION_CANDIDATES = 200


@dataclass(frozen=True)
class Ranked:
    value: Any  # the caller's value (as allowed by the engine)
    probability: float  # among the allowed values; they sum to 1


class Recommender:
    """Suggestions from one family's sales history (immutable; safe to share between threads)."""

    def __init__(self, history: SalesHistory, *, sharpness: float = DEFAULT_SHARPNESS) -> None:
        if not sharpness > 0:
            raise ValueError(f"sharpness must be positive, got {sharpness!r}")
        self.history = history
        self.sharpness = sharpness
        self._marginals = [np.bincount(col[col >= 0], minlength=len(history.values[j])).astype(np.float64)
                           for j, col in enumerate(history.matrix.T)]
        self._columns = {a: j for j, a in enumerate(history.attributes)}
        self.relevance = relevance(history.matrix)

    @property
    def enough(self) -> bool:
        """Whether there are enough sales to suggest from (else the model's defaults are the advice)."""
        return self.history.size >= MIN_SALES

    # ------------------------------------------------------------------ the vote
    def _evidence(self, given: Mapping[str, Any]) -> tuple[list[int], list[int]]:
        cols, codes = [], []
        for attribute, value in given.items():
            column = self._columns.get(attribute)
            if column is not None and value is not None:
                cols.append(column)
                codes.append(self.history.code(column, value))
        return cols, codes

    def weights(self, given: Mapping[str, Any], attribute: str | None = None) -> np.ndarray:
        """Each sale's weight for ``attribute`` given the choices (every choice counting the same without one)."""
        cols, codes = self._evidence({a: v for a, v in given.items() if a != attribute})
        target = None if attribute is None else self._columns[attribute]
        return self.coded_weights(target, cols, codes)

    def coded_weights(self, target: int | None, cols: Sequence[int], codes: Sequence[int]) -> np.ndarray:
        """:meth:`weights` for a target column and choices given as columns and value codes."""
        if not cols:
            return np.ones(self.history.size)
        differ = self.history.matrix[:, cols] != np.asarray(codes, dtype=np.int32)
        if target is None:
            return np.exp(-self.sharpness * differ.sum(axis=1) / len(cols))
        return np.exp(-self.sharpness * (differ @ self.relevance[target, cols]))

    def coded_votes(self, target: int, cols: Sequence[int], codes: Sequence[int]) -> np.ndarray:
        """The weighted votes for each value code of column ``target``."""
        found = self.history.matrix[:, target]
        w = self.coded_weights(target, cols, codes)
        known = found >= 0
        return np.bincount(found[known], weights=w[known], minlength=len(self.history.values[target]))

    def votes(self, given: Mapping[str, Any], attribute: str) -> np.ndarray:
        """The weighted votes for each known value (code) of ``attribute``."""
        cols, codes = self._evidence({a: v for a, v in given.items() if a != attribute})
        return self.coded_votes(self._columns[attribute], cols, codes)

    def rank(self, given: Mapping[str, Any], attribute: str, allowed: Collection[Any]) -> list[Ranked]:
        """The ``allowed`` values of ``attribute`` (the engine's valid ones), most likely first, with their
        probability given the choices ``given``. Values no sale had come last, by order given; empty when no
        sale recorded the attribute."""
        if not allowed:
            return []
        if attribute not in self._columns:
            share = 1.0 / len(allowed)
            return [Ranked(v, share) for v in allowed]
        column = self._columns[attribute]
        votes = self.votes(given, attribute)
        marginal = self._marginals[column]
        total_votes, total_sales = float(votes.sum()), float(marginal.sum())
        if total_sales == 0:
            return []  # no sale recorded this attribute: nothing to learn from
        scores = []
        for value in allowed:
            code = self.history.code(column, value)
            vote = float(votes[code]) if code != MISSING else 0.0
            popular = (float(marginal[code]) if code != MISSING else 0.0) + 1.0
            scores.append(vote + SMOOTHING * max(total_votes, 1e-12) * popular / (total_sales + len(allowed)))
        norm = sum(scores)
        ranked = [Ranked(v, s / norm) for v, s in zip(allowed, scores, strict=True)]
        order = sorted(range(len(ranked)), key=lambda i: -ranked[i].probability)  # stable: ties keep their order
        return [ranked[i] for i in order]

    def best(self, given: Mapping[str, Any], attribute: str, allowed: Collection[Any] | None = None) -> str | None:
        """The id of the most voted value (``allowed``: only among these ids); ``None`` with no sales."""
        column = self._columns.get(attribute)
        if column is None or self.history.size == 0:
            return None
        votes = self.votes(given, attribute)
        names = self.history.values[column]
        if allowed is not None:
            keep = {value_key(v) for v in allowed}
            votes = np.where([n in keep for n in names], votes, -1.0)
        if votes.size == 0 or votes.max() < 0:
            return None
        return names[int(votes.argmax())]

    # ------------------------------------------------------------------ the most popular way to finish
    def completions(self, given: Mapping[str, Any]) -> list[dict[str, str]]:
        """Whole sold configurations, the most similar and most often sold first (ids as text), with the
        choices ``given`` put in: the candidates for "finish as most customers do"."""
        weights = self.weights(given)
        matrix = self.history.matrix
        patterns, inverse, counts = np.unique(matrix, axis=0, return_inverse=True, return_counts=True)
        best_weight = np.zeros(len(patterns))
        np.maximum.at(best_weight, inverse.reshape(-1), weights)
        order = np.lexsort((-counts, -best_weight))[:COMPLETION_CANDIDATES]
        chosen = {a: value_key(v) for a, v in given.items() if v is not None}
        result = []
        for index in order:
            row = patterns[index]
            values = {a: self.history.values[j][code] for j, (a, code) in enumerate(zip(self.history.attributes,
                                                                                          row, strict=True))
                      if code != MISSING}
            result.append({**values, **chosen})
        return result


def relevance(matrix: np.ndarray) -> np.ndarray:
    """``r[t, e]``: how much knowing column ``e`` tells about column ``t`` in the sales, their mutual
    information divided by the entropy of ``t`` (0 for itself and for a column with one value)."""
    rows, columns = matrix.shape
    shifted = matrix.astype(np.int64) + 1  # a missing value (-1) is a value of its own here
    sizes = shifted.max(axis=0) + 1 if rows else np.ones(columns, dtype=np.int64)
    result = np.zeros((columns, columns))
    if rows == 0:
        return result
    probabilities = [np.bincount(shifted[:, j], minlength=sizes[j]) / rows for j in range(columns)]
    entropy = np.array([-(p[p > 0] * np.log(p[p > 0])).sum() for p in probabilities])
    for t in range(columns):
        if entropy[t] <= 0:
            continue
        for e in range(columns):
            if e == t:
                continue
            joint = np.bincount(shifted[:, t] * sizes[e] + shifted[:, e], minlength=sizes[t] * sizes[e]) / rows
            expected = np.outer(probabilities[t], probabilities[e]).reshape(-1)
            nonzero = joint > 0
            result[t, e] = (joint[nonzero] * np.log(joint[nonzero] / expected[nonzero])).sum() / entropy[t]
    return result


def most_popular_completion(recommender: Recommender, given: Mapping[str, Any], domains: Mapping[str, Sequence[Any]],
                            extend: Callable[[dict[str, Any]], dict[str, Any] | None]) -> dict[str, Any] | None:
    """The most popular valid way to finish ``given``: the nearest, most often sold sale, its values that exist in
    ``domains`` (attribute -> the engine's values) handed to ``extend``, which returns a complete valid
    configuration keeping them (the engine fills what the sale did not record) or ``None`` (the next sale)."""
    by_key = {a: {value_key(v): v for v in values} for a, values in domains.items()}
    for candidate in recommender.completions(given):
        values = {a: known[candidate[a]] for a, known in by_key.items() if candidate.get(a) in known}
        found = extend(values)
        if found is not None:
            return found
    return None
