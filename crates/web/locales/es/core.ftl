# Mensajes de la interfaz de Civitas: español.

## Marco
skip-to-content = Saltar al contenido principal
nav-label = Principal
nav-home = Inicio
nav-account = Mi cuenta
nav-admin = Administración de la plataforma
signed-in-as = Sesión iniciada como { $name }
sign-in = Iniciar sesión
sign-out = Cerrar sesión
language-label = Idioma
footer-text = Civitas: transformación digital de las ciudades centrada en las personas. Código abierto.
back-home = Volver a la página de inicio
cancel = Cancelar
save = Guardar
total = Total
form-has-errors = Corrija lo siguiente
datetime = { $day } { $month } { $year }, { $time } UTC
month-1 = ene
month-2 = feb
month-3 = mar
month-4 = abr
month-5 = may
month-6 = jun
month-7 = jul
month-8 = ago
month-9 = sept
month-10 = oct
month-11 = nov
month-12 = dic

## Roles
role-city-admin = Administración de la ciudad
role-data-editor = Edición de datos
role-verifier = Verificación
role-viewer = Lectura
role-platform-admin = Administración de la plataforma
role-of = Rol de { $name }

## Campos y mensajes de formulario
field-email = Correo electrónico
field-password = Contraseña
field-current-password = Contraseña actual
field-new-password = Contraseña nueva
field-confirm-password = Repita la contraseña nueva
field-display-name = Su nombre
field-city-name = Nombre de la ciudad
field-slug = Nombre corto para direcciones web
field-country = País
field-population = Población
field-published = Publicar la página pública de esta ciudad
field-token-name = Nombre del token
password-hint = Al menos 8 caracteres. Unas cuantas palabras que recuerde forman una contraseña segura.
population-hint = Un número entero, por ejemplo 412300. Déjelo vacío si no se conoce.
slug-hint = Letras minúsculas, dígitos y guiones, por ejemplo demo-city.
token-name-hint = Para qué sirve el token, por ejemplo «script de informes».
error-required = Este campo es obligatorio.
error-too-long = Es demasiado largo.
error-not-an-email = Escriba un correo electrónico como nombre@ejemplo.org.
error-password-too-short = Use al menos 8 caracteres.
error-password-too-long = Use como máximo 128 caracteres.
error-password-too-common = Es una de las contraseñas más comunes. Elija otra.
error-passwords-differ = Las dos contraseñas no coinciden.
error-wrong-password = No es la contraseña actual.
error-not-a-slug = Use solo letras minúsculas, dígitos y guiones.
error-not-a-positive-number = Escriba un número entero mayor que cero.
error-unknown-role = Elija uno de los roles de la lista.
error-unknown-language = Elija inglés, francés, español o árabe.
error-already-taken = Este valor ya está en uso.
error-last-city-admin = La ciudad se quedaría sin administración. Dé primero ese rol a otra persona.

## Páginas de error
error-request-id = Si contacta con soporte, indique esta referencia: { $id }
error-page-not-found = Página no encontrada
error-page-not-found-detail = La página no existe o no tiene acceso a ella.
error-page-sign-in = Inicie sesión
error-page-sign-in-detail = Debe iniciar sesión para ver esta página.
error-page-forbidden = Acción no permitida
error-page-forbidden-detail = Su rol no permite esta acción. Pídala a la administración de la ciudad si la necesita.
error-page-csrf = El formulario ha caducado
error-page-csrf-detail = Por su seguridad no se pudo aceptar el formulario. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-page-invalid = No se pudo entender la solicitud
error-page-invalid-detail = Algunos de los valores enviados no son válidos.
error-page-throttled = Demasiados intentos
error-page-throttled-detail = Espere unos minutos e inténtelo de nuevo.
error-page-unavailable = Servicio no disponible
error-page-unavailable-detail = La base de datos no responde. Inténtelo de nuevo en un momento.
error-page-internal = Algo ha fallado
error-page-internal-detail = El error ha quedado registrado. Inténtelo de nuevo más tarde.

## Avisos tras una acción
notice-password-changed = Su contraseña ha cambiado. Se han cerrado sus otras sesiones.
notice-token-revoked = El token ha sido revocado.
notice-role-changed = El rol ha cambiado.
notice-member-removed = La persona ha sido retirada de esta ciudad.
notice-user-disabled = La cuenta ha sido desactivada. Sus sesiones y tokens ya no funcionan.
notice-user-enabled = La cuenta ha sido activada de nuevo.
notice-city-saved = Se ha guardado la configuración de la ciudad.
notice-city-created = Se ha creado la ciudad.
notice-welcome = Le damos la bienvenida a Civitas. Ha iniciado sesión.
notice-invited = Se ha creado una invitación para { $email }.

