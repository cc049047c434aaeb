"""The one page phones load: the current moment's options as large lettered buttons. A tap votes,
a tap on another option changes the vote; server-sent events bring the next moment. Inline CSS
and script, allowed by their hashes in the Content-Security-Policy; nothing else is loaded."""

from __future__ import annotations

import base64
import hashlib
from html import escape

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem; font: 1.25rem/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       background: #fff; color: #000; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
p { margin: .25rem 0 1rem; }
#status { font-weight: bold; min-height: 1.5em; }
button { display: flex; gap: .75rem; align-items: flex-start; width: 100%; margin: 0 0 .75rem; padding: 1rem;
         font: inherit; text-align: left; color: #000; background: #fff; border: 3px solid #003a78;
         border-radius: .6rem; min-height: 4rem; cursor: pointer; }
button .letter { font-weight: bold; font-size: 1.6rem; min-width: 1.6em; }
button[aria-pressed="true"] { border-width: 6px; border-color: #000; background: #e6eefa; }
button[aria-pressed="true"] .mine { display: block; }
.mine { display: none; font-weight: bold; margin-top: .3rem; }
button:focus-visible { outline: 4px solid #b34700; outline-offset: 3px; }
.note { font-size: 1rem; }
"""

SCRIPT = """
(function () {
  var main = document.getElementById("options"), status = document.getElementById("status");
  var title = document.getElementById("title"), code = document.body.dataset.code;
  var state = null, shown = null;
  function render() {
    var key = state && !state.closed ? state.moment : null;
    if (key && key === shown) {
      // The same moment: mark the vote, keep the buttons (and the focus of a screen reader) where they are.
      Array.prototype.forEach.call(main.querySelectorAll("button"), function (button) {
        button.setAttribute("aria-pressed", state.voted === button.dataset.letter ? "true" : "false");
      });
      status.textContent = state.voted ? "Your vote: " + state.voted + ". Tap another option to change it."
                                       : "Tap the option you choose.";
      return;
    }
    shown = key;
    main.textContent = "";
    if (!state || state.closed) {
      title.textContent = "Voting has ended";
      status.textContent = "Thank you. You can close this page.";
      return;
    }
    if (!state.moment) {
      title.textContent = "Waiting for the next moment";
      status.textContent = "Keep this page open: the options appear here when the room votes again.";
      return;
    }
    title.textContent = state.title;
    status.textContent = state.voted ? "Your vote: " + state.voted + ". Tap another option to change it."
                                     : "Tap the option you choose.";
    state.options.forEach(function (option) {
      var button = document.createElement("button");
      var letter = document.createElement("span"), text = document.createElement("span");
      var mine = document.createElement("span");
      letter.className = "letter"; letter.textContent = option.letter;
      mine.className = "mine"; mine.textContent = "Your vote";
      text.textContent = option.text; text.appendChild(mine);
      button.appendChild(letter); button.appendChild(text);
      button.type = "button";
      button.dataset.letter = option.letter;
      button.setAttribute("aria-pressed", state.voted === option.letter ? "true" : "false");
      button.addEventListener("click", function () { vote(option.letter); });
      main.appendChild(button);
    });
  }
  function vote(letter) {
    var moment = state && state.moment;
    if (!moment) { return; }
    status.textContent = "Sending your vote for " + letter + "…";
    fetch("/" + code + "/vote", {method: "POST", headers: {"Content-Type": "application/json"},
                                 credentials: "same-origin", body: JSON.stringify({moment: moment, option: letter})})
      .then(function (response) {
        if (response.ok) {
          if (state.moment === moment) { state.voted = letter; render(); }
        } else if (response.status === 409) {
          status.textContent = "That moment has moved on: vote on the options now shown.";
        } else if (response.status === 429) {
          status.textContent = "Too many taps: wait a few seconds and tap again.";
        } else {
          status.textContent = "The vote did not count (" + response.status + "). Raise your hand instead.";
        }
      })
      .catch(function () { status.textContent = "No connection to the laptop: raise your hand instead."; });
  }
  var events = new EventSource("/" + code + "/events");
  events.onmessage = function (message) { state = JSON.parse(message.data); render(); };
  events.onerror = function () {
    if (state && state.closed) { events.close(); return; }
    status.textContent = "Reconnecting to the laptop… If this stays, raise your hand to vote.";
  };
})();
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


CSP = (f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; connect-src 'self'; "
       "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def page_html(code: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Vote: Outreach room {escape(code)}</title>
<style>{STYLE}</style>
</head>
<body data-code="{escape(code)}">
<h1 id="title">Connecting…</h1>
<p id="status" role="status" aria-live="polite">Loading the options.</p>
<main id="options" aria-label="Options"></main>
<p class="note">Outreach room {escape(code)}. No name or account: your vote is counted, not who gave it.</p>
<script>{SCRIPT}</script>
</body>
</html>
"""
