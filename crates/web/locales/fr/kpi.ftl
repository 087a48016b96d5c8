## KPI assessment (U4SSC, ITU-T Y.4903)

## Problems with KPI forms (keys of civitas_domain::validation::Problem)
error-not-a-number = Saisissez un nombre comme 12.5, avec un point avant les décimales.
error-not-a-year = Saisissez une année entre 1990 et 2200.
error-unknown-quality = Choisissez l'un des six niveaux de qualité des données.
error-reason-required = Indiquez une raison.
error-numbers-while-not-reported = Un KPI marqué « non communiqué » ne peut pas avoir de chiffres. Effacez les chiffres ou décochez « non communiqué ».
error-locked = Ceci ne peut plus être modifié à ce stade de la vérification.
error-unknown-target-set = Choisissez le jeu de cibles par défaut ou l'un de ceux de la ville.
error-not-a-verifier = Choisissez un membre de la ville ayant le rôle de vérificateur.
error-unknown-currency = Saisissez un code ISO 4217 de trois lettres comme EUR.
error-not-computable = La formule ne peut pas donner de valeur à partir de ces chiffres.
error-review-incomplete = Chaque KPI communiqué doit être marqué vérifié ou non vérifié avant de terminer la vérification.
error-unsupported-file-type = Choisissez un fichier PDF, PNG, JPEG, CSV, texte, XLSX, DOCX ou ODT.

## Notices after a KPI action
notice-assessment-created = L'évaluation a été créée.
notice-assessment-submitted = L'évaluation a été transmise à son vérificateur.
notice-assessment-settings-saved = Les paramètres de l'évaluation ont été enregistrés.
notice-revision-opened = Une nouvelle révision a été ouverte. L'évaluation peut de nouveau être modifiée.
notice-inputs-saved = Les données de la ville ont été enregistrées. Chaque KPI qui les utilise a été recalculé.
notice-category-saved = La catégorie a été enregistrée.
notice-note-question = Votre question a été envoyée à la ville.
notice-note-answer = Votre réponse a été ajoutée.
notice-note-decision = Votre décision a été enregistrée.
notice-verification-completed = La vérification est terminée. L'évaluation est désormais verrouillée.
notice-assessment-returned = L'évaluation a été renvoyée à la ville.
notice-evidence-added = Le justificatif a été ajouté.
notice-evidence-deleted = Le justificatif a été supprimé.

## Statuses, bands, grades
kpi-status-draft = Brouillon
kpi-status-submitted = Chez le vérificateur
kpi-status-verified = Vérifiée
kpi-band-below-33 = Moins de 33 % de la cible
kpi-band-33-66 = De 33 à 66 % de la cible
kpi-band-66-95 = De 66 à 95 % de la cible
kpi-band-95 = 95 % de la cible ou plus
kpi-not-scored = Non noté (N/A)
kpi-quality-none = Non qualifié
kpi-quality-measured = Mesure précise
kpi-quality-survey-extrapolation = Extrapolé d'une enquête auprès des habitants
kpi-quality-higher-level-extrapolation = Extrapolé de données régionales ou nationales
kpi-quality-assumption-estimate = Estimation fondée sur des hypothèses
kpi-quality-personal-estimate = Estimation personnelle
kpi-quality-unknown-method = Méthode inconnue ou non traçable
kpi-type-core = KPI de base
kpi-type-advanced = KPI avancé

## Validation warnings
kpi-rule-plausible-range = Valeur hors de la plage plausible
kpi-rule-expected-range = Valeur hors de la plage habituelle
kpi-rule-parts-sum = Les parties ne s'additionnent pas
kpi-rule-denominator-consistency = Les dénominateurs divergent
kpi-rule-input-smaller-than = Données de la ville apparemment inversées
kpi-rule-per-100k-denominator = Population déjà divisée
kpi-rule-value-mismatch = La valeur diffère de numérateur ÷ dénominateur
kpi-rule-cross = Les chiffres de plusieurs KPI se contredisent
kpi-rule-other = Vérifiez cette valeur
kpi-warning-kpis = KPI concernés :
kpi-warnings-heading = Avertissements de validation
kpi-warnings-none = Aucun avertissement : les chiffres saisis jusqu'ici sont cohérents.

