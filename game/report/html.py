"""A debrief as one self-contained HTML page a trainee or trainer can keep, print or send: inline
CSS and SVG, no scripts, nothing fetched. Sections follow the debrief's order (reactions, what
happened, analysis, summary). Every piece of text from a scenario or a person goes through escape().
"""

from __future__ import annotations

import math
from datetime import datetime
from html import escape

from game.engine.debrief import Debrief, LensResult, MissedOpportunity, PrincipleResult, TimelineEntry
from game.model import LENS_FACTORS, describe_scores

from .chart import principles_svg, signed
from .page_style import CSS

ENDING_WORDS = {"good": "Good ending", "mixed": "Mixed ending", "poor": "Poor ending"}
LENS_LABELS = {f.key: f.label for f in LENS_FACTORS}
RATING_SCALE = (1, 5)
DECIDED_BY = {"majority": "the room's majority", "tie-break": "the facilitator, breaking a tie",
              "facilitator": "the facilitator"}
WIDE_GAP = 2  # points on the 1-5 scale between self-rating and score that are worth a conversation


def debrief_html(debrief: Debrief, *, reactions: str | None = None, self_assessment: dict[str, int] | None = None,
                 take_home: str | None = None, votes: list[dict[str, int] | None] | None = None,
                 exported_at: datetime | None = None, decided: list[str | None] | None = None,
                 meta: tuple[str, ...] = (), first: tuple[tuple[str, str, str], ...] = (),
                 last: tuple[tuple[str, str, str], ...] = ()) -> str:
    """The whole HTML5 document.

    self_assessment: principle key -> 1..5, "how well do you think you honoured it".
    votes: for facilitator mode, one entry per timeline step: choice text -> number of votes; the
    page then speaks of the room ("the room's total") instead of "you".
    decided: for facilitator mode, who decided at each timeline step (majority, tie-break...).
    meta: more lines under the title (a session's label, facilitator, head count).
    first, last: more sections (id, heading, HTML) before and after the debrief's own.
    """
    room = votes is not None
    sections = [*first,
        ("reactions", "How it felt", _paragraphs(reactions)) if reactions else None,
        ("ending", "The ending", _ending(debrief)),
        ("principles", "The six principles", _principles(debrief.principles, self_assessment or {}, room)
         + (f"\n{_paragraphs(debrief.bounds_note)}" if debrief.bounds_note else "")),
        ("lens", "Drug, set and setting", "\n".join(_lens(result, room) for result in debrief.lens)),
        ("choices", "The room's choices, in order" if room else "Your choices, in order",
         _timeline(debrief.timeline, votes, decided)),
        ("missed", "Missed opportunities", _missed(debrief.missed, debrief.more_missed, room)),
        ("questions", "Questions to discuss", _questions(debrief.questions)),
        ("take-home", "What you will take from this", _paragraphs(take_home)) if take_home else None,
        ("note", "A note on this scenario", _paragraphs(debrief.note)) if debrief.note else None,
        ("sources", "Sources behind this scenario", _sources(debrief.references)) if debrief.references else None,
        *last,
    ]
    sections = [s for s in sections if s is not None]
    contents = "\n".join(f'<li><a href="#{key}">{escape(heading)}</a></li>' for key, heading, _ in sections)
    body = "\n".join(
        f'<section id="{key}" aria-labelledby="{key}-heading">\n'
        f'<h2 id="{key}-heading">{escape(heading)}</h2>\n{html}\n</section>'
        for key, heading, html in sections
    )
    exported = "".join(f'<p class="meta">{escape(line)}</p>\n' for line in meta)
    exported += (f'<p class="meta">Exported {exported_at:%Y-%m-%d %H:%M}.</p>\n'
                 if exported_at else "")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Debrief: {escape(debrief.title)} (Outreach)</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Debrief: {escape(debrief.title)}</h1>
<p class="meta">Outreach, harm reduction training. Scenario: {escape(debrief.scenario_id)}.</p>
{exported}</header>
<nav aria-label="Contents">
<ul>
{contents}
</ul>
</nav>
<main>
{body}
</main>
<footer>
<p>{escape(debrief.disclaimer)}</p>
</footer>
</body>
</html>
"""


def _paragraphs(text: str) -> str:
    """A person's or author's own text, line breaks kept (by CSS), blank lines as paragraphs."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return "\n".join(f'<p class="user-text">{escape(block)}</p>' for block in blocks)


