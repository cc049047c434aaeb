"""The cohort report as one self-contained HTML page a trainer can show a supervisor or a funder:
inline CSS and SVG, no scripts, nothing fetched, printable. Every chart says its numbers in text
too (on the bars, in its title, and in a table beside it), never by length or colour alone, and
every piece of text from a scenario or a person goes through escape()."""

from __future__ import annotations

from datetime import datetime
from html import escape

from game.report.page_style import CSS
from game.wording import counted

from .cohort import Figures, Moment, ScenarioFigures, SessionFigures

WIDTH = 800
ENDING_WORDS = {"good": "good", "mixed": "mixed", "poor": "poor"}
EXTRA_CSS = """
body { max-width: 60rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .5rem; margin: 1rem 0; }
.figure { border: 2px solid #000; padding: .5rem .75rem; overflow-wrap: normal; }
th, caption { overflow-wrap: normal; hyphens: auto; }
.figure strong { display: block; font-size: 1.6rem; }
.moment { break-inside: avoid; }
td svg { margin: 0; width: 8rem; }
.taken { font-weight: bold; }
td.date { white-space: nowrap; overflow-wrap: normal; }
"""


def cohort_html(f: Figures, generated_at: datetime) -> str:
    scope = _scope(f)
    sections = [("overview", "Overview", _overview(f))]
    if f.weeks:
        sections.append(("activity", "When people played", _weeks(f)))
    for s in f.scenarios:
        sections.append((f"scenario-{_anchor(s.id)}", s.title, _scenario(s)))
    sections.append(("self-rating", "Self-rating against score", _ratings(f)))
    sections.append(("sessions", "Facilitated sessions", _sessions(f.sessions)))
    contents = "\n".join(f'<li><a href="#{key}">{escape(title)}</a></li>' for key, title, _ in sections)
    body = "\n".join(f'<section id="{key}" aria-labelledby="{key}-h">\n<h2 id="{key}-h">{escape(title)}</h2>\n'
                     f"{html}\n</section>" for key, title, html in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Training report (Outreach)</title>
<style>{CSS}{EXTRA_CSS}</style>
</head>
<body>
<header>
<h1>Training report</h1>
<p class="meta">Outreach, harm reduction training. {escape(scope)}</p>
<p class="meta">Made {generated_at:%Y-%m-%d %H:%M} from the records on this computer.</p>
</header>
<nav aria-label="Contents"><ul>
{contents}
</ul></nav>
<main>
{body}
</main>
<footer><p>Trainees who did not give a name or staff id appear by the first characters of a random id
made on their laptop. Scores measure choices in training scenarios against the six principles of harm
reduction; they are not a judgement of a person.</p></footer>
</body>
</html>
"""


def _scope(f: Figures) -> str:
    parts = []
    if f.since:
        parts.append(f"Playthroughs and sessions since {f.since}")
    if f.scenario:
        parts.append(f"scenario {f.scenario}")
    if f.label:
        parts.append(f"label “{f.label}”")
    return (", ".join(parts) + ".") if parts else "All playthroughs and sessions recorded."


def _overview(f: Figures) -> str:
    items = [("people", f.trainees), ("playthroughs", f.playthroughs), ("completed", f.completed),
             ("left unfinished", f.abandoned + f.unfinished), ("choices made", f.choices),
             ("steps back", f.step_backs), ("facilitated sessions", len(f.sessions))]
    boxes = "\n".join(f'<div class="figure" data-figure="{escape(name)}"><strong>{value}</strong>{escape(name)}</div>'
                      for name, value in items)
    rows = "\n".join(
        f"<tr><th scope=\"row\"><a href=\"#scenario-{_anchor(s.id)}\">{escape(s.title)}</a></th>"
        f'<td class="number">{s.trainees}</td><td class="number">{s.plays}</td><td class="number">{s.completed}</td>'
        f'<td class="number">{_percent(s.mean_share)}</td><td class="date">{s.first} to<br>{s.last}</td></tr>'
        for s in f.scenarios)
    legacy = (f"<p>{f.legacy} earlier completions were recorded before this computer kept detailed records; "
              "they are counted only here.</p>" if f.legacy else "")
    table = ('<div class="table-wrap"><table id="scenario-table"><caption>Who played what</caption><thead><tr>'
             '<th scope="col">Scenario</th><th scope="col">People</th><th scope="col">Playthroughs</th>'
             '<th scope="col">Completed</th><th scope="col">Average result (0% worst to 100% best possible)</th>'
             f'<th scope="col">Played</th></tr></thead><tbody>{rows}</tbody></table></div>') if f.scenarios else \
        "<p>No playthroughs match.</p>"
    return f'<div class="figures">{boxes}</div>\n{legacy}{table}'


def _weeks(f: Figures) -> str:
    top = max(max(s, c) for _, s, c in f.weeks) or 1
    row = 30
    height = row * len(f.weeks) + 40
    label_w, bar_w = 130, WIDTH - 130 - 250
    summary = "Playthroughs started and completed per week: " + "; ".join(
        f"week of {w}: {s} started, {c} completed" for w, s, c in f.weeks) + "."
    parts = [_svg_open(height, summary)]
    parts.append('<text x="0" y="16">Week of</text>'
                 f'<rect x="{label_w}" y="4" width="14" height="14" fill="#000"/>'
                 f'<text x="{label_w + 20}" y="16">started</text>'
                 f'<rect x="{label_w + 120}" y="4" width="14" height="14" fill="#fff" stroke="#000" stroke-width="2"/>'
                 f'<text x="{label_w + 140}" y="16">completed</text>')
    for i, (week, started, done) in enumerate(f.weeks):
        y = 30 + i * row
        parts.append(f'<text x="0" y="{y + 18}">{escape(week)}</text>')
        w1, w2 = bar_w * started / top, bar_w * done / top
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w1:.1f}" height="11" fill="#000"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 14}" width="{w2:.1f}" height="11" fill="#fff" stroke="#000" '
                     f'stroke-width="2"/>')
        parts.append(f'<text x="{label_w + max(w1, w2) + 8:.1f}" y="{y + 20}">{started} started, {done} completed</text>')
    parts.append("</svg>")
    rows = "".join(f'<tr><td>{w}</td><td class="number">{s}</td><td class="number">{c}</td></tr>' for w, s, c in f.weeks)
    return ("\n".join(parts) + '<details><summary>The numbers as a table</summary><div class="table-wrap"><table>'
            '<thead><tr><th scope="col">Week of</th><th scope="col">Started</th><th scope="col">Completed</th></tr>'
            f"</thead><tbody>{rows}</tbody></table></div></details>")


def _scenario(s: ScenarioFigures) -> str:
    parts = [f'<p class="meta">Scenario id {escape(s.id)}. {counted(s.trainees, "person", "people")}, '
             f'{counted(s.plays, "playthrough")}, {s.completed} completed, {s.abandoned} left unfinished, '
             f'played {s.first} to {s.last}.</p>']
    parts.append("<h3>Endings reached</h3>")
    parts.append(_endings(s))
    if s.principles:
        parts.append("<h3>The six principles against the best possible</h3>")
        parts.append(_principles(s))
    if s.missed:
        parts.append("<h3>Missed opportunities that came up most</h3><ol>")
        for m in s.missed:
            parts.append(f"<li><p><strong>{m.count} times</strong> at the moment “{escape(_short(m.situation))}” "
                         f"({escape(m.node)}): chosen “{escape(m.chosen)}” while “{escape(m.better)}” was open "
                         f"(worth {m.gap:+d} more in all).</p></li>")
        parts.append("</ol>")
    if s.moments:
        parts.append("<h3>How often each option was chosen</h3>")
        parts.extend(_moment(s.id, m) for m in s.moments)
    return "\n".join(parts)


def _endings(s: ScenarioFigures) -> str:
    if not s.endings:
        return "<p>No playthrough reached an ending yet.</p>"
    total = sum(n for _, _, n in s.endings)
    rows = [(f"{title} ({ENDING_WORDS.get(kind, kind)} ending)", n, n / total) for kind, title, n in s.endings]
    return _bars(rows, f"Endings of {s.title}", "ending", f"endings-{_anchor(s.id)}")


def _principles(s: ScenarioFigures) -> str:
    row = 56
    height = row * len(s.principles) + 10
    summary = "Average total for each principle, as a share of the way from the worst to the best possible: " + \
        "; ".join(f"{p.label}: average {p.mean_total:+.1f}, possible {_signed(p.worst)} to {_signed(p.best)}, "
                  f"{p.mean_share:.0%}" for p in s.principles) + "."
    parts = [_svg_open(height, summary)]
    track = WIDTH - 120
    for i, p in enumerate(s.principles):
        y = i * row
        parts.append(f'<text x="0" y="{y + 18}">{escape(p.label)}: average {p.mean_total:+.1f} '
                     f'(possible {_signed(p.worst)} to {_signed(p.best)})</text>')
        parts.append(f'<rect x="0" y="{y + 26}" width="{track}" height="18" fill="#d6d6d6" stroke="#000"/>')
        parts.append(f'<rect x="0" y="{y + 30}" width="{track * p.mean_share:.1f}" height="10" fill="#000"/>')
        parts.append(f'<text x="{track + 10}" y="{y + 41}">{p.mean_share:.0%}</text>')
    parts.append("</svg>")
    rows = "".join(
        f'<tr><th scope="row">{escape(p.label)}</th><td class="number">{p.mean_total:+.2f}</td>'
        f'<td class="number">{_signed(p.worst)}</td><td class="number">{_signed(p.best)}</td>'
        f'<td class="number">{p.mean_share:.0%}</td><td class="number">{p.count}</td></tr>' for p in s.principles)
    return ("\n".join(parts) + f'<div class="table-wrap"><table class="principles" data-scenario="{escape(s.id)}">'
            '<caption>Per principle: 0% is the worst possible in this scenario, 100% the best</caption><thead><tr>'
            '<th scope="col">Principle</th><th scope="col">Average total</th><th scope="col">Worst possible</th>'
            '<th scope="col">Best possible</th><th scope="col">Average share of best</th>'
            f'<th scope="col">Completed playthroughs</th></tr></thead><tbody>{rows}</tbody></table></div>')


def _moment(sid: str, m: Moment) -> str:
    rows = []
    for o in m.options:
        share = o.count / m.met if m.met else 0.0
        rows.append(f'<tr data-option="{escape(o.ref)}"><td>{escape(o.text)}</td><td class="number">{_signed(o.score)}</td>'
                    f'<td class="number">{o.count}</td><td class="number">{share:.0%}</td>'
                    f"<td>{_mini_bar(share)}</td></tr>")
    return (f'<div class="moment table-wrap"><table data-scenario="{escape(sid)}" data-node="{escape(m.node)}">'
            f"<caption>{escape(_short(m.text))} "
            f'<span class="meta">({escape(m.node)}; {m.met} choices made here)</span></caption><thead><tr>'
            '<th scope="col">Option</th><th scope="col">Score (all principles)</th><th scope="col">Chosen</th>'
            f'<th scope="col">Share</th><th scope="col">Bar</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _ratings(f: Figures) -> str:
    if not f.ratings:
        return "<p>No trainee rated themselves in a debrief yet.</p>"
    over = sum(1 for r in f.ratings if r.verdict == "over-rates")
    under = sum(1 for r in f.ratings if r.verdict == "under-rates")
    close = len(f.ratings) - over - under
    intro = (f"<p>In the debrief a trainee may rate how well they honoured each principle, from 1 (not at all) to 5 "
             f"(fully). Here each rating is set against the score on the same 1 to 5 scale. Of {len(f.ratings)} people "
             f"who rated themselves, <strong>{over}</strong> rate themselves a point or more above their scores on "
             f"average (over-rate), <strong>{under}</strong> a point or more below (under-rate), and "
             f"<strong>{close}</strong> are close.</p>")
    chart = _bars([("over-rate", over, over / len(f.ratings)), ("close", close, close / len(f.ratings)),
                   ("under-rate", under, under / len(f.ratings))], "Self-rating against score", "group", "ratings-chart")
    rows = "".join(
        f'<tr><th scope="row">{escape(r.trainee)}</th><td class="number">{r.playthroughs}</td>'
        f'<td class="number">{r.mean_rating:.1f}</td><td class="number">{r.mean_score:.1f}</td>'
        f'<td class="number">{_gap(r.gap)}</td><td class="number">{r.wide}</td><td>{r.verdict}</td></tr>'
        for r in f.ratings)
    return (intro + chart + '<div class="table-wrap"><table id="ratings"><caption>Each person who rated themselves, '
            'widest gap first</caption><thead><tr><th scope="col">Trainee</th><th scope="col">Playthroughs rated</th>'
            '<th scope="col">Average self-rating</th><th scope="col">Average score (1 to 5)</th>'
            '<th scope="col">Gap</th><th scope="col">Ratings 2 or more away</th><th scope="col">Reading</th></tr>'
            f"</thead><tbody>{rows}</tbody></table></div>")


def _sessions(sessions: list[SessionFigures]) -> str:
    if not sessions:
        return "<p>No facilitated session matches.</p>"
    parts = [f"<p>{len(sessions)} sessions. For each, the room's path to its ending (the main line) with the "
             "votes at each moment; the option taken is marked “taken”.</p>"]
    for s in sessions:
        parts.append(f'<h3 id="session-{escape(s.id)}">{escape(s.title)}, {escape(s.started)}</h3>')
        meta = f"{s.branches} branch{'es' if s.branches != 1 else ''} explored, {s.total_votes} votes in all"
        meta += f", ending: {escape(s.ending)}" if s.ending else ", no ending reached"
        if s.label:
            meta += f", label “{escape(s.label)}”"
        parts.append(f'<p class="meta">{meta}.</p>')
        for m in s.moments:
            total = sum(v for _, _, v, _ in m.votes)
            rows = "".join(
                f'<tr{" class=taken" if taken else ""}><td>{letter}</td><td>{escape(text)}</td>'
                f'<td class="number">{votes}</td><td class="number">{(votes / total if total else 0):.0%}</td>'
                f'<td>{_mini_bar(votes / total if total else 0)}</td><td>{"taken" if taken else ""}</td></tr>'
                for letter, text, votes, taken in m.votes)
            by = f", taken by {escape(m.taken_by)}" if m.taken_by else ""
            parts.append(f'<div class="moment table-wrap"><table class="votes" data-session="{escape(s.id)}" '
                         f'data-moment="{m.moment}"><caption>Moment {m.moment}: {escape(_short(m.text))} '
                         f'<span class="meta">({total} votes{by})</span></caption><thead><tr><th scope="col">Option</th>'
                         '<th scope="col">Text</th><th scope="col">Votes</th><th scope="col">Share</th>'
                         f'<th scope="col">Bar</th><th scope="col">Taken</th></tr></thead><tbody>{rows}</tbody></table></div>')
    return "\n".join(parts)


def _bars(rows: list[tuple[str, int, float]], title: str, what: str, ident: str) -> str:
    row = 50
    height = row * len(rows) + 6
    summary = f"{title}: " + "; ".join(f"{label}: {n} ({share:.0%})" for label, n, share in rows) + "."
    track = WIDTH - 170
    parts = [_svg_open(height, summary, ident)]
    for i, (label, n, share) in enumerate(rows):
        y = i * row
        parts.append(f'<text x="0" y="{y + 18}">{escape(label)}</text>')
        parts.append(f'<rect x="0" y="{y + 26}" width="{track}" height="16" fill="#fff" stroke="#000"/>')
        parts.append(f'<rect x="0" y="{y + 26}" width="{track * share:.1f}" height="16" fill="#000"/>')
        parts.append(f'<text x="{track + 10}" y="{y + 40}" data-{what}-count="{n}">{n} ({share:.0%})</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _mini_bar(share: float) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 12" role="img" aria-label="{share:.0%}">'
            f'<rect x="0" y="1" width="100" height="10" fill="#fff" stroke="#000"/>'
            f'<rect x="0" y="1" width="{100 * share:.1f}" height="10" fill="#000"/></svg>')


def _svg_open(height: int, summary: str, ident: str | None = None) -> str:
    ident_attr = f' id="{escape(ident)}"' if ident else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg"{ident_attr} viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label="{escape(summary)}" font-size="17" font-family="system-ui, sans-serif">'
            f"<title>{escape(summary)}</title>")


def _gap(value: float) -> str:
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share:.0%}"


def _short(text: str, width: int = 140) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    return (cut[:cut.rindex(" ")] if " " in cut else cut).rstrip(" ,;:.") + "…"


def _anchor(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
