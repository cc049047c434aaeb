"""The terminal player: plain lines that read well with a screen reader and work in a pipe.

No colour, no boxes, no cursor movement: every line makes sense read aloud on its own. Signs are
spoken as words ("plus 2", "minus 1") because screen readers may skip "+" and "-", a principle's
label never wraps away from its number, and the player pauses where reading time matters (after
feedback, after the content warnings, before the debrief) so nothing scrolls away unread.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import IO, Iterator

from game import exact_bounds
from game.engine import (Debrief, PlayState, already_taken, better_open, build_debrief, choose, current_node, is_over, node_text,
                         offered_choices, rewind, start, to_json)
from game.model import LENS_FACTORS, PRINCIPLES, Scenario
from game.terminal import terminal_safe
from game.wording import better_was_open, first_chose, moments, none_missed, spoken

FEEDBACK_MODES = ("coach", "assessment")
MIN_WIDTH, MAX_WIDTH = 40, 100
PAUSE_PROMPT = "Press Enter to continue (q to quit)."
NEXT_PART = "Press Enter for the next part (? for commands)."
COMMANDS = (("r", "read this moment again"), ("k", "what the worker knows so far"),
            ("h", "history: every moment so far and what you chose"), ("g", "glossary: the principles, the lens "
            "and this scenario's words"), ("?", "this list"))
RATING_WORDS = {1: "not at all", 2: "a little", 3: "partly", 4: "mostly", 5: "fully"}
MAX_LINE = 240  # as the window's debrief
NO_MISSED = "No missed opportunities: at every moment you chose one of the best options open."
# Joins words that must stay on one line (a principle's label and its number); textwrap does not break at it.
GLUE = "\x1f"


def overall_share(debrief: Debrief) -> float:
    from game.records.version import overall_share as share

    return share([p.total for p in debrief.principles], [p.best for p in debrief.principles],
                 [p.worst for p in debrief.principles])


def terminal_width() -> int:
    """The terminal's width (COLUMNS wins, 80 in a pipe), kept between 40 and 100 for reading."""
    return max(MIN_WIDTH, min(MAX_WIDTH, shutil.get_terminal_size(fallback=(80, 24)).columns))


def write(out: IO[str], text: str = "", indent: str = "", hanging: str = "", width: int | None = None) -> None:
    """Print `text` wrapped to the width; continuation lines are indented by `indent` + `hanging`."""
    if not text:
        print(file=out)
        return
    # Scenario text may hold anything a terminal would obey; only our own glue survives as is.
    text = GLUE.join(terminal_safe(part) for part in text.split(GLUE))
    width = width or terminal_width()
    for paragraph in text.splitlines():
        lines = _wrap(paragraph, width, indent, hanging)
        if any(len(line) > width for line in lines):  # a glued phrase is wider than the line: let it break
            lines = _wrap(paragraph.replace(GLUE, " "), width, indent, hanging)
        print("\n".join(lines).replace(GLUE, " ") if lines else "", file=out)


def _wrap(paragraph: str, width: int, indent: str, hanging: str) -> list[str]:
    lines = textwrap.wrap(paragraph, width, initial_indent=indent, subsequent_indent=indent + hanging,
                          break_long_words=False, break_on_hyphens=False)
    if any(len(line) > width for line in lines):
        return _wrap_long_words(paragraph, width, indent, hanging)
    return lines


BREAK_AFTER = "/-.?&=_#,;"


def _wrap_long_words(paragraph: str, width: int, indent: str, hanging: str) -> list[str]:
    """Greedy wrapping where a word wider than the line (a web address) is broken after a '/', '.',
    '-' or the like, never inside a run of letters unless nothing else fits."""
    room = max(width - len(indent + hanging), 10)
    lines, line, empty = [], indent, True
    for word in paragraph.split():
        pieces = _pieces(word, room) if len(word) > room else [word]
        for number, piece in enumerate(pieces):
            joiner = "" if empty or number else " "
            if len(line) + len(joiner) + len(piece) <= width:
                line += joiner + piece
            else:
                lines.append(line)
                line = indent + hanging + piece
            empty = False
    lines.append(line)
    return lines


