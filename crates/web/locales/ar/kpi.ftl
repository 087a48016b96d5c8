## KPI assessment (U4SSC, ITU-T Y.4903)

## Problems with KPI forms (keys of civitas_domain::validation::Problem)
error-not-a-number = أدخل رقمًا مثل 12.5، مع نقطة قبل الكسور العشرية.
error-not-a-year = أدخل سنة بين 1990 و2200.
error-unknown-quality = اختر إحدى الدرجات الست لجودة البيانات.
error-reason-required = اذكر سببًا.
error-numbers-while-not-reported = لا يمكن أن يحمل مؤشر معلَّم بأنه «غير مُبلَّغ عنه» أرقامًا. امسح الأرقام أو أزل علامة «غير مُبلَّغ عنه».
error-locked = لا يمكن تغيير هذا في هذه المرحلة من التحقق.
error-unknown-target-set = اختر مجموعة الأهداف الافتراضية أو إحدى مجموعات المدينة.
error-not-a-verifier = اختر عضوًا في المدينة له دور المدقِّق.
error-unknown-currency = أدخل رمز عملة من ثلاثة أحرف وفق ISO 4217 مثل EUR.
error-not-computable = لا تستطيع الصيغة حساب قيمة من هذه الأرقام.
error-review-incomplete = يجب تعليم كل مؤشر مُبلَّغ عنه بأنه مُتحقَّق منه أو غير مُتحقَّق منه قبل إنهاء التحقق.
error-unsupported-file-type = اختر ملفًا بصيغة PDF أو PNG أو JPEG أو CSV أو نص أو XLSX أو DOCX أو ODT.

## Notices after a KPI action
notice-assessment-created = أُنشئ التقييم.
notice-assessment-submitted = أُرسل التقييم إلى المدقِّق.
notice-assessment-settings-saved = حُفظت إعدادات التقييم.
notice-revision-opened = فُتحت مراجعة جديدة. يمكن تعديل التقييم من جديد.
notice-inputs-saved = حُفظت بيانات المدينة. أُعيد حساب كل مؤشر يستخدمها.
notice-category-saved = حُفظت الفئة.
notice-note-question = أُرسل سؤالك إلى المدينة.
notice-note-answer = أُضيف ردّك.
notice-note-decision = سُجّل قرارك.
notice-verification-completed = اكتمل التحقق. أصبح التقييم مقفلًا.
notice-assessment-returned = أُعيد التقييم إلى المدينة.
notice-evidence-added = أُضيف ملف الإثبات.
notice-evidence-deleted = حُذف ملف الإثبات.

## Statuses, bands, grades
kpi-status-draft = مسودة
kpi-status-submitted = لدى المدقِّق
kpi-status-verified = مُتحقَّق منه
kpi-band-below-33 = أقل من 33 ٪ من الهدف
kpi-band-33-66 = من 33 إلى 66 ٪ من الهدف
kpi-band-66-95 = من 66 إلى 95 ٪ من الهدف
kpi-band-95 = 95 ٪ من الهدف أو أكثر
kpi-not-scored = بلا درجة (غير متاح)
kpi-quality-none = بلا تصنيف
kpi-quality-measured = قياس دقيق
kpi-quality-survey-extrapolation = مستقرأ من مسح للسكان
kpi-quality-higher-level-extrapolation = مستقرأ من بيانات إقليمية أو وطنية
kpi-quality-assumption-estimate = تقدير مبني على افتراضات
kpi-quality-personal-estimate = تقدير شخصي
kpi-quality-unknown-method = طريقة مجهولة أو لا يمكن تتبعها
kpi-type-core = مؤشر أساسي
kpi-type-advanced = مؤشر متقدم

## Validation warnings
kpi-rule-plausible-range = قيمة خارج النطاق المعقول
kpi-rule-expected-range = قيمة خارج النطاق المعتاد
kpi-rule-parts-sum = مجموع الأجزاء غير صحيح
kpi-rule-denominator-consistency = المقامات غير متطابقة
kpi-rule-input-smaller-than = يبدو أن بيانات المدينة متبادلة
kpi-rule-per-100k-denominator = السكان مقسومون مسبقًا
kpi-rule-value-mismatch = القيمة تختلف عن البسط ÷ المقام
kpi-rule-cross = أرقام عدة مؤشرات متعارضة
kpi-rule-other = راجع هذه القيمة
kpi-warning-kpis = المؤشرات المعنية:
kpi-warnings-heading = تحذيرات التحقق من الصحة
kpi-warnings-none = لا تحذيرات: الأرقام المدخلة حتى الآن متسقة.

