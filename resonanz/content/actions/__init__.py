"""Actions of the content app: the only functions that change posts, their approval and the rules.

Each takes the acting member and is declared with ``core.guards.action``; the body runs in one
transaction and writes its audit record. Approval and its policies live in ``actions.approval``.
"""
