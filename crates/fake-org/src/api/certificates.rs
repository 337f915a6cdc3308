//! mTLS certificates: the organization's (list, upload, retrieve, rename, delete, activate,
//! deactivate) and each project's (list, activate, deactivate). The emulator checks a PEM's
//! shape, not its X.509 body: an upload is valid from now for a year.

use crate::Response;
use crate::http::{Query, invalid, many, not_found, one, page};
use crate::org::Org;
use crate::people::CertRec;
use admin_api::types::*;
use serde_json::{Value, json};
use std::collections::HashSet;

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

/// One PEM certificate block: the markers, and base64 between them.
pub(crate) fn pem_shape_ok(pem: &str) -> bool {
    let t = pem.trim();
    let Some(body) = t.strip_prefix(BEGIN).and_then(|r| r.strip_suffix(END)) else {
        return false;
    };
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    !b64.is_empty()
        && b64.len().is_multiple_of(4)
        && b64
            .trim_end_matches('=')
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
}

impl Org {
    fn cert_at(&self, id: &str) -> Result<usize, Response> {
        self.people
            .certs
            .iter()
            .position(|c| c.cert.id == id)
            .ok_or_else(|| not_found("certificate", id))
    }

    /// Adds a certificate (seeding and the API share it).
    pub(crate) fn insert_cert(
        &mut self,
        name: Option<&str>,
        pem: &str,
        valid_at: i64,
        expires_at: i64,
    ) -> String {
        let id = self.new_id("cert_", 24);
        let seq = self.seq(&id);
        self.people.certs.push(CertRec {
            cert: Certificate {
                object: "organization.certificate".into(),
                id: id.clone(),
                name: name.map(str::to_owned),
                created_at: self.now,
                active: Some(false),
                certificate_details: CertificateDetails {
                    valid_at: Some(valid_at),
                    expires_at: Some(expires_at),
                    content: None,
                },
            },
            seq,
            pem: pem.into(),
            active_in: HashSet::new(),
        });
        id
    }

    /// A certificate as a project lists it: active there or not.
    fn project_cert(&self, ci: usize, pid: &str) -> Certificate {
        let rec = &self.people.certs[ci];
        Certificate {
            object: "organization.project.certificate".into(),
            active: Some(rec.active_in.contains(pid)),
            ..rec.cert.clone()
        }
    }

    pub(crate) fn list_certs(&self, pi: Option<usize>, q: &Query) -> Result<Response, Response> {
        let items: Vec<(Certificate, u64)> = (0..self.people.certs.len())
            .map(|ci| {
                let c = match pi {
                    None => self.people.certs[ci].cert.clone(),
                    Some(pi) => self.project_cert(ci, &self.projects[pi].project.id),
                };
                (c, self.people.certs[ci].seq)
            })
            .collect();
        page(&self.seqs, &items, q, |c| &c.id)
    }

    pub(crate) fn retrieve_cert(&self, id: &str, q: &Query) -> Result<Response, Response> {
        let rec = &self.people.certs[self.cert_at(id)?];
        let mut c = Certificate {
            object: "certificate".into(),
            ..rec.cert.clone()
        };
        if many(q, "include").iter().any(|i| i == "content") || one(q, "include") == Some("content")
        {
            c.certificate_details.content = Some(rec.pem.clone());
        }
        Ok(Response::json(200, &c))
    }

    pub(crate) fn upload_cert(&mut self, body: &Value) -> Result<Response, Response> {
        let pem = body
            .get("certificate")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("Missing 'certificate'.", Some("certificate")))?;
        if pem.len() > 64 * 1024 || !pem_shape_ok(pem) {
            return Err(invalid(
                "Invalid 'certificate': expected one PEM-encoded X.509 certificate.",
                Some("certificate"),
            ));
        }
        let name = body.get("name").and_then(Value::as_str);
        let id = self.insert_cert(name, pem, self.now, self.now + 365 * 86_400);
        self.audit_admin("certificate.created", json!({"id": id, "name": name}), None);
        let mut c = self.people.certs[self.cert_at(&id)?].cert.clone();
        c.object = "certificate".into();
        Ok(Response::json(200, &c))
    }

    pub(crate) fn rename_cert(&mut self, id: &str, body: &Value) -> Result<Response, Response> {
        let ci = self.cert_at(id)?;
        let name = body
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("Missing 'name'.", Some("name")))?;
        self.people.certs[ci].cert.name = Some(name.into());
        self.audit_admin("certificate.updated", json!({"id": id, "name": name}), None);
        let mut c = self.people.certs[ci].cert.clone();
        c.object = "certificate".into();
        Ok(Response::json(200, &c))
    }

    pub(crate) fn delete_cert(&mut self, id: &str) -> Result<Response, Response> {
        let ci = self.cert_at(id)?;
        if self.people.certs[ci].cert.active == Some(true) {
            return Err(invalid(
                "Deactivate the certificate before deleting it.",
                None,
            ));
        }
        self.people.certs.remove(ci);
        self.audit_admin("certificate.deleted", json!({"id": id}), None);
        Ok(Response::json(
            200,
            &json!({"object": "certificate.deleted", "id": id}),
        ))
    }

    /// Activates or deactivates certificates, in the organization (`pi` None) or a project.
    /// All IDs are checked before any changes: one unknown ID changes nothing.
    pub(crate) fn toggle_certs(
        &mut self,
        pi: Option<usize>,
        body: &Value,
        on: bool,
    ) -> Result<Response, Response> {
        let ids: Vec<String> = body
            .get("certificate_ids")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .filter(|l: &Vec<String>| !l.is_empty())
            .ok_or_else(|| {
                invalid(
                    "Invalid 'certificate_ids': give at least one ID.",
                    Some("certificate_ids"),
                )
            })?;
        let at: Vec<usize> = ids
            .iter()
            .map(|id| self.cert_at(id))
            .collect::<Result<_, _>>()?;
        if let Some(pi) = pi {
            self.archived_refusal(pi, "certificates cannot be changed")?;
        }
        let pid = pi.map(|pi| self.projects[pi].project.id.clone());
        for &ci in &at {
            let rec = &mut self.people.certs[ci];
            match &pid {
                None => rec.cert.active = Some(on),
                Some(p) if on => {
                    rec.active_in.insert(p.clone());
                }
                Some(p) => {
                    rec.active_in.remove(p);
                }
            }
        }
        let kind = if on {
            "certificates.activated"
        } else {
            "certificates.deactivated"
        };
        self.audit_admin(kind, json!({"certificates": ids}), pi);
        let data: Vec<Certificate> = at
            .iter()
            .map(|&ci| match &pid {
                None => self.people.certs[ci].cert.clone(),
                Some(p) => self.project_cert(ci, p),
            })
            .collect();
        let object = match (pi, on) {
            (None, true) => "organization.certificate.activation",
            (None, false) => "organization.certificate.deactivation",
            (Some(_), true) => "organization.project.certificate.activation",
            (Some(_), false) => "organization.project.certificate.deactivation",
        };
        Ok(Response::json(
            200,
            &json!({"object": object, "data": data}),
        ))
    }
}
