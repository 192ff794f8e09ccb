# ClusterHub — catálogo en español. Las claves son comunes a todos los idiomas; un test falla si falta alguna.

## Navegación y marco
nav-skip = Saltar al contenido
nav-cluster = Secciones del clúster
nav-directory = Directorio
nav-groups = Órganos de gobierno
nav-people = Personas
nav-applications = Solicitudes
nav-audit = Registro de auditoría
nav-import = Importar
nav-apply = Solicitar la adhesión
nav-language = Idioma
nav-login = Iniciar sesión
nav-logout = Cerrar sesión
footer-tagline = la plataforma de gestión de los clústeres industriales
home-title = Clústeres
home-lead = Socios, gobernanza y servicios de los clústeres alojados en esta plataforma.
text-fallback = Aún sin traducir; se muestra en
lang-es = Español
lang-eu = Euskera
lang-en = Inglés
lang-fr = Francés

## Acciones
action-change = Cambiar
action-edit = Editar perfil
action-save = Guardar
action-cancel = Cancelar
action-home = Volver a la página de inicio
action-approve = Aprobar
action-reject = Rechazar
action-revoke = Revocar

## Inicio de sesión y cuenta
login-title = Iniciar sesión
login-submit = Entrar
login-failed = El correo electrónico o la contraseña no son correctos.
login-rate-limited = Demasiados intentos fallidos. Vuelva a intentarlo dentro de 15 minutos.
account-title = Mi cuenta
account-tokens = Tokens de API
account-token-create = Crear token
account-token-once = Copie este token ahora; no se volverá a mostrar:

## Panel
dashboard-figures = Cifras clave
dashboard-recent = Actividad reciente

## Directorio y organizaciones
directory-title = Directorio de organizaciones
directory-count = { $count ->
    [one] 1 organización
   *[other] { $formatted } organizaciones
}
filter-search = Buscar
filter-all = Todos
filter-sort = Ordenar por
filter-apply = Aplicar filtros
sort-name = Nombre (A–Z)
sort--name = Nombre (Z–A)
sort-since = Fecha de alta (más antigua primero)
sort--since = Fecha de alta (más reciente primero)
sort-territory = Territorio
pager-label = Páginas
pager-prev = Anterior
pager-next = Siguiente
org-profile = Perfil
org-membership = Membresía
org-other-clusters = También es socio de
org-representatives = Representantes
org-edit-title = Editar { $name }
org-new-title = Nueva organización socia
org-merge = Fusionar el duplicado con esta organización
org-merge-label = Número de la organización duplicada
typology-vote = con derecho a voto
form-has-errors = Corrija los campos marcados a continuación.

## Campos
field-name = Nombre
field-legal-id = NIF o identificador legal
field-entity-type = Tipo de entidad
field-size = Tamaño
field-territory = Territorio (NUTS)
field-city = Localidad
field-country = País
field-website = Sitio web
field-email = Correo electrónico
field-phone = Teléfono
field-description = Descripción
field-typology = Tipología
field-subsector = Subsector
field-subsectors = Subsectores
field-value-chains = Cadenas de valor
field-status = Estado
field-since = Socio desde
field-until = Hasta
field-reason = Motivo
field-notes = Notas internas
field-fee-class = Tramo de cuota
field-password = Contraseña
field-first-name = Nombre
field-last-name = Apellidos
field-job-title = Puesto
field-organisation = Organización
field-message = Mensaje
field-applied = Fecha de solicitud
field-created = Fecha de creación
field-role = Cargo
field-term = Mandato
field-title = Título
field-starts-at = Inicio
field-location = Lugar
field-agenda = Orden del día
field-minutes = Acta