def _pieces(word: str, room: int) -> list[str]:
    pieces = []
    while len(word) > room:
        cut = max(word.rfind(mark, 0, room) for mark in BREAK_AFTER) + 1
        if cut < room // 3:
            cut = room  # a long run with nowhere sensible to break: break it at the edge
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word] if word else pieces


def amount(value: int) -> str:
    """`spoken(value)` glued, so 'plus' never ends a line with its number on the next."""
    return glue(spoken(value))


def score_lines(scores: tuple[int, ...]) -> list[str]:
    """One line per principle scored: 'Health and Dignity: plus 2 (honoured)'."""
    return [glue(f"{p.label}: {spoken(value)}") + (" (honoured)" if value > 0 else " (went against)")
            for p, value in zip(PRINCIPLES, scores) if value]


def glue(phrase: str) -> str:
    return phrase.replace(" ", GLUE)


def numbered(number: int, text: str) -> tuple[str, str]:
    """The item's text and the hanging indent that lines its continuation up under the text."""
    label = f"{number}. "
    return label + text, " " * len(label)


class TextPlayer:
    def __init__(self, scenario: Scenario, lines: Iterator[str], out: IO[str], *,
                 feedback: str = "coach", seed: int | None = None, echo: bool = False,
                 width: int | None = None, state: PlayState | None = None, autosave: bool = True,
                 draft: dict | None = None):
        self.scenario = scenario
        self.echo = echo  # repeat each answer, so a transcript read from a pipe makes sense
        self.lines = lines
        self.out = out
        self.feedback = feedback
        self.width = width  # None: the terminal's width, looked up at every line
        self.state: PlayState = state if state is not None else start(scenario, seed)
        self.autosave = autosave  # after every choice, as in the window (tests may turn it off)
        self.ended = False  # the input ran out: nothing more is asked, the rest is printed
        self.offered = []  # the choices of the moment on screen, for r
        # The debrief in progress, as the window keeps it (game.store.autosave.DEBRIEF_FIELDS).
        draft = draft or {}
        self.reactions = str(draft.get("reactions", ""))[:MAX_LINE]
        self.ratings: dict[str, int] = dict(draft.get("ratings") or {})
        self.take_home = str(draft.get("take_home", ""))[:MAX_LINE]
        self.phase = draft.get("phase") if draft.get("phase") in ("reactions", "self", "results") else None
        self.recorded = bool(draft.get("recorded"))
        exact_bounds.request(scenario)  # worked out while the player reads: the debrief never waits for it

    def say(self, text: str = "", indent: str = "", hanging: str = "") -> None:
        write(self.out, text, indent, hanging, self.width)

    def ask(self, prompt: str, commands: bool = True) -> str | None:
        """Read one answer; None at the end of input (after ending the prompt's line). A command
        (r, k, h, g, ?) is answered and the question asked again."""
        while True:
            if self.ended:
                return None
            answer = prompt_line(terminal_safe(prompt), self.lines, self.out, self.echo, self.width)
            if answer is None:
                self.ended = True
                return None
            if commands and answer.lower() in {key for key, _ in COMMANDS}:
                self.command(answer.lower())
                continue
            return answer

    def command(self, key: str) -> None:
        if key == "?":
            self.say("Commands you can type at any question:")
            for letter, meaning in COMMANDS:
                self.say(f"{letter}: {meaning}", "  ", "   ")
            self.say("At a choice, also: b to go back one step (coach feedback), q to quit.", "  ", "  ")
        elif key == "r":
            self.show_moment(self.reveals_before_this_moment() if not is_over(self.scenario, self.state)
                             else self.reveals_before_this_moment(), again=True)
            self.list_choices()
        elif key == "k":
            self.show_known()
        elif key == "h":
            self.show_history()
        elif key == "g":
            self.show_glossary()

    def pause(self, prompt: str = PAUSE_PROMPT) -> bool:
        """Wait for Enter; False when the player quits (q, or the end of input). Any other answer goes on."""
        answer = self.ask(prompt)
        return answer is not None and answer.lower() not in ("q", "quit")

    def leave(self, message: str = "You left the scenario.") -> int:
        self.say(message)
        return 0

    def run(self) -> int:
        if self.phase is not None and is_over(self.scenario, self.state):
            self.say(f"{self.scenario.title}: back to your debrief.")
            return self.debrief()
        self.introduce()
        if not self.pause():
            return self.leave()
        shown_reveals = self.reveals_before_this_moment() if self.state.path else 0
        while not is_over(self.scenario, self.state):
            shown_reveals = self.show_moment(shown_reveals)
            offered = offered_choices(self.scenario, self.state)
            self.offered = offered
            if not offered:
                self.say("No option is open here. The scenario cannot go on; please tell its author.")
                return 0
            self.list_choices()
            answer = self.read_answer(len(offered))
            if answer is None or answer == "q":
                return self.leave()
            if answer == "b":
                if self.state.path:
                    self.state = rewind(self.scenario, self.state, 1)
                    self.keep()
                    self.say("You went back one step.")
                else:
                    self.say("This is the first moment; there is nothing to go back to.")
                shown_reveals = self.reveals_before_this_moment()  # the moment is shown again, with what it revealed
                continue
            picked = offered[answer - 1]
            counted = not already_taken(self.state, self.state.node, picked.index)
            better = better_open(self.scenario, self.state, picked.index)
            self.state = choose(self.scenario, self.state, picked.index)
            self.keep()
            if self.feedback == "coach":
                self.show_feedback(picked.rule, counted, better)
                if not self.pause():
                    return self.leave()
        self.offered = []
        self.show_moment(shown_reveals)
        if not self.pause():
            return self.leave("You left before the debrief.")
        return self.debrief()

    def list_choices(self) -> None:
        for choice in self.offered:
            text, hanging = numbered(choice.number, choice.text)
            self.say(text, "  ", hanging)

    # -- the debrief, in the window's order: reactions, self-rating, results, take-home line ------

    def debrief(self) -> int:
        self.say()
        self.say("Debrief.")
        if self.phase in (None, "reactions"):
            self.phase = "reactions"
            self.ask_reactions()
            self.phase = "self"
            self.keep_debrief()
        if self.phase == "self":
            self.ask_ratings()
            self.phase = "results"
            self.keep_debrief()
        debrief = build_debrief(self.scenario, self.state, *exact_bounds.current(self.scenario))
        self.record(debrief)
        self.show_debrief(debrief)
        self.ask_take_home()
        self.offer_export(debrief)
        self.reflected(final=True)
        if self.autosave:
            from game.store import clear_progress

            problem = clear_progress(str(Path(self.scenario.source).resolve()))
            if problem:
                self.say(f"Your finished game could not be removed from the autosave: {problem}")
        return 0

    def ask_reactions(self) -> None:
        self.say()
        self.say("How did that feel? Before the scores, a few words for yourself about how that went. "
                 "Nothing here is scored.")
        answer = self.ask("Your words (Enter to skip):")
        self.reactions = (answer or "")[:MAX_LINE]
        self.reflected()

    def ask_ratings(self) -> None:
        self.say()
        self.say("How well do you think you honoured each principle? 1 not at all, 2 a little, 3 partly, "
                 "4 mostly, 5 fully. Optional: press Enter to skip one, or s to skip the rest.")
        for principle in PRINCIPLES:
            while True:
                answer = self.ask(f"{principle.label}, 1 to 5:")
                if answer is None or answer.lower() in ("s", "skip"):
                    self.reflected()
                    return
                if answer == "":
                    break
                if answer in ("1", "2", "3", "4", "5"):
                    self.ratings[principle.key] = int(answer)
                    self.say(f"You rated {principle.label} {answer} of 5, {RATING_WORDS[int(answer)]}.", "  ", "  ")
                    break
                self.say("Please type a number from 1 to 5, Enter to skip this one, or s to skip the rest.")
            self.keep_debrief()
        self.reflected()

    def ask_take_home(self) -> None:
        if self.ended:
            return  # nobody is there to write it: the debrief ends with its disclaimer
        self.say()
        self.say("Your take-home line: one thing you will take with you from this scenario.")
        if self.take_home:
            self.say(f"So far: {self.take_home}", "  ")
        answer = self.ask("Your line (Enter to keep it as it is):")
        if answer:
            self.take_home = answer[:MAX_LINE]
            self.keep_debrief()
            self.reflected()

    def offer_export(self, debrief: Debrief) -> None:
        answer = self.ask("Save this debrief as a web page you can print or share? Type y for yes, "
                          "Enter for no:")
        if answer is None or answer.lower() not in ("y", "yes"):
            return
        from game.store import export_debrief

        self.ask_name_once()
        options = export_options(self.reactions, self.ratings, self.take_home)
        try:
            path = export_debrief(debrief, **options)
        except OSError as error:
            self.say(f"The debrief could not be saved: {error.strerror or error}")
        else:
            self.say(f"Saved the debrief to {path}")

    def ask_name_once(self) -> None:
        """The page may carry the trainee's name: asked once (kept in the settings), never required."""
        from dataclasses import replace

        from game.store import load_settings, save_settings
        from game.store.exports import export_name

        if export_name() or not self.autosave:
            return
        settings, _ = load_settings()
        if settings.name_asked:
            return
        answer = self.ask("Your name on the page, if you want it there (Enter leaves it off; asked once):")
        name = (answer or "").strip()[:80]
        name = name if name.isprintable() else ""
        save_settings(replace(settings, trainee_name=name, name_asked=True))

    def keep_debrief(self) -> None:
        """Autosave the debrief in progress, as the window does: a closed terminal loses nothing."""
        if not self.autosave:
            return
        from game.store import save_progress

        draft = {"reactions": self.reactions, "take_home": self.take_home, "ratings": dict(self.ratings),
                 "phase": self.phase or "reactions", "recorded": self.recorded}
        problem = save_progress(str(Path(self.scenario.source).resolve()), to_json(self.state), self.feedback, draft)
        if problem:
            self.say(f"What you write here could not be saved: {problem}")

    def record(self, debrief: Debrief) -> None:
        """Count the completion once (the picker's "Completed" line), as the window does."""
        if self.recorded or debrief.ending is None or not self.autosave:
            return
        from game.store import record_completion

        self.recorded = True
        problem = record_completion(self.scenario.id, debrief.ending.kind, debrief.ending.title,
                                    overall_share(debrief))
        self.keep_debrief()
        if problem:
            self.say(f"About your results: {problem}.")

    def reflected(self, final: bool = False) -> None:
        """What was written or rated in the debrief changed: the autosave keeps it, and through it the
        records (game.store.playlog.note_saved); leaving the debrief (clear_progress) makes it final."""
        self.keep_debrief()

    def keep(self) -> None:
        """Autosave after every choice (the README promises it); say so when it fails."""
        if not self.autosave:
            return
        from game.store import save_progress

        problem = save_progress(str(Path(self.scenario.source).resolve()), to_json(self.state), self.feedback)
        if problem:
            self.say(f"Progress could not be saved: {problem}")

    def reveals_before_this_moment(self) -> int:
        """How many facts were known before arriving here, so the moment shows again what it revealed."""
        if not self.state.path:
            return 0
        return len(rewind(self.scenario, self.state, 1).revealed)

    def introduce(self) -> None:
        doc = self.scenario.document
        self.say(doc.title)
        self.say(doc.premise)
        warnings = ", ".join(doc.content_warnings or ()) or "none"
        self.say(f"Content warnings: {warnings}.")
        self.say(f"About {doc.minutes} minutes. Feedback: {self.feedback}"
                 + (" (after each choice)." if self.feedback == "coach" else " (at the end)."))
        if self.state.path:
            self.say(f"You are resuming at moment {self.state.steps_taken + 1}.")
        self.say("Type the number of a choice and press Enter. Type b to go back one step, q to quit. "
                 "At any question: r reads the moment again, k what you know, h the history, g the glossary, "
                 "? lists these.")

    def show_moment(self, shown_reveals: int, again: bool = False) -> int:
        node = current_node(self.scenario, self.state).spec
        self.say()
        if node.ending:
            self.say(f"Ending: {node.ending.title} ({node.ending.kind}).")
        else:
            self.say(f"Moment {self.state.steps_taken + 1}" + (", again." if again else "."))
        if node.speaker:
            self.say(f"{node.speaker} says:")
        self.say(node_text(self.scenario, self.state))
        for fact_id in self.state.revealed[shown_reveals:]:
            factor, fact = self.scenario.facts[fact_id]
            self.say(f"You now know ({factor}): {fact.text}")
        return len(self.state.revealed)

    def show_known(self) -> None:
        self.say()
        self.say("What you know so far.")
        for factor in LENS_FACTORS:
            facts = [self.scenario.facts[f][1].text for f in self.state.revealed if self.scenario.facts[f][0] == factor.key]
            self.say(f"{factor.label}: " + ("nothing yet." if not facts else ""), "  ", "  ")
            for fact in facts:
                self.say(f"- {fact}", "    ", "  ")

    def show_history(self) -> None:
        from game.engine import history

        self.say()
        entries = history(self.scenario, self.state)
        if not entries:
            self.say("History: nothing has happened yet; this is the first moment.")
            return
        self.say("History, moment by moment.")
        for entry in entries:
            self.say(f"Moment {entry.number}.")
            if entry.speaker:
                self.say(f"{entry.speaker} says:", "  ")
            self.say(entry.text, "  ")
            for factor, fact in entry.learnt:
                self.say(f"You learnt ({factor}): {fact}", "  ", "  ")
            if entry.stepped_back:
                self.say(first_chose(entry.stepped_back), "  ", "  ")
            self.say(f"You chose: {entry.choice}", "  ", "  ")
            if self.feedback == "coach":
                self.say(f"Feedback: {entry.feedback}", "  ", "  ")
        self.say("End of the history.")

    def show_glossary(self) -> None:
        from game.learn import glossary_for

        self.say()
        self.say("Glossary.")
        for entry in glossary_for(self.scenario):
            self.say(f"{entry.term}: {entry.meaning}", "  ", "  ")
        self.say("End of the glossary.")

    def read_answer(self, count: int) -> int | str | None:
        while True:
            answer = self.ask(f"Your choice, 1 to {count}:")
            if answer is None:
                return None
            answer = answer.lower()
            if answer in ("b", "back"):
                return "b"
            if answer in ("q", "quit"):
                return "q"
            if answer.isdecimal() and len(answer) <= 3 and 1 <= int(answer) <= count:
                return int(answer)
            self.say(f"Please type a number from 1 to {count}, b to go back, or q to quit (? for more).")

    def show_feedback(self, rule, counted: bool, better: tuple[str, ...] = ()) -> None:
        self.say("Feedback:")
        if not counted:
            self.say("You made this choice before, so it scores nothing this time.", "  ")
        else:
            for line in score_lines(rule.scores) or ["No principle scored."]:
                self.say(line, "  ", "  ")
        if better:
            self.say(better_was_open(better), "  ")
        self.say(rule.spec.feedback, "  ")

    def next_part(self) -> bool:
        """Between the debrief's parts: Enter shows the next; q shows no more parts."""
        if self.ended:
            return True  # a pipe that ran dry gets the rest at once
        return self.pause(NEXT_PART + " q skips to your take-home line.")

    def show_debrief(self, debrief: Debrief) -> None:
        parts = [self.part_results, self.part_lens, self.part_choices, self.part_missed, self.part_discuss]
        for number, part in enumerate(parts, start=1):
            self.say()
            self.say(f"Part {number} of {len(parts)}.")
            part(debrief)
            if number < len(parts) and not self.next_part():
                return

    def part_results(self, debrief: Debrief) -> None:
        if debrief.ending is not None:
            self.say(f"Ending: {debrief.ending.title}, a {debrief.ending.kind} ending for the participant.")
        if self.reactions:
            self.say(f"How it felt, in your words: {self.reactions}")
        self.say("The six principles: your total, and the lowest and highest possible in this scenario.")
        for p in debrief.principles:
            possible = f"(possible {amount(p.worst)} to {amount(p.best)})"
            rated = self.ratings.get(p.key)
            you = f" You rated it {rated} of 5." if rated else ""
            self.say(glue(f"{p.label}: {spoken(p.total)}") + f" {possible}.{you}", "  ", "  ")
        if debrief.bounds_note:
            self.say(debrief.bounds_note, "  ")

    def part_lens(self, debrief: Debrief) -> None:
        self.say("Drug, set and setting.")
        for factor, result in zip(LENS_FACTORS, debrief.lens):
            self.say(f"{result.label}: {result.summary}", "  ", "  ")
            if result.attended:
                self.say(f"Your choices attended to the {factor.key} at {moments(result.attended_at)}.", "    ")
            elif result.missed_at:
                self.say(f"Missed: a choice that attended to the {factor.key} was open at "
                         f"{moments(result.missed_at)}.", "    ")
            else:
                self.say(f"No choice on your path attended to the {factor.key}.", "    ")

    def part_choices(self, debrief: Debrief) -> None:
        self.say("Your choices, in order.")
        for entry in debrief.timeline:
            text, hanging = numbered(entry.number, entry.choice)
            self.say(text, "  ", hanging)
            under = "  " + hanging
            if entry.stepped_back:
                self.say(first_chose(entry.stepped_back), under, "  ")
            if not entry.counted:
                self.say("No score: you made this choice before.", under)
            else:
                for line in score_lines(entry.scores) or ["No principle scored."]:
                    self.say(line, under, "  ")
            if self.feedback == "assessment":
                self.say(entry.feedback, under)

    def part_missed(self, debrief: Debrief) -> None:
        if debrief.missed:
            self.say("Missed opportunities.")
            for m in debrief.missed:
                self.say(f"At moment {m.number} you chose: {m.chosen}", "  ", "  ")
                self.say(f"That added {amount(m.chosen_score)} in all.", "    ")
                self.say(f"A better choice was: {m.better}", "    ", "  ")
                self.say(f"That would have added {amount(m.better_score)} in all.", "    ")
                self.say(m.better_feedback, "    ")
        else:
            self.say(none_missed(overall_share(debrief), debrief.near_missed, "No missed opportunities"))

    def part_discuss(self, debrief: Debrief) -> None:
        self.say("Questions to discuss.")
        for question in debrief.questions:
            self.say(f"- {question}", "  ", "  ")
        if debrief.note:
            self.say()
            self.say(f"Note: {debrief.note}")
        if debrief.references:
            self.say()
            self.say("Sources behind this scenario.")
            for reference in debrief.references:
                self.say(f"- {reference}", "  ", "  ")
        self.say()
        self.say(debrief.disclaimer)


