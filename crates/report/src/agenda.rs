//! A B2B participant's personal agenda at an event as a PDF, typeset from `agenda.typ` with
//! every text passed as JSON.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AgendaRow {
    pub slot: String,
    /// Date and local time of the slot, in the reader's language.
    pub time: String,
    pub table: String,
    /// The counterpart and their organisation.
    pub with: String,
    pub message: String,
}

/// Everything the agenda shows, already translated.
#[derive(Debug, Clone, Serialize)]
pub struct Agenda {
    pub lang: String,
    pub cluster: String,
    /// The event's title.
    pub title: String,
    /// "My B2B agenda"
    pub heading: String,
    pub participant: String,
    /// "Time zone: Europe/Madrid"
    pub zone: String,
    /// Slot, time, table, with.
    pub columns: Vec<String>,
    /// Shown when there is no meeting.
    pub empty: String,
    pub rows: Vec<AgendaRow>,
}

const TEMPLATE: &str = include_str!("agenda.typ");

pub fn agenda_pdf(a: &Agenda) -> Result<Vec<u8>, String> {
    crate::typeset(TEMPLATE, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agenda_typesets_with_text_as_typed() {
        let mut a = Agenda {
            lang: "es".into(),
            cluster: "Basque Health Cluster".into(),
            title: "BHC B2B #1 [x] *y*".into(),
            heading: "Mi agenda B2B".into(),
            participant: "Ane Olano · Osatek".into(),
            zone: "Zona horaria: Europe/Madrid".into(),
            columns: vec!["Ronda".into(), "Hora".into(), "Mesa".into(), "Con".into()],
            empty: "Sin reuniones".into(),
            rows: vec![AgendaRow {
                slot: "1".into(),
                time: "3 dic 2026 09:00–09:20".into(),
                table: "4".into(),
                with: "Mikel (Tecnalia)".into(),
                message: "#set page(width: 1cm)".into(),
            }],
        };
        let pdf = agenda_pdf(&a).expect("pdf");
        assert!(pdf.starts_with(b"%PDF"));
        a.rows.clear();
        assert!(agenda_pdf(&a).expect("empty").starts_with(b"%PDF"));
    }
}
