"""The `siibai` command line: one module per verb (cmd_*.py), calling services only."""
