"""``dateline watch``: keep a store current from feeds and folders.

- :mod:`dateline.watch.state` -- per-source state kept in the store (migrations
  ``watch_*`` on both backends): HTTP validators, failures, items seen;
- :mod:`dateline.watch.sources` -- one poll of a feed URL (conditional GET) or a folder;
- :mod:`dateline.watch.runner` -- the polling loop: ingest what is new, fuse, back off
  from failing sources, stop on SIGINT/SIGTERM.

Nothing is imported here: the store modules import :mod:`dateline.watch.state` while
they are being imported.
"""
