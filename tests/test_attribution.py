"""Who said what, construction by construction, on sentences written for these tests."""

from __future__ import annotations

import pytest


def find(analysis, fragment, qtype=None):
    """The quote containing ``fragment`` (of type ``qtype`` first: a reported clause contains its quotes)."""
    for q in sorted(analysis.quotes, key=lambda q: q.type != qtype):
        if fragment in q.text:
            return q
    raise AssertionError(f"no quote containing {fragment!r} in {[q.text for q in analysis.quotes]}")


CASES = [
    # (construction, text, fragment of the quote, type, speaker)
    ("subject with flat:name, colon",
     "Élisabeth Borne a déclaré : « Nous ne reculerons pas sur cette réforme. »",
     "Nous ne reculerons pas", "direct", "Élisabeth Borne"),
    ("inverted subject after the quote",
     "« Nous ne reculerons pas sur cette réforme », a déclaré Élisabeth Borne.",
     "Nous ne reculerons pas", "direct", "Élisabeth Borne"),
    ("inverted subject parsed as an object",
     "Le syndicat a manifesté devant la préfecture. « C'est une provocation de plus », estime la CGT.",
     "C'est une provocation", "direct", "CGT"),
    ("-t-il: the -t token is not the speaker",
     "Le maire de Lyon, Grégoire Fabre, a inauguré la ligne. « Elle changera la vie des habitants », a-t-il ajouté.",
     "Elle changera la vie", "direct", "Grégoire Fabre"),
    ("-t-elle among a man and a woman",
     "Paul Mercier a interrogé la ministre Nathalie Roussel sur les hôpitaux. « Les moyens arriveront dès janvier », a-t-elle répondu.",
     "Les moyens arriveront", "direct", "Nathalie Roussel"),
    ("quote opening its paragraph, speaker after it",
     "La séance a été suspendue.\n\n« Nous demandons un vote solennel sur ce texte », a lancé le député Julien Barre.",
     "Nous demandons un vote", "direct", "Julien Barre"),
    ("partial quote inside the writer's sentence",
     "La ministre de la Culture, Anne Vidal, a dénoncé une « attaque inacceptable contre la presse ».",
     "attaque inacceptable", "partial", "Anne Vidal"),
    ("indirect: a déclaré que",
     "Le président du Sénat, Marc Giraud, a déclaré que le texte serait examiné avant l'été.",
     "le texte serait examiné", "indirect", "Marc Giraud"),
    ("indirect: a averti Moscou que",
     "Le chef de la diplomatie européenne, Josep Almunia, a averti Moscou que de nouvelles sanctions seraient adoptées.",
     "de nouvelles sanctions", "indirect", "Josep Almunia"),
    ("a person named after 'de' is the complement of the speaker's noun, not the speaker",
     "Un proche de Sophie Marchand confie que la famille n'a rien vu venir.",
     "la famille n'a rien vu", "indirect", "proche de Sophie Marchand"),
    ("the parser hangs the name's last word on the noun: still a complement",
     "Le porte-parole d'Olivier Dufresne a indiqué que rien n'était décidé. Olivier Dufresne est à Berlin.",
     "rien n'était décidé", "indirect", "porte-parole d'Olivier Dufresne"),
    ("a family name alone after 'de' is a complement when the full name is known without it",
     "Olivier Dufresne est à Berlin. L'avocat de Dufresne a indiqué que rien n'était décidé.",
     "rien n'était décidé", "indirect", "avocat de Dufresne"),
    ("but 'de' before a family name is its particle when the full name has it",
     "Henri de Castelnau dirige l'armée. Le général de Castelnau a affirmé que la ligne tiendrait.",
     "la ligne tiendrait", "indirect", "Henri de Castelnau"),
    ("one person of a group: 'l'une des juges'",
     "Selon l'une des juges du tribunal, les preuves n'ont pas été contestées.",
     "les preuves n'ont pas", "indirect", "une des juges du tribunal"),
    ("indirect: selon X, P",
     "Selon le ministère de l'Intérieur, deux cents personnes ont été interpellées dans la nuit.",
     "deux cents personnes", "indirect", "ministère de l'Intérieur"),
    ("indirect: P, selon X",
     "Deux cents personnes ont été interpellées dans la nuit, selon la préfecture de police.",
     "Deux cents personnes", "indirect", "préfecture de police"),
    ("indirect: d'après X",
     "D'après l'Insee, le chômage a légèrement reculé au troisième trimestre.",
     "le chômage a légèrement reculé", "indirect", "Insee"),
    ("multi-word cue: faire savoir",
     "L'Élysée a fait savoir que le président ne se rendrait pas au sommet de Bruxelles.",
     "le président ne se rendrait pas", "indirect", "Élysée"),
    ("infinitive after an assertion verb",
     "Le ministre des Armées, Hugo Lambert, a annoncé vouloir doubler les effectifs de la réserve.",
     "vouloir doubler", "indirect", "Hugo Lambert"),
    ("demonym before the name, relative clause as the subject",
     "L'annonce a été faite par le vice-président de la Commission, le Néerlandais Pieter Van Dam, qui a averti Pékin que les droits de douane seraient relevés.",
     "les droits de douane seraient relevés", "indirect", "Pieter Van Dam"),
    ("role, comma, name without a closing comma",
     "La directrice de l'hôpital de Brest, Hélène Quéré a déclaré que les urgences resteraient ouvertes tout l'été.",
     "les urgences resteraient ouvertes", "indirect", "Hélène Quéré"),
    ("pour X, P",
     "Pour la CFDT, la réforme menace directement les petites retraites.",
     "la réforme menace directement", "indirect", "CFDT"),
    ("selon X followed by a relative clause describing X",
     "Les loyers ont augmenté de 8 % en un an, selon Mme Quéré, qui plaide pour un encadrement.",
     "Les loyers ont augmenté", "indirect", "Quéré"),
    ("speech noun: paroles de",
     "Le romancier Pierre Alban est intervenu à la tribune. Les paroles de Pierre Alban sont : « Il faut lire, encore et toujours. »",
     "Il faut lire", "direct", "Pierre Alban"),
]




def test_role_noun_resolved_to_the_named_person(analyze_text):
    text = (
        "Le porte-parole du gouvernement, Olivier Ferrand, s'est exprimé mardi. "
        "Il a rappelé le calendrier de la réforme.\n\n"
        "« Le calendrier est connu depuis des mois », a souligné le porte-parole."
    )
    quote = find(analyze_text(text), "Le calendrier est connu")
    assert quote.speaker == "Olivier Ferrand"
    assert quote.speaker_mention == "porte-parole"


def test_role_noun_never_identified_is_kept_as_written(analyze_text):
    text = "« Les salariés ne tiendront pas des semaines », a confié un responsable syndical."
    quote = find(analyze_text(text), "Les salariés ne tiendront pas")
    assert quote.speaker == "responsable syndical"
    assert quote.speaker_label == "PER"


def test_quote_without_cue_continues_the_previous_speaker(analyze_text):
    text = (
        "« Nous irons jusqu'au bout de ce combat », a déclaré Sophie Lemaire, présidente de l'association. "
        "« Personne ne nous fera taire. »"
    )
    quote = find(analyze_text(text), "Personne ne nous fera taire")
    assert quote.speaker == "Sophie Lemaire"
    assert quote.confidence <= find(analyze_text(text), "Nous irons").confidence


def test_an_ambiguous_pronoun_is_less_sure_than_a_name(analyze_text):
    named = "Marc Aubry a reçu Jean Ferrand lundi. « Les discussions avancent bien », a déclaré Marc Aubry."
    # two men, each the subject of his sentence: "il" is a closer call than a name
    ambiguous = "Marc Aubry a parlé lundi. Jean Ferrand a parlé mardi. « Les discussions avancent bien », a-t-il déclaré."
    sure = find(analyze_text(named), "Les discussions").confidence
    unsure = find(analyze_text(ambiguous), "Les discussions").confidence
    assert sure >= 0.9 and unsure < sure


def test_pronoun_resolved_by_gender(analyze_text):
    text = (
        "Claire Vasseur a reçu Jean-Baptiste Morin au ministère. "
        "Il a affirmé que les syndicats ne signeraient rien. "
        "Elle a répondu que la porte restait ouverte."
    )
    result = analyze_text(text)
    assert find(result, "les syndicats ne signeraient").speaker == "Jean-Baptiste Morin"
    assert find(result, "la porte restait ouverte").speaker == "Claire Vasseur"


def test_quotation_over_several_paragraphs_is_one_quote(analyze_text):
    text = (
        "Le procureur Antoine Mercier a déclaré : « L'enquête a été longue.\n\n"
        "« Elle a permis d'interpeller vingt personnes.\n\n"
        "« Elle n'est pas terminée. »\n\nLa conférence de presse a duré une heure."
    )
    result = analyze_text(text)
    direct = [q for q in result.quotes if q.type == "direct"]
    assert len(direct) == 1
    assert direct[0].text.startswith("L'enquête a été longue.") and direct[0].text.endswith("Elle n'est pas terminée.")
    assert direct[0].speaker == "Antoine Mercier"


def test_names_in_marks_are_not_quotes(analyze_text):
    text = "Le gouvernement a lancé l'opération « Sentinelle » et le plan « Objectif 2030 » la semaine dernière."
    assert analyze_text(text).quotes == ()


@pytest.mark.parametrize("verb", ["sait", "veut", "est"])
def test_etre_savoir_vouloir_are_not_cues(analyze_text, verb):
    text = f"Le ministre {verb} que la réforme sera difficile à faire adopter."
    assert [q for q in analyze_text(text).quotes if q.type == "indirect"] == []


def test_unbalanced_marks_do_not_crash_and_warn(analyze_text):
    text = "Le syndicat a dénoncé « un mépris total.\n\nLa grève reprendra lundi, a précisé la CGT »."
    result = analyze_text(text)
    assert result.warnings
    for q in result.quotes:
        assert text[q.start : q.end] == q.text


