"""What the CLI calls: the build runner and its summary, the check command, queries."""