## Assessments list
kpi-assessments-link = Évaluations KPI
kpi-list-title = Évaluations KPI de { $city }
kpi-list-lead = Auto-évaluations sur les indicateurs clés de performance U4SSC (Recommandation UIT-T Y.4903), une par an.
kpi-list-empty = Il n'y a encore aucune évaluation.
kpi-list-caption = Évaluations de { $city }, les plus récentes d'abord
kpi-assessment-title = Évaluation KPI { $year }
kpi-col-year = Année
kpi-col-status = Statut
kpi-col-revision = Révision
kpi-col-verifier = Vérificateur
kpi-no-verifier = Aucun vérificateur désigné
kpi-new-heading = Commencer une nouvelle évaluation
kpi-field-year = Année
kpi-field-year-hint = L'année que décrivent les chiffres, par exemple 2025.
kpi-field-start-from-previous = Reprendre les sources de l'année précédente
kpi-field-start-from-previous-hint = Copie les sources de la dernière évaluation antérieure, jamais ses chiffres.
kpi-new-button = Créer l'évaluation

## Overview
kpi-back-to-overview = Retour à l'évaluation
kpi-actions-label = Pages et actions de l'évaluation
kpi-action-refused = Cette action n'a pas pu être effectuée
kpi-inputs-link = Données de la ville
kpi-evidence-link = Justificatifs
kpi-verification-link = Vérification
kpi-settings-link = Paramètres
kpi-revision-link = Ouvrir une nouvelle révision
kpi-submit-button = Soumettre à la vérification
kpi-submit-hint = Le vérificateur examine ensuite chaque KPI. Les chiffres qu'il a acceptés ne peuvent plus être modifiés.
kpi-complete-button = Terminer la vérification
kpi-return-button = Renvoyer à la ville
kpi-locked-note = Vérifiée : cette évaluation est verrouillée. Toute correction demande une nouvelle révision.
kpi-progress-heading = Avancement par catégorie
kpi-progress-entered = { $count } saisis
kpi-progress-not-reported = { $count } non communiqués
kpi-progress-missing = { $count } manquants
kpi-col-category = Catégorie
kpi-col-entered = Saisis
kpi-col-not-reported = Non communiqués
kpi-col-missing = Manquants

## Settings and revision
kpi-settings-title = Paramètres de l'évaluation KPI { $year }
kpi-field-target-set = Jeu de cibles
kpi-field-currency = Monnaie
kpi-field-currency-hint = La monnaie des montants comme le PIB : un code de trois lettres comme EUR.
kpi-field-verifier = Vérificateur
kpi-field-compare-with-peers = Comparer avec des villes de taille similaire
kpi-field-compare-with-peers-hint = Une fois vérifiés, les scores de cette évaluation rejoignent une distribution anonyme avec les autres villes qui l'ont accepté. Aucune ville n'est jamais classée.
kpi-revision-title = Ouvrir une nouvelle révision de l'évaluation KPI { $year }
kpi-revision-question = L'évaluation a été vérifiée et est verrouillée. Une nouvelle révision permet à la ville de la corriger ; elle devra ensuite être vérifiée de nouveau. La raison est conservée avec la révision et dans le journal d'audit.
kpi-field-revision-reason = Raison de la nouvelle révision
kpi-revision-button = Ouvrir la nouvelle révision
kpi-revision-n = révision { $revision }

## City inputs
kpi-inputs-title = Données de la ville
kpi-inputs-lead = Des chiffres saisis une seule fois et utilisés comme dénominateur de plusieurs KPI. Enregistrez-les tous ensemble ; chaque KPI qui en utilise un est recalculé.
kpi-inputs-currency = Les montants sont en { $currency }. La monnaie se modifie dans les paramètres de l'évaluation.
kpi-inputs-used-by = Utilisé par { $count } KPI
kpi-inputs-save = Enregistrer les données de la ville
kpi-inputs-read-only = Les données de la ville ne peuvent être modifiées que lorsque l'évaluation est un brouillon.
kpi-col-input = Donnée
kpi-col-unit = Unité