def test_institution_noun_resolved_to_the_named_organization(analyze_text):
    text = (
        "Le ministère de la Santé a publié mardi son bilan annuel. "
        "Le ministère a précisé que les hospitalisations avaient baissé de 12 %."
    )
    quote = find(analyze_text(text), "les hospitalisations avaient baissé")
    assert quote.speaker == "ministère de la Santé"
    assert quote.speaker_label == "ORG"


WHO_SPEAKS = [
    # (construction, text, fragment of the indirect statement, speaker, speaker as written)
    # "Marine" is a noun to the parser, which started a sentence at "Le" and found no name
    ("a first name that is also a word, before a family name opening with Le: Selon Marine Le Pen",
     "Selon Marine Le Pen, la France doit sortir de l'euro.", "la France doit sortir", "Marine Le Pen", "Marine Le Pen"),
    ("the same name opening the sentence",
     "Constance Le Grip a assuré que la loi serait votée.", "la loi serait votée", "Constance Le Grip", "Constance Le Grip"),
    ("a first name that is also a word, before a family name: Prudence Lévy",
     "Prudence Lévy a affirmé que l'usine fermerait.", "l'usine fermerait", "Prudence Lévy", "Prudence Lévy"),
    ("l'intéressée: the person named last",
     "La joueuse Inès Carrel a été citée dans l'enquête. L'intéressée a affirmé qu'elle n'avait rien à se reprocher.",
     "rien à se reprocher", "Inès Carrel", "L'intéressée"),
    # two men it may be, the one investigated and the prosecutor named after him: no name rather than a wrong one
    ("l'intéressé with two people it may be: as written",
     "Le parquet de Nanterre a ouvert une enquête visant l'ancien maire Gérard Simonin. Selon le procureur, Marc "
     "Delorme, des indices ont été réunis. L'intéressé a assuré qu'il était serein.", "qu'il était serein",
     "intéressé", "intéressé"),
    ("les intéressés: the group named last, as ces derniers",
     "Le ministère a reçu les syndicats. Les intéressés ont dénoncé un « simulacre ».", "simulacre",
     "syndicats", "Les intéressés"),
    ("être formel before a colon: the adjective's subject speaks",
     "Le directeur de l'usine, Marc Pellerin, a reçu les salariés. Il est formel : aucun poste ne sera supprimé.",
     "aucun poste ne sera supprimé", "Marc Pellerin", "Il"),
    ("a compound first name the tokenizer cuts: Paul-Henri",
     "Paul-Henri Vasseur a affirmé que l'usine resterait ouverte.", "l'usine resterait ouverte",
     "Paul-Henri Vasseur", "Paul-Henri Vasseur"),
    ("le premier… le second: one of the two people named just before",
     "Le maire, Paul Martin, a reçu le préfet, Jean Roux. Le premier a déclaré que le dossier avançait ; "
     "le second a estimé que rien n'était réglé.", "rien n'était réglé", "Jean Roux", "le second"),
    ("le premier ministre is no pointer",
     "Paul Martin a reçu Jean Roux. Le premier ministre a déclaré que la loi passerait.", "la loi passerait",
     "premier ministre", "premier ministre"),
    # "édile" is another word for the maire, the role the article gave her; the tagger calls "édile" masculine
    ("l'édile: the mayor named before",
     "La maire de Lannion, Claire Guivarc'h, a présenté le budget. Pour l'édile, les impôts n'augmenteront pas.",
     "les impôts n'augmenteront pas", "Claire Guivarc'h", "édile"),
    # the parser makes the relative clause the main one: its subject ("projet") is not the speaker
    ("X, dont le projet a été critiqué, a reconnu que…: X",
     "Le ministre, dont le projet a été critiqué, a reconnu que des erreurs avaient été commises.",
     "des erreurs avaient été commises", "ministre", "ministre"),
    ("a name, then a relative clause, before the cue",
     "La présidente de l'association des riverains, Josiane Perrot, dont le recours avait été rejeté, a estimé "
     "mercredi que le bruit était devenu insupportable.", "le bruit était devenu insupportable", "Josiane Perrot",
     "Josiane Perrot"),
    ("an account opened by comment, without que",
     "La victime, Inès Morel, a raconté comment elle avait été agressée dans le métro.",
     "comment elle avait été agressée", "Inès Morel", "victime"),
    ("a company noun stands for a company named with another",
     "Le groupe Vendôme Énergie a publié jeudi ses comptes. "
     "Les ventes ont reculé de 4 % sur l'année, a précisé l'entreprise dans un communiqué.",
     "Les ventes ont reculé", "Vendôme Énergie", "entreprise"),
    ("a body named after its head is the body: le gouvernement Haddad",
     "Bachir Haddad dirige le pays. Le gouvernement Haddad a déclaré que les rebelles essayaient de fuir.",
     "les rebelles essayaient", "gouvernement Haddad", "gouvernement Haddad"),
    # the tagger makes "Questionnée" a noun, the subject, and the directrice its complement
    ("a participle phrase opening the sentence is not the speaker: Questionnée par X, la directrice",
     "Questionnée par Le Monde, la directrice de l'agence régionale a estimé que l'épidémie reculait.",
     "l'épidémie reculait", "directrice de l'agence régionale", "directrice de l'agence régionale"),
    # the parser cuts the sentence after the participle and loses the verb's subject
    ("the one who asked is not the speaker: Sollicitée par Le Figaro, la directrice",
     "Sollicitée par Le Figaro, la directrice de l'hôpital a assuré que les urgences resteraient ouvertes.",
     "les urgences resteraient ouvertes", "directrice de l'hôpital", "directrice de l'hôpital"),
    # the tagger makes "Celui-ci" a conjunction
    ("celui-ci as the subject: the one named last",
     "Le juge a reçu l'avocat de la famille. Celui-ci a affirmé que son client était innocent.",
     "son client était innocent", "avocat de la famille", "Celui-ci"),
    ("a tract speaks for the one who handed it out",
     "Le syndicat Solidaires a diffusé un tract appelant à « bloquer le pays » jeudi.",
     "bloquer le pays", "Solidaires", "syndicat Solidaires"),
    ("the one who published a document speaks through it: a publié un communiqué dénonçant",
     "Le syndicat a ensuite publié un communiqué dénonçant « une manœuvre politique » de la direction.",
     "une manœuvre politique", "syndicat", "syndicat"),
    ("a name between commas after the noun's complement: l'avocat de la défense, Me X,",
     "« Regardez les faits », a lancé l'avocat de la défense, Me Léon Durand, en se tournant vers les jurés.",
     "Regardez les faits", "Léon Durand", "avocat de la défense"),
    # the parser hangs the verb on the name as one of its words
    ("a name ends at the first lowercase word that is no particle: Sa collègue Julie acquiesce :",
     "« On ne peut plus continuer », témoigne Karima, aide-soignante. Sa collègue Julie acquiesce : « On est à bout. »",
     "On est à bout", "Julie", "collègue Julie"),
    # the parser hangs "lui" on the noun as its complement
    ("the one spoken to is not part of the speaker's name: le syndicaliste lui a répondu",
     "La ministre a défendu la réforme. Le syndicaliste lui a répondu que les salariés n'en voulaient pas.",
     "les salariés n'en voulaient pas", "syndicaliste", "syndicaliste"),
    # the parser makes "blocage" the participle's subject (and "de Vernon" would be its issuer)
    ("a participle after a comma takes the sentence's subject",
     "Le Smictom n'a confirmé que le blocage de l'usine de Vernon, qui dure depuis le 30 mai, "
     "reconnaissant cependant que le mouvement avait tendance à s'étendre.",
     "le mouvement avait tendance", "Smictom", "Smictom"),
]


