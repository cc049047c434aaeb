"""Tools for scenario authors behind the command line: running a scenario's tests, starting a new
scenario. Thin layers over the pure model and engine."""
