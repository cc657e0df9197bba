"""Anyone may report a published event to the moderators; no account needed."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.events import bp
from app.events.models import REPORT_REASON_LABELS, Event, Report
from app.events.permissions import can_report_event
from app.events.presentation import event_url
from app.extensions import db, limiter
from app.forms import SiteForm
from app.web import render


class ReportForm(SiteForm):
    reason = RadioField(
        _l("What is wrong?"),
        choices=[SelectChoice(r.value, label) for r, label in REPORT_REASON_LABELS.items()],
        validators=[DataRequired(message=_l("Choose what is wrong."))],
    )
    text = TextAreaField(
        _l("Details (optional)"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Do not write personal data. Moderators read every report."),
    )


def _report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


@bp.route("/events/<id:event_id>-<slug>/report", methods=["GET", "POST"])
@limiter.limit(_report_limit, methods=["POST"])
def report(event_id: int, slug: str):
    event = db.session.get(Event, event_id)
    if event is None or not can_report_event(current_user, event):
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        db.session.add(
            Report(
                event=event, reason=form.reason.data, text=(form.text.data or "").strip() or None
            )
        )
        db.session.commit()
        flash(_("Thank you. A moderator will look at your report."), "success")
        return redirect(event_url(event), code=303)
    return render("events/report.html", form=form, event=event)