# incises whose speaker is not the one named before: the rules must read them, not go on from the last speaker
INCISE_SPEAKERS = [
    # (construction, text, fragment of the quotation, speaker, speaker as written)
    ("the one spoken to before the verb: lui a lancé X",
     "La préfète Odile Varenne a visité l'usine. « On attend des actes », lui a lancé une ouvrière.",
     "On attend des actes", "ouvrière", "ouvrière"),
    ("the one spoken to before an inverted pronoun: lui a-t-il demandé",
     "Le juge Hervé Masson a interrogé le prévenu. « Où étiez-vous ce soir-là ? », lui a-t-il demandé.",
     "Où étiez-vous", "Hervé Masson", "il"),
    ("a participle used as a noun: a répondu l'accusé",
     "Le juge Hervé Masson a interrogé le prévenu. « Je ne me souviens plus », a répondu l'accusé.",
     "Je ne me souviens plus", "accusé", "accusé"),
    ("one of a group: a crié l'un d'eux",
     "La ministre Odile Varenne parlait devant des élus de l'opposition. « Démission ! », a crié l'un d'eux.",
     "Démission", "l'un d'eux", "l'un d'eux"),
    ("a verb the lexicon lacks, tagged as a noun: soupire un commerçant",
     "La préfète Odile Varenne a présenté le plan. « On n'y croit plus », soupire un commerçant.",
     "On n'y croit plus", "commerçant", "commerçant"),
    ("a reflexive verb the lexicon lacks, compound tense: s'est emporté un élu",
     "La préfète Odile Varenne a présenté le plan. « C'est de l'esbroufe », s'est emporté un élu d'opposition.",
     "C'est de l'esbroufe", "élu d'opposition", "élu d'opposition"),
    ("a reflexive verb the lexicon lacks after a short quotation: s'agace une riveraine",
     "La préfète Odile Varenne a présenté le plan. « Ça suffit », s'agace une riveraine.",
     "Ça suffit", "riveraine", "riveraine"),
    ("a verb the lexicon lacks before a role and a name: tacle le député X",
     "La préfète Odile Varenne a présenté le plan. « C'est une faute », tacle le député Marc Vial.",
     "C'est une faute", "Marc Vial", "député"),
    ("one of a group, then named: l'un d'entre eux, X",
     "Les pêcheurs bloquent le port. « On ne partira pas », prévient l'un d'entre eux, Yann Le Goff.",
     "On ne partira pas", "Yann Le Goff", "Yann Le Goff"),
    ("celui-ci: the one named last, not the subject before",
     "La juge a demandé au prévenu s'il regrettait son geste. « Oui, profondément », a répondu celui-ci.",
     "Oui, profondément", "prévenu", "celui-ci"),
    # "à la sortie": the place "indique-t-on à la mairie" names, but there is no "on" here
    ("a verb the lexicon lacks, a place after its subject: rigole un supporter à la sortie du stade",
     "« Quel match ! », rigole un supporter à la sortie du stade Marcel-Picot.", "Quel match", "supporter", "supporter"),
    # the pronoun after a statement: its speaker, named by a role, before a woman named in between
    ("elle after a statement whose speaker is a role noun: a répondu la présidente. Elle…",
     "Lors du conseil, Marc Lenoir a interpellé la présidente sortante, Sophie Aubry, sur les impôts. La conseillère "
     "Lucie Faure est restée silencieuse. « Les impôts ont baissé », a répondu la présidente. Elle a ensuite accusé "
     "son rival de « mentir ».", "mentir", "Sophie Aubry", "Elle"),
    # the parser hangs the name on the role as a conjunct and makes the role the root: still the subject
    ("elle after a sentence opened by a role and a name set off by commas",
     "La ministre de la Culture, Anne Vidal, a reçu les syndicats. La déléguée générale du Syndicat des artistes, "
     "Claire Moulin, en est ressortie furieuse. « Rien n'a bougé », a-t-elle lancé.", "Rien n'a bougé", "Claire Moulin", "elle"),
    # the tagger makes "abonde" an adjective of "collègue": the quotation went on with the last speaker
    ("an incise verb tagged as an adjective: abonde sa collègue X",
     "« Le service est à bout », estime Marc Girard, infirmier. « Nous enchaînons les gardes », abonde sa collègue "
     "Léa Fontaine.", "Nous enchaînons les gardes", "Léa Fontaine", "collègue"),
    # the European agency is the one named with "agence", but the NASA spoke just before: either may be meant
    ("an institution noun after another organisation spoke: as written",
     "L'Agence spatiale européenne a été fondée en 1975. « Le télescope sera lancé en mai », indique la NASA. "
     "« Les coûts vont augmenter », tempère cependant l'agence spatiale.", "Les coûts vont augmenter",
     "agence spatiale", "agence spatiale"),
    ("l'intéressé after the quotation: the person named last",
     "Le nom de l'attaquant Hugo Ferrer circule avec insistance. « Je reste à Lens », a répondu l'intéressé.",
     "Je reste à Lens", "Hugo Ferrer", "l'intéressé"),
    # an epithet: a noun the press uses in place of the name of someone it named (an age, a status, a demonym)
    ("an age for the one man named: le quinquagénaire",
     "Le procès de Yannick Morvan, 52 ans, s'est ouvert devant le tribunal de Lorient, en présence de sa sœur, "
     "Anne Morvan. « Je regrette profondément », a murmuré le quinquagénaire.",
     "Je regrette profondément", "Yannick Morvan", "quinquagénaire"),
    ("a status for the one woman named: l'élue",
     "Le maire, Denis Le Bihan, a présenté le budget face à la conseillère d'opposition Sandrine Caradec. "
     "« Ce budget sacrifie les écoles », a dénoncé l'élue.", "Ce budget sacrifie les écoles", "Sandrine Caradec", "élue"),
    ("a demonym for the one person named: le Brestois",
     "Yoann Guéguen a remporté dimanche le trail des Monts d'Arrée. « J'ai souffert dans la dernière montée », "
     "confie le Brestois.", "J'ai souffert dans la dernière montée", "Yoann Guéguen", "Brestois"),
    # "sa femme, Maryvonne": a name alone says no gender, the noun in apposition does
    ("a calling for the one man named, his wife named too: l'artisan",
     "Yvon Kerdraon tient la crêperie depuis vingt ans. Sa femme, Maryvonne, s'occupe de la salle. "
     "« Les clients reviennent », se réjouit l'artisan.", "Les clients reviennent", "Yvon Kerdraon", "artisan"),
    # a party to a case: never the lawyer named beside it
    ("le prévenu: the defendant, not his lawyer",
     "Me Hugo Lenoir, avocat de Karim Benali, a plaidé la relaxe. « Je n'ai rien volé », a répété le prévenu.",
     "Je n'ai rien volé", "Karim Benali", "prévenu"),
    ("le prévenu with only his lawyer named: as written",
     "Son avocat, Me Hugo Lenoir, a plaidé la relaxe. « Je n'ai rien volé », a répété le prévenu.",
     "Je n'ai rien volé", "prévenu", "prévenu"),
    ("an epithet with two men it may be: as written",
     "Patrick Allain, délégué CGT, a rencontré le directeur, Hervé Besnard. « Rien n'est réglé », a lancé le "
     "syndicaliste.", "Rien n'est réglé", "syndicaliste", "syndicaliste"),
    ("an epithet with a complement is someone else: l'élu d'opposition",
     "Marc Tanguy a présenté le projet. « C'est une erreur », a jugé l'élu d'opposition.", "C'est une erreur",
     "élu d'opposition", "élu d'opposition"),
    # the one person named is the one arrested: a function, not an epithet, is someone else
    ("a function is no epithet: le procureur after the one arrested",
     "Léa Martin a été interpellée samedi. « Elle a reconnu les faits », a indiqué le procureur.",
     "Elle a reconnu les faits", "procureur", "procureur"),
    ("le second after a sentence between, the parser taking it for an object",
     "Deux témoins, Hugo Lemaire et Jules Perrin, étaient sur le quai. Le premier a filmé la scène. « Le train n'a "
     "pas freiné », assure le second.", "Le train n'a pas freiné", "Jules Perrin", "le second"),
    # a wider word for the role the article gave: the magistrate is the procureure, the élu the maire
    ("a wider word for a role: la magistrate after la procureure",
     "Le procureur adjoint Hervé Salaün et la procureure de Quimper, Armelle Kerjean, ont reçu la presse. "
     "« L'enquête avance », a assuré la magistrate.", "L'enquête avance", "Armelle Kerjean", "magistrate"),
    ("a wider word for a role, two men named: l'élu is the maire, not the préfet",
     "Le préfet, Bruno Lacaze, a rencontré le maire de Carhaix, Gaël Tanguy. « Nous ne lâcherons rien », a "
     "prévenu l'élu.", "Nous ne lâcherons rien", "Gaël Tanguy", "élu"),
    # "se dire convaincu que": the clause hangs on the adjective
    ("se dire convaincu que",
     "L'entraîneur du Stade briochin, Erwan Le Roux, s'est dit convaincu que ses joueurs pouvaient encore se maintenir.",
     "ses joueurs pouvaient encore se maintenir", "Erwan Le Roux", "entraîneur du Stade briochin"),
    ("se dire prête à",
     "La ministre du Travail s'est dite prête à rouvrir les discussions sur les retraites.",
     "rouvrir les discussions sur les retraites", "ministre du Travail", "ministre du Travail"),
    # "qui" hung on a place in the description of the ones who speak: the people, not the place
    ("qui after the people of a place: les habitants du quartier des X, qui",
     "Les locataires du quartier des Acacias, qui se disent « oubliés par le bailleur », ont manifesté jeudi.",
     "oubliés par le bailleur", "locataires du quartier des Acacias", "locataires du quartier des Acacias"),
    # the parser makes the relative clause's object the subject of the cue
    ("ce dernier, qui … X, a promis: ce dernier, not X",
     "Le maire a reçu la préfète, Odile Varenne, puis le député Alain Cariou. Ce dernier, qui avait rencontré la "
     "veille la ministre de la Mer, Anne Le Gall, a assuré que le port serait agrandi.",
     "le port serait agrandi", "Alain Cariou", "Ce dernier"),
    ("a relative clause with a name set off in it: Le maire, qui a reçu le préfet, X, a déclaré",
     "Le maire, qui a reçu le préfet, Jean Roux, a déclaré que le pont serait rouvert.",
     "le pont serait rouvert", "maire", "maire"),
    ("a relative clause that ended before the subject is no antecedent",
     "Interrogé sur la réforme, qui doit être votée mardi, le ministre du Travail, Paul Ravel, a estimé que le "
     "texte était équilibré.", "le texte était équilibré", "Paul Ravel", "ministre du Travail"),
    # after a whole reported clause, a comma, a subject and a cue of its own: another statement
    ("a second report after a comma, with its own subject and cue",
     "Les avocats se sont opposés. Me Paul Girard a soutenu que la procédure était « nulle », son confrère Marc "
     "Tellier a jugé cet argument « sans fondement ».", "sans fondement", "Marc Tellier", "confrère"),
    # "par" after a past tense is the means, not the agent of a passive
    ("a justifié sa décision par « … »: the means, not the agent",
     "Le président a limogé jeudi son Premier ministre, Anvar Roussev. Cité par l'agence d'État Belnews, le "
     "porte-parole de la présidence, Karim Aït, a justifié cette décision par « une perte de confiance ».",
     "une perte de confiance", "Karim Aït", "porte-parole de la présidence"),
    # the parser hangs the subject on the auxiliary; "ce dernier" is the person a predicate named
    ("ce dernier after a person's predicate, its subject hung on the auxiliary",
     "Paul Girard était alors responsable du service. Ce dernier aurait, par téléphone, assuré avoir tout signalé.",
     "avoir tout signalé", "Paul Girard", "Ce dernier"),
    ("a company tagged as a person: le groupe X … l'entreprise",
     "Le groupe Ardoval va fermer son usine de Lisieux, a indiqué l'entreprise dans un communiqué.",
     "va fermer son usine de Lisieux", "Ardoval", "entreprise"),
    ("a wider word for a role: le dirigeant after le président du club, beside the coach",
     "Le président du FC Lorient, Yann Le Bris, a reçu l'entraîneur, Paul Morvan. « Je ne changerai pas d'avis », "
     "a assuré le dirigeant.", "Je ne changerai pas d'avis", "Yann Le Bris", "dirigeant"),
    ("a noun the tagger takes for a verb: sourit un supporter",
     "« On y croyait », sourit un supporter à la fin de la rencontre.", "On y croyait", "supporter", "supporter"),
    ("an adjective set off by commas between the verb and its subject: lâche, amer, X",
     "« C'est une catastrophe », lâche, amer, un viticulteur de la région.",
     "C'est une catastrophe", "viticulteur de la région", "viticulteur de la région"),
    # the parser hangs the subject on "députés" as its complement
    ("the ones spoken to between the verb and its subject: devant les députés la ministre",
     "« Rien ne justifie la violence », a martelé mercredi devant les députés la ministre de l'Intérieur.",
     "Rien ne justifie la violence", "ministre de l'Intérieur", "ministre de l'Intérieur"),
    # the parser makes "jeudi" the object and the diplomat an apposition of the agency
    ("a day and the one spoken to between the verb and its subject",
     "« Les négociations avancent », a déclaré jeudi à l'AFP un diplomate européen sous couvert d'anonymat.",
     "Les négociations avancent", "diplomate européen", "diplomate européen"),
]


