"""State changes of the people app: named actions guarded by ``core.guards`` that write the audit trail."""
