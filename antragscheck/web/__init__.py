"""`antragscheck serve`: the checks as a web page and an HTTP API (extra `[web]`).

Nothing here is imported by the command line unless `serve` runs, so the core install
never needs FastAPI.  Layout:

- `uploads`: the request body, read as it streams in, into a private temporary folder,
  with the size limits enforced on the way;
- `service`: the pipeline for uploaded files (check, annotate, blank template, rules),
  run off the event loop with bounded concurrency;
- `pages`: the German HTML (Jinja templates, escaped throughout);
- `app`: the routes, the security headers and the error answers.
"""
