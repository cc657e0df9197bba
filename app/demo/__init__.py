"""Demo data: realistic ethnocultural associations and log-ins for trying the platform."""