## Assessments list
kpi-assessments-link = تقييمات مؤشرات الأداء
kpi-list-title = تقييمات مؤشرات الأداء لمدينة { $city }
kpi-list-lead = تقييمات ذاتية وفق مؤشرات الأداء الرئيسية لمبادرة U4SSC (التوصية ITU-T Y.4903)، تقييم لكل سنة.
kpi-list-empty = لا يوجد أي تقييم بعد.
kpi-list-caption = تقييمات { $city }، الأحدث أولًا
kpi-assessment-title = تقييم مؤشرات الأداء { $year }
kpi-col-year = السنة
kpi-col-status = الحالة
kpi-col-revision = المراجعة
kpi-col-verifier = المدقِّق
kpi-no-verifier = لم يُعيَّن مدقِّق
kpi-new-heading = بدء تقييم جديد
kpi-field-year = السنة
kpi-field-year-hint = السنة التي تصفها الأرقام، مثل 2025.
kpi-field-start-from-previous = البدء من مصادر السنة الماضية
kpi-field-start-from-previous-hint = ينسخ مصادر آخر تقييم سابق، ولا ينسخ أرقامه أبدًا.
kpi-new-button = إنشاء التقييم

## Overview
kpi-back-to-overview = العودة إلى التقييم
kpi-actions-label = صفحات التقييم وإجراءاته
kpi-action-refused = تعذّر تنفيذ ذلك
kpi-inputs-link = بيانات المدينة
kpi-evidence-link = ملفات الإثبات
kpi-verification-link = التحقق
kpi-settings-link = الإعدادات
kpi-revision-link = فتح مراجعة جديدة
kpi-submit-button = الإرسال للتحقق
kpi-submit-hint = يراجع المدقِّق بعد ذلك كل مؤشر. لا يمكن تغيير الأرقام التي قبلها المدقِّق.
kpi-complete-button = إنهاء التحقق
kpi-return-button = الإعادة إلى المدينة
kpi-locked-note = مُتحقَّق منه: هذا التقييم مقفل. تتطلب التصحيحات مراجعة جديدة.
kpi-progress-heading = التقدم حسب الفئة
kpi-progress-entered = { $count } مُدخلة
kpi-progress-not-reported = { $count } غير مُبلَّغ عنها
kpi-progress-missing = { $count } ناقصة
kpi-col-category = الفئة
kpi-col-entered = مُدخلة
kpi-col-not-reported = غير مُبلَّغ عنها
kpi-col-missing = ناقصة

## Settings and revision
kpi-settings-title = إعدادات تقييم مؤشرات الأداء { $year }
kpi-field-target-set = مجموعة الأهداف
kpi-field-currency = العملة
kpi-field-currency-hint = عملة المبالغ مثل الناتج المحلي الإجمالي: رمز من ثلاثة أحرف مثل EUR.
kpi-field-verifier = المدقِّق
kpi-field-compare-with-peers = المقارنة مع مدن مماثلة في الحجم
kpi-field-compare-with-peers-hint = بعد التحقق، تنضم درجات هذا التقييم إلى توزيع مجهول الهوية مع المدن الأخرى التي وافقت. لا تُرتَّب أي مدينة أبدًا.
kpi-revision-title = فتح مراجعة جديدة لتقييم مؤشرات الأداء { $year }
kpi-revision-question = تم التحقق من التقييم وهو مقفل. تتيح المراجعة الجديدة للمدينة تصحيحه، ثم يجب التحقق منه من جديد. يُحفظ السبب مع المراجعة وفي سجل التدقيق.
kpi-field-revision-reason = سبب المراجعة الجديدة
kpi-revision-button = فتح المراجعة الجديدة
kpi-revision-n = المراجعة { $revision }

## City inputs
kpi-inputs-title = بيانات المدينة
kpi-inputs-lead = أرقام تُدخل مرة واحدة وتُستخدم مقامًا لعدة مؤشرات. احفظها كلها معًا؛ يُعاد حساب كل مؤشر يستخدم أحدها.
kpi-inputs-currency = المبالغ بعملة { $currency }. تُغيَّر العملة في إعدادات التقييم.
kpi-inputs-used-by = تستخدمه { $count } من المؤشرات
kpi-inputs-save = حفظ بيانات المدينة
kpi-inputs-read-only = لا يمكن تغيير بيانات المدينة إلا ما دام التقييم مسودة.
kpi-col-input = البيان
kpi-col-unit = الوحدة

