"""The public transparency report (`/transparency`) and its downloads: every statement of
reasons in the DSA Transparency Database's CSV and JSON formats.

Query parameters everywhere: `from` and `to` (YYYY-MM-DD, both days included, UTC; default: all
time). The downloads page with a keyset cursor: `after` (the decision id of the last statement
already read, 0 to start) and `limit`; the JSON body's `next` and the CSV's `Link: rel="next"`
header give the following page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from markupsafe import Markup

from crosstalk.db.session import session_factory
from crosstalk.safety.errors import InputRejected
from crosstalk.safety.screening.policy import enforced_policy
from crosstalk.safety.transparency import dsa, report, statements
from crosstalk.web.charts import bar_chart
from crosstalk.web.deps import Db
from crosstalk.web.i18n import current_locale
from crosstalk.web.i18n import gettext as _
from crosstalk.web.pages.common import page

router = APIRouter(include_in_schema=False)

JSON_LIMIT = 1000  # statements per JSON page (default and most)
CSV_LIMIT = 100_000  # statements per CSV download (default and most); streamed


def category_labels() -> dict[str, str]:
    return {
        "harassment": _("Harassment and bullying"),
        "harassment/threatening": _("Threats against people"),
        "hate": _("Hateful content"),
        "hate/threatening": _("Hateful threats"),
        "sexual": _("Adult sexual content"),
        "sexual/minors": _("Sexual content involving minors"),
        "violence": _("Violence and incitement"),
        "violence/graphic": _("Graphic violence"),
        "self-harm": _("Self-harm and suicide"),
        "self-harm/intent": _("Self-harm intent"),
        "self-harm/instructions": _("Self-harm instructions"),
        "illicit": _("Illegal goods and services"),
        "illicit/violent": _("Weapons and violent crime"),
        "spam": _("Spam and scams"),
        "general": _("Reported by the community"),
        report.NO_CATEGORY: _("No rule cited"),
    }


def action_labels() -> dict[str, str]:
    return {
        "label": _("Labelled"),
        "limit": _("Reach limited"),
        "hold": _("Held for review"),
        "remove": _("Removed"),
        "suspend": _("Removed, account suspended"),
        "restore": _("Restored"),
        "account_warning": _("Account warned"),
        "account_limit": _("Account limited"),
        "account_suspension": _("Account suspended"),
        "account_ban": _("Account banned"),
    }


def language_labels() -> dict[str, str]:
    return {
        "en": _("English"),
        "zh": _("Chinese"),
        "mixed": _("Mixed languages"),
        "und": _("Undetermined"),
    }


def source_labels() -> dict[str, str]:
    return {"notice": _("User notices"), "own_initiative": _("Own initiative")}


def who_labels() -> dict[str, str]:
    return {"automated": _("Automated"), "human": _("By people")}


def account_labels() -> dict[str, str]:
    return {
        "warning": _("Warnings"),
        "limit": _("Limits"),
        "suspension": _("Suspensions"),
        "ban": _("Bans"),
    }


def duration(seconds: float | None) -> str:
    """A median wait in words a reader takes in at a glance ("—" when there is no data)."""
    if seconds is None:
        return "—"
    if round(seconds) < 60:
        return _("%(n)s s") % {"n": round(seconds)}
    if round(seconds / 60) < 60:
        return _("%(n)s min") % {"n": round(seconds / 60)}
    if seconds < 2 * 86400:
        hours = seconds / 3600
        return _("%(n)s h") % {"n": f"{hours:.1f}".rstrip("0").rstrip(".")}
    days = seconds / 86400
    return _("%(n)s days") % {"n": f"{days:.1f}".rstrip("0").rstrip(".")}


@dataclass(frozen=True)
class Section:
    """One chart of the page with its explanation and the table that carries the same data."""

    id: str
    title: str
    about: str
    rows: list[tuple[str, int]]
    empty: str

    @property
    def chart(self) -> Markup:
        return bar_chart(self.rows, chart_id=f"chart-{self.id}", title=self.title, empty=self.empty)

    @property
    def total(self) -> int:
        return sum(value for _label, value in self.rows)


def _labelled(data: dict[str, int], labels: dict[str, str]) -> list[tuple[str, int]]:
    # An unknown key (a category an operator added, a rare language) is shown as it is.
    return [(labels.get(key, key), value) for key, value in data.items()]


def _period_query(start: str | None, end: str | None, **extra: Any) -> str:
    params = {k: v for k, v in (("from", start), ("to", end)) if v}
    params.update({k: str(v) for k, v in extra.items() if v is not None})
    return f"?{urlencode(params)}" if params else ""


def _period(start: str | None, end: str | None) -> tuple[Any, Any, str | None, str | None]:
    """The parsed period and its bounds written back as YYYY-MM-DD for links and file names."""
    since, until = report.parse_period(start, end)
    first = since.date().isoformat() if since else None
    last = (until - timedelta(days=1)).date().isoformat() if until else None
    return since, until, first, last


def _problem(exc: InputRejected) -> JSONResponse:
    return JSONResponse(
        {"detail": exc.message(current_locale.get()), "code": exc.code}, status_code=exc.status
    )


@router.get("/transparency")
def transparency_page(
    request: Request,
    db: Db,
    start: str | None = Query(default=None, alias="from"),
    end: str | None = Query(default=None, alias="to"),
) -> Response:
    try:
        since, until, start, end = _period(start, end)
    except InputRejected as exc:
        message = exc.message(current_locale.get())
        context = {"status": exc.status, "title": _("Invalid period"), "message": message}
        return page(request, db, "error.html", context, status_code=exc.status)
    data = report.report(db, since=since, until=until)
    empty = _("No actions in this period.")
    sections = [
        Section(
            "category",
            _("Actions by category"),
            _(
                "The kind of harm named by the policy clause each decision applied. A "
                "restoration counts under the category of the decision it undid."
            ),
            _labelled(data.by_category, category_labels()),
            empty,
        ),
        Section(
            "action",
            _("Actions by type"),
            _(
                "What was done: content labelled, shown to fewer people, held for a person to "
                "review, removed or restored, and actions on accounts."
            ),
            _labelled(data.by_action, action_labels()),
            empty,
        ),
        Section(
            "language",
            _("Actions by language"),
            _("The language of the content, as detected when it was screened."),
            _labelled(data.by_language, language_labels()),
            empty,
        ),
        Section(
            "automation",
            _("Automated and human decisions"),
            _(
                "Automated: the screening engine applied the policy on its own (a hold only "
                "hides content until a person decides). By people: a moderator decided, "
                "including every decision on an appeal."
            ),
            _labelled(data.automated_vs_human, who_labels()),
            empty,
        ),
        Section(
            "source",
            _("What started the action"),
            _(
                "User notices: someone reported the content. Own initiative: our screening or "
                "moderators found it. A decision on an appeal keeps the source of the decision "
                "it reviewed."
            ),
            _labelled(data.by_source, source_labels()),
            empty,
        ),
    ]
    policy = enforced_policy()
    locale = current_locale.get()
    rate = data.appeal_reversal_rate
    return page(
        request,
        db,
        "transparency.html",
        {
            "data": data,
            "sections": sections,
            "accounts": _labelled(data.account_actions, account_labels()),
            "sources": source_labels(),
            "median": duration(data.median_time_to_action_s),
            "median_by_source": {
                key: duration(value) for key, value in data.median_time_by_source.items()
            },
            "appeal_median": duration(data.appeal_median_time_s),
            "reversal_rate": "—" if rate is None else f"{round(100 * rate)}%",
            "start": start or "",
            "end": end or "",
            "csv_url": "/transparency/statements.csv" + _period_query(start, end),
            "json_url": "/transparency/statements.json" + _period_query(start, end),
            "api_url": "/api/v1/transparency" + _period_query(start, end),
            "policy_name": policy.name.get(locale),
            "policy_version": policy.version,
            "generated": data.generated_at.strftime("%Y-%m-%d %H:%M"),
        },
    )


@router.get("/transparency/statements.json")
def statements_json(
    db: Db,
    start: str | None = Query(default=None, alias="from"),
    end: str | None = Query(default=None, alias="to"),
    after: int = Query(default=0, ge=0, description="decision id of the last statement read"),
    limit: int = Query(default=JSON_LIMIT, ge=1, le=JSON_LIMIT),
) -> Response:
    try:
        since, until, start, end = _period(start, end)
    except InputRejected as exc:
        return _problem(exc)
    rows = list(statements.statements(db, since=since, until=until, after_id=after, limit=limit))
    following = statements.next_cursor(db, since=since, until=until, after_id=after, limit=limit)
    return JSONResponse(
        {
            "fields": list(dsa.FIELDS),
            "period": {"from": start, "to": end},
            "total": statements.count_statements(db, since=since, until=until),
            "statements": rows,
            "next": "/transparency/statements.json"
            + _period_query(start, end, after=following, limit=limit)
            if following is not None
            else None,
        },
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/transparency/statements.csv")
def statements_csv(
    db: Db,
    start: str | None = Query(default=None, alias="from"),
    end: str | None = Query(default=None, alias="to"),
    after: int = Query(default=0, ge=0, description="decision id of the last statement read"),
    limit: int = Query(default=CSV_LIMIT, ge=1, le=CSV_LIMIT),
) -> Response:
    try:
        since, until, start, end = _period(start, end)
    except InputRejected as exc:
        return _problem(exc)
    following = statements.next_cursor(db, since=since, until=until, after_id=after, limit=limit)
    headers = {
        "Content-Disposition": f'attachment; filename="{_filename(start, end, after)}"',
        "Cache-Control": "no-cache",
    }
    if following is not None:
        next_url = "/transparency/statements.csv" + _period_query(
            start, end, after=following, limit=limit
        )
        headers["Link"] = f'<{next_url}>; rel="next"'

    def body() -> Iterator[str]:
        # Its own session: the request's is closed once the handler returns, while the
        # download is still streaming.
        with session_factory()() as session:
            rows = statements.statements(
                session, since=since, until=until, after_id=after, limit=limit
            )
            yield from statements.csv_lines(rows)

    return StreamingResponse(body(), media_type="text/csv; charset=utf-8", headers=headers)


def _filename(start: str | None, end: str | None, after: int) -> str:
    parts = ["crosstalk-statements", start or "all", end or "now"]
    if after:
        parts.append(f"after-{after}")
    return "-".join(parts) + ".csv"
