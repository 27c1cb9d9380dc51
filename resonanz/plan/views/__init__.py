"""Pages of the communication plan: matrix, drafts, transitions, calendar, people, execution, reference data.

Views parse input, call one action from ``resonanz.plan.actions`` and render; htmx requests get the
piece of the page they target, everything else the whole page (so every page works without JavaScript).
"""