## Vocabularios
entity-type-company = Empresa
entity-type-research_centre = Centro de investigación
entity-type-technology_centre = Centro tecnológico
entity-type-hospital = Hospital
entity-type-university = Universidad
entity-type-public_body = Organismo público
entity-type-association = Asociación
entity-type-investor = Inversor
org-size-micro = Micro
org-size-small = Pequeña
org-size-medium = Mediana
org-size-large = Grande
membership-status-applicant = Solicitante
membership-status-active = Activa
membership-status-suspended = Suspendida
membership-status-withdrawn = De baja
group-kind-board = Junta directiva
group-kind-assembly = Asamblea general
group-kind-committee = Comité permanente
group-kind-working_group = Grupo de trabajo
group-role-chair = Presidencia
group-role-vice_chair = Vicepresidencia
group-role-secretary = Secretaría
group-role-member = Miembro
attendance-present = Presente
attendance-excused = Ausencia justificada
attendance-absent = Ausente
representative-kind-primary = Representante titular
representative-kind-alternate = Suplente
entity-organisation = organización
entity-membership = membresía
entity-person = persona
entity-affiliation = vinculación
entity-meeting = reunión
audit-action-create = Creación
audit-action-update = Modificación
audit-action-status = Cambio de estado:
audit-action-merge = Fusión
audit-action-minutes = Acta registrada:

## Solicitudes
applications-title = Solicitudes de adhesión
applications-none = No hay solicitudes pendientes.
applications-decision = Decisión
apply-title = Solicitud de adhesión a { $name }
apply-lead = Háblenos de su organización. El equipo del clúster y la junta directiva revisan todas las solicitudes.
apply-organisation = Su organización
apply-contact = Persona de contacto
apply-submit = Enviar solicitud
apply-done = Gracias. Hemos recibido su solicitud y la revisaremos en breve.

## Personas
people-count = { $count ->
    [one] 1 persona
   *[other] { $formatted } personas
}

## Gobernanza
group-members = Miembros
group-meetings = Reuniones
group-member-count = { $count ->
    [one] 1 miembro
   *[other] { $formatted } miembros
}
meeting-new = Convocar una reunión
meeting-attendance = Asistencia
meeting-present = { $count ->
    [one] 1 asistente
   *[other] { $formatted } asistentes
}

## Auditoría
audit-when = Cuándo
audit-who = Quién
audit-what = Qué
audit-changes = Cambios

## Importación
import-title = Importar desde CSV
import-lead = Suba un archivo CSV exportado desde una hoja de cálculo u otro CRM. Podrá revisar las columnas antes de que se guarde nada; si alguna fila es incorrecta, no se importará nada.
import-kind = Contenido del archivo
import-organisations = Organizaciones
import-people = Personas
import-file = Archivo CSV
import-preview = Vista previa
import-mapping = Correspondencia de columnas
import-column = Columna del archivo
import-target = Campo
import-sample = Primeros valores
import-ignore = (ignorar)
import-start = Importar
import-running = Importando…
import-line = Línea
import-failed = No se ha importado nada. Corrija estas filas y vuelva a intentarlo:
import-done = { $count ->
    [one] Se ha importado 1 fila.
   *[other] Se han importado { $formatted } filas.
}
import-orgs-created = Organizaciones creadas: { $formatted }
import-orgs-matched = Organizaciones ya existentes identificadas: { $formatted }
import-memberships-created = Membresías creadas: { $formatted }
import-people-created = Personas creadas: { $formatted }
import-people-matched = Personas ya existentes identificadas: { $formatted }
import-field-name = Nombre
import-field-legal_id = NIF o identificador legal
import-field-entity_type = Tipo de entidad
import-field-size = Tamaño
import-field-territory = Territorio (NUTS)
import-field-country = País
import-field-city = Localidad
import-field-website = Sitio web
import-field-email = Correo electrónico
import-field-phone = Teléfono
import-field-description_es = Descripción (español)
import-field-description_eu = Descripción (euskera)
import-field-description_en = Descripción (inglés)
import-field-description_fr = Descripción (francés)
import-field-typology = Tipología
import-field-subsectors = Subsectores
import-field-status = Estado
import-field-first_name = Nombre
import-field-last_name = Apellidos
import-field-job_title = Puesto
import-field-birth_date = Fecha de nacimiento
import-field-organisation = Organización

