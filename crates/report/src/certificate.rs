//! Certificates of attendance (trainings): one A4 landscape page per attendee, typeset from
//! `certificate.typ` with every text passed as JSON (names print exactly as typed).

use serde::Serialize;

/// Fixed words, already translated into the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateLabels {
    /// "Certificate of attendance"
    pub title: String,
    /// "certifies that"
    pub certifies: String,
    /// "attended"
    pub attended: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attendee {
    pub name: String,
    pub organisation: String,
}

/// Everything the certificates show.
#[derive(Debug, Clone, Serialize)]
pub struct Certificates {
    pub lang: String,
    pub cluster: String,
    pub event: String,
    /// When and where, as one line in the reader's language and the event's local time.
    pub when: String,
    pub place: String,
    /// "Issued on …"
    pub issued: String,
    pub labels: CertificateLabels,
    pub attendees: Vec<Attendee>,
}

const TEMPLATE: &str = include_str!("certificate.typ");

/// The certificates as one PDF.
pub fn certificates(c: &Certificates) -> Result<Vec<u8>, String> {
    crate::typeset(TEMPLATE, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_per_attendee_with_names_as_typed() {
        let c = Certificates {
            lang: "es".into(),
            cluster: "Basque Health Cluster".into(),
            event: "Curso de regulación MDR".into(),
            when: "10 dic 2026 09:00–13:00 (Europe/Madrid)".into(),
            place: "Bilbao".into(),
            issued: "Emitido el 11 dic 2026".into(),
            labels: CertificateLabels {
                title: "Certificado de asistencia".into(),
                certifies: "certifica que".into(),
                attended: "ha asistido a".into(),
            },
            attendees: vec![
                Attendee {
                    name: "Ane #Etxeberria* [x]".into(),
                    organisation: "Osatek".into(),
                },
                Attendee {
                    name: "Jon Agirre".into(),
                    organisation: String::new(),
                },
            ],
        };
        let pdf = certificates(&c).expect("pdf");
        assert!(pdf.starts_with(b"%PDF"));
        assert!(pdf.len() > 1000);
    }
}
