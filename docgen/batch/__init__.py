"""Batch generation: many documents, resumable, memory-flat, local or on Celery.

``manifest`` records what is done (one JSON line per file, with the hash of
its inputs); ``storage`` is where files go (a folder every worker can reach;
the interface leaves room for S3-compatible storage).
"""
