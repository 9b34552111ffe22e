"""The HTML report: every study with its defaults, one page with figures, tables and measured verdicts."""
