"""Services: the operations the UI and the CLI perform, each on a `Database`.

A service opens its own read or write session, returns plain data (dataclasses,
dicts), never ORM objects bound to a session, so the UI thread can hold the
result safely.
"""
