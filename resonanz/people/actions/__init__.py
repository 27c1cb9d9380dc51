"""State changes of the people app: named actions (``core.guards``) that write the audit trail."""
