"""Realistic questions for `voelspriet demo`: several teams and phases, some answered by IT."""

from __future__ import annotations

from dataclasses import dataclass

from intake.schema import Intake


@dataclass(frozen=True)
class SeedQuestion:
    intake: Intake
    answer: str | None = None  # IT's FAQ answer (wiki markup); None = still open
    close_without_faq: bool = False


def _seed(name: str, email: str, team: str, theme: str, phase: str, question: str, details: str, *,
          urgency: str = "normaal", colleagues: int = 1, answer: str | None = None,
          close_without_faq: bool = False) -> SeedQuestion:
    intake = Intake(name=name, email=email, team=team, theme=theme, phase=phase, question=question,
                    details=details, urgency=urgency, colleagues=colleagues)
    return SeedQuestion(intake, answer, close_without_faq)


SEED: tuple[SeedQuestion, ...] = (
    _seed(
        "Fatima el Amrani", "f.elamrani@wijkerveen.example", "burgerzaken", "inloggen-en-rechten", "voor-livegang",
        "Kan ik al inloggen in de testomgeving van het nieuwe zaaksysteem?",
        "Wij hebben een mail gekregen over de oefenomgeving, maar mijn account werkt niet.",
        colleagues=4,
        answer="FAQ: De oefenomgeving staat open voor alle ambassadeurs. Log in met je *gemeente-account* "
               "via [de oefenomgeving|https://oefen.zaaksysteem.example]. Lukt dat niet? Meld het bij de "
               "servicedesk met de melding 'geen rol in oefenomgeving'.",
    ),
    _seed(
        "Joost de Wit", "j.dewit@wijkerveen.example", "vergunningen", "zaaktypen-en-processen", "voor-livegang",
        "Welk zaaktype gebruiken we voor een omgevingsvergunning met meerdere activiteiten?",
        "In het oude systeem maakten we per activiteit een aparte zaak aan. Hoe gaat dat straks?",
        colleagues=6,
        answer="FAQ: Gebruik één zaak van het type *Omgevingsvergunning* en voeg per activiteit een deelzaak toe:\n"
               "# Open de hoofdzaak\n# Kies _Deelzaak toevoegen_\n# Kies de activiteit uit de lijst",
    ),
    _seed(
        "Sanne Bakker", "s.bakker@wijkerveen.example", "sociaal-domein", "werkafspraken", "voor-livegang",
        "Wie mag een zaak in het sociaal domein afsluiten: de consulent of de teamleider?",
        "Er is verwarring in ons team over de vierogen-controle.",
        colleagues=9,
        answer="FAQ: De consulent sluit de zaak af. Bij een besluit boven de € 5.000 keurt de teamleider eerst goed "
               "(vierogenprincipe); het systeem vraagt daar zelf om.",
    ),
    _seed(
        "Mehmet Yılmaz", "m.yilmaz@wijkerveen.example", "belastingen", "koppelingen", "livegang",
        "Komen bezwaren tegen de WOZ-waarde automatisch binnen vanuit het belastingportaal?",
        "Sinds maandag zien we geen nieuwe bezwaren meer verschijnen.",
        urgency="blokkerend", colleagues=5,
        answer="FAQ: Ja. De koppeling met het belastingportaal draait elk kwartier. Door een storing op maandag "
               "zijn bezwaren van die dag later ingelezen; ze staan nu allemaal in het systeem.",
    ),
    _seed(
        "Ingrid Vos", "i.vos@wijkerveen.example", "kcc", "inloggen-en-rechten", "livegang",
        "Ik kan geen zaken van andere afdelingen inzien, klopt dat?",
        "Aan de telefoon willen burgers weten hoe ver hun aanvraag is.",
        urgency="blokkerend", colleagues=12,
        answer="FAQ: Klopt, het KCC heeft een *raadpleegrol*: je ziet de status en de fase van elke zaak, maar niet "
               "de documenten. Zo kun je de burger vertellen waar de aanvraag staat.",
    ),
    _seed(
        "Pieter Jansen", "p.jansen@wijkerveen.example", "juridische-zaken", "documenten-en-sjablonen", "livegang",
        "Waar vind ik het sjabloon voor een bezwaarbeslissing?",
        "Het oude sjabloon met ons logo staat er niet tussen.",
        colleagues=3,
        answer="FAQ: De sjablonen staan onder *Documenten > Nieuw uit sjabloon*. Het sjabloon "
               "'Beslissing op bezwaar' is op dag 3 van de livegang toegevoegd.",
    ),
    _seed(
        "Ellen de Boer", "e.deboer@wijkerveen.example", "openbare-ruimte", "rapportages", "livegang",
        "Kan ik een overzicht krijgen van alle meldingen openbare ruimte per wijk?",
        "Voor het wijkoverleg willen we maandelijks cijfers.",
        colleagues=2,
    ),
    _seed(
        "Rob Hendriks", "r.hendriks@wijkerveen.example", "burgerzaken", "training", "voor-livegang",
        "Wanneer zijn de trainingen voor de balie-medewerkers?",
        "Niet iedereen kan op dinsdag.",
        colleagues=8,
        answer="FAQ: Er zijn trainingen op dinsdag- en donderdagochtend. Inschrijven kan via het intranet, "
               "onder _Livegang zaaksysteem > Trainingen_.",
    ),
    _seed(
        "Noor Visser", "n.visser@wijkerveen.example", "vergunningen", "koppelingen", "na-livegang",
        "Worden aanvragen uit het Omgevingsloket nog dubbel aangemaakt?",
        "Vorige week zagen we twee zaken voor dezelfde aanvraag.",
        urgency="blokkerend", colleagues=4,
    ),
    _seed(
        "Thomas Smit", "t.smit@wijkerveen.example", "sociaal-domein", "documenten-en-sjablonen", "na-livegang",
        "Kan ik een brief nog aanpassen nadat hij is verstuurd?",
        "Ik zag een typefout in een beschikking.",
        colleagues=1, close_without_faq=True,
    ),
    _seed(
        "Lotte Mulder", "l.mulder@wijkerveen.example", "kcc", "werkafspraken", "na-livegang",
        "Moeten we een terugbelverzoek als zaak registreren of als contactmoment?",
        "Collega's doen het nu allebei.",
        colleagues=7,
        answer="FAQ: Als *contactmoment*. Alleen als de vraag niet binnen twee werkdagen beantwoord kan worden, "
               "maak je er een zaak van.",
    ),
    _seed(
        "Hans Kok", "h.kok@wijkerveen.example", "belastingen", "rapportages", "na-livegang",
        "Waar staat het rapport met openstaande kwijtscheldingsverzoeken?",
        "Het rapport uit het oude systeem gebruikten we elke week.",
        colleagues=2,
    ),
    _seed(
        "Anouk Peters", "a.peters@wijkerveen.example", "juridische-zaken", "zaaktypen-en-processen", "na-livegang",
        "Hoe verleng ik de beslistermijn van een bezwaarzaak?",
        "De termijn van zes weken is niet haalbaar door een hoorzitting.",
        colleagues=3,
    ),
    _seed(
        "Bram de Graaf", "b.degraaf@wijkerveen.example", "openbare-ruimte", "inloggen-en-rechten", "voor-livegang",
        "Werkt het zaaksysteem ook op de tablet in de buitendienst?",
        "Onze toezichthouders werken op straat met een tablet.",
        colleagues=10,
        answer="FAQ: Ja, via de browser op de tablet. Gebruik de mobiele weergave; foto's kun je direct bij de "
               "zaak uploaden.",
    ),
    _seed(
        "Karin Willems", "k.willems@wijkerveen.example", "burgerzaken", "werkafspraken", "na-livegang",
        "Wie pakt zaken op van een collega die ziek is?",
        "Er blijven zaken liggen in de werkvoorraad van afwezige collega's.",
        urgency="blokkerend", colleagues=5,
    ),
)
