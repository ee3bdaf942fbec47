"""Shared pytest fixtures. Keep this file an index: fixtures live in their own
modules and are imported here so every test file can use them."""
from tests.redis_server import (  # noqa: F401
    _redis_cluster_session, _redis_session, redis_cluster_server, redis_cluster_url, redis_server, redis_url)
