//! Outgoing e-mail over plain SMTP.
//!
//! The application hands every message to a relay it trusts on the same host or network
//! (Postfix, OpenSMTPD, a provider's local agent), which owns TLS, authentication, queuing and
//! retries. So the build carries no TLS stack and the URL takes no credentials: `smtp://host:port`
//! only. Without a mailer (`AppState::mailer` is `None`) e-mail is off and the pages say so.

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MessageBuilder, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(
        "SMTP URL must look like smtp://host:port (TLS and authentication belong to the relay): {0}"
    )]
    Url(String),
    #[error("not a valid e-mail address: {0}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(String),
    #[error("the SMTP relay refused or failed: {0}")]
    Send(String),
}

/// One message: the same content as plain text and as HTML.
pub struct Email<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

/// A relay that does not answer must not hold a page for lettre's default minute.
const TIMEOUT: Duration = Duration::from_secs(10);

impl Mailer {
    /// `smtp://host[:port]` (port 25 by default), sending as "ClusterHub <clusterhub@localhost>"
    /// with links to http://localhost until `with_from` and `with_public_url` say otherwise.
    pub fn from_url(url: &str) -> Result<Self, MailError> {
        let (host, port) = parse_url(url)?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .timeout(Some(TIMEOUT))
            .build();
        Ok(Self {
            transport,
            from: mailbox("ClusterHub <clusterhub@localhost>")?,
            public_url: "http://localhost".into(),
        })
    }

    /// The sender, as `address` or `Name <address>`.
    pub fn with_from(mut self, from: &str) -> Result<Self, MailError> {
        self.from = mailbox(from)?;
        Ok(self)
    }

    /// Where readers reach this site: the start of every link in a message.
    pub fn with_public_url(mut self, url: &str) -> Self {
        self.public_url = url.trim_end_matches('/').to_string();
        self
    }

    /// An absolute link to a path of this site (`/c/bhc/survey/3`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// Sends a multipart/alternative message (plain text first, HTML preferred by readers that
    /// show it).
    pub async fn send(&self, m: &Email<'_>) -> Result<(), MailError> {
        self.deliver(Message::builder(), m).await
    }

    /// A message of a mailing (the surveillance bulletin): one-click unsubscribe headers
    /// pointing at `unsubscribe` (absolute URL), and a Message-ID of our choosing so a
    /// delivery can be traced.
    pub async fn send_list(
        &self,
        m: &Email<'_>,
        unsubscribe: &str,
        message_id: &str,
    ) -> Result<(), MailError> {
        let builder = Message::builder()
            .header(ListUnsubscribe(unsubscribe.to_string()))
            .header(ListUnsubscribePost)
            .message_id(Some(message_id.to_string()));
        self.deliver(builder, m).await
    }

    /// A message with files attached after its text and HTML (an event's `.ics`): each is
    /// (file name, content type, bytes).
    pub async fn send_with_attachments(
        &self,
        m: &Email<'_>,
        files: &[(&str, &str, Vec<u8>)],
    ) -> Result<(), MailError> {
        let mut body = MultiPart::mixed().multipart(MultiPart::alternative_plain_html(
            m.text.to_string(),
            m.html.to_string(),
        ));
        for (name, kind, bytes) in files {
            let kind = ContentType::parse(kind).map_err(|e| MailError::Build(e.to_string()))?;
            body = body.singlepart(Attachment::new(name.to_string()).body(bytes.clone(), kind));
        }
        let message = Message::builder()
            .from(self.from.clone())
            .to(mailbox(m.to)?)
            .subject(m.subject)
            .multipart(body)
            .map_err(|e| MailError::Build(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map_err(|e| MailError::Send(e.to_string()))?;
        Ok(())
    }

    async fn deliver(&self, builder: MessageBuilder, m: &Email<'_>) -> Result<(), MailError> {
        let message = builder
            .from(self.from.clone())
            .to(mailbox(m.to)?)
            .subject(m.subject)
            .multipart(MultiPart::alternative_plain_html(
                m.text.to_string(),
                m.html.to_string(),
            ))
            .map_err(|e| MailError::Build(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map_err(|e| MailError::Send(e.to_string()))?;
        Ok(())
    }
}

/// `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 2369, RFC 8058): mail readers show an
/// "unsubscribe" button that posts to the link without opening it in a browser.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, BoxError> {
        Ok(Self(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, BoxError> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

fn mailbox(s: &str) -> Result<Mailbox, MailError> {
    s.trim()
        .parse()
        .map_err(|_| MailError::Address(s.to_string()))
}

/// `smtp://host[:port][/]` → host and port. Hosts may be names, IPv4 or bracketed IPv6.
fn parse_url(url: &str) -> Result<(String, u16), MailError> {
    let bad = || MailError::Url(url.to_string());
    let rest = url
        .trim()
        .strip_prefix("smtp://")
        .ok_or_else(bad)?
        .trim_end_matches('/');
    if rest.is_empty() || rest.contains(['@', '/', '?', '#']) {
        return Err(bad());
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !p.contains(']') => (h, Some(p)),
        _ => (rest, None),
    };
    let port = match port {
        Some(p) => p.parse().ok().filter(|p| *p != 0).ok_or_else(bad)?,
        None => 25,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(bad());
    }
    Ok((host.to_string(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_relay_and_nothing_else() {
        let ok = |u: &str| parse_url(u).expect(u);
        assert_eq!(ok("smtp://127.0.0.1:2525"), ("127.0.0.1".into(), 2525));
        assert_eq!(ok("smtp://relay.internal/"), ("relay.internal".into(), 25));
        assert_eq!(ok("smtp://[::1]:2525"), ("::1".into(), 2525));
        assert_eq!(ok("smtp://[::1]"), ("::1".into(), 25));
        for bad in [
            "smtps://relay:465",
            "smtp://user:secret@relay:25",
            "smtp://relay:0",
            "smtp://relay:x",
            "smtp://",
            "relay:25",
            "smtp://relay:25?tls=required",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sender_and_links_are_configurable() {
        let m = Mailer::from_url("smtp://127.0.0.1:2525")
            .and_then(|m| m.with_from("Basque Health Cluster <survey@bhc.example>"))
            .expect("mailer")
            .with_public_url("https://hub.example/");
        assert_eq!(
            m.link("/c/bhc/survey/1"),
            "https://hub.example/c/bhc/survey/1"
        );
        assert!(
            Mailer::from_url("smtp://127.0.0.1:2525")
                .and_then(|m| m.with_from("not an address"))
                .is_err()
        );
    }
}
