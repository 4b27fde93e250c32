"""Plausible French of the demo plans d'intervention: bland, no diagnosis, no clinical detail."""

STRENGTHS = (
    "Curieux, pose de bonnes questions; aime les activités pratiques.",
    "Persévérante quand la tâche est courte et bien découpée.",
    "Bonnes relations avec ses pairs; apprécie le travail d'équipe.",
    "Intérêt marqué pour les sciences et la lecture d'albums documentaires.",
    "Très bonne mémoire visuelle; s'exprime bien à l'oral.",
    "Ponctuel, respectueux des consignes de la classe.",
)
DIFFICULTIES = (
    "Lecture lente et peu fluide; compréhension fragile des textes longs.",
    "Difficulté à amorcer le travail seul et à le terminer dans le temps prévu.",
    "Organisation du matériel et de l'agenda à consolider.",
    "Résolution de problèmes écrits en mathématiques difficile.",
    "Gestion des transitions et des périodes moins structurées à soutenir.",
    "Production écrite courte; orthographe d'usage à consolider.",
)
NEEDS = (
    "Améliorer la fluidité en lecture.",
    "S'organiser de façon plus autonome en classe.",
    "Mieux comprendre les problèmes écrits en mathématiques.",
    "Gérer les transitions avec plus de calme.",
    "Rédiger des textes plus complets.",
)
OBJECTIVES = (
    (
        "Lire un texte adapté à son niveau avec fluidité.",
        "Mots lus correctement par minute",
        "90 mots par minute",
    ),
    (
        "Amorcer une tâche seul en moins de 3 minutes.",
        "Délai observé en classe, 3 fois par semaine",
        "4 fois sur 5",
    ),
    (
        "Noter ses devoirs à l'agenda chaque jour.",
        "Agenda vérifié le vendredi",
        "5 jours sur 5 pendant 4 semaines",
    ),
    (
        "Résoudre un problème écrit en utilisant une démarche.",
        "Grille de démarche de l'enseignant·e",
        "3 étapes sur 4",
    ),
    ("Rédiger un paragraphe de 8 phrases.", "Nombre de phrases complètes", "8 phrases"),
    ("Revenir au calme après une transition.", "Minutes avant la reprise de la tâche", "Moins de 5 minutes"),
)
MEANS = (
    ("Lecture répétée de courts textes", "Chaque matin, 10 minutes"),
    ("Aide-mémoire visuel des étapes sur le pupitre", "À chaque tâche"),
    ("Vérification de l'agenda en fin de journée", "Chaque jour"),
    ("Rencontre de soutien en petit groupe", "Deux fois par semaine"),
    ("Lecture partagée du soir", "Trois soirs par semaine"),
    ("Renforcement positif des efforts observés", "Au quotidien"),
    ("Minuterie visuelle pour les tâches", "Au besoin"),
)
FAMILY_MEANS = ("Les parents", "L'élève")
CONTACT_NOTES = (
    "Appel pour faire le point sur la semaine.",
    "Mot dans l'agenda; réponse des parents le lendemain.",
    "Rencontre à l'école; les parents notent des progrès à la maison.",
    "Courriel sur les objectifs de l'étape.",
    "",
)
REVIEW_NOTES = (
    "Progrès notés pour le premier objectif; le deuxième reste à travailler.",
    "Les moyens sont appliqués régulièrement; les résultats sont encourageants.",
    "Objectif atteint en partie; la cible est maintenue pour la prochaine étape.",
)
REVIEW_DECISIONS = (
    "Poursuivre les moyens en place.",
    "Ajuster la fréquence des rencontres de soutien.",
    "Revoir la cible du premier objectif à la prochaine révision.",
)
CLOSING = ("Objectifs atteints; fin du plan convenue avec les parents.", "Changement d'école de l'élève.")