def _ending(debrief: Debrief) -> str:
    ending = debrief.ending
    if ending is None:
        return "<p>This playthrough stopped before it reached an ending.</p>"
    word = ENDING_WORDS.get(ending.kind, f"{ending.kind.capitalize()} ending")
    return (f'<p><span class="kind kind-{escape(ending.kind)}">{escape(word)}</span> '
            f"<strong>{escape(ending.title)}</strong></p>\n<p class=\"said\">{escape(ending.text)}</p>")


def on_rating_scale(share_of_best: float) -> int:
    """0.0..1.0 of the way from worst to best, as a 1..5 rating (halves round up, not to even)."""
    low, high = RATING_SCALE
    return low + math.floor(share_of_best * (high - low) + 0.5)


def _rating(self_assessment: dict[str, int], key: str) -> int | None:
    value = self_assessment.get(key)
    low, high = RATING_SCALE
    return value if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high else None


def _principles(principles: tuple[PrincipleResult, ...], self_assessment: dict[str, int], room: bool = False) -> str:
    rated = bool(self_assessment)
    whose = "the room's" if room else "your"
    legend = ('<p class="legend">Each principle has a grey track from the worst to the best total possible in this '
              f"scenario, and a black bar from 0 to {whose} total, ending in a marker. The dashed line is 0. The same "
              "numbers are in the table below.</p>")
    head = ["Principle", f"{whose.capitalize()} total", "Worst possible", "Best possible",
            "Of the way from worst to best"]
    if rated:
        head += ["Your own rating (1 to 5)", "Your choices on the same scale"]
    rows, reflections = [], []
    for p in principles:
        scored_here = p.best != p.worst
        share = f"{math.floor(p.share_of_best * 100 + 0.5)}%" if scored_here else "not scored here"
        cells = [signed(p.total), signed(p.worst), signed(p.best), share]
        if rated:
            own = _rating(self_assessment, p.key)
            choices = on_rating_scale(p.share_of_best) if scored_here else None
            cells += [str(own) if own is not None else "not rated",
                      str(choices) if choices is not None else "not scored here"]
            if own is not None and choices is not None and abs(own - choices) >= WIDE_GAP:
                reflections.append(_reflection(p, own, choices))
        rows.append(f'<tr><th scope="row">{escape(p.label)}</th>'
                    + "".join(f'<td class="number">{escape(c)}</td>' for c in cells) + "</tr>")
    table = (
        '<div class="table-wrap"><table>\n'
        f"<caption>{whose.capitalize()} total for each principle, and the worst and best possible in this "
        "scenario</caption>\n"
        "<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in head) + "</tr></thead>\n"
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table></div>"
    )
    parts = [legend, principles_svg(principles, whose), table]
    if rated:
        parts.append(_reflections(reflections))
    return "\n".join(parts)


def _reflection(p: PrincipleResult, own: int, choices: int) -> str:
    direction = "higher" if own > choices else "lower"
    return (f"{p.label}: you rated yourself {own} out of 5, {direction} than your choices scored ({choices} out of 5 "
            "on the same scale). Something to reflect on: what did you see in the moment that the scores did not, "
            "or the other way round?")


def _reflections(reflections: list[str]) -> str:
    if not reflections:
        return "<p>Your own rating is within one point of your choices' score for every principle.</p>"
    items = "\n".join(f"<li>{escape(text)}</li>" for text in reflections)
    return f'<div class="reflect">\n<h3>Where your own rating and the scores differ</h3>\n<ul>\n{items}\n</ul>\n</div>'


def _moments(numbers: tuple[int, ...]) -> str:
    links = ", ".join(f'<a href="#moment-{n}">{n}</a>' for n in numbers)
    return f"moment{'s' if len(numbers) > 1 else ''} {links}"


def _lens(result: LensResult, room: bool = False) -> str:
    name = escape(result.label.lower())
    who, whose = ("the room", "the room's") if room else ("you", "your")
    parts = [f"<h3>{escape(result.label)}</h3>", f'<p class="said">{escape(result.summary)}</p>']
    if result.learnt:
        facts = "\n".join(f"<li>{escape(fact)}</li>" for fact in result.learnt)
        parts.append(f"<p>What {who} learnt on the way:</p>\n<ul>\n{facts}\n</ul>")
    else:
        parts.append(f"<p>No facts about the {name} came to light on {whose} path.</p>")
    if result.attended_at:
        parts.append(f"<p>Attended to: {whose} choices took the {name} into account at "
                     f"{_moments(result.attended_at)}.</p>")
    else:
        parts.append(f"<p>Not attended to: none of {whose} choices took the {name} into account.</p>")
    if result.missed_at:
        parts.append(f"<p>Missed: a choice that took the {name} into account was open but not taken at "
                     f"{_moments(result.missed_at)}.</p>")
    return "\n".join(parts)