@pytest.mark.parametrize(
    "construction,text,fragment,speaker,mention", WHO_SPEAKS + INCISE_SPEAKERS, ids=[c[0] for c in WHO_SPEAKS + INCISE_SPEAKERS]
)
def test_who_speaks(analyze_text, construction, text, fragment, speaker, mention):
    """The statement (a clause first, where a fragment in marks is inside one) and its speaker."""
    quote = find(analyze_text(text), fragment, "indirect")
    assert (quote.speaker, quote.speaker_mention) == (speaker, mention)


@pytest.mark.parametrize("text", [
    "Le maire Paul Ravel a promis une « piscine olympique », soit la moitié du budget de la ville.",
    "Le maire Paul Ravel parle d'une « erreur », reste la question du financement.",
    "Le maire Paul Ravel évoque l'« affaire Morel », concernant la vente d'un terrain communal.",
])
def test_words_after_a_quotation_that_are_no_incise(analyze_text, text):
    (quote,) = analyze_text(text).quotes
    assert quote.speaker == "Paul Ravel"


@pytest.mark.parametrize(("text", "statement", "speaker", "cue"), [
    ("À en croire la ministre Odile Varenne, la réforme entrera en vigueur en janvier.",
     "la réforme entrera en vigueur en janvier", "Odile Varenne", "à en croire"),
    ("La réforme entrera en vigueur en janvier, à en croire la ministre Odile Varenne.",
     "La réforme entrera en vigueur en janvier", "Odile Varenne", "à en croire"),
    ("Au dire des témoins, l'homme criait des insultes avant de tirer.",
     "l'homme criait des insultes avant de tirer", "témoins", "au dire"),
    ("Aux dires de son avocat, le prévenu regrette profondément son geste.",
     "le prévenu regrette profondément son geste", "avocat", "aux dires"),
    ("De l'aveu même de la ministre Odile Varenne, le dispositif a pris du retard.",
     "le dispositif a pris du retard", "Odile Varenne", "de l'aveu"),
    ("Aux yeux du président du club, Alain Berthou, la relégation n'a rien d'une fatalité.",
     "la relégation n'a rien d'une fatalité", "Alain Berthou", "aux yeux"),
])
def test_phrases_that_name_a_source_as_selon_does(analyze_text, text, statement, speaker, cue):
    (quote,) = [q for q in analyze_text(text).quotes if q.type == "indirect"]
    assert (quote.text, quote.speaker, quote.cue) == (statement, speaker, cue)


@pytest.mark.parametrize("text", [
    "Il est devenu un héros aux yeux des supporters, qui l'ont acclamé à la sortie du stade.",
    "Aux yeux de tous, la décision était prise depuis longtemps par le conseil municipal.",
    "La façade s'est effondrée aux yeux des passants médusés, sans faire de blessé.",
])
def test_aux_yeux_de_names_a_source_only_opening_the_sentence_with_someone_to_hold_a_view(analyze_text, text):
    assert [q for q in analyze_text(text).quotes if q.cue == "aux yeux"] == []


@pytest.mark.parametrize(("text", "clause"), [
    # a subordinate clause opening the report: the comma after it does not end the report
    ("Le témoin a expliqué que, lorsque la police est arrivée, les manifestants ont crié des insultes.",
     "que, lorsque la police est arrivée, les manifestants ont crié des insultes"),
    # a relative after the comma goes on with the report
    ("Le quotidien estime que l'accord prévoit une coopération militaire, ce qui expliquerait la présence "
     "américaine.", "que l'accord prévoit une coopération militaire, ce qui expliquerait la présence américaine"),
    ("Il a dit que les prix baisseraient, les salaires augmenteraient et le chômage reculerait.",
     "que les prix baisseraient, les salaires augmenteraient et le chômage reculerait"),
])
def test_a_comma_in_a_report_that_begins_no_other(analyze_text, text, clause):
    assert [q.text for q in analyze_text(text).quotes if q.type == "indirect"] == [clause]


def test_how_a_speaker_spoke_is_not_part_of_its_name(analyze_text):
    quotes = analyze_text("Au moins 20 personnes ont péri dans les crues, selon l'agence officielle Valnews. Le bilan "
                          "pourrait encore s'alourdir, a averti un responsable de la protection civile sous couvert "
                          "d'anonymat.").quotes
    assert quotes[-1].speaker == "responsable de la protection civile"


def test_the_agent_of_published_figures_speaks_even_after_a_day(analyze_text):
    """The parser hangs "par l'Institut" on "vendredi"."""
    (quote,) = analyze_text("L'inflation a ralenti à 2,3 % sur un an en avril, selon les données provisoires publiées "
                            "vendredi par l'Institut national de la statistique de Valdonie.").quotes
    assert quote.speaker == "Institut national de la statistique"


def test_words_in_marks_opening_on_a_negation_are_no_name(analyze_text):
    """After a noun that may name a plan ("le dispositif « Vigipirate »"), a negation opens a statement."""
    quotes = analyze_text("Selon la ministre Odile Varenne, le dispositif « ne fonctionne pas ».").quotes
    assert [(q.type, q.text) for q in quotes if q.type == "partial"] == [("partial", "ne fonctionne pas")]


def test_one_and_the_other_of_a_group(analyze_text):
    analysis = analyze_text("Les deux frères ne se sont pas parlé depuis. « Tout est fini », tranche l'un. "
                            "« Il m'a trahi », rétorque l'autre.")
    assert [(q.speaker, q.speaker_mention) for q in analysis.quotes] == [
        ("un des deux frères", "l'un"), ("l'autre des deux frères", "l'autre")]


def test_a_passive_subject_that_cannot_speak_is_no_antecedent(analyze_text):
    """A group's reflexive verb parsed as a passive gives "l'un"/"ils" their group; a thing does not."""
    text = ("L'équipe de scientifiques a prouvé que les premiers centimètres du sol lunaire sont retournés tous "
            "les 80 000 ans. Cela est dû selon eux à l'absence d'atmosphère.")
    assert not [q for q in analyze_text(text).quotes if q.speaker in ("centimètres", "sol lunaire")]


def test_a_bare_noun_is_named_as_the_article_wrote_it_in_full(analyze_text):
    analysis = analyze_text("La police islandaise a ouvert une enquête. « Aucune piste n'est écartée », a déclaré la police.")
    assert analysis.quotes[0].speaker == "police islandaise"
    # written in full two ways: which one the bare noun is, is not for the tool to guess
    analysis = analyze_text("Le quotidien danois Politiken et le quotidien suédois Expressen en parlent. "
                            "« C'est un tournant », écrit le quotidien.")
    assert analysis.quotes[0].speaker == "quotidien"


def test_one_of_a_group_named_before_is_named_by_it(nlp):
    from extractor.nlp.components import entity_clusters
    from extractor.nlp.lexicon import using
    from extractor.nlp.statements.attribute import Attributor

    doc = nlp("Les manifestants ont bloqué le pont. « Nous resterons », a lancé l'un d'eux.")
    with using(nlp.get_pipe("quote_attributor").lexicon):
        (quote,) = Attributor(doc, entity_clusters(doc)).run()
    assert (quote.speaker.name, quote.speaker.mention) == ("un des manifestants", "l'un d'eux")


def test_a_company_noun_does_not_stand_for_a_union(analyze_text):
    text = (
        "Le syndicat Force Rail a appelé à la grève. "
        "Les trains rouleront normalement lundi, a précisé l'entreprise."
    )
    quote = find(analyze_text(text), "Les trains rouleront", "indirect")
    assert quote.speaker != "Force Rail"


# Error classes found on the development set, each with a sentence written for it.
ERROR_CLASSES = [
    ("colon ending the paragraph before the quote",
     "C'est la maire de Nantes, Louise Garnier, qui a ouvert la séance :\n\n« Nous devons agir avant l'hiver. »",
     "Nous devons agir", "direct", "Louise Garnier"),
    ("cleft sentence: c'est X qui",
     "C'est Marc Delorme qui a lancé la discussion : « Personne ne veut d'une grève longue. »",
     "Personne ne veut", "direct", "Marc Delorme"),
    ("adverbial between the quotation and its incise",
     "« Le match a été reporté pour des raisons de sécurité », a pour sa part commenté la Fédération française de football.",
     "Le match a été reporté", "direct", "Fédération française de football"),
    ("pour X at the head of the sentence, quote in marks",
     "Pour la sénatrice Agnès Morel, soutien du projet, le « texte arrive beaucoup trop tard ».",
     "texte arrive beaucoup trop tard", "partial", "Agnès Morel"),
    ("quoted predicate whose subject is outside the marks",
     "En fin de journée, le préfet du Rhône, Bernard Lacombe « appelle les habitants à rester chez eux ».",
     "appelle les habitants", "partial", "Bernard Lacombe"),
    ("passive cue: the agent speaks",
     "La directrice Anne Moreau a été accusée par Jean Delpech de dissimuler les comptes de l'association.",
     "de dissimuler les comptes", "indirect", "Jean Delpech"),
    ("indirect question with si",
     "Le sénateur Paul Girard se demande si le projet sera vraiment financé l'an prochain.",
     "le projet sera vraiment financé", "indirect", "Paul Girard"),
    ("de + infinitive after an indirect object",
     "La préfecture de la Gironde recommande aux habitants de limiter leurs déplacements ce week-end.",
     "de limiter leurs déplacements", "indirect", "préfecture de la Gironde"),
    ("que far after the verb, past an indirect object and adverbials",
     "Hervé Lancelin a confié à un journaliste lundi matin sur France Inter qu'il ne se représenterait pas.",
     "il ne se représenterait pas", "indirect", "Hervé Lancelin"),
    ("plural pronoun: the group named before",
     "Les infirmières ont manifesté devant l'hôpital de Rennes. Elles réclament que leurs salaires soient revalorisés.",
     "leurs salaires soient revalorisés", "indirect", "infirmières"),
    ("cue tagged as a proper noun after its auxiliary",
     "Le dirigeant de la CFDT, Laurent Ferri, a twitté que la CFDT refuserait toute hausse des cotisations.",
     "la CFDT refuserait", "indirect", "Laurent Ferri"),
    ("a role noun after an organization is not the organization's role",
     "Se disant « confiant » dans la décision de la Cour de cassation, l'avocat a estimé que le dossier serait rouvert.",
     "le dossier serait rouvert", "indirect", "avocat"),
]

