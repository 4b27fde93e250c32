"""French phrase banks of the demo's intake history (fiction: no person is named)."""

from __future__ import annotations

OBSERVATIONS: dict[str, tuple[str, ...]] = {
    "learning": (
        "L'élève éprouve des difficultés importantes en lecture : le décodage reste lent et la compréhension "
        "des consignes écrites est fragile.",
        "Les résultats en mathématiques sont nettement sous les attentes du niveau, surtout en résolution de "
        "problèmes.",
        "L'élève met bien plus de temps que ses pairs à terminer les tâches écrites et abandonne souvent.",
        "Écart marqué entre l'oral et l'écrit : l'élève comprend en classe mais le montre mal par écrit.",
    ),
    "language": (
        "L'élève est difficile à comprendre pour les adultes de l'école ; plusieurs sons ne sont pas acquis.",
        "Vocabulaire restreint et phrases courtes ; l'élève a du mal à raconter un événement dans l'ordre.",
        "L'élève comprend mal les consignes orales de plus d'une étape et demande souvent de répéter.",
        "Bégaiement plus fréquent depuis la rentrée, surtout lors des présentations orales.",
    ),
    "behaviour": (
        "Désorganisation fréquente en classe : l'élève se lève, interrompt et reprend difficilement la tâche "
        "après une transition.",
        "Plusieurs épisodes d'opposition envers les adultes depuis septembre, avec refus de travailler.",
        "Des gestes d'agressivité envers des pairs pendant les récréations ont été rapportés.",
        "Réactions fortes à la frustration (cris, pleurs, objets lancés) ; le retour au calme est long.",
    ),
    "emotional": (
        "Anxiété importante avant les évaluations : maux de ventre, pleurs, demandes d'aller à l'infirmerie.",
        "Repli sur soi observé depuis quelques semaines : l'élève parle peu et semble triste.",
        "L'élève se décrit souvent comme « nul·le » et refuse les défis par peur de se tromper.",
        "Propos inquiétants tenus en classe ; la direction a été avisée et la famille rencontrée.",
    ),
    "attendance": (
        "Absences répétées, surtout le lundi et le vendredi, depuis la rentrée.",
        "Retards presque quotidiens et départs hâtifs ; le lien avec l'école semble s'effriter.",
        "L'élève dit ne plus voir l'intérêt de venir à l'école et évoque l'idée d'abandonner.",
    ),
    "social": (
        "L'élève est souvent seul·e aux récréations et rapporte être mis·e à l'écart par un groupe de pairs.",
        "Une situation d'intimidation en ligne a été signalée ; le protocole de l'école a été appliqué.",
        "Conflits fréquents avec les pairs ; l'élève décode mal les intentions des autres.",
    ),
    "family": (
        "Période difficile pour la famille (séparation récente) ; l'élève en parle souvent en classe.",
        "Les parents demandent du soutien pour les routines du matin et les devoirs, devenus source de "
        "conflits.",
        "Des besoins de base semblent mal comblés (collations, vêtements d'hiver) ; la famille accepte de "
        "l'aide.",
        "Arrivée récente au Québec ; la famille souhaite être accompagnée dans ses démarches.",
    ),
    "health": (
        "Malaises fréquents en classe ; l'élève se présente souvent au secrétariat sans cause apparente.",
        "Condition de santé qui demande un plan de soins à l'école ; le personnel souhaite être formé.",
        "Fatigue marquée en classe ; questions sur le sommeil et l'alimentation, en accord avec les parents.",
    ),
    "orientation": (
        "L'élève hésite entre la formation professionnelle et le collégial et souhaite être accompagné·e.",
        "Choix de cours à faire pour l'an prochain ; l'élève ne sait pas quels préalables viser.",
        "Manque de motivation lié à l'absence de projet ; une démarche d'orientation pourrait aider.",
    ),
    "evaluation": (
        "Une évaluation est demandée pour mieux comprendre le profil de l'élève et ajuster le plan "
        "d'intervention.",
        "Le médecin de famille a suggéré une évaluation à l'école ; les parents ont donné leur accord.",
        "L'équipe-école s'interroge sur un possible trouble d'apprentissage et souhaite une évaluation.",
    ),
}
CONTEXTS = (
    "Les parents ont été informés de la demande et y consentent.",
    "La situation a été discutée en rencontre d'équipe-cycle.",
    "Un plan d'intervention est en place depuis l'an dernier.",
    "Situation nouvelle cette année selon l'enseignant·e de l'an dernier.",
    "Les parents observent des difficultés semblables à la maison.",
    "",
)
TRIED: dict[int, tuple[str, ...]] = {
    1: (
        "Place à l'avant de la classe, près de l'enseignant·e",
        "Consignes données une à la fois et reformulées",
        "Rencontre avec les parents",
        "Récupération offerte le midi",
        "Routine visuelle au pupitre",
        "Système d'émulation et renforcement positif",
        "Outils de régulation en classe (coin calme, objets sensoriels)",
    ),
    2: (
        "Soutien en sous-groupe avec l'orthopédagogue deux fois par semaine",
        "Suivi par la technicienne en éducation spécialisée",
        "Feuille de route quotidienne partagée avec la famille",
        "Temps supplémentaire et local isolé pour les évaluations",
        "Jumelage avec un élève tuteur",
        "Rencontres hebdomadaires avec la direction adjointe",
    ),
    3: (
        "Plan d'intervention révisé avec mesures d'adaptation",
        "Horaire allégé pendant quelques semaines",
        "Accompagnement individuel quotidien",
        "Demande de services au CLSC, toujours en attente",
    ),
}
AVAILABILITY = (
    "Lundi et mercredi en avant-midi",
    "Mardi et jeudi en après-midi",
    "Tous les jours sauf pendant l'éducation physique",
    "Le vendredi, en première ou deuxième période",
    "Le matin de préférence",
    "Pas le mercredi après-midi (activité parascolaire)",
    "Toute la semaine",
    "",
)
QUESTIONS = (
    "Depuis quand ces difficultés sont-elles observées ?",
    "Les parents ont-ils été informés de la demande et y consentent-ils ?",
    "Quelles mesures ont été essayées en classe, et pendant combien de temps ?",
    "Un plan d'intervention est-il en place ? Si oui, quels en sont les objectifs actuels ?",
    "L'élève a-t-il déjà été évalué à l'extérieur de l'école (CLSC, clinique privée) ?",
)
ANSWERS = (
    "Depuis la rentrée, de façon plus marquée depuis octobre.",
    "Oui, les parents ont été rencontrés et sont d'accord avec la demande.",
    "Les mesures décrites sont en place depuis six semaines, sans amélioration durable.",
    "Le plan d'intervention a été révisé ce mois-ci ; les objectifs portent sur l'organisation.",
    "Aucune évaluation externe à notre connaissance ; la famille est en attente au CLSC.",
)
ACCEPT_NOTES = (
    "",
    "",
    "",
    "Discutée au comité du guichet unique.",
    "Impact marqué sur la fréquentation : priorité revue à la hausse.",
    "Une évaluation est à prévoir avant la révision du plan d'intervention.",
)
REFUSALS = (
    "Les mesures des paliers 1 et 2 n'ont pas encore été essayées : voyez d'abord avec l'équipe-école, puis "
    "refaites une demande au besoin.",
    "Le besoin est déjà couvert par le suivi en cours à l'école ; la demande ferait double emploi.",
    "La situation relève du réseau de la santé : la famille a été orientée vers le CLSC de son secteur.",
    "Un suivi externe est déjà en place et la famille préfère le poursuivre.",
)
REDIRECTIONS = (
    "La situation décrite relève davantage du service suivant : {name}.",
    "Après analyse, la demande est réorientée en {name}.",
    "Besoin principal mieux servi en {name} ; les renseignements fournis sont conservés.",
)
WITHDRAWALS = (
    "La situation s'est nettement améliorée avec les mesures mises en place en classe.",
    "La famille a choisi un suivi au privé.",
    "L'élève a déménagé et fréquente maintenant une école d'un autre centre de services.",
    "Demande retirée à la demande des parents.",
    "",
)
CLOSING_NOTES: dict[str, tuple[str, ...]] = {
    "goals_met": (
        "Objectifs atteints ; l'élève applique les stratégies seul·e. Fin du suivi convenue avec la famille.",
        "Amélioration nette observée en classe et à la maison ; relance possible au besoin.",
    ),
    "partly_met": (
        "Progrès réels mais fragiles ; recommandations remises à l'équipe-école pour la suite.",
        "Objectifs en partie atteints ; un soutien de palier 2 est maintenu en classe.",
    ),
    "not_met": ("Peu de changement malgré le suivi ; une réévaluation des besoins est recommandée.",),
    "referred": (
        "Orientation vers le CLSC pour un suivi spécialisé, avec l'accord des parents.",
        "Référence à un organisme communautaire du secteur ; fin du suivi à l'école.",
    ),
    "ended_by_family": ("Fin du suivi à la demande des parents, qui préfèrent attendre la fin de l'étape.",),
    "moved": ("L'élève a quitté l'école ; les recommandations ont été remises aux parents.",),
}
