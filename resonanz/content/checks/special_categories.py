"""Terms of the special categories of personal data (GDPR Art. 9), in German and English.

Health, religion or belief, trade-union membership, political opinion, ethnic origin, sex life or sexual
orientation, genetic and biometric data. Terms are matched on word boundaries; a German compound counts
when one of its parts is a term, or begins with a stem ("Krebserkrankung", "Diabetiker") or ends with a
disease ("Brustkrebs", "Alkoholsucht"). General words of the field ("Gesundheit", "Krankenkasse",
"Betriebsrat", "Pride Month") are not terms: they do not say anything about a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resonanz.content.checks.findings import mask

Span = tuple[int, int]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A word (or a part of a hyphenated word) that is one of these.
EXACT = _words(
    """
    krank erkrankt krankgeschrieben krankmeldung schwanger schwangere schwangeren krebs tumor tumore chemo
    hiv aids adhs adhd asthma migräne migraine epilepsie epilepsy demenz dementia alzheimer parkinson
    rheuma arthrose arthritis depression depressionen depressiv burnout burn-out magersucht bulimie
    anorexia bulimia autist autistin autismus autism autistic diabetes diabetiker diabetikerin diabetic
    cancer tumour chemotherapy radiotherapy pregnant pregnancy dialyse dialysis rollstuhl rollstuhlfahrer
    rollstuhlfahrerin wheelchair krücken crutches gehörlos taub deaf blind sehbehindert schwerbehindert
    schwerbehinderte schwerbehinderter schwerbehinderung behinderung behinderungen disabled disability
    herzinfarkt schlaganfall bandscheibenvorfall querschnittsgelähmt querschnittslähmung zöliakie coeliac
    celiac surgery schizophrenie schizophrenia bipolar psychose psychosis suizid suicide epileptiker
    katholisch katholische katholischen katholischer katholik katholikin catholic evangelisch evangelische
    evangelischen evangelischer protestantisch protestant muslim muslima muslime muslimisch muslimische
    muslimischen islamisch jüdisch jüdische jüdischen jüdin jude jewish buddhist buddhistisch hindu
    hinduistisch sikh atheist atheistin konfessionslos orthodox
    gewerkschaftsmitglied gewerkschafter gewerkschafterin
    schwul schwule schwuler lesbisch lesbische bisexuell bisexuelle homosexuell homosexuelle transgender
    transsexuell intersexuell nichtbinär gay lesbian bisexual homosexual transsexual
    migrationshintergrund ethnicity hautfarbe
    gentest genanalyse dna-test dna-analyse erbkrankheit fingerabdruck fingerabdrücke fingerprint
    fingerprints biometrisch biometrische biometrischen biometric
    parteimitglied angststörung essstörung schlafstörung zwangsstörung persönlichkeitsstörung nikotinsucht
    kaufsucht esssucht medikamentenabhängig
    """
)
# Words beginning with these stems ("Diabetiker", "Schwangerschaft", "depressive").
PREFIXES = _words(
    """
    krebs diabet depressi schwangerschaft pregnan chemotherap epilep dement alzheimer parkinson schizophren
    querschnitt rollstuhl autis dialyse erkrank krankheit alkoholabhängig drogenabhängig alkoholsucht
    spielsucht drogensucht medikamentensucht schwerbehind gewerkschaftsmitglied homosexu bisexu transsexu
    fingerabdr biometri herzinfarkt schlaganfall bandscheib migräne rheuma zöliakie unverträglich
    """
)
# Compound heads: "Brustkrebs", "Laktoseintoleranz", "Psychotherapie", "Knieoperation".
SUFFIXES = _words(
    """
    krebs erkrankung krankheit intoleranz unverträglichkeit therapie infarkt lähmung behinderung
    """
)
# Ordinary words that end in a suffix above.
NOT_TERMS = _words(
    """
    flusskrebs einsiedlerkrebs kinderkrankheit kinderkrankheiten verkehrsbehinderung
    """
)
# The second part of a hyphenated word: "Knie-OP", "Hüft-Operation".
HYPHEN_TAILS = _words("op operation therapie")

_PARTIES = r"SPD|CDU|CSU|FDP|AfD|Grünen|Gruenen|Linken|Linke|BSW|ÖDP|Piratenpartei"
PHRASES = re.compile(
    r"\b(?:"
    r"multiple sklerose|multiple sclerosis|morbus crohn|crohn's disease|heart attack|sick leave|sick note"
    r"|medical leave|off sick|mental illness|psychische erkrankung|anxiety disorder|panic attacks?"
    r"|eating disorder|type [12] diabetes|typ[- ][12][- ]diabetes|hiv[- ]positive?|bein gebrochen"
    r"|arm gebrochen|broken (?:leg|arm)|in therapie|in therapy|genetic tests?|dna tests?|genetic testing"
    r"|iris[- ]scans?|face scans?|zeugen? jehovas|jehovah's witness(?:es)?|jüdischen glaubens"
    r"|muslimischen glaubens|practi[sc]ing (?:muslim|catholic|jew|christian|hindu|sikh)"
    r"|aus der kirche ausgetreten|kirchenaustritt|ethnische herkunft|ethnic origin|ethnic background"
    r"|sexuelle orientierung|sexual orientation|coming[- ]out"
    r"|ig metall|ig bce|ig bau|ver\.di|verdi-mitglied|marburger bund|trade union|labou?r union"
    r"|union members?(?:hip)?|member of (?:the |a )?(?:\w+ ){0,2}union"
    rf"|(?:{_PARTIES})-(?:mitglied|mitgliedschaft|wähler|wählerin|politiker|politikerin|anhänger|anhängerin)"
    rf"|mitglied (?:der|in der|bei der) (?:{_PARTIES}|partei)"
    r"|party member"
    r"|member of the (?:labour|conservative|green|democratic|republican|liberal democrat)s? party"
    r"|(?:labour|conservative|tory|green|republican|democratic) party member"
    r")(?![\w])",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W\d_]{2,60}(?:-[^\W\d_]{1,60}){0,4}")
_PREFIX_LENGTHS = sorted({len(stem) for stem in PREFIXES})


def _is_term(part: str) -> bool:
    if part in NOT_TERMS:
        return False
    if part in EXACT:
        return True
    if any(part[:length] in PREFIXES for length in _PREFIX_LENGTHS if len(part) >= length):
        return True
    return any(part.endswith(suffix) and len(part) > len(suffix) + 2 for suffix in SUFFIXES)


def find_special_categories(text: str) -> Iterator[Span]:
    phrases = [match.span() for match in PHRASES.finditer(text)]
    yield from phrases
    for match in WORD.finditer(mask(text, phrases)):
        parts = match.group().casefold().split("-")
        term = match.group().casefold() in EXACT or any(_is_term(part) for part in parts)
        if term or any(part in HYPHEN_TAILS for part in parts[1:]):
            yield match.span()
