"""French phrase banks of the demo's consent history (fiction: no person is named)."""

from __future__ import annotations

# Why staff prepared a consent request, by scope (ConsentRequest.explanation).
EXPLANATIONS: dict[str, tuple[str, ...]] = {
    "evaluation": (
        "Pour mieux comprendre les difficultés observées en classe, je propose une évaluation : une ou deux "
        "rencontres avec l'élève, des tâches standardisées et des observations en classe.",
        "L'évaluation permettra de préciser les besoins de l'élève et de proposer des moyens concrets à "
        "l'équipe-école et à la famille.",
        "Je souhaite rencontrer l'élève pour quelques épreuves et une entrevue ; les résultats vous seront "
        "expliqués lors d'une rencontre.",
    ),
    "services": (
        "Je propose des rencontres de suivi, environ une fois par semaine pendant quelques semaines, puis un "
        "bilan avec vous.",
        "Le suivi prendra la forme de rencontres individuelles à l'école et d'échanges avec l'enseignant·e "
        "sur les moyens à mettre en place en classe.",
        "Des rencontres en petit groupe sont prévues pendant l'heure du dîner, avec un bilan à la fin de "
        "l'étape.",
    ),
    "telepractice": (
        "Certaines rencontres pourraient se tenir à distance, par vidéo, pendant les semaines où je ne suis "
        "pas à l'école.",
        "Pour ne pas perdre de rencontres pendant les journées pédagogiques, je propose quelques séances "
        "en télépratique, à partir de la maison.",
        "Des rencontres à distance permettraient de garder le rythme du suivi ; l'école prêtera un local "
        "fermé si la maison ne convient pas.",
    ),
    "sharing": (
        "Pour que les moyens proposés soient appliqués en classe, je souhaite transmettre mes "
        "recommandations à l'équipe du plan d'intervention.",
        "Un résumé de l'évaluation aiderait l'équipe qui accueillera l'élève l'an prochain à préparer la "
        "transition.",
        "Le médecin de l'élève a demandé les conclusions de l'évaluation ; je ne les transmettrai qu'avec "
        "votre accord.",
    ),
}

# Sharing consents: to whom, and what (shared_with, shared_what), in pairs that go together.
SHARING: tuple[tuple[str, str], ...] = (
    (
        "L'enseignant·e titulaire du groupe",
        "Les recommandations du rapport d'évaluation et les moyens proposés en classe",
    ),
    (
        "L'équipe du plan d'intervention de l'école (direction, enseignant·e, professionnel·les)",
        "Les conclusions de l'évaluation et les objectifs de suivi",
    ),
    (
        "Le CLSC du secteur (équipe enfance-jeunesse-famille)",
        "Un résumé des services reçus à l'école et des besoins observés",
    ),
    (
        "Le médecin de famille de l'élève",
        "Les conclusions de l'évaluation et les recommandations",
    ),
    (
        "L'école secondaire qui accueillera l'élève l'an prochain",
        "Le bilan du suivi et les mesures d'adaptation qui ont aidé l'élève",
    ),
    (
        "Le centre de réadaptation qui suit déjà l'élève",
        "Les résultats des épreuves standardisées et les observations en classe",
    ),
    (
        "La technicienne en éducation spécialisée de l'école",
        "Les stratégies de retour au calme convenues en suivi",
    ),
)

# Why a consent was revoked (recorded by the staff member told of it), by scope.
REVOCATIONS: dict[str, tuple[str, ...]] = {
    "evaluation": (
        "Appel du parent : la famille préfère attendre la fin de l'étape avant de poursuivre.",
        "La famille a obtenu une évaluation au privé et ne souhaite plus celle de l'école.",
    ),
    "services": (
        "Appel du parent : la famille met fin au suivi, les difficultés se sont résorbées.",
        "L'élève a dit en rencontre ne plus vouloir poursuivre le suivi ; décision respectée.",
        "Message du parent : la famille est maintenant suivie par le CLSC et met fin au suivi à l'école.",
    ),
    "telepractice": (
        "Le parent préfère finalement les rencontres en personne, à l'école.",
        "L'élève n'a pas d'endroit tranquille à la maison pour les rencontres à distance.",
    ),
    "sharing": (
        "Le parent ne souhaite plus que ces renseignements soient transmis.",
        "L'élève a retiré son accord au partage lors de la dernière rencontre.",
    ),
}
