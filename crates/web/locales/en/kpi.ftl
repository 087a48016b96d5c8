## KPI assessment (U4SSC, ITU-T Y.4903)

## Problems with KPI forms (keys of civitas_domain::validation::Problem)
error-not-a-number = Enter a number like 12.5, with a point before the decimals.
error-not-a-year = Enter a year between 1990 and 2200.
error-unknown-quality = Choose one of the six data-quality grades.
error-reason-required = Give a reason.
error-numbers-while-not-reported = A KPI marked "not reported" cannot also have figures. Clear the figures or untick "not reported".
error-locked = This cannot be changed at this stage of verification.
error-unknown-target-set = Choose the default target set or one of the city's own.
error-not-a-verifier = Choose a member of the city with the verifier role.
error-unknown-currency = Enter a three-letter ISO 4217 code like EUR.
error-not-computable = The formula cannot give a value from these figures.
error-review-incomplete = Every reported KPI must be marked verified or not verified before the verification can be completed.
error-unsupported-file-type = Choose a PDF, PNG, JPEG, CSV, text, XLSX, DOCX or ODT file.

## Notices after a KPI action
notice-assessment-created = The assessment has been created.
notice-assessment-submitted = The assessment has been submitted to its verifier.
notice-assessment-settings-saved = The assessment's settings have been saved.
notice-revision-opened = A new revision has been opened. The assessment can be changed again.
notice-inputs-saved = The city inputs have been saved. Every KPI that uses them has been recomputed.
notice-category-saved = The category has been saved.
notice-note-question = Your question has been sent to the city.
notice-note-answer = Your answer has been added.
notice-note-decision = Your decision has been recorded.
notice-verification-completed = The verification is complete. The assessment is now locked.
notice-assessment-returned = The assessment has been returned to the city.
notice-evidence-added = The evidence file has been added.
notice-evidence-deleted = The evidence file has been deleted.

## Statuses, bands, grades
kpi-status-draft = Draft
kpi-status-submitted = With the verifier
kpi-status-verified = Verified
kpi-band-below-33 = Below 33 % of target
kpi-band-33-66 = 33 to 66 % of target
kpi-band-66-95 = 66 to 95 % of target
kpi-band-95 = 95 % of target or more
kpi-not-scored = Not scored (N/A)
kpi-quality-none = Not graded
kpi-quality-measured = Accurate measurement
kpi-quality-survey-extrapolation = Extrapolated from an inhabitant survey
kpi-quality-higher-level-extrapolation = Extrapolated from regional or national data
kpi-quality-assumption-estimate = Estimate based on assumptions
kpi-quality-personal-estimate = Personal estimate
kpi-quality-unknown-method = Unknown or untraceable method
kpi-type-core = Core KPI
kpi-type-advanced = Advanced KPI

## Validation warnings
kpi-rule-plausible-range = Value outside the plausible range
kpi-rule-expected-range = Value outside the usual range
kpi-rule-parts-sum = Parts do not add up
kpi-rule-denominator-consistency = Denominators disagree
kpi-rule-input-smaller-than = City inputs look swapped
kpi-rule-per-100k-denominator = Population already divided
kpi-rule-value-mismatch = Value differs from numerator ÷ denominator
kpi-rule-cross = Figures of several KPIs disagree
kpi-rule-other = Check this value
kpi-warning-kpis = KPIs concerned:
kpi-warnings-heading = Validation warnings
kpi-warnings-none = No warnings: the figures entered so far are consistent.

## Assessments list
kpi-assessments-link = KPI assessments
kpi-list-title = KPI assessments of { $city }
kpi-list-lead = Self-assessments on the U4SSC key performance indicators (Recommendation ITU-T Y.4903), one per year.
kpi-list-empty = There is no assessment yet.
kpi-list-caption = Assessments of { $city }, newest first
kpi-assessment-title = KPI assessment { $year }
kpi-col-year = Year
kpi-col-status = Status
kpi-col-revision = Revision
kpi-col-verifier = Verifier
kpi-no-verifier = No verifier assigned
kpi-new-heading = Start a new assessment
kpi-field-year = Year
kpi-field-year-hint = The year the figures describe, for example 2025.
kpi-field-start-from-previous = Start from last year's sources
kpi-field-start-from-previous-hint = Copies the sources of the latest earlier assessment, never its figures.
kpi-new-button = Create the assessment

## Overview
kpi-back-to-overview = Back to the assessment
kpi-actions-label = Assessment pages and actions
kpi-action-refused = This could not be done
kpi-inputs-link = City inputs
kpi-evidence-link = Evidence files
kpi-verification-link = Verification
kpi-settings-link = Settings
kpi-revision-link = Open a new revision
kpi-submit-button = Submit for verification
kpi-submit-hint = The verifier then reviews each KPI. Figures the verifier has accepted can no longer be changed.
kpi-complete-button = Complete the verification
kpi-return-button = Return to the city
kpi-locked-note = Verified: this assessment is locked. Corrections need a new revision.
kpi-progress-heading = Progress by category
kpi-progress-entered = { $count } entered
kpi-progress-not-reported = { $count } not reported
kpi-progress-missing = { $count } missing
kpi-col-category = Category
kpi-col-entered = Entered
kpi-col-not-reported = Not reported
kpi-col-missing = Missing

