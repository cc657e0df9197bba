"""Read-only pages about the Assembly: home, history and Law, the six statutory tasks."""

from __future__ import annotations

from flask import abort

from app.associations.queries import approved_associations, task_associations_by_region
from app.events.queries import upcoming_events
from app.extensions import db
from app.i18n import current_language
from app.mandate import bp
from app.mandate.content import load_content
from app.reference.models import StatutoryTask
from app.reference.queries import all_tasks
from app.web import render

HOME_EVENT_COUNT = 6
TASK_EVENT_COUNT = 10
# A sample by name; the directory, filtered by the task, lists them all.
TASK_ASSOCIATION_COUNT = 12


@bp.get("/")
def home():
    return render(
        "mandate/home.html",
        content=load_content(current_language()),
        tasks=all_tasks(),
        events=upcoming_events(limit=HOME_EVENT_COUNT),
    )


@bp.get("/mandate")
def mandate():
    return render("mandate/mandate.html", content=load_content(current_language()))


@bp.get("/tasks")
def tasks():
    return render("mandate/tasks.html", content=load_content(current_language()), tasks=all_tasks())


@bp.get("/tasks/<id:number>")
def task(number: int):
    statutory_task = db.session.get(StatutoryTask, number) or abort(404)
    return render(
        "mandate/task.html",
        content=load_content(current_language()),
        task=statutory_task,
        events=upcoming_events(task_number=number, limit=TASK_EVENT_COUNT),
        associations=approved_associations(task_number=number, limit=TASK_ASSOCIATION_COUNT),
        association_regions=task_associations_by_region(number),
    )
