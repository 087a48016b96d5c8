## KPI assessment (U4SSC, ITU-T Y.4903)

## Problems with KPI forms (keys of civitas_domain::validation::Problem)
error-not-a-number = Escriba un número como 12.5, con un punto antes de los decimales.
error-not-a-year = Escriba un año entre 1990 y 2200.
error-unknown-quality = Elija uno de los seis niveles de calidad de los datos.
error-reason-required = Indique un motivo.
error-numbers-while-not-reported = Un KPI marcado como «no informado» no puede tener cifras. Borre las cifras o desmarque «no informado».
error-locked = Esto ya no se puede cambiar en esta etapa de la verificación.
error-unknown-target-set = Elija el conjunto de metas predeterminado o uno propio de la ciudad.
error-not-a-verifier = Elija a un miembro de la ciudad con el rol de verificador.
error-unknown-currency = Escriba un código ISO 4217 de tres letras como EUR.
error-not-computable = La fórmula no puede dar un valor con estas cifras.
error-review-incomplete = Cada KPI informado debe marcarse como verificado o no verificado antes de terminar la verificación.
error-unsupported-file-type = Elija un archivo PDF, PNG, JPEG, CSV, de texto, XLSX, DOCX u ODT.

## Notices after a KPI action
notice-assessment-created = La evaluación se ha creado.
notice-assessment-submitted = La evaluación se ha enviado a su verificador.
notice-assessment-settings-saved = La configuración de la evaluación se ha guardado.
notice-revision-opened = Se ha abierto una nueva revisión. La evaluación puede volver a modificarse.
notice-inputs-saved = Los datos de la ciudad se han guardado. Se han recalculado todos los KPI que los usan.
notice-category-saved = La categoría se ha guardado.
notice-note-question = Su pregunta se ha enviado a la ciudad.
notice-note-answer = Su respuesta se ha añadido.
notice-note-decision = Su decisión se ha registrado.
notice-verification-completed = La verificación ha terminado. La evaluación queda bloqueada.
notice-assessment-returned = La evaluación se ha devuelto a la ciudad.
notice-evidence-added = El documento justificativo se ha añadido.
notice-evidence-deleted = El documento justificativo se ha eliminado.

## Statuses, bands, grades
kpi-status-draft = Borrador
kpi-status-submitted = En manos del verificador
kpi-status-verified = Verificada
kpi-band-below-33 = Menos del 33 % de la meta
kpi-band-33-66 = Del 33 al 66 % de la meta
kpi-band-66-95 = Del 66 al 95 % de la meta
kpi-band-95 = El 95 % de la meta o más
kpi-not-scored = Sin puntuación (N/A)
kpi-quality-none = Sin calificar
kpi-quality-measured = Medición precisa
kpi-quality-survey-extrapolation = Extrapolado de una encuesta a los habitantes
kpi-quality-higher-level-extrapolation = Extrapolado de datos regionales o nacionales
kpi-quality-assumption-estimate = Estimación basada en supuestos
kpi-quality-personal-estimate = Estimación personal
kpi-quality-unknown-method = Método desconocido o no trazable
kpi-type-core = KPI básico
kpi-type-advanced = KPI avanzado

## Validation warnings
kpi-rule-plausible-range = Valor fuera del intervalo plausible
kpi-rule-expected-range = Valor fuera del intervalo habitual
kpi-rule-parts-sum = Las partes no suman lo que deberían
kpi-rule-denominator-consistency = Los denominadores no coinciden
kpi-rule-input-smaller-than = Los datos de la ciudad parecen intercambiados
kpi-rule-per-100k-denominator = Población ya dividida
kpi-rule-value-mismatch = El valor difiere de numerador ÷ denominador
kpi-rule-cross = Las cifras de varios KPI no concuerdan
kpi-rule-other = Revise este valor
kpi-warning-kpis = KPI afectados:
kpi-warnings-heading = Avisos de validación
kpi-warnings-none = Sin avisos: las cifras introducidas hasta ahora son coherentes.

