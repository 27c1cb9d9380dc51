"""Strict local stand-ins for the networks without a local server (LinkedIn, X) and a webhook receiver.

Importable by tests and by ``bench/``; each runs in a thread on 127.0.0.1 on a free port.
"""
