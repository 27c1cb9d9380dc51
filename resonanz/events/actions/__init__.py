"""State changes of the events app: named actions (``core.guards``) that write the audit trail."""
