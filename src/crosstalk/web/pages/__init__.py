"""Server-rendered HTML pages (Jinja2), thin handlers over the community services."""
