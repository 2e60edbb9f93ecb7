"""The council information system (Ratsinformationssystem, RIS): a local index of the
papers and meetings a city publishes through OParl, and what the rules ask of it.

Layout: `oparl.py` (the OParl objects, pydantic, tolerant of optional fields and vendor
extensions), `client.py` (HTTP with limits, retries and a deadline; needs the `ris`
extra), `sync.py` (fetch into the index, page by page), `store.py` (the SQLite index),
`match.py` (how a cited reference is compared with an OParl `reference`), `records.py`
(what the rules see).  Checks never go online: they read the index only, and this
package's modules that the check path imports (records, match, store) use nothing but
the standard library.
"""
