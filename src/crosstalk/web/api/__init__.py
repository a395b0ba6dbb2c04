"""JSON API routers (`/api/v1/...`) and the compatibility APIs."""