## Category form
kpi-category-lead = Saisissez les chiffres de chaque KPI avec leur source. Vous pouvez enregistrer un formulaire incomplet comme brouillon ; les problèmes s'affichent à côté de chaque champ.
kpi-category-read-only = Vous ne pouvez pas modifier ces chiffres à ce stade.
kpi-category-save = Enregistrer cette catégorie
kpi-field-numerator = Numérateur
kpi-field-denominator = Dénominateur
kpi-field-value = Valeur
kpi-field-value-in = Valeur ({ $unit })
kpi-field-final-value = Ou la valeur finale
kpi-final-value-hint = Seulement si vous avez le résultat et pas ses composantes, en { $unit }.
kpi-field-yes-no = Est-ce en place dans la ville ?
kpi-yes = Oui
kpi-no = Non
kpi-not-entered = Non saisi
kpi-field-source = Source
kpi-field-note = Note
kpi-field-quality = Qualité des données
kpi-field-not-reported = Non communiqué
kpi-field-not-reported-reason = Raison pour laquelle il n'est pas communiqué
kpi-field-input = Donnée de la ville
kpi-denominator-from-input = Laissez vide pour utiliser la donnée de la ville ({ $input }).
kpi-current-value = Valeur actuelle
kpi-target = Cible
kpi-achievement = Atteinte
kpi-not-computable = Aucune valeur ne peut encore être calculée :

## Evidence
kpi-evidence-title = Justificatifs
kpi-evidence-heading = Justificatifs
kpi-evidence-none = Aucun justificatif pour l'instant.
kpi-evidence-add-for = Ajouter un justificatif pour { $kpi }
kpi-evidence-upload-heading = Ajouter un justificatif
kpi-evidence-file-hint = PDF, PNG, JPEG, CSV, texte, XLSX, DOCX ou ODT, jusqu'à 10 Mo.
kpi-evidence-upload-button = Téléverser le fichier
kpi-evidence-delete-link = Supprimer { $name }
kpi-evidence-delete-title = Supprimer un justificatif
kpi-evidence-delete-question = Supprimer { $name } ? Le fichier ne pourra pas être récupéré.
kpi-evidence-delete-button = Supprimer le fichier
kpi-choose = Choisir…
kpi-col-kpi = KPI
kpi-col-file = Fichier
kpi-col-size = Taille (Ko)
kpi-col-uploaded = Ajouté
kpi-col-actions = Actions

## Verification
kpi-verification-title = Vérification
kpi-verification-lead-verifier = Examinez chaque KPI communiqué : posez une question à la ville, puis marquez-le vérifié ou non vérifié. Terminez la vérification quand chaque KPI est marqué.
kpi-verification-lead-city = Le vérificateur examine cette évaluation. Répondez ici à ses questions ; vous pouvez encore corriger les chiffres qu'il n'a pas acceptés.
kpi-verification-read-only = L'examen du vérificateur, KPI par KPI.
kpi-verification-empty = Rien n'a encore été communiqué.
kpi-pending-heading = Reste à examiner : { $count }
kpi-decision-pending = Pas encore examiné
kpi-decision-verified = Vérifié
kpi-decision-not-verified = Non vérifié
kpi-decision-reopen = Rouvrir (retour à « non examiné »)
kpi-decision-label = Décision sur { $kpi }
kpi-decision-note = Note pour la ville
kpi-decision-note-hint = Obligatoire pour « non vérifié » et « rouvrir ».
kpi-decision-button = Enregistrer la décision
kpi-open-in-form = Ouvrir dans le formulaire de saisie
kpi-thread-heading = Questions, réponses et décisions
kpi-question-label = Question à la ville sur { $kpi }
kpi-question-button = Poser la question
kpi-answer-label = Réponse au vérificateur sur { $kpi }
kpi-answer-button = Envoyer la réponse
kpi-note-question = Question
kpi-note-answer = Réponse
kpi-note-verified = Vérifié
kpi-note-not-verified = Non vérifié
kpi-note-reopened = Rouvert
kpi-check-heading = Vérifié pendant la saisie
kpi-check-clean = Aucun problème pour l'instant. Rien n'est enregistré avant d'appuyer sur Enregistrer.
kpi-check-values = Valeurs avec les chiffres saisis jusqu'ici :