def export_options(reactions: str, ratings: dict, take_home: str) -> dict:
    """What an export carries besides the debrief: the trainee's words, and their name if they gave one."""
    from game.store.exports import export_meta

    options = {"reactions": reactions or None, "self_assessment": ratings or None, "take_home": take_home or None}
    meta = export_meta()
    if meta:
        options["meta"] = meta
    return options


def choose_from_list(entries, lines: Iterator[str], out: IO[str], echo: bool = False, width: int | None = None):
    """Offer the playable scenarios as a numbered list; the chosen one, or None."""
    from game.model.profile import course_sort_key

    # The course order the window's list and `outreach list` use, so "scenario 1" means one thing.
    playable = sorted((e for e in entries if e.result.scenario is not None),
                      key=lambda e: course_sort_key(e.result.scenario))
    if not playable:
        write(out, "No playable scenarios were found.", width=width)
        return None
    write(out, "Scenarios:", width=width)
    for number, entry in enumerate(playable, start=1):
        doc = entry.result.scenario.document
        warnings = ", ".join(doc.content_warnings or ()) or "none"
        text, hanging = numbered(number, f"{doc.title}. About {doc.minutes} minutes. Content warnings: {warnings}.")
        write(out, text, "  ", hanging, width)
        write(out, doc.premise, "  " + hanging, width=width)
    while True:
        print(f"Which scenario, 1 to {len(playable)} (q to quit): ", end="", file=out, flush=True)
        line = next(lines, None)
        if line is not None and echo:
            print(terminal_safe(line.strip()), file=out)
        if line is None or line.strip().lower() in ("q", "quit"):
            if line is None:
                print(file=out)
            return None
        if line.strip().isdecimal() and len(line.strip()) <= 3 and 1 <= int(line.strip()) <= len(playable):
            return playable[int(line.strip()) - 1].result.scenario
        write(out, f"Please type a number from 1 to {len(playable)}.", width=width)


