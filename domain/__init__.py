"""Teczka's domain: aggregates, their events and invariants, and value objects.

Pure Python: imports only the standard library and ``eventsourcing.domain``.
"""