# The classes of error found on articles the rules were not written on (issue "Right speaker on articles
# never seen"), each on a sentence written for it.
UNSEEN_CLASSES = [
    # 1. a noun that cannot speak is not the speaker
    ("1: a party abbreviation in an apposition is not the speaker",
     "Le député LR du Cantal, Vincent Rigal, a affirmé que la loi serait votée avant l'été.",
     "la loi serait votée", "indirect", "Vincent Rigal"),
    ("1: a document's issuer speaks, not the document",
     "Selon un communiqué du Kremlin, les discussions se poursuivront la semaine prochaine à Genève.",
     "les discussions se poursuivront", "indirect", "Kremlin"),
    ("1: an event is not the speaker of the clause after it",
     "Après la victoire de son équipe, l'entraîneur Marc Vidal a estimé que ses joueurs avaient mérité le titre.",
     "ses joueurs avaient mérité", "indirect", "Marc Vidal"),
    # 2. a pronoun goes to the right person
    ("2: -t-il after two men, the subject of the sentence before",
     "Le Premier ministre Jean Dufour a rencontré son homologue allemand Klaus Berger. « Nous avons trouvé un accord "
     "solide sur l'énergie », a-t-il déclaré à l'issue de la réunion.",
     "Nous avons trouvé un accord", "direct", "Jean Dufour"),
    ("2: 'il' continues the subject, not the player named in between",
     "L'entraîneur Paul Marchand a salué le courage de son équipe après la défaite. Interrogé sur les buts "
     "encaissés par Luc Berger, il explique que « la défense n'était pas assez solide ce soir ».",
     "la défense n'était pas assez solide", "partial", "Paul Marchand"),
    ("2: 'elle' tells a name's gender, so a later 'il' is someone else",
     "« Nous étudions toutes les hypothèses », a déclaré Ilona Vrabec, du comité d'enquête. Elle précise que "
     "les vents étaient violents.\n\nGhaith Nassar, le PDG de la compagnie, a annoncé qu'il était trop tôt pour "
     "conclure : « Nous aurons des informations sur la boîte noire demain », a-t-il déclaré.",
     "Nous aurons des informations", "direct", "Ghaith Nassar"),
    # 3. a speaker the article gives, though not in the sentence
    ("3: '— Name' on the line after a quotation",
     "Le gouvernement a présenté son plan lundi.\n\n« Nous n'avons jamais vu une telle mobilisation dans le pays. »"
     "\n\n— Paul Mercier, secrétaire général du syndicat",
     "Nous n'avons jamais vu", "direct", "Paul Mercier"),
    ("3: indique-t-on à la mairie",
     "La fermeture de l'école a été annoncée hier. « C'est une décision très difficile pour tout le village », "
     "indique-t-on à la mairie.",
     "C'est une décision très difficile", "direct", "mairie"),
    ("3: selon lui, a pronoun for the role named before",
     "Le député a rencontré la ministre de la Santé mardi. Selon lui, la réforme « va dans le bon sens ».",
     "va dans le bon sens", "partial", "député"),
    ("3: a past infinitive after a cue is reported speech",
     "Les États-Unis ont reconnu avoir voulu frapper les positions de l'armée régulière.",
     "avoir voulu frapper", "indirect", "États-Unis"),
    ("3: an infinitive copula after a cue is reported speech",
     "Le ministre Paul Girard a affirmé ne pas être contre ce principe.",
     "ne pas être contre", "indirect", "Paul Girard"),
    # 4. name forms
    ("4: a first name alone, once the full name is known",
     "Le maire de Guargualé, Charles-Antoine Casanova, a publié un arrêté. Charles-Antoine a expliqué vouloir "
     "« protéger la commune » de tout désordre.",
     "protéger la commune", "partial", "Charles-Antoine Casanova"),
    ("4: an invisible character is not part of the name",
     "« Le nouveau monde à l'envers », a écrit Renaud Joubert\u200f sur son compte.",
     "Le nouveau monde", "direct", "Renaud Joubert"),
    # 5. a short quotation with a cue the lexicon lacks is not taken for a headline
    ("5: a tweeté, full stop outside the marks",
     "« Ce projet est une gabegie », a tweeté Karine Vidal.",
     "Ce projet est une gabegie", "direct", "Karine Vidal"),
    # 6. interviews
    ("6: 'Name : answer'",
     "Marine Castel dirige le festival depuis mars. Nous l'avons rencontrée.\n\nPourquoi ce choix ?\n\n"
     "Marine Castel : Parce que le festival doit s'ouvrir à de nouveaux publics. Nous voulons toucher les jeunes.",
     "Parce que le festival doit", "direct", "Marine Castel"),
    ("6: questions and answers",
     "Entretien avec Julie Morel, maire de Sainte-Croix, qui a lancé un budget participatif.\n\n"
     "— Pourquoi avoir lancé ce projet ?\n\nParce que les habitants veulent décider. Nous avons reçu trois cents "
     "propositions.\n\n— Quelles suites allez-vous donner ?\n\nNous financerons les dix projets les plus soutenus.",
     "Nous financerons les dix projets", "direct", "Julie Morel"),
]


@pytest.mark.parametrize(
    "construction, text, fragment, qtype, speaker", CASES + ERROR_CLASSES + UNSEEN_CLASSES,
    ids=[c[0] for c in CASES + ERROR_CLASSES + UNSEEN_CLASSES],
)
def test_who_said_what(analyze_text, construction, text, fragment, qtype, speaker):
    quote = find(analyze_text(text), fragment, qtype)
    assert (quote.type, quote.speaker) == (qtype, speaker)
    assert text[quote.start : quote.end] == quote.text




def test_name_after_a_noun_and_its_translation_are_not_quotes(analyze_text):
    text = "Les visiteurs passent sous l'enseigne « Freiheit und Brot » ( « Liberté et pain » ) avant d'entrer."
    assert analyze_text(text).quotes == ()


def test_headline_in_marks_without_a_speaker_is_not_a_quote(analyze_text):
    text = "Mis à jour le 3 mars — « Inondations : deux villages évacués dans le Gard »\n\nLes pompiers sont intervenus."
    assert analyze_text(text).quotes == ()


def test_quoted_adjective_after_a_noun_is_still_a_quote(analyze_text):
    text = "Le député Paul Arnaud a défendu l'usage « massif » du vote électronique."
    quote = find(analyze_text(text), "massif")
    assert (quote.type, quote.speaker) == ("partial", "Paul Arnaud")


def test_relative_que_after_a_cue_is_not_a_reported_clause(analyze_text):
    text = "Le président Marc Aubry a ordonné une enquête administrative qu'il juge indispensable depuis des mois."
    assert [q for q in analyze_text(text).quotes if q.type == "indirect"] == []


def test_selon_before_a_quotation_leaves_it_to_the_marks(analyze_text):
    text = "À 10 h 20, selon Météo-France, « la tempête perd de son intensité en remontant vers le nord »."
    quotes = analyze_text(text).quotes
    assert [(q.type, q.speaker) for q in quotes] == [("partial", "Météo-France")]


def test_reported_clause_stops_before_a_new_clause_after_a_comma(analyze_text):
    text = "Le PDG Henri Lasserre a annoncé que les trains « circuleront normalement », avant de préciser que les TER seraient réduits."
    clauses = [q.text for q in analyze_text(text).quotes if q.type == "indirect"]
    assert clauses[0] == "que les trains « circuleront normalement »"


def test_indefinite_pronoun_speaks_as_written(analyze_text):
    text = "Les réactions sont partagées, certains se demandant s'il s'agit d'une « plaisanterie de mauvais goût »."
    quote = find(analyze_text(text), "plaisanterie de mauvais goût")
    assert quote.speaker == "certains"


def test_document_named_in_the_sentence_speaks_for_on(analyze_text):
    text = (
        "« Nous suspendons toutes les compétitions », a déclaré la Fédération française de rugby. "
        "Dans un communiqué de la préfecture du Var, on apprend que les routes restent fermées. "
        "« Les secours sont sur place et l'accès au site reste interdit. »"
    )
    result = analyze_text(text)
    assert find(result, "les routes restent fermées").speaker == "préfecture du Var"
    # the quotation after the reported speech continues the préfecture, not the federation
    assert find(result, "Les secours sont sur place").speaker == "préfecture du Var"


@pytest.mark.parametrize("text", [
    "Notez que le match de samedi a été avancé à 15 heures.",  # the writer speaking to the reader
    "Le maire Luc Perrin souhaite pouvoir rouvrir la piscine avant l'été.",  # a wish, not a statement
])
def test_not_reported_speech(analyze_text, text):
    assert [q for q in analyze_text(text).quotes if q.type == "indirect"] == []


@pytest.mark.parametrize("verb", ["estime", "estimait", "a estimé", "avait estimé", "estimera", "estimerait", "aurait estimé"])
def test_cue_in_every_tense_and_mood(analyze_text, verb):
    text = f"La présidente de la région, Sylvie Marchand, {verb} que le budget devait être revu."
    quote = find(analyze_text(text), "le budget devait être revu")
    assert (quote.type, quote.speaker, quote.cue) == ("indirect", "Sylvie Marchand", "estimer")


def test_selon_before_a_quotation_with_its_own_incise(analyze_text):
    text = "Selon France Info, « j'ai reçu beaucoup d'encouragements à continuer », dit-il."
    assert [q.type for q in analyze_text(text).quotes] == ["partial"]


def test_negated_cue_reports_nothing(analyze_text):
    text = "La CFDT n'a pas encore indiqué si elle rejoindrait la grève du 14 mars."
    assert analyze_text(text).quotes == ()


def test_selon_closing_a_clause_vouches_for_that_clause_only(analyze_text):
    text = ("Des tirs auraient été entendus près de la gare selon l'agence Reuters, en plus de sirènes, "
            "mais la préfecture n'a rien confirmé.")
    quote = next(q for q in analyze_text(text).quotes if q.type == "indirect")
    assert quote.text == "Des tirs auraient été entendus près de la gare" and quote.speaker.endswith("Reuters")


def test_selon_a_thing_or_named_after_reports_nothing(analyze_text):
    for text in (
        "Le permis de construire a été délivré selon une procédure accélérée, ce qui étonne les riverains.",
        "La nouvelle loi est nommée d'après un ancien député de la région, mort en 1998.",
    ):
        assert [q for q in analyze_text(text).quotes if q.type == "indirect"] == [], text


def test_selon_a_document_its_issuer_speaks(analyze_text):
    for text in (
        "Selon une projection de France Télévisions, la participation atteindrait 62 % à 20 heures.",
        "Selon des images diffusées par France Télévisions, le pont se serait effondré vers midi.",
    ):
        quote = next(q for q in analyze_text(text).quotes if q.type == "indirect")
        assert quote.speaker == "France Télévisions", text


def test_name_forms_the_gold_expects(analyze_text):
    """Class 4: a noun phrase is not cut before its place ("présents sur les lieux"); "des sources PS"
    are people in the party, not the party."""
    quotes = analyze_text("Selon les policiers présents sur les lieux, l'homme aurait tenté de fuir avant l'arrivée des secours.").quotes
    assert [q.speaker for q in quotes if q.type == "indirect"] == ["policiers présents sur les lieux"]
    quotes = analyze_text("Selon des sources PS, le candidat est largement vainqueur avec 58 % des voix.").quotes
    assert [q.speaker for q in quotes if q.type == "indirect"] == ["sources PS"]


@pytest.mark.parametrize(("text", "clause"), [
    # a coordinated cue starts a new report, even where the parser hangs it inside the first clause
    ("Le ministère a affirmé qu'il visait un dépôt de munitions et dit regretter les pertes civiles.",
     "qu'il visait un dépôt de munitions"),
    # a participial cue after a comma: a new report
    ("La préfète Anne Morel a indiqué que la route restait fermée, précisant que les secours étaient sur place.",
     "que la route restait fermée"),
    # "tandis que" after a comma: the writer's clause
    ("Le syndicat Force ouvrière a déclaré que la grève était suivie, tandis que la direction parlait d'un échec.",
     "que la grève était suivie"),
    # "tout en" and a gerund after a comma: the writer's clause (the parser hangs the gerund on "tout")
    ("La présidente de la commission, Lucie Arnaud, a expliqué que le rapport serait rendu public en mars, "
     "tout en précisant qu'il ne contiendrait aucun nom.", "que le rapport serait rendu public en mars"),
])
def test_reported_clause_stops_where_the_writer_starts_a_new_clause(analyze_text, text, clause):
    clauses = [q.text for q in analyze_text(text).quotes if q.type == "indirect"]
    assert clauses[0] == clause


@pytest.mark.parametrize(("text", "statement", "speaker"), [
    ("La présidente de la commission, Lucie Arnaud, a expliqué que le rapport serait rendu public en mars, "
     "tout en précisant qu'il ne contiendrait aucun nom.", "qu'il ne contiendrait aucun nom", "Lucie Arnaud"),
    ("Le directeur de l'hôpital, Marc Olivier, a assuré que le service serait rouvert en mai, "
     "tout en reconnaissant qu'il manquait des médecins.", "qu'il manquait des médecins", "Marc Olivier"),
])
def test_a_gerund_takes_its_sentences_subject(analyze_text, text, statement, speaker):
    """Not the subject of the reported clause before it ("le rapport", "le service")."""
    (quote,) = [q for q in analyze_text(text).quotes if q.text == statement]
    assert quote.speaker == speaker


def test_coordinated_infinitives_stay_in_the_clause(analyze_text):
    text = "Le comité Nobel explique que la théorie permet d'analyser et d'expliquer le fonctionnement des contrats."
    clauses = [q.text for q in analyze_text(text).quotes if q.type == "indirect"]
    assert clauses == ["que la théorie permet d'analyser et d'expliquer le fonctionnement des contrats"]


def test_clause_after_a_quotation_and_et_que(analyze_text):
    text = "Le 3 mai, le ministre Paul Dargent avait précisé que « la réforme se fera » et qu'il importait peu qu'elle soit impopulaire."
    result = analyze_text(text)
    clause = find(result, "importait peu", "indirect")
    assert clause.text.startswith("qu'il importait peu") and clause.speaker == "Paul Dargent"
    assert find(result, "la réforme se fera", "partial").speaker == "Paul Dargent"


@pytest.mark.parametrize("text", [
    # ne … que means "only": no reported clause
    "À Lyon, le ramassage des ordures n'est plus assuré que dans un arrondissement sur deux.",
    "Les autorités ne confirment pour leur part que la mort de trois civils.",
    # "alors que": the writer's conjunction, not the clause of "rapporter" (bring in)
    "Ses clients lui ont rapporté 600 000 euros alors qu'il était député.",
])
def test_que_that_opens_no_reported_clause(analyze_text, text):
    assert [q for q in analyze_text(text).quotes if q.type == "indirect"] == []


def test_selon_lui_inside_a_clause_in_marks_leaves_it_to_the_marks(analyze_text):
    text = "Le député Jean Lavaud a ajouté que, selon lui, « les grandes entreprises paient trop peu d'impôts »."
    quotes = analyze_text(text).quotes
    assert [q.type for q in quotes] == ["partial"] and quotes[0].speaker == "Jean Lavaud"


def test_an_incise_after_que_does_not_end_the_clause(analyze_text):
    text = "Quelques internautes ont clairement exprimé que, pour eux, un ministre qui ne sait pas épargner ne peut pas gérer un budget."
    clauses = [q.text for q in analyze_text(text).quotes if q.type == "indirect"]
    assert clauses == ["que, pour eux, un ministre qui ne sait pas épargner ne peut pas gérer un budget"]


@pytest.mark.parametrize(("text", "first", "second", "speaker"), [
    ("Les liens entre les deux hommes sont anciens. « J'ai avec lui une relation de confiance, confiait Lucas Ferrand "
     "en 2010. J'écoute ses conseils. »", "J'ai avec lui une relation de confiance", "J'écoute ses conseils.", "Lucas Ferrand"),
    ("Le maire Paul Girard est inquiet. « Nous sommes prêts, assure-t-il, et nous irons jusqu'au bout. »",
     "Nous sommes prêts", "et nous irons jusqu'au bout.", "Paul Girard"),
    # a time and a place between the incise's verb and its subject
    ("« Le chantier, a indiqué mardi soir à Rennes le préfet, reprendra lundi. »",
     "Le chantier", "reprendra lundi.", "préfet"),
    # the parser makes "Le pont" the subject of "a précisé"; the name set off after the role is the incise's
    ("« Le pont, a précisé le maire de Saint-Aubin, Marc Tessier, sera rouvert lundi. »",
     "Le pont", "sera rouvert lundi.", "Marc Tessier"),
    ("« Le pont, a précisé la préfète, Odile Varenne, sera rouvert lundi. »",
     "Le pont", "sera rouvert lundi.", "Odile Varenne"),
    # a long phrase without a verb of its own after the name, to the full stop
    ("« Nous avons tenu, a déclaré Loïc Henaff après la victoire de l'US Landerneau face à Morlaix (2-0). Le groupe "
     "a du cœur. »", "Nous avons tenu", "Le groupe a du cœur.", "Loïc Henaff"),
])
def test_incise_inside_the_marks_splits_the_quotation(analyze_text, text, first, second, speaker):
    quotes = analyze_text(text).quotes
    assert [q.text for q in quotes] == [first, second]
    assert [q.speaker for q in quotes] == [speaker, speaker]


def test_quotation_without_incise_is_one_statement(analyze_text):
    quotes = analyze_text("« Je suis venu, je vois, je pars. »").quotes
    assert [q.text for q in quotes] == ["Je suis venu, je vois, je pars."]
    # after the name, a clause with its own verb: no incise the rules can bound
    text = "« Le budget, a expliqué Paul Martin lors du conseil qui s'est tenu hier soir à la mairie. Nous verrons. »"
    assert len(analyze_text(text).quotes) == 1


def test_incise_after_two_coordinated_quotations_speaks_for_both(analyze_text):
    text = "Rockefeller est mort lundi. « Il est resté actif jusqu'au bout » et « vivait chaque jour au maximum », selon son porte-parole Fraser Seitel."
    quotes = analyze_text(text).quotes
    assert [q.speaker for q in quotes] == ["Fraser Seitel", "Fraser Seitel"]


def test_present_participle_speaks_for_the_noun_it_describes(analyze_text):
    text = "Cet objectif aura marqué tout le quinquennat, le président promettant dès 2012 d'inverser la courbe du chômage."
    assert find(analyze_text(text), "inverser la courbe", "indirect").speaker == "président"


@pytest.mark.parametrize("text", [
    "Un manifestant a interpellé le ministre en criant « démission ».",
    "Un manifestant a interpellé le ministre en criant : « Démission ! »",
    "Une riveraine a accueilli la préfète en lançant « vous arrivez bien tard ».",
])
def test_a_gerund_speaks_for_its_clause_not_the_noun_it_follows(analyze_text, text):
    # the parser hangs "en criant" on the noun before it, as if the minister were the one crying
    quote = analyze_text(text).quotes[0]
    assert quote.speaker in ("manifestant", "riveraine"), quote


