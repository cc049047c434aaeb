"""'How this works': a short primer a trainee reads before the first scenario, and can reopen
at any time. Written from the team's domain brief, in plain words; every principle comes with one
choice that honours it and one that goes against it, so nothing is scored before it is taught."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Example:
    heading: str
    text: str
    honours: str  # a choice that honours it
    goes_against: str  # a choice that goes against it


@dataclass(frozen=True, slots=True)
class PrimerPage:
    title: str
    paragraphs: tuple[str, ...]
    examples: tuple[Example, ...] = ()


PRIMER: tuple[PrimerPage, ...] = (
    PrimerPage("What you will do", (
        "You play an outreach worker: someone who meets people who use drugs where they are, on the street, "
        "in a park, at a door, and offers supplies, information and company.",
        "Each scenario is a short story in moments. At each moment you choose what to say or do. There is no "
        "timer: take as long as you need.",
        "Every choice is scored against six principles of harm reduction, from -2 (goes against it) to +2 "
        "(honours it). The next pages explain each of them before you are scored on any.",
        "With coach feedback you see after each choice what it did, and you can step back and choose again. "
        "With assessment feedback you see it all at the end. Either way, every playthrough ends in a debrief.",
        "Scenarios are training material, not medical advice. Laws and protocols differ between places.",
    )),
    PrimerPage("Harm reduction", (
        "Harm reduction is a set of practical ways to lower the harms of drug use without asking people to stop "
        "first. It is also a movement for the rights and dignity of people who use drugs.",
        "It treats health as a matter of justice: poverty, racism, stigma and the way drug laws are enforced put "
        "some people in more danger than others, and the people most affected know most about what helps.",
        "A worker who practises it meets people where they are, starts with what the person wants, and offers "
        "safer options without conditions.",
    )),
    PrimerPage("The six principles (1 of 2)", (
        "Each choice you make can honour or go against these. Here is what each looks like in practice.",
    ), (
        Example("Health and Dignity",
                "Everyone deserves care and respect, whatever they use and however they live.",
                "Kneeling to eye level, using the person's name, asking before you touch a wound.",
                "Lecturing, or talking about the person to others as if they were not there."),
        Example("Participant-Centered Services",
                "Help is built on what the person wants, without judgement and without pressure.",
                "Asking what would help today and offering a few options.",
                "Making help depend on them agreeing to treatment, or pushing a plan they did not ask for."),
        Example("Participant Involvement",
                "People who use drugs have a real voice in the programs and policies that serve them.",
                "Asking participants to shape the hours, supplies or rules of the service, and changing "
                "something because they said so.",
                "Deciding for them, or asking for their ideas and then ignoring them (tokenism)."),
    )),
    PrimerPage("The six principles (2 of 2)", (), (
        Example("Participant Autonomy",
                "People are the ones who change their own lives. They decide, and they support each other.",
                "Giving honest information and respecting their decision; leaving extra naloxone for their "
                "friends.",
                "Taking the decision away, or holding back information \"for their own good\"."),
        Example("Sociocultural Factors",
                "Poverty, racism, trauma, gender, immigration status, housing and policing shape risk and what "
                "a person can do about it.",
                "Noticing that a person on parole fears a 911 call, and planning around that barrier.",
                "Treating risk as only a personal choice and ignoring the situation around it."),
        Example("Pragmatic and Realistic",
                "Drug use is part of the world. Some ways of using are safer than others, and real harms are "
                "not minimised.",
                "Concrete safer-use steps that fit the person's day: don't use alone, go slow, carry naloxone.",
                "Telling someone to just stop, or pretending there is no risk."),
    )),
    PrimerPage("Drug, set and setting", (
        "The debrief looks at each scenario through three lenses. What happens to a person depends on all three.",
        "Drug: the substance, how it is taken (injected, smoked, snorted, swallowed), how much and how often, and "
        "what is in the street supply this week.",
        "Set: the person's mindset: mood, fear, shame, hopes, trauma, withdrawal, and how much they trust you.",
        "Setting: where they are and who is around: alone or with friends, indoors or out, the weather, police, "
        "shelter rules, whether there is a phone.",
        "During play, what your worker learns about each of the three builds up in the panel \"What you know\". "
        "The debrief shows which of them your choices paid attention to.",
    )),
    PrimerPage("Why people use drugs, and why they don't stop", (
        "People use drugs because it feels good; to feel close to others; to escape; to cope with pain, "
        "depression or anxiety; to stay awake, warm or safe on the street; to work longer; out of curiosity; "
        "because a doctor prescribed it; out of habit; and sometimes for no particular reason. None of these "
        "needs a moral judgement.",
        "People keep using because it still works for them; because withdrawal is awful; because the reasons "
        "they started have not gone away; because their friends are there; because they don't see a problem; "
        "or because changing everything at once seems impossible.",
        "Knowing the reason behind someone's use helps you offer something that fits their life.",
    )),
    PrimerPage("The continuum of use", (
        "Drug use is not one thing. People sit somewhere on a line: no use, trying something once, using now and "
        "then with friends, using regularly, and use that has become chaotic and causes problems.",
        "People move along it in both directions, often more than once. Harm reduction meets people wherever "
        "they are on it today, and offers what lowers harm at that point.",
        "You are ready. Choose a scenario: \"First Shift\" is a gentle place to start.",
    )),
)
