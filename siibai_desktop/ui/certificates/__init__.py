"""The tabs of the 证明开具 page: issue, ledger and verify, templates, settings."""