def offer_resume(lines: Iterator[str], out: IO[str], scenario: Scenario | None = None, echo: bool = False,
                 width: int | None = None, ask: bool = True):
    """If a saved game (of `scenario`, when given, else the most recent) can go on, ask whether to
    resume it (or, with ask=False, take it): (scenario, state, feedback, debrief draft), or None."""
    from game.engine import SaveError, from_json
    from game.model import ScenarioError, load_scenario
    from game.store import load_progress

    key = str(Path(scenario.source).resolve()) if scenario is not None else None
    progress, problem = load_progress(key)
    if problem:
        write(out, f"Your saved game could not be read, so it cannot be resumed. ({problem})", width=width)
    if progress is None:
        return None
    try:
        saved = scenario if scenario is not None else load_scenario(progress.scenario_path)
        state = from_json(saved, progress.state)
    except (ScenarioError, SaveError, OSError, ValueError) as error:
        write(out, f"Your saved game cannot be resumed: {error}", width=width)
        return None
    where = "its debrief" if progress.debrief is not None else (
        "its ending" if is_over(saved, state) else f"moment {state.steps_taken + 1}")
    if not ask:
        write(out, f"Resuming your saved game of {saved.title} at {where}.", width=width)
        return saved, state, progress.feedback, progress.debrief
    answer = prompt_line(terminal_safe(f"You have a saved game of {saved.title} at {where}. Resume it (y/n)?"),
                         lines, out, echo, width)
    if answer is None or answer.lower() not in ("y", "yes"):
        return None
    return saved, state, progress.feedback, progress.debrief


def prompt_line(prompt: str, lines: Iterator[str], out: IO[str], echo: bool, width: int | None) -> str | None:
    """Ask on the last of the prompt's wrapped lines and read one answer (echoed from a pipe);
    None at the end of input, after ending the prompt's line."""
    wrapped = _wrap(prompt, (width or terminal_width()) - 1, "", "")  # room for the answer's first letter
    for line in wrapped[:-1]:
        print(line, file=out)
    print(wrapped[-1] + " ", end="", file=out, flush=True)
    line = next(lines, None)
    if line is None:
        print(file=out)
        return None
    if echo:
        print(terminal_safe(line.strip()), file=out)
    return line.strip()
