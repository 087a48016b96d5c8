# رسائل واجهة Civitas: العربية.

## الإطار
skip-to-content = الانتقال إلى المحتوى الرئيسي
nav-label = القائمة الرئيسية
nav-home = الصفحة الرئيسية
nav-account = حسابي
nav-admin = إدارة المنصة
signed-in-as = تم تسجيل الدخول باسم { $name }
sign-in = تسجيل الدخول
sign-out = تسجيل الخروج
language-label = اللغة
footer-text = Civitas – تحول رقمي للمدن محوره الإنسان. برمجيات مفتوحة المصدر.
back-home = العودة إلى الصفحة الرئيسية
cancel = إلغاء
save = حفظ
total = المجموع
form-has-errors = يرجى تصحيح ما يلي
datetime = { $day } { $month } { $year }، { $time } بالتوقيت العالمي
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر

## الأدوار
role-city-admin = مسؤول المدينة
role-data-editor = محرر البيانات
role-verifier = المدقق
role-viewer = القارئ
role-platform-admin = مسؤول المنصة
role-of = دور { $name }

## الحقول ورسائل النماذج
field-email = البريد الإلكتروني
field-password = كلمة المرور
field-current-password = كلمة المرور الحالية
field-new-password = كلمة المرور الجديدة
field-confirm-password = أعد كتابة كلمة المرور الجديدة
field-display-name = اسمك
field-city-name = اسم المدينة
field-slug = اسم مختصر لعناوين الويب
field-country = البلد
field-population = عدد السكان
field-published = نشر الصفحة العامة لهذه المدينة
field-token-name = اسم الرمز
password-hint = ثمانية أحرف على الأقل. بضع كلمات تتذكرها تصنع كلمة مرور قوية.
population-hint = عدد صحيح، مثل 412300. اتركه فارغًا إن لم يكن معروفًا.
slug-hint = أحرف لاتينية صغيرة وأرقام وشرطات، مثل demo-city.
token-name-hint = الغرض من الرمز، مثل «برنامج التقارير».
error-required = هذا الحقل مطلوب.
error-too-long = النص طويل جدًا.
error-not-an-email = أدخل عنوان بريد إلكتروني مثل name@example.org.
error-password-too-short = استخدم ثمانية أحرف على الأقل.
error-password-too-long = استخدم 128 حرفًا على الأكثر.
error-password-too-common = هذه من أكثر كلمات المرور شيوعًا. اختر غيرها.
error-passwords-differ = كلمتا المرور غير متطابقتين.
error-wrong-password = هذه ليست كلمة المرور الحالية.
error-not-a-slug = استخدم الأحرف اللاتينية الصغيرة والأرقام والشرطات فقط.
error-not-a-positive-number = أدخل عددًا صحيحًا أكبر من صفر.
error-unknown-role = اختر أحد الأدوار من القائمة.
error-unknown-language = اختر الإنجليزية أو الفرنسية أو الإسبانية أو العربية.
error-already-taken = هذه القيمة مستخدمة بالفعل.
error-last-city-admin = ستبقى المدينة بلا مسؤول. امنح هذا الدور لشخص آخر أولًا.

## صفحات الأخطاء
error-request-id = إذا تواصلت مع الدعم، فاذكر هذا المرجع: { $id }
error-page-not-found = الصفحة غير موجودة
error-page-not-found-detail = الصفحة غير موجودة، أو لا تملك صلاحية الوصول إليها.
error-page-sign-in = يرجى تسجيل الدخول
error-page-sign-in-detail = يجب تسجيل الدخول لعرض هذه الصفحة.
error-page-forbidden = غير مسموح
error-page-forbidden-detail = دورك لا يسمح بهذا الإجراء. اطلبه من مسؤول المدينة إن احتجت إليه.
error-page-csrf = انتهت صلاحية النموذج
error-page-csrf-detail = لم يُقبل النموذج حفاظًا على أمانك. عد إلى الصفحة السابقة، وأعد تحميلها، ثم حاول مرة أخرى.
error-page-invalid = تعذر فهم الطلب
error-page-invalid-detail = بعض القيم المرسلة غير صالحة.
error-page-throttled = محاولات كثيرة جدًا
error-page-throttled-detail = يرجى الانتظار بضع دقائق ثم المحاولة مرة أخرى.
error-page-unavailable = الخدمة غير متاحة
error-page-unavailable-detail = قاعدة البيانات لا تستجيب. يرجى المحاولة بعد قليل.
error-page-internal = حدث خطأ ما
error-page-internal-detail = تم تسجيل الخطأ. يرجى المحاولة لاحقًا.

## إشعارات بعد إجراء
notice-password-changed = تم تغيير كلمة المرور. وتم إنهاء جلساتك الأخرى.
notice-token-revoked = تم إلغاء الرمز.
notice-role-changed = تم تغيير الدور.
notice-member-removed = تمت إزالة الشخص من هذه المدينة.
notice-user-disabled = تم تعطيل الحساب. لم تعد جلساته ورموزه تعمل.
notice-user-enabled = تم تفعيل الحساب من جديد.
notice-city-saved = تم حفظ إعدادات المدينة.
notice-city-created = تم إنشاء المدينة.
notice-welcome = مرحبًا بك في Civitas. لقد سجلت الدخول.
notice-invited = تم إنشاء دعوة إلى { $email }.