## Inicio de sesión
login-title = Iniciar sesión en Civitas
login-failed = El correo electrónico o la contraseña no son correctos.
login-throttled = Demasiados intentos. Inténtelo de nuevo dentro de { $minutes } minutos.
login-no-account = Las cuentas se crean por invitación de la administración de la ciudad. La ciudadanía no necesita cuenta para leer lo que publican las ciudades.

## Inicio
home-title = Ciudades en Civitas
home-lead = Civitas ayuda a las ciudades a medir su situación en los indicadores U4SSC, comprender su brecha digital, planificar con su ciudadanía y publicar los resultados.
home-my-cities = Mis ciudades
home-published-cities = Ciudades publicadas
home-no-published = Ninguna ciudad ha publicado aún su página.

## Cuenta
account-title = Mi cuenta
account-email = Correo electrónico: { $email }
account-password-heading = Cambiar la contraseña
account-password-sessions = Al cambiar la contraseña se cierran todas sus otras sesiones.
account-password-button = Cambiar la contraseña
account-tokens-heading = Tokens de la API
account-tokens-lead = Los tokens permiten que scripts y otros sistemas usen la API de Civitas en su nombre. Envíelos como «Authorization: Bearer» seguido del token.
account-token-created = Su nuevo token aparece abajo. Cópielo ahora: no se volverá a mostrar.
account-no-tokens = No tiene tokens de la API.
token-revoked = Revocado
token-revoke-button = Revocar { $name }
token-create-button = Crear token

## Ciudad
city-population = población { $count }
city-not-published = No publicada: solo el equipo de la ciudad puede ver esta página.
city-workspace-nav = Espacio de trabajo de la ciudad
city-members-link = Personas y roles
city-audit-link = Registro de auditoría
city-settings-link = Configuración
city-districts-heading = Distritos
city-districts-caption = Distritos de { $city }
city-no-districts = Aún no se han introducido distritos.
settings-title = Configuración de { $city }
col-district = Distrito
col-population = Población
col-area = Superficie (km²)
col-name = Nombre
col-role = Rol
col-actions = Acciones
col-created = Creado
col-last-used = Último uso
col-status = Estado
col-when = Cuándo
col-who = Quién
col-what = Qué
col-old = Antes
col-new = Después

## Miembros e invitaciones
members-title = Personas de { $city }
members-caption = Miembros y sus roles
change-role-button = Cambiar el rol de { $name }
remove-member-link = Retirar a { $name }
disable-user-link = Desactivar a { $name }
enable-user-button = Activar a { $name }
user-disabled = Desactivada
user-active = Activa
invite-heading = Invitar a una persona
invite-lead = Civitas crea un enlace de un solo uso. Envíelo usted a la persona: es válido durante 7 días.
invite-button = Crear enlace de invitación
invite-link-lead = Envíe este enlace a la persona. Funciona una sola vez y solo se muestra ahora.
invitations-heading = Invitaciones
invitation-accepted = Aceptada
invitation-expired = Caducada
invitation-pending = Pendiente, válida hasta el { $until }
invitation-title = Aceptar su invitación
invitation-lead = Le han invitado a trabajar en { $city } en Civitas.
invitation-role = Su rol: { $role }.
invitation-existing-account = Ya tiene una cuenta. Escriba su contraseña para añadirle esta ciudad.
invitation-accept-button = Aceptar la invitación
confirm-remove-title = Retirar a un miembro
confirm-remove-question = ¿Retirar a { $name }? Perderá el acceso a esta ciudad. Podrá invitarle de nuevo más adelante.
confirm-remove-button = Sí, retirar
confirm-disable-title = Desactivar una cuenta
confirm-disable-question = ¿Desactivar la cuenta de { $name }? Se cerrarán todas sus sesiones y sus tokens de la API dejarán de funcionar. Podrá activarla de nuevo más adelante.
confirm-disable-button = Sí, desactivar

## Auditoría
audit-city-heading = Registro de auditoría de { $city }
audit-platform-heading = Registro de auditoría de toda la plataforma
audit-caption = Cambios, del más reciente al más antiguo
audit-empty = Aún no se ha registrado nada.
audit-older = Entradas anteriores

## Administración de la plataforma
admin-title = Administración de la plataforma
admin-cities-heading = Ciudades
admin-new-city = Añadir una ciudad
admin-create-city = Crear la ciudad
admin-users-heading = Cuentas
city-residents-nav = Para los residentes
