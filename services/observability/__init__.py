"""What an operator watches: Prometheus metrics and JSON log lines without personal data
(docs/operations.md)."""