## Category form
kpi-category-lead = أدخل أرقام كل مؤشر مع مصدرها. يمكنك حفظ نموذج غير مكتمل كمسودة؛ تظهر المشكلات بجانب كل حقل.
kpi-category-read-only = لا يمكنك تغيير هذه الأرقام في هذه المرحلة.
kpi-category-save = حفظ هذه الفئة
kpi-field-numerator = البسط
kpi-field-denominator = المقام
kpi-field-value = القيمة
kpi-field-value-in = القيمة ({ $unit })
kpi-field-final-value = أو القيمة النهائية
kpi-final-value-hint = فقط إن كانت لديك النتيجة دون مكوّناتها، بوحدة { $unit }.
kpi-field-yes-no = هل هذا قائم في المدينة؟
kpi-yes = نعم
kpi-no = لا
kpi-not-entered = غير مُدخل
kpi-field-source = المصدر
kpi-field-note = ملاحظة
kpi-field-quality = جودة البيانات
kpi-field-not-reported = غير مُبلَّغ عنه
kpi-field-not-reported-reason = سبب عدم الإبلاغ
kpi-field-input = بيان المدينة
kpi-denominator-from-input = اتركه فارغًا لاستخدام بيان المدينة ({ $input }).
kpi-current-value = القيمة الحالية
kpi-target = الهدف
kpi-achievement = نسبة الإنجاز
kpi-not-computable = لا يمكن حساب قيمة بعد:

## Evidence
kpi-evidence-title = ملفات الإثبات
kpi-evidence-heading = الإثباتات
kpi-evidence-none = لا توجد ملفات إثبات بعد.
kpi-evidence-add-for = إضافة إثبات للمؤشر { $kpi }
kpi-evidence-upload-heading = إضافة ملف إثبات
kpi-evidence-file-hint = PDF أو PNG أو JPEG أو CSV أو نص أو XLSX أو DOCX أو ODT، حتى 10 ميغابايت.
kpi-evidence-upload-button = رفع الملف
kpi-evidence-delete-link = حذف { $name }
kpi-evidence-delete-title = حذف ملف إثبات
kpi-evidence-delete-question = هل تريد حذف { $name }؟ لا يمكن استرجاع الملف.
kpi-evidence-delete-button = حذف الملف
kpi-choose = اختر…
kpi-col-kpi = المؤشر
kpi-col-file = الملف
kpi-col-size = الحجم (كيلوبايت)
kpi-col-uploaded = تاريخ الرفع
kpi-col-actions = الإجراءات

## Verification
kpi-verification-title = التحقق
kpi-verification-lead-verifier = راجع كل مؤشر مُبلَّغ عنه: اطرح سؤالًا على المدينة، ثم علّمه بأنه مُتحقَّق منه أو غير مُتحقَّق منه. أنهِ التحقق عندما تُعلَّم كل المؤشرات.
kpi-verification-lead-city = يراجع المدقِّق هذا التقييم. أجب عن أسئلته هنا؛ لا يزال بإمكانك تصحيح الأرقام التي لم يقبلها.
kpi-verification-read-only = مراجعة المدقِّق، مؤشرًا تلو الآخر.
kpi-verification-empty = لم يُبلَّغ عن أي شيء بعد.
kpi-pending-heading = بانتظار المراجعة: { $count }
kpi-decision-pending = لم يُراجَع بعد
kpi-decision-verified = مُتحقَّق منه
kpi-decision-not-verified = غير مُتحقَّق منه
kpi-decision-reopen = إعادة الفتح (العودة إلى «لم يُراجَع»)
kpi-decision-label = القرار بشأن { $kpi }
kpi-decision-note = ملاحظة للمدينة
kpi-decision-note-hint = مطلوبة في حالتي «غير مُتحقَّق منه» و«إعادة الفتح».
kpi-decision-button = تسجيل القرار
kpi-open-in-form = الفتح في نموذج إدخال البيانات
kpi-thread-heading = الأسئلة والردود والقرارات
kpi-question-label = سؤال إلى المدينة بشأن { $kpi }
kpi-question-button = طرح السؤال
kpi-answer-label = رد على المدقِّق بشأن { $kpi }
kpi-answer-button = إرسال الرد
kpi-note-question = سؤال
kpi-note-answer = رد
kpi-note-verified = مُتحقَّق منه
kpi-note-not-verified = غير مُتحقَّق منه
kpi-note-reopened = أُعيد فتحه
kpi-check-heading = التحقق أثناء الكتابة
kpi-check-clean = لا توجد مشكلة حتى الآن. لا يُحفظ شيء قبل الضغط على «حفظ».
kpi-check-values = القيم بالأرقام المكتوبة حتى الآن:
