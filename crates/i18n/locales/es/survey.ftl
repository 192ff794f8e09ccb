## Member survey and e-mail

survey-nav = Encuesta
survey-title = Encuesta a socios
survey-lead = Cada año el clúster pide a sus socios sus cifras y su opinión. Las respuestas son privadas del clúster y alimentan los indicadores del plan.
survey-campaigns = Campañas de la encuesta
survey-none = Todavía no hay ninguna campaña.
survey-year = Año de las cifras
survey-dates = Plazo
survey-status = Estado
survey-status-open = Abierta
survey-status-upcoming = Aún no abierta
survey-status-ended = Plazo vencido
survey-status-closed = Cerrada
survey-responses = Respuestas
survey-your-answer = Su respuesta
survey-answered = Respondida
survey-not-answered = Sin responder
survey-progress-label = { $answered } de { $members } socios han respondido
survey-new = Abrir una campaña
survey-new-hint = Los socios responden con las cifras del año indicado, entre las dos fechas.
survey-opens-on = Se abre el
survey-closes-on = Se cierra el
survey-open = Abrir la campaña
survey-campaign-title = Encuesta a socios { $year }
survey-progress = Quién ha respondido
survey-member = Socio
survey-answer = Respuesta
survey-reminders = Recordatorios enviados
survey-last-reminder = Último recordatorio
survey-send-reminders = { $count ->
    [0] No hay nadie a quien recordar
    [one] Enviar un recordatorio
   *[other] Enviar { $formatted } recordatorios
}
survey-send-reminders-hint = Un correo a cada usuario de los socios que no han respondido, en su idioma.
survey-reminders-sent = { $count ->
    [0] No se ha enviado ningún recordatorio: ningún usuario socio tiene pendiente responder.
    [one] Se ha enviado un recordatorio.
   *[other] Se han enviado { $formatted } recordatorios.
}
survey-reminders-failed = { $count ->
    [one] Un recordatorio no se ha podido enviar: consulte el registro del servidor.
   *[other] { $formatted } recordatorios no se han podido enviar: consulte el registro del servidor.
}
survey-mail-disabled = El correo electrónico está desactivado en este servidor (no hay relé SMTP configurado): no se pueden enviar recordatorios.
survey-close = Cerrar la campaña
survey-back = Volver a la encuesta
survey-saved = Respuesta guardada. Se puede corregir mientras la campaña esté abierta.
survey-intro = Responda en nombre de su organización con las cifras del año indicado. Todos los campos son opcionales; escriba los números como de costumbre (por ejemplo 1.234,5).
survey-characterisation = Su organización en cifras
survey-opinion = Su opinión
survey-field-employment = Plantilla (equivalente a jornada completa)
survey-field-revenue = Facturación
survey-field-exports = Exportaciones
survey-field-rd_investment = Inversión en I+D
survey-field-new_funding = Nueva financiación captada
survey-field-satisfaction = Satisfacción con el clúster
survey-field-needs = ¿Qué necesita su organización del clúster?
survey-field-comment = Otros comentarios
survey-hint-employment = Media del año, por ejemplo 12,5.
survey-hint-money = En euros, del año completo.
survey-hint-satisfaction = De 0 (nada satisfecho) a 10 (totalmente satisfecho).
survey-private = Solo el equipo técnico y la junta directiva del clúster ven sus respuestas; los indicadores del plan las usan en totales y medias.
survey-submit = Guardar la respuesta
survey-no-answer = Todavía no hay respuesta.
survey-not-given = Sin indicar
survey-invalid-negative = No puede ser negativo
survey-invalid-out_of_range = Debe estar entre 0 y 10
survey-invalid-not_a_number = No es un número
survey-invalid-invalid_year = Año no válido
survey-invalid-duplicate = Ya hay una campaña para este año
survey-invalid-closed = La campaña está cerrada: las respuestas ya no se pueden cambiar
survey-invalid-end_before_start = Se cierra antes de abrirse
survey-invalid-not_open = La campaña no está abierta: los recordatorios solo se envían mientras los socios pueden responder

mail-survey-subject = { $cluster }: encuesta a socios { $year }
mail-survey-greeting = Hola, { $name }:
mail-survey-body = { $organisation } todavía no ha respondido a la encuesta a socios { $year } de { $cluster }. Son unos minutos y el plazo termina el { $closes }.
mail-survey-action = Responder a la encuesta
mail-survey-signature = { $cluster }