def test_present_participle_after_a_comma_speaks_for_the_subject(analyze_text):
    text = ("Émue, Julie Morel a rendu hommage au défunt après sa rencontre avec le président du Sénat, Gérard Lenoir, "
            "confiant qu'il était « très dur pour elle d'en parler ».")
    assert find(analyze_text(text), "très dur", "indirect").speaker == "Julie Morel"


@pytest.mark.parametrize(("text", "clause", "speaker"), [
    # an infinitive copula after a date, which the parser hangs as an oblique
    ("La coalition a confirmé le 25 mars être à l'origine du bombardement.", "être à l'origine du bombardement", "coalition"),
    # révéler + infinitive, like affirmer or reconnaître
    ("Les autorités allemandes ont révélé lundi faire l'objet d'une attaque informatique.", "faire l'objet d'une attaque informatique",
     "autorités allemandes"),
])
def test_infinitive_clauses_of_assertion_verbs(analyze_text, text, clause, speaker):
    quote = find(analyze_text(text), clause, "indirect")
    assert (quote.text, quote.speaker) == (clause, speaker)


def test_reported_clause_stops_at_a_colon_before_a_quotation(analyze_text):
    text = ("Le candidat Paul Morin annonce vouloir se battre « jusqu'au bout » : « Comment ne pas voir qu'on veut me "
            "faire taire ? »")
    clause = find(analyze_text(text), "se battre", "indirect")
    assert clause.text == "vouloir se battre « jusqu'au bout »"


def test_participle_after_a_quotation_speaks_for_the_subject(analyze_text):
    text = ("L'association Terre Vive avait, dans un communiqué, jugé cette décision « inacceptable », estimant que "
            "la fermeture du site était « une faute ».")
    assert find(analyze_text(text), "inacceptable", "partial").speaker == "Terre Vive"


@pytest.mark.parametrize("text, statement", [
    ("Selon l'Insee, le chômage a reculé de 0,3 %.", "le chômage a reculé de 0,3 %"),
    ("Selon Bercy, la facture atteindra 12 €.", "la facture atteindra 12 €"),
    ("Selon Météo-France, il fera 38 °C.", "il fera 38 °C"),
    ("Selon la préfecture, la vitesse est limitée à 80 km/h.", "la vitesse est limitée à 80 km/h"),
    ("Le maire a affirmé que la vitesse serait limitée à 30 km/h. Il a ajouté que le chômage a reculé.",
     "que la vitesse serait limitée à 30 km/h"),
    ("Le préfet a indiqué que la ville compte 10 000 habitants.", "que la ville compte 10 000 habitants"),
])
def test_a_unit_or_symbol_that_ends_a_statement_stays_in_it(nlp, text, statement):
    from extractor.nlp.components import entity_clusters
    from extractor.nlp.statements.attribute import Attributor

    with nlp.select_pipes(disable=["quote_attributor"]):
        doc = nlp(text)
    assert statement in [doc.text[q.start : q.end] for q in Attributor(doc, entity_clusters(doc)).run()]


def test_a_partial_quote_inside_a_statement_is_that_statement_speakers(analyze_text):
    """The partial's own candidates ranked a place named in the sentence first ("Syrie"): inside the
    reported clause, the words in marks are the clause's speaker's (found on quotes-train)."""
    analysis = analyze_text(
        "« Au moins sept personnes sont mortes » a affirmé le bureau de l'ONG à Beyrouth. « La destruction de"
        " cet hôpital prive d'accès aux soins les quelque 40 000 personnes vivant dans cette zone de conflit"
        " ouvert » a ajouté Paolo Renzi, le chef de mission de l'ONG pour la Syrie qui considère qu'il s'agit"
        " « d'une attaque délibérée contre une structure de santé ». Au moins cinq hôpitaux ont été touchés."
    )
    partial = find(analysis, "attaque délibérée", "partial")
    statement = analysis.quotes[partial.parent]
    assert statement.type == "indirect" and partial.speaker == statement.speaker == "Paolo Renzi"
    assert partial.confidence == statement.confidence


INCISES = [
    # (construction, text, the statement, speaker)
    ("simple tense, subject after",
     "La compagnie a suspendu ses vols. Les vents étaient trop violents pour décoller, précise la compagnie Air Sud.",
     "Les vents étaient trop violents pour décoller", "Air Sud"),
    ("compound tense: a indiqué X",
     "Le conseil municipal s'est réuni lundi. La piscine rouvrira ses portes en septembre, a indiqué la maire Hélène Dorval.",
     "La piscine rouvrira ses portes en septembre", "Hélène Dorval"),
    ("an adverb inside the verb group",
     "La maire Hélène Dorval a visité le chantier. Les travaux seront terminés avant l'été, a aussi expliqué la maire.",
     "Les travaux seront terminés avant l'été", "Hélène Dorval"),
    ("inverted pronoun: a-t-elle ajouté",
     "Hélène Dorval a visité le chantier. Le budget ne sera pas dépassé, a-t-elle ajouté.",
     "Le budget ne sera pas dépassé", "Hélène Dorval"),
    ("a multi-word cue and an apposition after the speaker",
     "Les textes de l'Union imposent le respect des frontières, fait remarquer Karim Belhadj, le ministre des affaires étrangères.",
     "Les textes de l'Union imposent le respect des frontières", "Karim Belhadj"),
    ("one of a group",
     "Le prévenu se rendait à une convocation en tant que témoin, a précisé un de ses avocats.",
     "Le prévenu se rendait à une convocation en tant que témoin", "un de ses avocats"),
    ("quoted words inside the writer's clause: reported twice, the clause and its quotation",
     "Le ministre Paul Ferrant a réuni la presse. Il s'agit d'une « attaque préparée depuis longtemps », indique le ministre.",
     "Il s'agit d'une « attaque préparée depuis longtemps »", "Paul Ferrant"),
    ("comme l'a expliqué X, after the clause",
     "Le nombre de réfugiés va baisser, comme l'a expliqué le ministre Paul Durand lundi.",
     "Le nombre de réfugiés va baisser", "Paul Durand"),
    ("Comme l'a expliqué X, with the name in apposition",
     "Comme l'a expliqué le président de la commission, Éric Malot, le texte sera amendé en janvier.",
     "le texte sera amendé en janvier", "Éric Malot"),
    ("Comme l'a rappelé X, and an apposition in the statement",
     "Comme l'a rappelé le maire Jean Roux, la piscine, fermée depuis mars, rouvrira en septembre.",
     "la piscine, fermée depuis mars, rouvrira en septembre", "Jean Roux"),
    ("Comme l'a rappelé X, before the clause",
     "Comme l'a rappelé le maire Jean Roux, la piscine rouvrira en septembre.",
     "la piscine rouvrira en septembre", "Jean Roux"),
    ("a-t-on appris de source X: the source speaks",
     "Le parquet de Lille a ouvert une enquête, a-t-on appris de source judiciaire.",
     "Le parquet de Lille a ouvert une enquête", "source judiciaire"),
    ("a-t-on appris auprès de X",
     "La piscine restera fermée jusqu'en mars, a-t-on appris auprès de la mairie de Lyon.",
     "La piscine restera fermée jusqu'en mars", "mairie de Lyon"),
    ("an object pronoun in the verb group: nous a-t-on dit",
     "La piscine restera fermée jusqu'en mars, nous a-t-on dit à la mairie.",
     "La piscine restera fermée jusqu'en mars", "mairie"),
    ("an object pronoun in the verb group: m'a-t-il confié",
     "Le maire Jean Roux a visité le chantier. Les travaux seront finis en mai, m'a-t-il confié.",
     "Les travaux seront finis en mai", "Jean Roux"),
]

# the same, where the clause follows its cue
CLAUSES = [
    ("a clause after a colon, without marks: a prévenu : P",
     "La ministre Odile Varenne a prévenu : il n'y aura pas de nouvelle hausse des taxes cette année.",
     "il n'y aura pas de nouvelle hausse des taxes cette année", "Odile Varenne"),
    ("a clause after a colon, the cue's subject after it: C'est ce qu'a indiqué X : P",
     "C'est ce qu'a indiqué le parquet de Lille dans un communiqué : trois personnes ont été mises en examen.",
     "trois personnes ont été mises en examen", "parquet de Lille"),
    # the parser takes "qu'" for a relative pronoun on "proches"
    ("que after the one spoken to: a confié à des proches qu'il songeait à…",
     "Le maire Jacques Pernot aurait confié à des proches qu'il songeait à démissionner.",
     "qu'il songeait à démissionner", "Jacques Pernot"),
    ("a cue the tagger calls an auxiliary: en affirmant avoir été trompés",
     "Dans un communiqué, la préfecture Nord-Est s'est défendue en affirmant avoir été trompée par de faux témoignages.",
     "avoir été trompée par de faux témoignages", "préfecture Nord-Est"),
    ("a cue the tagger calls a noun between its subject and que: juge",
     "Le ministre Paul Henri juge que la situation s'améliore, tandis que l'opposition dénonce un échec.",
     "que la situation s'améliore", "Paul Henri"),
    ("a cue the tagger calls a noun between its subject and que: note",
     "Le rapport note que les dépenses ont augmenté.", "que les dépenses ont augmenté", "rapport"),
]


@pytest.mark.parametrize("construction,text,statement,speaker", INCISES + CLAUSES, ids=[c[0] for c in INCISES + CLAUSES])
def test_a_reported_clause_and_its_speaker(analyze_text, construction, text, statement, speaker):
    quote = find(analyze_text(text), statement, "indirect")
    assert (quote.type, quote.text, quote.speaker) == ("indirect", statement, speaker)
    assert quote.cue is not None


