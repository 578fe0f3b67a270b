"""Serving and publishing: ``spiralld serve`` (content negotiation, the SPARQL endpoint and its
worker pool, static files), the web-server rules written into the release (.htaccess,
nginx.conf, the sitemap), and ``spiralld publish`` into a triple store with its credentials.

In: a release. Out: HTTP answers, or the release's graphs in a store.
"""