## Errores
error-not_found = No encontrado
error-not_found-help = Esta página no existe o no tiene permiso para verla.
error-unauthorized = Es necesario iniciar sesión
error-unauthorized-help = Inicie sesión para ver esta página.
error-forbidden = Acceso no permitido
error-forbidden-help = Su cuenta no tiene acceso a esta parte del clúster.
error-validation = Algunos datos no son válidos
error-validation-help = Corrija los campos indicados a continuación y vuelva a intentarlo.
error-conflict = Conflicto
error-conflict-help = El cambio entra en conflicto con datos ya existentes.
error-rate_limited = Demasiados intentos
error-rate_limited-help = Espere unos minutos y vuelva a intentarlo.
error-csrf = El formulario ha caducado
error-csrf-help = Vuelva a cargar la página y envíe de nuevo el formulario.
error-internal = Se ha producido un error
error-internal-help = El error ha quedado registrado. Vuelva a intentarlo más tarde.

## Mensajes de validación (por código)
invalid-required = Este campo es obligatorio
invalid-too_long = Demasiado largo (número máximo de caracteres)
invalid-invalid_characters = Contiene caracteres no permitidos
invalid-invalid_email = Dirección de correo electrónico no válida
invalid-invalid_legal_id = NIF o identificador legal no válido
invalid-invalid_url = Dirección web no válida (por ejemplo, https://example.org)
invalid-invalid_nuts = Código NUTS no válido (por ejemplo, ES212)
invalid-invalid_phone = Número de teléfono no válido
invalid-invalid_slug = Use letras minúsculas, cifras y guiones
invalid-invalid_date = Fecha no válida (use el formato AAAA-MM-DD)
invalid-invalid_datetime = Fecha y hora no válidas
invalid-unknown_value = No es uno de los valores permitidos
invalid-unknown_country = País desconocido
invalid-unknown_field = Campo desconocido
invalid-duplicate_legal_id = Otra organización ya tiene este identificador legal
invalid-duplicate_in_file = Aparece dos veces en el archivo (primera vez en la línea)
invalid-already_member = Ya es socio de este clúster
invalid-invalid_transition = Este cambio de estado no es posible
invalid-column_missing = El archivo no tiene ninguna columna para este campo
invalid-mapping_mismatch = La correspondencia de columnas no coincide con el archivo
invalid-invalid_csv = El archivo no es un CSV válido
invalid-invalid_upload = No se ha podido leer el archivo subido
invalid-invalid_json = El cuerpo de la solicitud no es un JSON válido
invalid-invalid_number = No es un número
invalid-not_found = No encontrado
invalid-same_organisation = Una organización no se puede fusionar consigo misma
invalid-not_in_group = Esta persona no forma parte del grupo

## People and group seats
action-edit-person = Editar persona
person-new-title = Añadir una persona
action-remove = Quitar
action-add = Añadir
group-add-member = Añadir un miembro
field-term-start = Inicio del mandato
field-term-end = Fin del mandato
invalid-before_start = Termina antes de empezar
audit-action-seat = Puesto asignado:
audit-action-unseat = Puesto retirado:
entity-group = grupo
dashboard-members-by-status = Socios por estado; cada cifra abre la lista que la compone.
org-appoint = Nombrar representante
invalid-not_in_organisation = Esta persona no trabaja en la organización
audit-action-representative = Representante nombrado:
audit-action-remove = Eliminado
entity-representative = representante

## Users
nav-users = Usuarios
users-title = Usuarios y roles
users-grant = Dar un rol a alguien
users-grant-help = Una cuenta existente conserva su contraseña; una nueva recibe la contraseña inicial de abajo (al menos 10 caracteres).
users-acts-for = Actúa en nombre de (usuarios socios)
users-initial-password = Contraseña inicial de una cuenta nueva
role-staff = Equipo técnico
role-board = Junta directiva
role-member = Usuario socio
role-partner = Colaborador externo
invalid-too_short = Demasiado corta
invalid-cannot_revoke_self = No puede quitarse su propio rol
audit-action-role = Rol asignado:
audit-action-revoke = Rol retirado:
entity-user = usuario

## Governance bodies
group-new = Nuevo órgano
group-kind = Tipo
group-code = Código corto
group-name-es = Nombre (castellano)
group-name-eu = Nombre (euskera)
group-name-en = Nombre (inglés)
group-name-fr = Nombre (francés)
invalid-taken = Ya está en uso
