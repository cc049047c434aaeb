"""The terminal player: plain lines that read well with a screen reader and work in a pipe.

No colour, no boxes, no cursor movement: every line makes sense read aloud on its own.
"""

from __future__ import annotations

import textwrap
from typing import IO, Iterator

from game.engine import (Debrief, PlayState, already_taken, build_debrief, choose, current_node, is_over,
                         offered_choices, rewind, start)
from game.model import LENS_FACTORS, Scenario, describe_scores

FEEDBACK_MODES = ("coach", "assessment")
WIDTH = 78


class TextPlayer:
    def __init__(self, scenario: Scenario, lines: Iterator[str], out: IO[str], *,
                 feedback: str = "coach", seed: int | None = None, echo: bool = False):
        self.scenario = scenario
        self.echo = echo  # repeat each answer, so a transcript read from a pipe makes sense
        self.lines = lines
        self.out = out
        self.feedback = feedback
        self.state: PlayState = start(scenario, seed)

    def say(self, text: str = "", indent: str = "", hanging: str = "") -> None:
        if not text:
            print(file=self.out)
            return
        for paragraph in text.splitlines():
            wrapped = textwrap.wrap(paragraph, WIDTH, initial_indent=indent, subsequent_indent=indent + hanging,
                                    break_long_words=False, break_on_hyphens=False)
            print("\n".join(wrapped) if wrapped else "", file=self.out)

    def ask(self, prompt: str) -> str | None:
        print(prompt, end="", file=self.out, flush=True)
        line = next(self.lines, None)
        if line is None:
            print(file=self.out)
            return None
        if self.echo:
            print(line.strip(), file=self.out)
        return line.strip()

    def run(self) -> int:
        self.introduce()
        shown_reveals = 0
        while not is_over(self.scenario, self.state):
            shown_reveals = self.show_moment(shown_reveals)
            offered = offered_choices(self.scenario, self.state)
            if not offered:
                self.say("No option is open here. The scenario cannot go on; please tell its author.")
                return 0
            for choice in offered:
                self.say(f"{choice.number}. {choice.text}", "  ", "   ")
            answer = self.read_answer(len(offered))
            if answer is None or answer == "q":
                self.say("You left the scenario. Nothing was scored.")
                return 0
            if answer == "b":
                if not self.state.path:
                    self.say("This is the first moment; there is nothing to go back to.")
                    continue
                self.state = rewind(self.scenario, self.state, 1)
                shown_reveals = len(self.state.revealed)
                self.say("You went back one step.")
                continue
            picked = offered[answer - 1]
            counted = not already_taken(self.state, self.state.node, picked.index)
            self.state = choose(self.scenario, self.state, picked.index)
            if self.feedback == "coach":
                self.show_feedback(picked.rule, counted)
        self.show_moment(shown_reveals)
        self.show_debrief(build_debrief(self.scenario, self.state))
        return 0

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
        self.say(f"{node.speaker}: {node.text}" if node.speaker else node.text)
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
            if answer.isdigit() and 1 <= int(answer) <= count:
                return int(answer)
            self.say(f"Please type a number from 1 to {count}, b to go back, or q to quit.")

    def show_feedback(self, rule, counted: bool) -> None:
        self.say("Feedback:")
        if counted:
            self.say(describe_scores(rule.scores) + ".", "  ")
        else:
            self.say("You made this choice before, so it scores nothing this time.", "  ")
        self.say(rule.spec.feedback, "  ")

    def show_debrief(self, debrief: Debrief) -> None:
        self.say()
        self.say("Debrief.")
        self.say()
        self.say("The six principles: your total, and the lowest and highest possible in this scenario.")
        for p in debrief.principles:
            self.say(f"{p.label}: {signed(p.total)} (possible {signed(p.worst)} to {signed(p.best)}).", "  ")
        self.say()
        self.say("Drug, set and setting.")
        for factor, result in zip(LENS_FACTORS, debrief.lens):
            self.say(f"{result.label}: {result.summary}", "  ")
            if result.attended:
                moments = ", ".join(map(str, result.attended_at))
                self.say(f"Your choices attended to the {factor.key} at moment {moments}.", "    ")
            elif result.missed_at:
                moments = ", ".join(map(str, result.missed_at))
                self.say(f"Missed: a choice that attended to the {factor.key} was open at moment {moments}.", "    ")
            else:
                self.say(f"No choice on your path attended to the {factor.key}.", "    ")
        self.say()
        self.say("Your choices, in order.")
        for entry in debrief.timeline:
            scored = describe_scores(entry.scores) if entry.counted else "no score, made before"
            self.say(f"{entry.number}. {entry.choice}", "  ", "   ")
            self.say(f"Scored: {scored}.", "     ")
            if entry.effects:
                self.say("Changed: " + "; ".join(entry.effects) + ".", "     ")
            if self.feedback == "assessment":
                self.say(entry.feedback, "     ")
        if debrief.missed:
            self.say()
            self.say("Missed opportunities.")
            for m in debrief.missed:
                self.say(f"At moment {m.number} you chose: {m.chosen} Total {signed(m.chosen_score)}.", "  ")
                self.say(f"A better choice was: {m.better} Total {signed(m.better_score)}.", "    ")
                self.say(m.better_feedback, "    ")
        self.say()
        self.say("Questions to discuss.")
        for question in debrief.questions:
            self.say(f"- {question}", "  ")
        if debrief.note:
            self.say()
            self.say(f"Note: {debrief.note}")
        self.say()
        self.say(debrief.disclaimer)


def signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def choose_from_list(entries, lines: Iterator[str], out: IO[str], echo: bool = False):
    """Offer the playable scenarios as a numbered list; the chosen one, or None."""
    playable = [e for e in entries if e.result.scenario is not None]
    if not playable:
        print("No playable scenarios were found.", file=out)
        return None
    print("Scenarios:", file=out)
    for number, entry in enumerate(playable, start=1):
        doc = entry.result.scenario.document
        warnings = ", ".join(doc.content_warnings or ()) or "none"
        print(f"  {number}. {doc.title}. About {doc.minutes} minutes. Content warnings: {warnings}.", file=out)
        print(f"     {doc.premise}", file=out)
    while True:
        print(f"Which scenario, 1 to {len(playable)} (q to quit): ", end="", file=out, flush=True)
        line = next(lines, None)
        if line is not None and echo:
            print(line.strip(), file=out)
        if line is None or line.strip().lower() in ("q", "quit"):
            print(file=out)
            return None
        if line.strip().isdigit() and 1 <= int(line.strip()) <= len(playable):
            return playable[int(line.strip()) - 1].result.scenario
        print(f"Please type a number from 1 to {len(playable)}.", file=out)