def _timeline(timeline: tuple[TimelineEntry, ...], votes: list[dict[str, int] | None] | None,
              decided: list[str | None] | None = None) -> str:
    if not timeline:
        return "<p>No choices were made.</p>"
    room = votes is not None
    votes, decided = votes or [], decided or []
    items = [_moment(entry, votes[i] if i < len(votes) else None, room, decided[i] if i < len(decided) else None)
             for i, entry in enumerate(timeline)]
    return '<ol class="timeline">\n' + "\n".join(items) + "\n</ol>"


def _moment(entry: TimelineEntry, moment_votes: dict[str, int] | None, room: bool = False,
            decided: str | None = None) -> str:
    speaker = f"<strong>{escape(entry.speaker)}:</strong> " if entry.speaker else ""
    scores = (describe_scores(entry.scores) if entry.counted
              else "none this time: this choice had been made before, and a choice counts once")
    details = [("The room's choice" if room else "Your choice", entry.choice), ("Scores", scores)]
    if decided:
        details.insert(1, ("Decided by", DECIDED_BY.get(decided, decided)))
    # Variables are the author's machinery, not something a trainee needs to read; and a choice
    # "took a factor into account" only when it helped, as everywhere in the debrief.
    if entry.lens and sum(entry.scores) > 0:
        details.append(("Took into account", ", ".join(LENS_LABELS.get(k, k) for k in entry.lens)))
    details.append(("Feedback", entry.feedback))
    listed = "\n".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in details)
    parts = [f'<li id="moment-{entry.number}">', f"<h3>Moment {entry.number}</h3>",
             f'<p class="situation said">{speaker}{escape(entry.situation)}</p>', f"<dl>\n{listed}\n</dl>"]
    if moment_votes:
        parts.append(_votes(entry, moment_votes))
    parts.append("</li>")
    return "\n".join(parts)


def _votes(entry: TimelineEntry, moment_votes: dict[str, int]) -> str:
    total = sum(moment_votes.values())
    rows = []
    for text, count in moment_votes.items():
        taken = text == entry.choice
        label = f"<strong>{escape(text)}</strong> (taken)" if taken else escape(text)
        share = f"{math.floor(count * 100 / total + 0.5)}%" if total else "no votes"
        rows.append(f'<tr><th scope="row">{label}</th><td class="number">{escape(str(count))}</td>'
                    f'<td class="number">{share}</td></tr>')
    return (
        '<div class="table-wrap"><table>\n'
        f"<caption>The room's votes at moment {entry.number}</caption>\n"
        '<thead><tr><th scope="col">Choice</th><th scope="col">Votes</th><th scope="col">Share</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n"
        f'<tfoot><tr><th scope="row">All votes</th><td class="number">{escape(str(total))}</td>'
        f'<td class="number">{"100%" if total else ""}</td></tr></tfoot>\n'
        "</table></div>"
    )


def _missed(missed: tuple[MissedOpportunity, ...], more: int, room: bool = False) -> str:
    if not missed:
        return f"<p>No moment stood out where a clearly better choice was open to {'the room' if room else 'you'}.</p>"
    parts = [_missed_item(m, room) for m in missed]
    if more:
        parts.append(f"<p>There {'was' if more == 1 else 'were'} {more} more such moment{'' if more == 1 else 's'}; "
                     "these are the ones where the most was at stake.</p>")
    return "\n".join(parts)


def _missed_item(m: MissedOpportunity, room: bool = False) -> str:
    details = [
        ("The room took" if room else "You chose", m.chosen),
        ("Which added", f"{signed(m.chosen_score)} in all"),
        ("Open to the room then" if room else "Open to you then", m.better),
        ("Which would have added", f"{signed(m.better_score)} in all: {describe_scores(m.better_scores)}"),
        ("Why", m.better_feedback),
    ]
    listed = "\n".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in details)
    return (f'<div class="missed-item">\n<h3><a href="#moment-{m.number}">Moment {m.number}</a></h3>\n'
            f"<dl>\n{listed}\n</dl>\n</div>")


def _questions(questions: tuple[str, ...]) -> str:
    if not questions:
        return "<p>This scenario has no discussion questions.</p>"
    return "<ol>\n" + "\n".join(f"<li>{escape(q)}</li>" for q in questions) + "\n</ol>"


def _sources(references: tuple[str, ...]) -> str:
    return "<ul>\n" + "\n".join(f"<li>{escape(r)}</li>" for r in references) + "\n</ul>"
