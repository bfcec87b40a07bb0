"""The one risk matrix (ICO DPIA template, step 5): likelihood of harm × severity of harm
gives the level of a risk, before and after its measures. Forms, pages, packs and the API
all read levels from here; nobody chooses a level.

Each scale is scored 1–3 (remote/possible/probable, minimal/significant/severe); the
product 1–2 is low, 3–4 medium, 6–9 high:

                 minimal   significant   severe
    probable     medium    high          high
    possible     low       medium        high
    remote       low       low           medium
"""

# Codes as stored (assessments.models.Likelihood, Severity, RiskLevel); plain strings so
# that models.py can use the matrix when a risk is saved.
LIKELIHOODS = {"remote": 1, "possible": 2, "probable": 3}
SEVERITIES = {"minimal": 1, "significant": 2, "severe": 3}
LABELS = {"low": "Low", "medium": "Medium", "high": "High"}


def level(likelihood: str, severity: str) -> str:
    """The level for a likelihood and a severity, or "" while either is not given (or is
    not on the scale: the field's own validation then says so)."""
    if likelihood not in LIKELIHOODS or severity not in SEVERITIES:
        return ""
    score = LIKELIHOODS[likelihood] * SEVERITIES[severity]
    return "low" if score <= 2 else "medium" if score <= 4 else "high"


def table() -> list[dict]:
    """The matrix as rows (most likely first), for pages that print it."""
    return [{"likelihood": lk.capitalize(),
             "cells": [{"severity": sv.capitalize(), "level": level(lk, sv), "label": LABELS[level(lk, sv)]}
                       for sv in SEVERITIES]}
            for lk in reversed(LIKELIHOODS)]
