"""The app as gunicorn serves it, plus one bare route: the framework's floor in the same server.

``/bench/floor`` runs through every hook the app registers (language, security headers) but
renders nothing and asks the database nothing, so the pages' throughput can be read as a share
of it. It exists only here, never in the app itself.
"""

from app import create_app

app = create_app()


@app.get("/bench/floor")
def floor() -> str:
    return "ok"
