"""The bodies of `outreach` commands that are more than a call into another layer: `records` and
its siblings, `sessions`, `routes` and `map`. game.cli parses the arguments and dispatches here."""
