"""Competence (ISO 9001 7.2) and awareness (7.3): catalogue, requirements, trainings, certificates,
effectiveness checks, the training matrix and competence gating of plan rows."""
