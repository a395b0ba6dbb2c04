"""Trust and safety: normalization, classifiers, policy, decisions, review and transparency."""
