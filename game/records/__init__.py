"""Records for programs, as pure values: what a scenario version looked like, the xAPI statements of
a playthrough or a room session, and the cohort report's figures and page. No I/O here: the store
(game.store.records_db and friends) reads and writes, these functions only compute."""