@pytest.mark.parametrize("text", [
    # the subject before the verb: a main clause, not an incise
    "Le conseil a siégé jusqu'à minuit, le maire a indiqué la date du vote.",
    # a passive: "revendiquée par" is not an incise
    "L'attaque, qui a eu lieu près du palais, a été revendiquée par un groupe armé.",
    # a participle opens no incise
    "Le conseil a siégé jusqu'à minuit, précisant les dates du vote.",
    # a quotation and its incise: a marked quote, not a reported clause
    "« Le budget ne sera pas dépassé », a-t-elle ajouté.",
    # what follows the colon is the statement, the quotation, not the writer's words before it
    "Le groupe a publié un communiqué dans la nuit : « Nous avons frappé l'hôtel », ont-ils écrit.",
])
def test_what_is_not_a_clause_before_an_incise(analyze_text, text):
    assert [q.text for q in analyze_text(text).quotes if q.type == "indirect"] == []


LATEST = [
    # (text, the statement, speaker)
    ("Le juge a reçu Paul Martin lundi. Selon ce dernier, la procédure a été respectée.",
     "la procédure a été respectée", "Paul Martin"),
    ("Le juge Marc Roux a reçu Anne Morel lundi. La procédure a été respectée, a précisé cette dernière.",
     "La procédure a été respectée", "Anne Morel"),
    # the gender of "cette dernière" skips the man named after her
    ("Anne Morel a écrit à Marc Roux. Cette dernière a affirmé que la procédure avait été respectée.",
     "la procédure avait été respectée", "Anne Morel"),
    # "ces derniers": the nearest plural noun that can speak, not the streets
    ("Les manifestants ont défilé dans les rues. Selon ces derniers, la police a chargé sans sommation.",
     "la police a chargé sans sommation", "manifestants"),
]


@pytest.mark.parametrize("text,statement,speaker", LATEST)
def test_ce_dernier_is_the_one_named_last(analyze_text, text, statement, speaker):
    quote = find(analyze_text(text), statement, "indirect")
    assert quote.speaker == speaker
    assert "derni" in quote.speaker_mention.lower()


def test_comme_le_rapporte_a_paper_before_a_statement_with_its_own_cue_is_not_the_papers(analyze_text):
    text = "Comme le rapporte Le Courrier, Jean Roux a déclaré que la piscine rouvrirait en septembre."
    statements = [q for q in analyze_text(text).quotes if q.type == "indirect"]
    assert [(q.text, q.speaker) for q in statements] == [("que la piscine rouvrirait en septembre", "Jean Roux")]


@pytest.mark.parametrize("idiom", ["c'est-à-dire", "pour ainsi dire", "à vrai dire"])
def test_idioms_with_dire_report_nothing(analyze_text, idiom):
    text = f"Le texte veut redéfinir la hiérarchie des normes, {idiom} faire primer les droits de l'homme sur le commerce."
    assert [q.text for q in analyze_text(text).quotes] == []


@pytest.mark.parametrize("incise", ["a cependant tenu à préciser", "a voulu rassurer", "a cru bon d'ajouter"])
def test_an_infinitive_cue_after_a_participle_is_an_incise(analyze_text, incise):
    text = (
        "Des élus comme Pierre Lenoir craignent une forteresse. « Les travaux se font en concertation avec "
        f"les architectes », {incise} Jeanne Martins, adjointe au maire."
    )
    assert find(analyze_text(text), "Les travaux se font", "direct").speaker == "Jeanne Martins"


def test_qui_after_a_speaker_is_the_speaker_when_the_parser_hangs_it_on_a_thing(analyze_text):
    text = "Le drame ne serait pas un acte terroriste selon la police, qui précise que « l'individu était connu des services »."
    assert find(analyze_text(text), "l'individu était connu", "partial").speaker == "police"


def test_elle_is_the_main_clauses_subject_a_person_noun(analyze_text):
    # "la mère" is no role, still a person; of the two mothers, "elle" is the main clause's subject
    text = (
        "La mère de Paul Kerhervé a confirmé qu'un trésor d'or était la cause du drame, alors que la mère du "
        "suspect avait qualifié cette hypothèse de « légende familiale ». « Cette affaire trouve son origine "
        "dans un trésor que mon mari avait caché », ajoute-t-elle."
    )
    assert find(analyze_text(text), "Cette affaire trouve", "direct").speaker == "mère de Paul Kerhervé"


def test_qu_with_its_apostrophe_split_off_opens_a_clause_that_ends_before_et_que_quotation(analyze_text):
    # "qu' « … »": the tokenizer splits the apostrophe from qu; the clause after "et que" is all in
    # marks, a quote of its own (the annotation guide: "X affirme que « whole clause »" is partial only)
    text = (
        "La ministre Marie Touret a annoncé des mesures, précisant néanmoins qu' « un kit gratuit » existe déjà "
        "et que « sur l'année 2016, 2362 demandes ont été satisfaites » ."
    )
    result = analyze_text(text)
    statement = find(result, "existe déjà", "indirect")
    assert (statement.text, statement.speaker) == ("qu' « un kit gratuit » existe déjà", "Marie Touret")
    assert find(result, "2362 demandes", "partial").speaker == "Marie Touret"


def test_et_que_with_the_writers_words_stays_in_the_clause(analyze_text):
    text = "Le ministre Paul Durand a indiqué que le texte serait voté et que les décrets suivraient en mars."
    statement = find(analyze_text(text), "le texte serait voté", "indirect")
    assert statement.text == "que le texte serait voté et que les décrets suivraient en mars"


@pytest.mark.parametrize("text", [
    # a charge in marks is not a quotation
    "Trois sénateurs ont été mis en examen pour « recel de détournement de fonds publics » mardi.",
    "Dix-sept hommes ont comparu pour « débauche » et « incitation à la débauche » devant un tribunal.",
    "L'homme, soupçonné d'« association de malfaiteurs », a été écroué.",
    "Une plainte a été déposée pour « diffamation » par le maire.",
    # what follows a colon is the writer's: after an argument that cannot speak, a passive, a list
    "Le maire a répondu aux questions des habitants : certains se sont plaints du bruit.",
    "Le ministre a annoncé plusieurs mesures : la hausse du SMIC sera votée en mai.",
    "Un nouveau report a été annoncé : le télescope devrait décoller en mai.",
    "Le ministre a détaillé son plan : la hausse du SMIC, la baisse des impôts et un chèque énergie.",
    # words in marks as the sentence's subject, its verb right after the mark: the writer's verb, no incise
    "Les « méga-bassines » inquiètent les agriculteurs.",
    "Le « pass sanitaire » agace les restaurateurs de la ville.",
    # someone named learned it: "apprendre" reports only what "on" learned ("on apprend que…")
    "Karine Lemaire a appris que son contrat n'était pas renouvelé en lisant une annonce.",
    # and when the parser lost the subject, the one who learns is no "on" either
    "C'est en lisant le journal que Bernard Olier, fleuriste à Lamballe, apprend que son bail ne sera pas renouvelé.",
])
def test_nothing_is_reported(analyze_text, text):
    assert analyze_text(text).quotes == ()


@pytest.mark.parametrize("text,words", [
    # "pour" + an infinitive is a purpose in the speaker's words, not a charge
    ("Le maire Jean Roux a décidé de porter plainte pour « ne pas laisser passer cet acte ».", "ne pas laisser passer"),
    # "accuser X de « … »": the accuser's word
    ("Le député Jean Roux a accusé le ministre de « trahison » lundi.", "trahison"),
    # "des" after "à la suite" opens no charge
    ("Le ministère a annoncé avoir ouvert une enquête à la suite des « multiples allégations » de fraude.", "multiples allégations"),
])
def test_what_follows_a_court_word_may_still_be_a_quotation(analyze_text, text, words):
    assert find(analyze_text(text), words, "partial").type == "partial"


@pytest.mark.parametrize("text,words,speaker", [
    ("Le président Marc Blin s'est dit « très inquiet » de la situation.", "très inquiet", "Marc Blin"),
    ("La ministre Claire Roux s'est dite « prête à discuter ».", "prête à discuter", "Claire Roux"),
])
def test_se_dire_reports_what_one_says_of_oneself(analyze_text, text, words, speaker):
    quote = find(analyze_text(text), words, "partial")
    assert (quote.type, quote.speaker) == ("partial", speaker)


def test_dit_alone_still_names(analyze_text):
    text = "Les habitants du quartier dit « des Pins » ont manifesté lundi."
    assert analyze_text(text).quotes == ()


def test_selon_with_a_relative_clause_on_its_source_reports_what_follows(analyze_text):
    text = "Selon le quotidien Le Courrier, qui cite des sources proches du dossier, l'accord serait signé lundi."
    quote = find(analyze_text(text), "l'accord serait signé", "indirect")
    assert (quote.text, quote.speaker) == ("l'accord serait signé lundi", "Le Courrier")


def test_selon_at_the_end_with_a_relative_clause_reports_what_comes_before(analyze_text):
    text = "Le texte sera voté en juin, selon le sénateur Marc Blin, qui plaide pour un compromis."
    quote = find(analyze_text(text), "Le texte sera voté", "indirect")
    assert (quote.text, quote.speaker) == ("Le texte sera voté en juin", "Marc Blin")


def test_a_noun_after_its_determiner_before_que_is_a_noun(analyze_text):
    assert analyze_text("Le juge que j'ai rencontré hier a reporté l'audience.").quotes == ()


def test_the_writers_own_incise_reports_nothing(analyze_text):
    assert analyze_text("Le budget sera voté en décembre, ai-je dit au ministre.").quotes == ()


def test_an_opinion_in_an_incise_is_reported_like_its_que_clause(analyze_text):
    # "X estime que P" is reported speech; so is "P, estime X" ("craint-il", a fear, is not)
    result = analyze_text("La situation est grave, estime le ministre Paul Henri. Les prix monteront encore, craint-il.")
    assert find(result, "La situation est grave", "indirect").speaker == "Paul Henri"
    assert [q.text for q in result.quotes if "prix" in q.text] == []


def test_words_in_marks_opening_on_a_preposition_are_no_name(analyze_text):
    # capitalised words ("Banque de France") after "à": a phrase of the speaker's, not a title
    text = "La mère de Paul Kerhervé a parlé. Cet or était « volé peut-être », « à la Banque de France », selon elle."
    assert find(analyze_text(text), "à la Banque de France", "partial").speaker == "mère de Paul Kerhervé"
