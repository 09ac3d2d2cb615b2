"""docgen as a service: an HTTP API (``api``), a web form (``web``), clerk-editable
Word templates (``docgen.usertemplates``), behind one FastAPI app.

``docgen serve`` starts it with uvicorn; :func:`docgen.service.app.create_app`
builds it (tests use it with FastAPI's TestClient).
"""
