//! One project's key listing as bytes, from the worker to the page.
//!
//! Layout: the key count (u32), each key, then the error and the resume cursor.

use super::codec::{Reader, Writer, error, read_error};
use admin_api::Listing;
use admin_api::types::{
    OwnerAccess, OwnerServiceAccount, OwnerType, OwnerUser, ProjectApiKey, api_key_object_name,
};

/// The listing as bytes.
pub fn encode(listing: &Listing<ProjectApiKey>) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(64 + listing.items.len() * 160));
    w.u32(listing.items.len() as u32);
    for k in &listing.items {
        key(&mut w, k);
    }
    w.opt(listing.error.as_ref(), error);
    w.opt(listing.resume.as_ref(), |w, r| w.opt_str(r.as_deref()));
    w.0
}

/// The listing back, or `None` when the bytes are not one.
pub fn decode(bytes: &[u8]) -> Option<Listing<ProjectApiKey>> {
    let mut r = Reader(bytes);
    let count = r.u32()? as usize;
    // Each key takes more than 40 bytes: a larger count is not a listing.
    if count > bytes.len() / 40 {
        return None;
    }
    let items = (0..count)
        .map(|_| read_key(&mut r))
        .collect::<Option<_>>()?;
    let error = r.opt(read_error)?;
    let resume = r.opt(|r| r.opt_str())?;
    r.0.is_empty().then_some(Listing {
        items,
        error,
        resume,
    })
}

fn key(w: &mut Writer, k: &ProjectApiKey) {
    w.str(&k.object);
    w.str(&k.id);
    w.str(&k.name);
    w.str(&k.redacted_value);
    w.i64(k.created_at);
    w.opt(k.last_used_at.as_ref(), |w, t| w.i64(*t));
    w.u8(match k.owner_project_access {
        OwnerAccess::Active => 1,
        OwnerAccess::Inactive => 2,
        OwnerAccess::Unknown => 0,
    });
    w.opt(k.owner.kind.as_ref(), |w, kind| {
        w.u8(match kind {
            OwnerType::User => 1,
            OwnerType::ServiceAccount => 2,
            OwnerType::Unknown => 0,
        })
    });
    w.opt(k.owner.user.as_ref(), |w, u| {
        w.str(&u.id);
        w.opt_str(u.email.as_deref());
        w.opt_str(u.name.as_deref());
        w.opt(u.created_at.as_ref(), |w, t| w.i64(*t));
        w.opt_str(u.role.as_deref());
    });
    w.opt(k.owner.service_account.as_ref(), |w, s| {
        w.str(&s.id);
        w.opt_str(s.name.as_deref());
        w.opt(s.created_at.as_ref(), |w, t| w.i64(*t));
        w.opt_str(s.role.as_deref());
    });
    w.opt(k.expires_at.as_ref(), |w, t| w.i64(*t));
}

