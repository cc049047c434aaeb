"""Names written into files the game stores, shared by the layers that write and read them."""

SAVE_KIND = "outreach-play-state"
