"""State changes of the buddy app: named actions (``core.guards``) that write the audit trail."""
