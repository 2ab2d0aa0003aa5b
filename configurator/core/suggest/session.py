"""Suggestions for a configuration session: only values the engine still allows, and a valid completion."""

from __future__ import annotations

from typing import Any

from configurator.core.engine.session import ConfigurationSession, SessionError
from configurator.core.model import schema as s
from configurator.core.suggest.recommender import Ranked, Recommender, most_popular_completion


def suggestions(recommender: Recommender, session: ConfigurationSession, attribute: str) -> list[Ranked]:
    """The still possible values of ``attribute``, most often chosen by similar customers first; empty when the
    family has too few sales (the model's default is the advice then) or the attribute is decided."""
    whole = session.state()
    state = whole.attributes[attribute]
    if not recommender.enough or state.chosen is not None or len(state.available) < 2:
        return []
    # the evidence: every value decided so far, chosen or implied by the rules (measured: a little better than
    # the choices alone, benchmarks/suggestions.py)
    decided = {a: st.value for a, st in whole.attributes.items() if st.value is not None and a != attribute}
    return recommender.rank(decided, attribute, state.available)


def popular_completion(recommender: Recommender, session: ConfigurationSession) -> dict[str, Any] | None:
    """The most popular valid way to finish the session's choices ("as most customers do"), as values for
    every attribute one chooses; ``None`` with too few sales or when no sale fits (complete with defaults)."""
    if not recommender.enough:
        return None
    domains = {a.id: session.encoding.domains[a.id] for a in session.model.chosen_attributes
               if a.type != s.TEXT and a.id in session.encoding.domains}  # texts are the customer's own

    def extend(values: dict[str, Any]) -> dict[str, Any] | None:
        trial = ConfigurationSession(session.model, session.encoding)
        try:
            try:
                trial.set_many({**values, **session.choices}, replace=True)
            except SessionError:
                return None  # this sale does not fit the rules (or the choices) any more
            trial.complete()
            state = trial.state()
            return {a: state.attributes[a].value for a in domains if state.attributes[a].value is not None}
        finally:
            trial.close()

    return most_popular_completion(recommender, session.choices, domains, extend)
