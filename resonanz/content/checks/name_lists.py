"""Word lists of the name finder: common given names, common family names and words that stop a name.

Compact on purpose: the given names most common among people living and working in Germany and in
English-speaking countries (German, English, Turkish, Polish, and the Arabic, Russian, Ukrainian, Italian,
Spanish, Greek, Dutch, Scandinavian and South Asian names frequent there). A name that is missing is not
found unless a title or a form of address ("Frau", "Mr", "Dr.") stands before it; that is the trade for
never calling a capitalised German noun a person. Lists are in lower case; the finder also compares them
with accents and umlauts removed.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GIVEN_NAMES = _words(
    # German
    """
    adam adrian agnes albert alexander alexandra alfred alina alma amelie andrea andreas angela angelika
    anja anke ann anna annalena anne annette annika antje anton antonia arne arno arnold astrid axel
    barbara bastian beate ben benedikt benjamin bernd bernhard bettina bianca birgit björn bodo brigitte
    burkhard carina carl carla carmen carolin caroline carsten charlotte christa christian christiane
    christina christine christoph christopher clara claudia constanze cornelia daniel daniela david
    denise dennis detlef diana dieter dietmar dirk dominik doris dorothea edith elena elias elisabeth
    elke ella elias emil emilia emily emma erich erik ernst erwin esther eva fabian felix ferdinand
    finn florian franz franziska frauke frederik friederike friedrich frieda fritz gabriele georg
    gerd gerda gerhard gertrud gisela greta gudrun günter günther hanna hannah hannelore hans harald
    hartmut heike heiko heinrich heinz helga helmut hendrik henning henrik henry herbert hermann hildegard
    holger horst hubert ida ilse ina ines ingo ingrid irene iris isabel isabell jakob jan jana janina
    janine jannik jens jessica joachim jochen johann johanna johannes jonas jonathan josef josephine
    judith julia julian juliane julius jürgen justus jutta kai karin karl karla karsten katharina
    kathrin katja katrin kerstin kevin kilian kirsten klara klaus konrad kristina kurt lara lars laura
    lea lena leni leo leon leonie lina linda lisa lotte louis louisa luca lucas luis luisa lukas
    magdalena maik malte manfred manuel manuela marc marcel marco marcus margarete margit maria marianne
    marie marina mario marion marius marko markus marlene martha martin martina mathias matthias maximilian
    melanie michael michaela mia mila milan mirko miriam moritz monika nadine nadja natalie nicole niklas
    nico nicolas niels nils nina noah norbert ole olaf oliver pascal patricia patrick paul paula petra
    peter philipp pia rainer ralf ralph regina reinhard reinhold renate rené richard rita robert robin
    roland rolf roman ronja rosemarie rudolf rüdiger sabine sabrina sandra sara sarah sascha sebastian
    silke simon simone sonja sophia sophie stefan stefanie steffen stephan stephanie susanne svea svenja
    sven swen tanja thea theo theresa thomas thorsten thilo till tim timo tobias tom torsten ulf ulla
    ulrich ulrike ursula uta ute uwe valentin valentina vanessa vera veronika viktor viktoria volker
    walter waltraud werner wilhelm willi wolfgang yannick yvonne zoe jacqueline mandy ronny enrico
    anna-lena hans-peter karl-heinz jan-hendrik hans-jürgen klaus-dieter marie-luise anne-kathrin
    hans-joachim karl-heinrich eva-maria jörg jörn sönke bärbel dörte götz gustav lothar marlies
    ottmar siegfried ulf wilfried yvette kornelia
    """
    # English
    """
    aaron abigail adam aiden alan alice alison amanda amber amelia amy andrew angela anthony ashley
    austin barry ben benjamin beth bethany brandon brenda brian bruce caleb cameron carol caroline
    catherine charles charlie charlotte chelsea chloe chris christopher claire colin connor craig
    daniel darren dave david deborah declan denise derek diane donald donna dorothy douglas dylan
    edward eleanor elizabeth ella ellie emily emma eric ethan evelyn fiona freddie gareth gary george
    georgia gemma gordon graham gregory hannah harriet harry harvey heather helen holly ian imogen
    isaac isabella isla jack jacob james jamie jane jason jeffrey jennifer jenny jeremy jessica joan
    joanna joe john jonathan joseph joshua joyce judith julie justin karen kate katherine kathleen
    katie keith kelly kenneth kevin kieran kimberly kyle laura lauren leah liam lily linda lisa logan
    louise lucy luke lydia madison margaret megan melissa michael michelle mike molly nathan neil
    nicholas nicola noah oliver olivia oscar owen pamela patricia patrick paul peter philip phoebe
    rachel rebecca richard robert ronald rosie ruth ryan samantha samuel sandra sarah scott sean
    sharon shirley simon sophia sophie stephen steven stuart susan tessa thomas timothy tyler
    vanessa victoria vincent walter wayne william zachary zara matthew megan jessica nathaniel
    """
    # Turkish
    """
    ahmet ali alper arda aslı ayşe aylin aynur ayten baran barış berk berkay beyza burak burcu cem
    cemile can canan deniz derya dilara doğan ebru ece elif emel emine emre enes esra fatma fatih
    ferhat filiz gamze gizem gül gülay gülsüm hakan hasan hatice hülya hüseyin ibrahim ilker irem
    kaan kadir kemal kerem leyla mahmut medine mehmet melek melike meltem merve metin murat mustafa
    nazlı nesrin nur oğuz onur orhan osman ömer özge özlem recep sedat selin selim serkan sevgi
    sibel sinan songül şükrü tuba tuğba tülay ufuk ümit yasemin yasin yusuf yunus zehra zeynep
    ozan tolga volkan erkan gökhan şule şeyma büşra kübra halil ismail süleyman ayşegül
    """
    # Polish
    """
    agata agnieszka aleksander aleksandra alicja andrzej aneta anna barbara bartosz beata bogdan
    dariusz dawid dominika dorota elżbieta ewa ewelina grażyna grzegorz halina hanna irena iwona
    jacek jadwiga jakub janusz jarosław joanna józef julia justyna kamil karol karolina katarzyna
    kazimierz krystyna krzysztof łukasz maciej magdalena małgorzata marcin marek mariusz marta
    marzena mateusz michał mirosław monika natalia paulina paweł piotr przemysław radosław rafał
    renata robert roman sebastian stanisław sylwia szymon tadeusz teresa tomasz urszula wiesław
    wiktoria witold wojciech zbigniew zofia zuzanna oskar
    """
    # Arabic, Persian, Kurdish
    """
    abdullah ahmad ahmed aisha amir amina amira ayman fatima hamza hassan hussein ibrahim karim khalid
    layla mahmoud mariam mohamed mohammad mohammed muhammad nadia omar rania reza samir sara tariq
    yasmin youssef zainab zaid omid shirin dilan rojda
    """
    # Russian, Ukrainian, Balkan, Greek
    """
    alexei anastasia andrei andriy anton boris dmitri dmytro ekaterina elena irina ivan kateryna
    maxim mykola natalia nikolai oksana olga olena pavel sergei sergey svetlana tatiana vladimir
    yulia yuri milena dragan goran ivana jelena marija milica nikola stefan vesna zoran dimitrios
    georgios konstantinos maria nikolaos eleni katerina
    """
    # Italian, Spanish, Portuguese, French, Dutch, Scandinavian
    """
    alessandro alessia andrea antonio carlos chiara elena federica francesco giovanni giulia giuseppe
    javier jose josé juan lorenzo luca lucia luigi marco mario matteo paolo pablo pedro roberto sofia
    valentina alejandro carmen isabel joão inês pierre jean jacques camille chloé léa lucie nathalie
    sébastien françois pieter sanne jeroen maarten sven lars erik ingrid astrid lasse mikkel
    """
    # South and East Asian
    """
    aarav anil arjun deepak priya rahul raj ravi sanjay sunil vikram anjali divya kavya neha pooja
    wei jun yan ming hiroshi yuki kenji haruto linh minh anh thanh duc hung
    """
)

# Given names that are also ordinary words, brands or places ("Mark", "Will", "Mercedes", "Otto"): taken
# as a name only when the family name after them is a known one or a form of address stands before them.
AMBIGUOUS_GIVEN_NAMES = _words(
    """
    mark will may june april august grace rose frank bill art hope faith christian jordan kai heide rosa
    erika linde otto mercedes hugo carl max paris sunny summer dawn iris viola jasmin ruby jade amber
    crystal chase hunter page pat rich sue gene ray dean drew guy joy miles angel kim lee alexa luna nova
    stella jack tom paul marc ben anton robert hans henry nur can deniz umut barış gül ernst
    """
)

FAMILY_NAMES = _words(
    # German
    """
    müller schmidt schneider fischer weber meyer wagner becker schulz hoffmann schäfer koch bauer richter
    klein wolf schröder neumann schwarz zimmermann braun krüger hofmann hartmann lange schmitt werner
    schmitz krause meier lehmann schmid schulze maier köhler herrmann könig walter mayer huber kaiser
    fuchs peters lang scholz möller weiß jung hahn schubert vogel friedrich keller günther frank berger
    winkler roth beck lorenz baumann franke albrecht schuster simon ludwig böhm winter kraus martin
    schumacher krämer vogt stein jäger otto sommer groß seidel heinrich brandt haas schreiber graf
    schulte dietrich ziegler kuhn kühn pohl engel horn busch bergmann thomas voigt sauer arnold wolff
    pfeiffer petersen jansen hansen lindner ernst brandl gruber hartwig sander kaufmann lindemann
    """
    # Turkish, Polish, English and others
    """
    yılmaz kaya demir şahin çelik yıldız yıldırım öztürk aydın özdemir arslan doğan kılıç aslan çetin
    kara koç kurt özkan şimşek polat aksoy erdoğan güler
    nowak kowalski kowalska wiśniewski wiśniewska wójcik kowalczyk kamiński kamińska lewandowski
    lewandowska zieliński zielińska szymański woźniak dąbrowski kozłowski jankowski mazur krawczyk
    smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson
    wright walker white edwards hughes green hall wood harris lewis martin jackson clarke clark turner
    hill scott cooper morris ward moore king watson baker harrison morgan patel young allen mitchell
    james anderson phillips lee bell parker davis miller garcia rodriguez martinez hernandez lopez
    murphy kelly o'brien o'connor ryan walsh byrne nguyen tran chen wang li zhang kim park khan ali
    hassan ahmed singh kumar sharma rossi russo bianchi ferrari de vries bakker janssen
    """
)

# Capitalised words after a given name that make it something other than a person: German nouns and
# English words that begin a sentence, company forms, and the nouns that turn a name into an
# institution, a prize or a street ("Max Planck Institut", "Carl Zeiss Stiftung").
NOT_FAMILY_NAMES = _words(
    """
    und oder der die das den dem des ein eine einer und mit von für bei zum zur im am an auf aus
    the and or of for with from at in on to a an by is are was were has have had will
    team teams gmbh ag se kg kgaa co ohg ug mbh inc ltd llc plc corp group gruppe holding stiftung
    foundation institut institute institution universität university hochschule schule school
    gymnasium klinik klinikum hospital krankenhaus zentrum center centre preis award prize straße
    strasse str platz weg allee street road avenue halle hall arena stadion park haus house kolleg
    college akademie academy verlag media consulting solutions software systems services digital
    labs studio design marketing bank versicherung werke werk trucks home store shop online apotheke
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    monday tuesday wednesday thursday friday saturday sunday
    januar februar märz april mai juni juli august september oktober november dezember
    january february march may june july october december
    hallo hi hey danke thanks liebe lieber grüße gruß viele beste herzliche dear
    """
)

# Words that mark the next capitalised word as someone's family name (forms of address, titles, kin).
ADDRESS_WORDS = _words(
    """
    herr herrn frau familie fam. mr mr. mrs mrs. ms ms. miss mx mx. dr dr. prof prof. sir dame lady
    """
)
TITLE_WORDS = _words("dr dr. prof prof. med. dipl.-ing. ing. mag. phd")
NAME_PARTICLES = _words("von van der de den da di du del la le zu vom zur ten ter")
# Words after a name that make the whole an organization, a prize or a place ("Paul Hartmann AG",
# "Robert Bosch Stiftung", "Carl Zeiss Foundation", "Max Planck Society").
INSTITUTION_WORDS = _words(
    """
    gmbh ag se kg kgaa co ohg ug mbh inc ltd llc plc corp group gruppe holding stiftung foundation institut
    institute universität university hochschule schule school gymnasium klinik klinikum hospital
    krankenhaus zentrum center centre preis award prize society gesellschaft verein museum bibliothek
    library trucks werke halle hall arena stadion haus house kolleg college akademie academy
    """
)
