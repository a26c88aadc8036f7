"""Caching: one mechanism, described in docs/caching.md.

- `generations`: a token per kind of data ("posts", "comments", "people", "workshops",
  "network"), replaced on every write to that kind (model signals each app registers
  with `track`); a cache key that holds the tokens is never stale. `cached_under`
  keeps a value (a profile, a post row) under such a key.
- `fragments`: `{% cachedfragment %}` (network/templatetags/fragments.py) keeps part of
  a page under a key of its name, the generations it shows, the viewer's role, the
  path and only the query parameters the page reads. Per-viewer parts are holes
  filled per request; anything else per-viewer inside a fragment is refused when it
  renders.
- `requestcache`: the hot values every page reads, fetched in one round trip.
- `local`: a bounded per-process copy of what the shared cache holds.
- `sessions`: sessions read through the shared cache.
"""