## Assessments list
kpi-assessments-link = Evaluaciones de KPI
kpi-list-title = Evaluaciones de KPI de { $city }
kpi-list-lead = Autoevaluaciones con los indicadores clave de rendimiento U4SSC (Recomendación UIT-T Y.4903), una por año.
kpi-list-empty = Todavía no hay ninguna evaluación.
kpi-list-caption = Evaluaciones de { $city }, las más recientes primero
kpi-assessment-title = Evaluación de KPI { $year }
kpi-col-year = Año
kpi-col-status = Estado
kpi-col-revision = Revisión
kpi-col-verifier = Verificador
kpi-no-verifier = Sin verificador asignado
kpi-new-heading = Empezar una nueva evaluación
kpi-field-year = Año
kpi-field-year-hint = El año que describen las cifras, por ejemplo 2025.
kpi-field-start-from-previous = Partir de las fuentes del año anterior
kpi-field-start-from-previous-hint = Copia las fuentes de la última evaluación anterior, nunca sus cifras.
kpi-new-button = Crear la evaluación

## Overview
kpi-back-to-overview = Volver a la evaluación
kpi-actions-label = Páginas y acciones de la evaluación
kpi-action-refused = No se ha podido hacer
kpi-inputs-link = Datos de la ciudad
kpi-evidence-link = Documentos justificativos
kpi-verification-link = Verificación
kpi-settings-link = Configuración
kpi-revision-link = Abrir una nueva revisión
kpi-submit-button = Enviar a verificación
kpi-submit-hint = El verificador revisa después cada KPI. Las cifras que haya aceptado ya no se pueden cambiar.
kpi-complete-button = Terminar la verificación
kpi-return-button = Devolver a la ciudad
kpi-locked-note = Verificada: esta evaluación está bloqueada. Las correcciones requieren una nueva revisión.
kpi-progress-heading = Avance por categoría
kpi-progress-entered = { $count } introducidos
kpi-progress-not-reported = { $count } no informados
kpi-progress-missing = { $count } pendientes
kpi-col-category = Categoría
kpi-col-entered = Introducidos
kpi-col-not-reported = No informados
kpi-col-missing = Pendientes

## Settings and revision
kpi-settings-title = Configuración de la evaluación de KPI { $year }
kpi-field-target-set = Conjunto de metas
kpi-field-currency = Moneda
kpi-field-currency-hint = La moneda de los importes como el PIB: un código de tres letras como EUR.
kpi-field-verifier = Verificador
kpi-field-compare-with-peers = Comparar con ciudades de tamaño similar
kpi-field-compare-with-peers-hint = Una vez verificada, las puntuaciones de esta evaluación se suman a una distribución anónima con otras ciudades que lo han aceptado. Nunca se clasifica a ninguna ciudad.
kpi-revision-title = Abrir una nueva revisión de la evaluación de KPI { $year }
kpi-revision-question = La evaluación se verificó y está bloqueada. Una nueva revisión permite a la ciudad corregirla; después habrá que verificarla de nuevo. El motivo se guarda con la revisión y en el registro de auditoría.
kpi-field-revision-reason = Motivo de la nueva revisión
kpi-revision-button = Abrir la nueva revisión
kpi-revision-n = revisión { $revision }

## City inputs
kpi-inputs-title = Datos de la ciudad
kpi-inputs-lead = Cifras que se introducen una sola vez y sirven de denominador a varios KPI. Guárdelas todas a la vez; cada KPI que use una se recalcula.
kpi-inputs-currency = Los importes están en { $currency }. La moneda se cambia en la configuración de la evaluación.
kpi-inputs-used-by = La usan { $count } KPI
kpi-inputs-save = Guardar los datos de la ciudad
kpi-inputs-read-only = Los datos de la ciudad solo se pueden cambiar mientras la evaluación es un borrador.
kpi-col-input = Dato
kpi-col-unit = Unidad