## تسجيل الدخول
login-title = تسجيل الدخول إلى Civitas
login-failed = البريد الإلكتروني أو كلمة المرور غير صحيحة.
login-throttled = محاولات كثيرة جدًا. يرجى المحاولة بعد { $minutes } دقيقة.
login-no-account = تُنشأ الحسابات بدعوة من مسؤول المدينة. لا يحتاج السكان إلى حساب لقراءة ما تنشره المدن.

## الصفحة الرئيسية
home-title = المدن على Civitas
home-lead = يساعد Civitas المدن على قياس موقعها في مؤشرات U4SSC، وفهم الفجوة الرقمية فيها، والتخطيط مع سكانها، ونشر النتائج.
home-my-cities = مدني
home-published-cities = المدن المنشورة
home-no-published = لم تنشر أي مدينة صفحتها بعد.

## الحساب
account-title = حسابي
account-email = البريد الإلكتروني: { $email }
account-password-heading = تغيير كلمة المرور
account-password-sessions = يؤدي تغيير كلمة المرور إلى إنهاء جميع جلساتك الأخرى.
account-password-button = تغيير كلمة المرور
account-tokens-heading = رموز واجهة البرمجة
account-tokens-lead = تتيح الرموز للبرامج والأنظمة الأخرى استخدام واجهة برمجة Civitas نيابة عنك. أرسلها على شكل «Authorization: Bearer» متبوعًا بالرمز.
account-token-created = رمزك الجديد أدناه. انسخه الآن، فلن يُعرض مرة أخرى.
account-no-tokens = ليس لديك أي رموز لواجهة البرمجة.
token-revoked = ملغى
token-revoke-button = إلغاء { $name }
token-create-button = إنشاء رمز

## المدينة
city-population = عدد السكان { $count }
city-not-published = غير منشورة: لا يرى هذه الصفحة إلا فريق المدينة.
city-workspace-nav = مساحة عمل المدينة
city-members-link = الأشخاص والأدوار
city-audit-link = سجل التدقيق
city-settings-link = الإعدادات
city-districts-heading = الأحياء
city-districts-caption = أحياء { $city }
city-no-districts = لم تُدخل أي أحياء بعد.
settings-title = إعدادات { $city }
col-district = الحي
col-population = عدد السكان
col-area = المساحة (كم²)
col-name = الاسم
col-role = الدور
col-actions = الإجراءات
col-created = تاريخ الإنشاء
col-last-used = آخر استخدام
col-status = الحالة
col-when = متى
col-who = من
col-what = ماذا
col-old = قبل
col-new = بعد

## الأعضاء والدعوات
members-title = الأشخاص في { $city }
members-caption = الأعضاء وأدوارهم
change-role-button = تغيير دور { $name }
remove-member-link = إزالة { $name }
disable-user-link = تعطيل { $name }
enable-user-button = تفعيل { $name }
user-disabled = معطل
user-active = نشط
invite-heading = دعوة شخص
invite-lead = ينشئ Civitas رابطًا يُستخدم مرة واحدة. أرسله بنفسك إلى الشخص، وهو صالح لمدة 7 أيام.
invite-button = إنشاء رابط الدعوة
invite-link-lead = أرسل هذا الرابط إلى الشخص. يعمل مرة واحدة ولا يُعرض إلا الآن.
invitations-heading = الدعوات
invitation-accepted = مقبولة
invitation-expired = منتهية الصلاحية
invitation-pending = في الانتظار، صالحة حتى { $until }
invitation-title = قبول دعوتك
invitation-lead = لقد دُعيت للعمل على { $city } في Civitas.
invitation-role = دورك: { $role }.
invitation-existing-account = لديك حساب بالفعل. أدخل كلمة مروره لإضافة هذه المدينة إليه.
invitation-accept-button = قبول الدعوة
confirm-remove-title = إزالة عضو
confirm-remove-question = هل تريد إزالة { $name }؟ سيفقد الوصول إلى هذه المدينة. يمكنك دعوته مرة أخرى لاحقًا.
confirm-remove-button = نعم، أزِل
confirm-disable-title = تعطيل حساب
confirm-disable-question = هل تريد تعطيل حساب { $name }؟ سيتم إنهاء جميع جلساته وستتوقف رموز واجهة البرمجة الخاصة به عن العمل. يمكنك تفعيله مرة أخرى لاحقًا.
confirm-disable-button = نعم، عطِّل

## التدقيق
audit-city-heading = سجل التدقيق لـ { $city }
audit-platform-heading = سجل التدقيق للمنصة بأكملها
audit-caption = التغييرات، الأحدث أولًا
audit-empty = لم يُسجل أي شيء بعد.
audit-older = إدخالات أقدم

## إدارة المنصة
admin-title = إدارة المنصة
admin-cities-heading = المدن
admin-new-city = إضافة مدينة
admin-create-city = إنشاء المدينة
admin-users-heading = الحسابات
city-residents-nav = للسكان
