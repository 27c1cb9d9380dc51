"""Content: posts, their checks before approval (personal data, network limits) and the checker's command."""
