"""Shared pytest fixtures. Keep this file an index: fixtures live in their own
modules and are imported here so every test file can use them."""
from tests.redis_server import redis_cluster_server, redis_server  # noqa: F401
