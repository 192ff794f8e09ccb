## Opportunity and tender watch, surveillance bulletin

watch-nav = Vigilancia de licitaciones
watch-title = Vigilancia de licitaciones y oportunidades
watch-lead = Licitaciones públicas y otras oportunidades que encajan con tus perfiles de alerta, con el motivo de cada coincidencia.
watch-subscription-saved = Preferencias del boletín guardadas.
watch-digest-sent = Resumen enviado
watch-overview = La vigilancia del clúster
watch-overview-members = Asociadas con perfil
watch-overview-profiles = Perfiles de alerta
watch-overview-matches = Coincidencias
watch-overview-dismissed = Marcadas como no relevantes
watch-digest-now = Enviar ahora el resumen de esta semana
watch-bulletin = Boletín de vigilancia
watch-frequency = Frecuencia
watch-frequency-weekly = Semanal
watch-frequency-daily = Diario
watch-frequency-off = Desactivado
watch-atom = Canal Atom de tus coincidencias
watch-ical = Calendario de plazos (iCalendar)
watch-filter = Mostrar
watch-state-active = Nuevas y guardadas
watch-state-new = Nueva
watch-state-saved = Guardada
watch-state-dismissed = Descartada
watch-state-shared = Compartidas conmigo
watch-state-all = Todas
watch-no-profile = Aún no hay perfil de alerta: crea uno y ClusterHub comparará cada oportunidad con él.
watch-profile-new = Nuevo perfil de alerta
watch-empty = No hay coincidencias que mostrar.
watch-score = Puntuación
watch-because = Por qué:
watch-profiles-matched = Perfiles:
watch-shared-by = Compartida por { $name }
watch-save = Guardar
watch-dismiss = Descartar
watch-restore = Recuperar
watch-verdict = Motivo del descarte
watch-verdict-not_relevant = No relevante
watch-verdict-not_for_us = No es para nosotros ahora
watch-verdict-too_late = Demasiado tarde para licitar
watch-verdict-too_big = Demasiado grande para nosotros
watch-share-with = Compartir con
watch-note = Nota
watch-share = Compartir
watch-profiles-title = Perfiles de alerta
watch-profiles-lead = Lo que tu organización quiere conocer: códigos CPV, regiones, palabras clave en cualquier idioma, importe, tipos de oportunidad.
watch-profile-edit = Perfil de alerta
watch-profile-default-name = Licitaciones
watch-proposed = Primer perfil propuesto a partir de tus subsectores, capacidades y ubicación. Revísalo y guárdalo.
watch-field-name = Nombre
watch-field-cpv = Códigos CPV
watch-field-cpv-hint = Códigos o prefijos separados por espacios: 331 cubre todos los códigos que empiezan por 331.
watch-field-nuts = Regiones (NUTS)
watch-field-nuts-hint = Códigos NUTS o prefijos: ES2 cubre todo el noreste de España; vacío significa cualquier lugar.
watch-field-keywords = Palabras clave
watch-field-keywords-hint = Una por línea, en cualquier idioma; se reconocen plurales y acentos.
watch-field-min_value = Importe mínimo (€)
watch-field-max_value = Importe máximo (€)
watch-field-kinds = Tipos de oportunidad
watch-field-innovation_only = Solo compra pública de innovación
watch-field-organisation = Asociada
watch-reason-cpv = CPV { $code } { $label } dentro de tu { $prefix }
watch-reason-nuts = lugar { $code } { $label } en tu { $prefix }
watch-reason-keyword = palabra clave: { $keyword }
watch-reason-innovation = compra pública de innovación
watch-feed-title = { $cluster }: tus oportunidades
watch-calendar-title = { $cluster }: plazos
watch-unsubscribe-title = Darse de baja del boletín
watch-unsubscribe-confirm = ¿Dejar de recibir el boletín de vigilancia por correo?
watch-unsubscribed = Hecho: ya no recibirás el boletín. Puedes reactivarlo en la vigilancia de licitaciones.
mail-watch-greeting = Hola, { $name }:
mail-watch-subject = { $cluster }: { $count ->
    [one] una oportunidad nueva para ti
   *[other] { $count } oportunidades nuevas para ti
}
mail-watch-new-matches = { $count ->
    [one] Una coincidencia nueva
   *[other] { $formatted } coincidencias nuevas
}
mail-watch-members-reached = { $count ->
    [one] encaja con una asociada
   *[other] encaja con { $formatted } asociadas
}
mail-watch-feed = Ver todas tus coincidencias
mail-watch-footer = Boletín de vigilancia de { $cluster }
mail-watch-unsubscribe = Darse de baja
opportunities-title = Oportunidades
opportunities-lead = Anuncios de contratación pública de la UE (eForms) y las convocatorias, ferias, búsquedas de socios y oportunidades de mercado que el clúster publica o comparte.
opportunities-count = { $count ->
    [one] Una oportunidad
   *[other] { $formatted } oportunidades
}
opportunities-import = Importar anuncios o un canal
opportunities-import-file = Archivo
opportunities-import-hint = Un anuncio eForms (XML), un paquete diario (.tar.gz o .zip) o un canal RSS/Atom.
opportunities-feed-kind = Tipo de las entradas del canal
opportunities-import-report = Importación
opportunities-created = Nuevas:
opportunities-updated = Actualizadas:
opportunities-unchanged = Sin cambios:
opportunities-rejected = Rechazadas:
action-import = Importar
opportunity-new = Nueva oportunidad
opportunity-kind = Tipo
opportunity-kind-planning = Información previa
opportunity-kind-tender = Licitación
opportunity-kind-award = Adjudicación
opportunity-kind-call = Convocatoria
opportunity-kind-fair = Feria
opportunity-kind-partner_search = Búsqueda de socios
opportunity-kind-market = Oportunidad de mercado
opportunity-origin = Origen
opportunity-origin-eforms = Contratación UE (eForms)
opportunity-origin-cluster = De este clúster
opportunity-origin-shared = Compartidas por otros clústeres
opportunity-open-only = Solo abiertas
opportunity-title = Título
opportunity-details = Detalles
opportunity-published = Publicada
opportunity-shared = Compartida con otros clústeres
opportunity-deadline = Plazo
opportunity-buyer = Comprador
opportunity-procedure = Procedimiento
opportunity-innovation = Compra pública de innovación
opportunity-link = Enlace
opportunity-lots = Lotes
opportunity-lot = Lote
opportunity-value = Importe
opportunity-winners = Adjudicada a
opportunity-notice-id = Anuncio
opportunity-subtype = subtipo
opportunity-field-kind = Tipo
opportunity-field-title = Título
opportunity-field-summary = Resumen
opportunity-field-buyer = Organizador o comprador
opportunity-field-cpv = Códigos CPV
opportunity-field-nuts = Regiones (NUTS)
opportunity-field-deadline = Plazo
opportunity-field-url = Enlace
bulletins-title = Boletines del clúster
bulletins-lead = Un boletín editado: tus noticias arriba y después las mejores coincidencias de cada segmento de asociadas.
bulletin-new = Nuevo boletín
bulletin-status-draft = Borrador
bulletin-status-sent = Enviado
bulletin-field-title = Título
bulletin-field-intro = Introducción
bulletin-field-items = Noticias
bulletin-field-items-hint = Una noticia por bloque separado por una línea en blanco: título en la primera línea, después el texto y un enlace opcional.
bulletin-send = Enviar a todas las asociadas
bulletin-send-hint = Llega a cada persona usuaria de las asociadas que no haya desactivado el boletín. Enviar dos veces no duplica nada.
bulletin-sent-count = { $count ->
    [one] Enviado a una persona
   *[other] Enviado a { $formatted } personas
}
bulletin-field-items-title = Noticias
invalid-unknown_cpv = No es un código CPV ni un prefijo de la lista CPV 2008
invalid-unknown_nuts = No es una región NUTS 2021 ni un código de país
invalid-topic_required = Indica al menos un código CPV o una palabra clave: solo regiones e importes coincidirían con todo
invalid-below_minimum = Menor que el mínimo
invalid-no_word = No tiene letras ni cifras
invalid-unknown_kind = No es un tipo de oportunidad
invalid-not_a_colleague = No es una persona usuaria de tu organización en este clúster
invalid-one_link_per_item = Un enlace por noticia (número de noticia)
invalid-bad_feed = No es un canal RSS o Atom legible
invalid-unreadable = No se puede leer
invalid-unknown_origin = No es un origen de oportunidades
