"""Word lists the recognizer uses to tell places from people, organisations and ordinary words.

These are small, hand-written lists of English function words and titles (our own), not data about places.
"""

from __future__ import annotations

# Words that may join the parts of one name: "Bay of Bengal", "Trinidad and Tobago", "Rio de Janeiro".
CONNECTORS = frozenset(
    """
    & - al am an and da das de del der di do dos du el en es im la le les of on sur the upon y
    """.split()
)


# Particles that may begin a name when a capitalised word follows: "La Paz", "El Paso", "Al Hudaydah".
NAME_PARTICLES = frozenset("al da de del den der di do dos du el la las le les los".split())


# Titles and roles that come before a person's name: "President Trump", "Sen. Greer".
PERSON_TITLES = frozenset(
    """
    adm admiral agent alderman ambassador archbishop attorney aunt bishop brother candidate capt captain
    cardinal ceo cfo chair chairman chairwoman chancellor chief cmdr coach col colonel commander
    commissioner constable councillor councilman councilor councilwoman dean deputy det detective
    director dr emperor envoy father gen general gov governor governors imam inspector judge justice
    king lady lawyer leader leaders lieutenant lord lt maj major marshal mayor mayors minister ministers
    miss mother mr mrs ms nominee officer pastor pope premier president presidents prince princess
    principal prof professor prosecutor queen rabbi rep representative representatives reps rev reverend
    saint secretaries secretary sen senator sens sergeant sgt sheik sheikh sheriff sir sister speaker
    spokesman spokesperson spokeswoman st superintendent trooper uncle vice
    """.split()
)


# Words that, right after a name, show it names an organisation, a team or a thing rather than a place.
ORGANISATION_HEADS = frozenset(
    """
    academy agency airline airlines airport airways arena association authority bank banks board
    broadcasting bulletin cathedral center centre chronicle church city clinic club college commission
    committee company corp corporation council county courier court courthouse daily department dept
    energy examiner express fc federation foundation gas gazette group guardian herald holdings hospital
    hotel inc independent institute journal league library llc ltd magazine mall ministry mirror mosque
    motors museum network news observer office oil park partners party police post press radio railway
    railways record records register restaurant review rovers school service services society stadium
    star studios sun synagogue tech telegraph television temple theater theatre times tribune tv union
    united university weekly zoo
    """.split()
)


# Verbs and phrases that, after a capital city, make it stand for its government: "Washington has warned".
METONYM_VERBS = frozenset(
    """
    accused accuses agreed agrees announced announces believed believes claimed claims continued
    continues demand demanded demands denied denies feared fears hinted
    hints hoped hopes imposed imposes insisted insists planned plans pressed presses
    pushed pushes refused refuses rejected rejects responded responds said saw say says seek seeks sees
    signaled signalled signals sought threatened threatens urge urged urges want wanted wants
    warn warned warns
    backed backs blamed blames condemned condemns criticised criticises criticized criticizes declined
    declines expelled expels offered offers ordered orders protested protests recalled recalls retaliated
    retaliates sanctioned sanctions summoned summons vowed vows welcomed welcomes
    """.split()
)


# After a capital, these say nothing by themselves ("Paris is hot", "Berlin was bombed", "Tokyo will
# host"): the capital acts only when a government verb follows them ("Washington has warned").
AUXILIARIES = frozenset("can could did does had has have is may might must should was will would".split())
# Words between an auxiliary and its verb that change nothing ("has not yet responded").
AUX_FILLERS = frozenset("not also already yet now reportedly repeatedly".split())

# Verbs whose object, when it is a capital, is its government: "press Beijing", "Moscow blamed Kyiv".
METONYM_OBJECT_VERBS = frozenset(
    """
    accuse accused accuses accusing blame blamed blames blaming condemn condemned condemns criticise
    criticised criticize criticized lobby lobbied persuade persuaded press pressed presses pressing
    pressure pressured pressuring punish punished reassure reassured sanction sanctioned sanctions
    urge urged urges urging warn warned warns warning
    """.split()
)


# Everyday capitalised words that GeoNames also lists as small places; never places on their own.
NOT_PLACES = frozenset(
    """
    advertisement allah april august christ comment comments december email february friday god home
    internet january jesus july june kremlin login march may monday news november october online page
    pentagon post print reply saturday september share sign subscribe sunday thursday today tomorrow
    tuesday web wednesday yesterday
    """.split()
) | {
    "buckingham palace",
    "capitol hill",
    "downing street",
    "oval office",
    "the kremlin",
    "the pentagon",
    "the white house",
    "wall street",
    "west wing",
    "white house",
}


# Names of regions that are only directions or generic words ("Central", "North West"): GeoNames and
# ISO list them as regions of some country, but in English text they are almost never that region.
GENERIC_AREAS = frozenset(
    """
    border capital center central centre coast coastal east eastern frontier inner interior island
    islands lower mainland middle midlands north north-east north-west northeast northern northwest
    outer south south-east south-west southeast southern southwest upper west western
    """.split()
)


# Lower-case particles of family names: the name after them is a surname ("Otto von Bismarck").
NOBILIARY_PARTICLES = frozenset({"von", "van", "zu", "bin", "ibn", "ter"})


# Prepositions that put what follows on the map as a location, not an actor.
LOCATIVES = frozenset(
    """
    across around at from in inside into near outside throughout to via within
    """.split()
)


# Verbs of speech that, right after a name, make it a person: "Trapani said".
PERSON_VERBS = frozenset(
    """
    added adds asked explained noted recalled recalls said says testified told wrote
    """.split()
)
