"""A facilitated session as one self-contained HTML page: the session at a glance (every moment
of the room's own run with its vote split and who decided, and the roads explored), the debrief
of the main line with the room's votes, then every branch explored after jumping back, labelled,
with its own votes, decisions and ending. Pure: text in, text out."""

from __future__ import annotations

from datetime import datetime
from html import escape

from game.engine.debrief import Debrief
from game.facilitation.roads import Road, RoadMoment
from game.model import PRINCIPLES, describe_scores

from .chart import signed
from .html import DECIDED_BY, ENDING_WORDS, debrief_html


def session_html(debrief: Debrief, roads: tuple[Road, ...], *, meta: tuple[str, ...] = (),
                 exported_at: datetime | None = None) -> str:
    """`debrief` is of the main line (roads[0]); `meta` lines go under the title (label, facilitator,
    head count, when it started)."""
    main, branches = roads[0], roads[1:]
    taken = [m for m in main.moments if m.taken is not None]
    votes = [{o.text: o.votes for o in m.options} if m.total_votes else None for m in taken]
    first = (("summary", "The session at a glance", _summary(main, branches)),)
    last = tuple((f"branch-{road.branch}", road.name, _branch(road)) for road in branches)
    return debrief_html(debrief, votes=votes, decided=[m.taken_by for m in taken], meta=meta, first=first,
                        last=last, exported_at=exported_at)


def _summary(main: Road, branches: tuple[Road, ...]) -> str:
    ending = (f"It ended: <strong>{escape(main.ending_title)}</strong> ({escape(_kind(main.ending_kind))})."
              if main.ending else "It has not reached an ending yet.")
    parts = [f"<p>The main line is the room's own run through the scenario. {ending}</p>",
             _table(main, f"{main.name}: the votes and who decided at each moment")]
    if branches:
        items = []
        for road in branches:
            end = (f"ended: {escape(road.ending_title)} ({escape(_kind(road.ending_kind))})" if road.ending
                   else "stopped before an ending")
            items.append(f'<li><a href="#branch-{road.branch}">{escape(road.name)}</a>: '
                         f"{len(road.moments)} moment{'s' * (len(road.moments) != 1)}, {end}</li>")
        parts.append("<p>Roads explored after jumping back:</p>\n<ul>\n" + "\n".join(items) + "\n</ul>")
    else:
        parts.append("<p>The room did not jump back to explore another road.</p>")
    return "\n".join(parts)


def _table(road: Road, caption: str = "The votes and who decided at each moment") -> str:
    rows = []
    for m in road.moments:
        split = ", ".join(f"{o.letter} {o.votes}" for o in m.options) if m.total_votes else "no votes"
        taken = f"{m.taken.letter}. {escape(m.taken.text)}" if m.taken else "(the room was still on this moment)"
        who = escape(DECIDED_BY.get(m.taken_by, m.taken_by)) if m.taken_by else ""
        rows.append(f'<tr><th scope="row">{m.moment}</th><td>{taken}</td><td>{escape(split)}</td><td>{who}</td></tr>')
    return ('<div class="table-wrap"><table>\n'
            f"<caption>{escape(caption)}</caption>\n"
            '<thead><tr><th scope="col">Moment</th><th scope="col">Option taken</th><th scope="col">Votes</th>'
            '<th scope="col">Decided by</th></tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table></div>")


def _branch(road: Road) -> str:
    left = f", leaving branch {road.parent} there" if road.parent else ""
    start = (f"<p>The facilitator jumped back to moment {road.starts_at}{left}, and the room explored another "
             f"road. Its moments before {road.starts_at} are those of the main line.</p>" if road.starts_at > 1 else
             "<p>The room explored this road from the first moment.</p>")
    moments = "\n".join(_moment(road, m) for m in road.moments)
    if road.ending:
        end = (f'<p><span class="kind kind-{escape(road.ending_kind or "")}">'
               f"{escape(ENDING_WORDS.get(road.ending_kind or '', 'Ending'))}</span> "
               f"<strong>{escape(road.ending_title or '')}</strong></p>")
    else:
        end = "<p>This road stopped before it reached an ending.</p>"
    totals = "; ".join(f"{p.label} {signed(t)}" for p, t in zip(PRINCIPLES, road.totals))
    return "\n".join([start, _table(road), f'<ol class="timeline">\n{moments}\n</ol>', end,
                      f"<p>The room's total along this road: {escape(totals)}.</p>"])


def _moment(road: Road, m: RoadMoment) -> str:
    speaker = f"<strong>{escape(m.speaker)}:</strong> " if m.speaker else ""
    details = []
    if m.taken is not None:
        details += [("The room's choice", f"{m.taken.letter}. {m.taken.text}"),
                    ("Decided by", DECIDED_BY.get(m.taken_by or "", m.taken_by or "")),
                    ("Scores", describe_scores(m.scores) if m.scores and any(m.scores) else "none"),
                    ("Feedback", m.feedback or "")]
    else:
        details.append(("The room's choice", "none yet: the room was still discussing this moment"))
    listed = "\n".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in details)
    total = m.total_votes
    rows = "\n".join(
        f'<tr><th scope="row">{escape(o.letter)}. {_option_text(o)}</th><td class="number">{o.votes}</td>'
        f'<td class="number">{o.phones}</td></tr>' for o in m.options)
    table = ('<div class="table-wrap"><table>\n'
             f"<caption>The room's votes at moment {m.moment} ({escape(road.name.split(':')[0])})</caption>\n"
             '<thead><tr><th scope="col">Option</th><th scope="col">Votes</th><th scope="col">Of them by phone</th>'
             "</tr></thead>\n<tbody>\n" + rows + "\n</tbody>\n"
             f'<tfoot><tr><th scope="row">All votes</th><td class="number">{total}</td>'
             f'<td class="number">{sum(o.phones for o in m.options)}</td></tr></tfoot>\n</table></div>')
    return "\n".join([f'<li id="branch-{road.branch}-moment-{m.moment}">', f"<h3>Moment {m.moment}</h3>",
                      f'<p class="situation said">{speaker}{escape(m.situation)}</p>', f"<dl>\n{listed}\n</dl>",
                      table, "</li>"])


def _option_text(option) -> str:
    return f"<strong>{escape(option.text)}</strong> (taken)" if option.taken else escape(option.text)


def _kind(kind: str | None) -> str:
    return ENDING_WORDS.get(kind or "", "ending").lower()