## Settings and revision
kpi-settings-title = Settings of the KPI assessment { $year }
kpi-field-target-set = Target set
kpi-field-currency = Currency
kpi-field-currency-hint = The currency of monetary figures such as GDP: a three-letter code like EUR.
kpi-field-verifier = Verifier
kpi-field-compare-with-peers = Compare with cities of similar size
kpi-field-compare-with-peers-hint = Once verified, this assessment's scores join an anonymous distribution with other cities that opted in. No city is ever ranked.
kpi-revision-title = Open a new revision of the KPI assessment { $year }
kpi-revision-question = The assessment was verified and is locked. A new revision lets the city correct it; it then has to be verified again. The reason is kept with the revision and in the audit log.
kpi-field-revision-reason = Reason for the new revision
kpi-revision-button = Open the new revision
kpi-revision-n = revision { $revision }

## City inputs
kpi-inputs-title = City inputs
kpi-inputs-lead = Figures entered once and used as the denominator of several KPIs. Save them all at once; every KPI that uses one is recomputed.
kpi-inputs-currency = Monetary figures are in { $currency }. The currency is changed in the assessment's settings.
kpi-inputs-used-by = Used by { $count } KPIs
kpi-inputs-save = Save the city inputs
kpi-inputs-read-only = City inputs can only be changed while the assessment is a draft.
kpi-col-input = Input
kpi-col-unit = Unit

## Category form
kpi-category-lead = Enter each KPI's figures with their source. You can save an incomplete form as a draft; problems are shown next to each field.
kpi-category-read-only = These figures cannot be changed by you at this stage.
kpi-category-save = Save this category
kpi-field-numerator = Numerator
kpi-field-denominator = Denominator
kpi-field-value = Value
kpi-field-value-in = Value ({ $unit })
kpi-field-final-value = Or the final value
kpi-final-value-hint = Only if you have the result and not its parts, in { $unit }.
kpi-field-yes-no = Is this in place in the city?
kpi-yes = Yes
kpi-no = No
kpi-not-entered = Not entered
kpi-field-source = Source
kpi-field-note = Note
kpi-field-quality = Data quality
kpi-field-not-reported = Not reported
kpi-field-not-reported-reason = Reason it is not reported
kpi-field-input = City input
kpi-denominator-from-input = Leave empty to use the city input ({ $input }).
kpi-current-value = Current value
kpi-target = Target
kpi-achievement = Achievement
kpi-not-computable = No value can be computed yet:

## Evidence
kpi-evidence-title = Evidence files
kpi-evidence-heading = Evidence
kpi-evidence-none = No evidence files yet.
kpi-evidence-add-for = Add evidence for { $kpi }
kpi-evidence-upload-heading = Add an evidence file
kpi-evidence-file-hint = PDF, PNG, JPEG, CSV, text, XLSX, DOCX or ODT, up to 10 MB.
kpi-evidence-upload-button = Upload the file
kpi-evidence-delete-link = Delete { $name }
kpi-evidence-delete-title = Delete an evidence file
kpi-evidence-delete-question = Delete { $name }? The file cannot be recovered.
kpi-evidence-delete-button = Delete the file
kpi-choose = Choose…
kpi-col-kpi = KPI
kpi-col-file = File
kpi-col-size = Size (KB)
kpi-col-uploaded = Uploaded
kpi-col-actions = Actions

## Verification
kpi-verification-title = Verification
kpi-verification-lead-verifier = Review each reported KPI: ask the city a question, then mark it verified or not verified. Complete the verification when every KPI is marked.
kpi-verification-lead-city = The verifier is reviewing this assessment. Answer questions here; you can still correct figures the verifier has not accepted.
kpi-verification-read-only = The verifier's review, KPI by KPI.
kpi-verification-empty = Nothing has been reported yet.
kpi-pending-heading = Still to review: { $count }
kpi-decision-pending = Not reviewed yet
kpi-decision-verified = Verified
kpi-decision-not-verified = Not verified
kpi-decision-reopen = Reopen (back to not reviewed)
kpi-decision-label = Decision on { $kpi }
kpi-decision-note = Note for the city
kpi-decision-note-hint = Required for "not verified" and "reopen".
kpi-decision-button = Record the decision
kpi-open-in-form = Open in the data-entry form
kpi-thread-heading = Questions, answers and decisions
kpi-question-label = Question to the city about { $kpi }
kpi-question-button = Ask the question
kpi-answer-label = Answer to the verifier about { $kpi }
kpi-answer-button = Send the answer
kpi-note-question = Question
kpi-note-answer = Answer
kpi-note-verified = Verified
kpi-note-not-verified = Not verified
kpi-note-reopened = Reopened
kpi-check-heading = Checked as you type
kpi-check-clean = No problem found so far. Nothing is saved until you press Save.
kpi-check-values = Values with the figures typed so far:
