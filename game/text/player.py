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
from game.engine import (Debrief, PlayState, already_taken, build_debrief, choose, current_node, is_over, node_text,
                         offered_choices, rewind, start, to_json)
from game.model import LENS_FACTORS, PRINCIPLES, Scenario
from game.terminal import terminal_safe
from game.wording import moments, spoken

FEEDBACK_MODES = ("coach", "assessment")
MIN_WIDTH, MAX_WIDTH = 40, 100
PAUSE_PROMPT = "Press Enter to continue (q to quit)."
NO_MISSED = "No missed opportunities: at every moment you chose one of the best options open."
# Joins words that must stay on one line (a principle's label and its number); textwrap does not break at it.
GLUE = "\x1f"


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
    return textwrap.wrap(paragraph, width, initial_indent=indent, subsequent_indent=indent + hanging,
                         break_long_words=False, break_on_hyphens=False)


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
                 width: int | None = None, state: PlayState | None = None, autosave: bool = True):
        self.scenario = scenario
        self.echo = echo  # repeat each answer, so a transcript read from a pipe makes sense
        self.lines = lines
        self.out = out
        self.feedback = feedback
        self.width = width  # None: the terminal's width, looked up at every line
        self.state: PlayState = state if state is not None else start(scenario, seed)
        self.autosave = autosave  # after every choice, as in the window (tests may turn it off)
        exact_bounds.request(scenario)  # worked out while the player reads: the debrief never waits for it

    def say(self, text: str = "", indent: str = "", hanging: str = "") -> None:
        write(self.out, text, indent, hanging, self.width)

    def ask(self, prompt: str) -> str | None:
        """Read one answer; None at the end of input (after ending the prompt's line)."""
        print(terminal_safe(prompt), end="", file=self.out, flush=True)
        line = next(self.lines, None)
        if line is None:
            print(file=self.out)
            return None
        if self.echo:
            print(terminal_safe(line.strip()), file=self.out)
        return line.strip()

    def pause(self) -> bool:
        """Wait for Enter; False when the player quits (q, or the end of input). Any other answer goes on."""
        answer = self.ask(PAUSE_PROMPT + " ")
        return answer is not None and answer.lower() not in ("q", "quit")

    def leave(self, message: str = "You left the scenario.") -> int:
        self.say(message)
        return 0

    def run(self) -> int:
        self.introduce()
        if not self.pause():
            return self.leave()
        shown_reveals = 0
        while not is_over(self.scenario, self.state):
            shown_reveals = self.show_moment(shown_reveals)
            offered = offered_choices(self.scenario, self.state)
            if not offered:
                self.say("No option is open here. The scenario cannot go on; please tell its author.")
                return 0
            for choice in offered:
                text, hanging = numbered(choice.number, choice.text)
                self.say(text, "  ", hanging)
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
            self.state = choose(self.scenario, self.state, picked.index)
            self.keep()
            if self.feedback == "coach":
                self.show_feedback(picked.rule, counted)
                if not self.pause():
                    return self.leave()
        self.show_moment(shown_reveals)
        if not self.pause():
            return self.leave("You left before the debrief.")
        self.show_debrief(build_debrief(self.scenario, self.state, *exact_bounds.current(self.scenario)))
        if self.autosave:
            from game.store import clear_progress

            problem = clear_progress()
            if problem:
                self.say(f"Your finished game could not be removed from the autosave: {problem}")
        return 0

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
        self.say("Type the number of a choice and press Enter. Type b to go back one step, q to quit.")

    def show_moment(self, shown_reveals: int) -> int:
        node = current_node(self.scenario, self.state).spec
        self.say()
        if node.ending:
            self.say(f"Ending: {node.ending.title} ({node.ending.kind}).")
        else:
            self.say(f"Moment {self.state.steps_taken + 1}.")
        if node.speaker:
            self.say(f"{node.speaker} says:")
        self.say(node_text(self.scenario, self.state))
        for fact_id in self.state.revealed[shown_reveals:]:
            factor, fact = self.scenario.facts[fact_id]
            self.say(f"You now know ({factor}): {fact.text}")
        return len(self.state.revealed)

    def read_answer(self, count: int) -> int | str | None:
        while True:
            answer = self.ask(f"Your choice, 1 to {count}: ")
            if answer is None:
                return None
            answer = answer.lower()
            if answer in ("b", "back"):
                return "b"
            if answer in ("q", "quit"):
                return "q"
            if answer.isdecimal() and len(answer) <= 3 and 1 <= int(answer) <= count:
                return int(answer)
            self.say(f"Please type a number from 1 to {count}, b to go back, or q to quit.")

    def show_feedback(self, rule, counted: bool) -> None:
        self.say("Feedback:")
        if not counted:
            self.say("You made this choice before, so it scores nothing this time.", "  ")
        else:
            for line in score_lines(rule.scores) or ["No principle scored."]:
                self.say(line, "  ", "  ")
        self.say(rule.spec.feedback, "  ")

    def show_debrief(self, debrief: Debrief) -> None:
        self.say()
        self.say("Debrief.")
        self.say()
        self.say("The six principles: your total, and the lowest and highest possible in this scenario.")
        for p in debrief.principles:
            possible = f"(possible {amount(p.worst)} to {amount(p.best)})"
            self.say(glue(f"{p.label}: {spoken(p.total)}") + f" {possible}.", "  ", "  ")
        if debrief.bounds_note:
            self.say(debrief.bounds_note, "  ")
        self.say()
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
        self.say()
        self.say("Your choices, in order.")
        for entry in debrief.timeline:
            text, hanging = numbered(entry.number, entry.choice)
            self.say(text, "  ", hanging)
            under = "  " + hanging
            if not entry.counted:
                self.say("No score: you made this choice before.", under)
            else:
                for line in score_lines(entry.scores) or ["No principle scored."]:
                    self.say(line, under, "  ")
            if self.feedback == "assessment":
                self.say(entry.feedback, under)
        self.say()
        if debrief.missed:
            self.say("Missed opportunities.")
            for m in debrief.missed:
                self.say(f"At moment {m.number} you chose: {m.chosen}", "  ", "  ")
                self.say(f"That added {amount(m.chosen_score)} in all.", "    ")
                self.say(f"A better choice was: {m.better}", "    ", "  ")
                self.say(f"That would have added {amount(m.better_score)} in all.", "    ")
                self.say(m.better_feedback, "    ")
        else:
            self.say(NO_MISSED)
        self.say()
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


def choose_from_list(entries, lines: Iterator[str], out: IO[str], echo: bool = False, width: int | None = None):
    """Offer the playable scenarios as a numbered list; the chosen one, or None."""
    playable = [e for e in entries if e.result.scenario is not None]
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
                 width: int | None = None):
    """If the autosave holds a game (of `scenario`, when given) that can go on, ask whether to
    resume it: (scenario, state, feedback), or None to start afresh."""
    from game.engine import SaveError, from_json
    from game.model import ScenarioError, load_scenario
    from game.store import load_progress

    progress, problem = load_progress()
    if problem:
        write(out, f"Your saved game could not be read, so it cannot be resumed. ({problem})", width=width)
    if progress is None:
        return None
    try:
        if scenario is not None and Path(progress.scenario_path).resolve() != Path(scenario.source).resolve():
            return None
        saved = scenario if scenario is not None else load_scenario(progress.scenario_path)
        state = from_json(saved, progress.state)
    except (ScenarioError, SaveError, OSError, ValueError):
        return None
    where = "its ending" if is_over(saved, state) else f"moment {state.steps_taken + 1}"
    print(terminal_safe(f"You have a saved game of {saved.title} at {where}. Resume it (y/n)? "), end="", file=out,
          flush=True)
    line = next(lines, None)
    if line is None:
        print(file=out)
        return None
    if echo:
        print(terminal_safe(line.strip()), file=out)
    if line.strip().lower() not in ("y", "yes"):
        return None
    return saved, state, progress.feedback
