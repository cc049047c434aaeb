"""The screens of the windowed game."""
