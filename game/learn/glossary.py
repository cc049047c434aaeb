"""The glossary a trainee can open at any moment (F1): the six principles, the lens, general
terms of the work, and a scenario's own terms (its `glossary:`), which come first."""

from __future__ import annotations

from dataclasses import dataclass

from game.model.principles import LENS_FACTORS, PRINCIPLES


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    meaning: str
    key: str = ""  # a principle or lens key, so a principle's name on screen can open its entry


_PRINCIPLE_DETAIL = {
    "health_dignity": "In practice: eye level, names, privacy, asking consent; never shaming.",
    "participant_centered": "In practice: ask what they want, offer options, put no conditions on help.",
    "participant_involvement": "In practice: participants shape the service itself (its hours, supplies and "
                               "rules), and something changes because they said so.",
    "participant_autonomy": "In practice: honest information, then their decision; peers helping peers.",
    "sociocultural": "In practice: notice the barriers (ID, housing, police, language) and work around them.",
    "pragmatic": "In practice: concrete safer steps that fit their day, honest about the real dangers.",
}

GENERAL: tuple[Entry, ...] = (
    Entry("Harm reduction", "Practical ways to lower the harms of drug use without asking people to stop "
          "first, and a movement for the rights and dignity of people who use drugs."),
    Entry("Participant", "A person who uses the outreach service. The word puts them first, not their drug use."),
    Entry("Continuum of use", "From no use through trying, occasional and regular use to chaotic use. People "
          "move along it in both directions."),
    Entry("Naloxone", "A medicine that reverses the effect of opioids on breathing, often as a 4 mg nasal "
          "spray. It wears off in roughly 30 to 90 minutes, so someone should stay with the person."),
    Entry("Fentanyl", "A strong synthetic opioid. Much of the street supply of opioids, and some other drugs, "
          "contains it."),
    Entry("Xylazine", "A veterinary sedative (\"tranq\") mixed into some fentanyl. Naloxone does not reverse it. "
          "It can cause deep, long sedation and severe wounds."),
    Entry("Overdose (opioid)", "Signs: can't be woken, slow or no breathing, snoring or gurgling, blue or grey "
          "lips, pinpoint pupils. Call for help, give naloxone, support breathing, stay."),
    Entry("Overamping", "Too much of a stimulant: overheating, racing heart, chest pain, paranoia, seizures."),
    Entry("Tolerance", "How much of a drug the body is used to. It drops within days of not using (jail, "
          "hospital, detox), which makes the usual amount dangerous."),
    Entry("Withdrawal", "The sickness when the body goes without a drug it depends on: for opioids, aches, "
          "vomiting, sweating, anxiety."),
    Entry("MOUD", "Medications for opioid use disorder: buprenorphine and methadone. They greatly lower the risk "
          "of dying from an overdose. They are treatment, not a swap of one drug for another."),
    Entry("Fentanyl test strip (FTS)", "A strip that shows whether a drug sample contains fentanyl. A negative "
          "result does not mean the drug is safe."),
    Entry("Good Samaritan law", "A law that protects people who call for help at an overdose from some drug "
          "charges. What it covers varies from place to place."),
    Entry("Secondary distribution", "Participants passing naloxone or supplies on to friends who need them."),
    Entry("Recovery position", "On the side, top knee bent, head tilted back: keeps the airway open for "
          "someone breathing but not awake."),
    Entry("Rescue breathing", "Breaths given to someone who is not breathing enough, one every 5 to 6 seconds, "
          "by someone trained, with a face shield."),
)


def glossary_for(scenario=None) -> list[Entry]:
    """Entries in the order a trainee looks for them: this scenario's own terms, then the six
    principles, the lens, and the words of the work."""
    own = [Entry(g.term, g.meaning) for g in scenario.document.glossary] if scenario is not None else []
    principles = [Entry(p.label, f"{p.meaning} {_PRINCIPLE_DETAIL[p.key]}", p.key) for p in PRINCIPLES]
    lens = [Entry(f.label, f.meaning, f.key) for f in LENS_FACTORS]
    taken = {e.term.casefold() for e in own}
    return own + principles + lens + [e for e in GENERAL if e.term.casefold() not in taken]
