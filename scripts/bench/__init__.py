"""`make bench`: the stock `rasa init` bot and ours side by side through the REST webhook,
and the staff API on SQLite and PostgreSQL. Figures, not assertions (docs: README)."""
