"""Build tooling, never imported by notebooks: dependency graph, notebook runs, publishing,
vendoring, the lock, the benchmark and the command line."""