## Category form
kpi-category-lead = Introduzca las cifras de cada KPI con su fuente. Puede guardar un formulario incompleto como borrador; los problemas se muestran junto a cada campo.
kpi-category-read-only = En esta etapa no puede cambiar estas cifras.
kpi-category-save = Guardar esta categoría
kpi-field-numerator = Numerador
kpi-field-denominator = Denominador
kpi-field-value = Valor
kpi-field-value-in = Valor ({ $unit })
kpi-field-final-value = O el valor final
kpi-final-value-hint = Solo si tiene el resultado y no sus componentes, en { $unit }.
kpi-field-yes-no = ¿Existe esto en la ciudad?
kpi-yes = Sí
kpi-no = No
kpi-not-entered = Sin introducir
kpi-field-source = Fuente
kpi-field-note = Nota
kpi-field-quality = Calidad de los datos
kpi-field-not-reported = No informado
kpi-field-not-reported-reason = Motivo por el que no se informa
kpi-field-input = Dato de la ciudad
kpi-denominator-from-input = Déjelo vacío para usar el dato de la ciudad ({ $input }).
kpi-current-value = Valor actual
kpi-target = Meta
kpi-achievement = Logro
kpi-not-computable = Todavía no se puede calcular un valor:

## Evidence
kpi-evidence-title = Documentos justificativos
kpi-evidence-heading = Justificantes
kpi-evidence-none = Todavía no hay documentos justificativos.
kpi-evidence-add-for = Añadir un justificante para { $kpi }
kpi-evidence-upload-heading = Añadir un documento justificativo
kpi-evidence-file-hint = PDF, PNG, JPEG, CSV, texto, XLSX, DOCX u ODT, de hasta 10 MB.
kpi-evidence-upload-button = Subir el archivo
kpi-evidence-delete-link = Eliminar { $name }
kpi-evidence-delete-title = Eliminar un documento justificativo
kpi-evidence-delete-question = ¿Eliminar { $name }? El archivo no se podrá recuperar.
kpi-evidence-delete-button = Eliminar el archivo
kpi-choose = Elija…
kpi-col-kpi = KPI
kpi-col-file = Archivo
kpi-col-size = Tamaño (KB)
kpi-col-uploaded = Subido
kpi-col-actions = Acciones

## Verification
kpi-verification-title = Verificación
kpi-verification-lead-verifier = Revise cada KPI informado: haga una pregunta a la ciudad y márquelo como verificado o no verificado. Termine la verificación cuando todos los KPI estén marcados.
kpi-verification-lead-city = El verificador está revisando esta evaluación. Responda aquí a sus preguntas; todavía puede corregir las cifras que no haya aceptado.
kpi-verification-read-only = La revisión del verificador, KPI por KPI.
kpi-verification-empty = Todavía no se ha informado nada.
kpi-pending-heading = Pendientes de revisar: { $count }
kpi-decision-pending = Sin revisar
kpi-decision-verified = Verificado
kpi-decision-not-verified = No verificado
kpi-decision-reopen = Reabrir (volver a «sin revisar»)
kpi-decision-label = Decisión sobre { $kpi }
kpi-decision-note = Nota para la ciudad
kpi-decision-note-hint = Obligatoria para «no verificado» y «reabrir».
kpi-decision-button = Registrar la decisión
kpi-open-in-form = Abrir en el formulario de datos
kpi-thread-heading = Preguntas, respuestas y decisiones
kpi-question-label = Pregunta a la ciudad sobre { $kpi }
kpi-question-button = Hacer la pregunta
kpi-answer-label = Respuesta al verificador sobre { $kpi }
kpi-answer-button = Enviar la respuesta
kpi-note-question = Pregunta
kpi-note-answer = Respuesta
kpi-note-verified = Verificado
kpi-note-not-verified = No verificado
kpi-note-reopened = Reabierto
kpi-check-heading = Comprobado mientras escribe
kpi-check-clean = Ningún problema por ahora. No se guarda nada hasta pulsar Guardar.
kpi-check-values = Valores con las cifras escritas hasta ahora:
