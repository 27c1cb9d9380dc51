"""One connector per network, all behind the interface in ``base``; ``registry.connector_for`` picks one."""