fn read_key(r: &mut Reader) -> Option<ProjectApiKey> {
    let object = api_key_object_name(r.str()?);
    let id = r.str()?;
    let name = r.str()?;
    let redacted_value = r.str()?;
    let created_at = r.i64()?;
    let last_used_at = r.opt(Reader::i64)?;
    let owner_project_access = match r.u8()? {
        1 => OwnerAccess::Active,
        2 => OwnerAccess::Inactive,
        _ => OwnerAccess::Unknown,
    };
    let kind = r.opt(|r| {
        Some(match r.u8()? {
            1 => OwnerType::User,
            2 => OwnerType::ServiceAccount,
            _ => OwnerType::Unknown,
        })
    })?;
    let user = r.opt(|r| {
        Some(OwnerUser {
            id: r.str()?,
            email: r.opt_str()?,
            name: r.opt_str()?,
            created_at: r.opt(Reader::i64)?,
            role: r.opt_str()?,
        })
    })?;
    let service_account = r.opt(|r| {
        Some(OwnerServiceAccount {
            id: r.str()?,
            name: r.opt_str()?,
            created_at: r.opt(Reader::i64)?,
            role: r.opt_str()?,
        })
    })?;
    let expires_at = r.opt(Reader::i64)?;
    Some(ProjectApiKey {
        object,
        id,
        name,
        redacted_value,
        created_at,
        last_used_at,
        owner_project_access,
        owner: admin_api::types::Owner {
            kind,
            user,
            service_account,
        }
        .into(),
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::wire::codec::KINDS;
    use admin_api::types::Owner;
    use admin_api::{ApiError, ErrorKind};
    use std::time::Duration;

    fn key(i: usize) -> ProjectApiKey {
        let user = i.is_multiple_of(2).then(|| OwnerUser {
            id: format!("user-{i}"),
            email: Some(format!("u{i}@example.com")),
            name: i.is_multiple_of(4).then(|| "Ada Lovelace — ✓".to_owned()),
            created_at: Some(1_700_000_000),
            role: Some("owner".into()),
        });
        let service_account = (i % 2 == 1).then(|| OwnerServiceAccount {
            id: format!("svc_acct_{i}"),
            name: None,
            created_at: None,
            role: Some("member".into()),
        });
        ProjectApiKey {
            object: admin_api::types::API_KEY_OBJECT.into(),
            id: format!("key_{i}"),
            name: if i == 3 {
                String::new()
            } else {
                format!("key {i}")
            },
            redacted_value: "sk-...abcd".into(),
            created_at: 1_700_000_000 + i as i64,
            last_used_at: (!i.is_multiple_of(3)).then_some(-5),
            owner_project_access: [
                OwnerAccess::Active,
                OwnerAccess::Inactive,
                OwnerAccess::Unknown,
            ][i % 3],
            owner: Owner {
                kind: [
                    Some(OwnerType::User),
                    Some(OwnerType::ServiceAccount),
                    None,
                    Some(OwnerType::Unknown),
                ][i % 4],
                user,
                service_account,
            }
            .into(),
            expires_at: i.is_multiple_of(5).then_some(i64::MAX),
        }
    }

    fn every_error() -> ApiError {
        let mut e = ApiError::new(ErrorKind::RateLimited, "Slow down, ünïcode");
        e.status = Some(429);
        e.error_type = Some("rate_limit_error".into());
        e.code = None;
        e.param = Some("limit".into());
        e.retry_after = Some(Duration::from_millis(1500));
        e.structured = true;
        e.request_id = Some("req_1".into());
        e
    }

    #[test]
    fn a_listing_comes_back_as_it_went() {
        for listing in [
            Listing {
                items: (0..25).map(key).collect(),
                error: None,
                resume: None,
            },
            Listing {
                items: vec![key(7)],
                error: Some(every_error()),
                resume: Some(Some("key_7".into())),
            },
            Listing {
                items: vec![],
                error: Some(ApiError::new(ErrorKind::InvalidId, "")),
                resume: Some(None),
            },
        ] {
            let back = decode(&encode(&listing));
            // The API's constant is shared, not copied into each key.
            let shared = |k: &ProjectApiKey| matches!(k.object, std::borrow::Cow::Borrowed(_));
            assert!(back.iter().flat_map(|l| &l.items).all(shared));
            assert_eq!(back, Some(listing));
        }
    }

    #[test]
    fn every_error_kind_keeps_its_kind() {
        for kind in &KINDS {
            let listing = Listing::<ProjectApiKey> {
                items: vec![],
                error: Some(ApiError::new(*kind, "x")),
                resume: None,
            };
            assert_eq!(
                decode(&encode(&listing)).unwrap().error.unwrap().kind,
                *kind
            );
        }
    }

    #[test]
    fn bytes_that_are_not_a_listing_give_none() {
        let good = encode(&Listing {
            items: (0..3).map(key).collect(),
            error: Some(every_error()),
            resume: Some(Some("key_2".into())),
        });
        // Every truncation, and one byte too many.
        for n in 0..good.len() {
            assert_eq!(decode(&good[..n]), None, "cut at {n}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        // A count far beyond the bytes, and an option marker that is neither 0 nor 1.
        assert_eq!(decode(&[255, 255, 255, 255]), None);
        let mut bad = good;
        let at =
            4 + 4 + "organization.project.api_key".len() + 4 + "key_0".len() + 4 + "key 0".len();
        bad[at + 4 + "sk-...abcd".len() + 8] = 7;
        assert_eq!(decode(&bad), None);
    }
}
