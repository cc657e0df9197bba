"""Health endpoints for the process manager and the load balancer: ``/healthz`` (the process
answers) and ``/readyz`` (it can reach its database and, when configured, Redis)."""

from flask import Blueprint

bp = Blueprint("health", __name__)

from app.health import views  # noqa: E402, F401  (their routes join bp)
