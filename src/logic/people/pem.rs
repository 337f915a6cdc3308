//! A certificate's PEM checked for shape before it is uploaded: one `CERTIFICATE` block of
//! base64. The API checks the X.509 inside; we only stop what can't be one (a private key
//! pasted by mistake is refused with that reason: it must never be sent).

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PemError {
    #[error("Paste a certificate: it starts with -----BEGIN CERTIFICATE-----.")]
    NotACertificate,
    #[error("That is a private key, not a certificate. It was not sent; keep it secret.")]
    PrivateKey,
    #[error("Upload one certificate at a time.")]
    SeveralCertificates,
    #[error("The text between the BEGIN and END lines is not base64.")]
    NotBase64,
    #[error("The certificate is missing its -----END CERTIFICATE----- line.")]
    NoEnd,
}

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

/// The PEM trimmed, ready to send.
pub fn check(text: &str) -> Result<String, PemError> {
    let t = text.trim();
    if t.contains("PRIVATE KEY-----") {
        return Err(PemError::PrivateKey);
    }
    let body = t.strip_prefix(BEGIN).ok_or(PemError::NotACertificate)?;
    let body = body.strip_suffix(END).ok_or(PemError::NoEnd)?;
    if body.contains(BEGIN) || body.contains(END) {
        return Err(PemError::SeveralCertificates);
    }
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let chars_ok = b64
        .trim_end_matches('=')
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/');
    if b64.is_empty() || !b64.len().is_multiple_of(4) || !chars_ok {
        return Err(PemError::NotBase64);
    }
    Ok(t.to_owned())
}
