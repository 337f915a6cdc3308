//! The bytes' primitives: strings, integers and optional values, and an [`ApiError`].

use admin_api::{ApiError, ErrorKind};
use std::time::Duration;

/// Every kind, in a fixed order: its place is its byte.
pub(crate) const KINDS: [ErrorKind; 14] = [
    ErrorKind::InvalidKey,
    ErrorKind::MissingPermission,
    ErrorKind::NotFound,
    ErrorKind::BadRequest,
    ErrorKind::Conflict,
    ErrorKind::RateLimited,
    ErrorKind::Server,
    ErrorKind::Network,
    ErrorKind::Timeout,
    ErrorKind::Malformed,
    ErrorKind::Pagination,
    ErrorKind::Cancelled,
    ErrorKind::Stopped,
    ErrorKind::InvalidId,
];

pub(crate) fn error(w: &mut Writer, e: &ApiError) {
    w.u8(KINDS.iter().position(|k| *k == e.kind).unwrap_or(9) as u8);
    w.opt(e.status.as_ref(), |w, s| w.u32(u32::from(*s)));
    w.opt_str(e.error_type.as_deref());
    w.opt_str(e.code.as_deref());
    w.opt_str(e.param.as_deref());
    w.str(&e.message);
    w.opt(e.retry_after.as_ref(), |w, d| {
        w.i64(d.as_millis().min(i64::MAX as u128) as i64)
    });
    w.u8(u8::from(e.structured));
    w.opt_str(e.request_id.as_deref());
}

pub(crate) fn read_error(r: &mut Reader) -> Option<ApiError> {
    let kind = *KINDS.get(usize::from(r.u8()?))?;
    let mut e = ApiError::new(kind, "");
    e.status = r.opt(|r| u16::try_from(r.u32()?).ok())?;
    e.error_type = r.opt_str()?.map(Into::into);
    e.code = r.opt_str()?.map(Into::into);
    e.param = r.opt_str()?.map(Into::into);
    e.message = r.str()?;
    e.retry_after = r.opt(|r| Some(Duration::from_millis(r.i64()?.max(0) as u64)))?;
    e.structured = r.u8()? == 1;
    e.request_id = r.opt_str()?.map(Into::into);
    Some(e)
}

pub(crate) struct Writer(pub(crate) Vec<u8>);

impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    pub(crate) fn opt<T: ?Sized>(&mut self, v: Option<&T>, put: impl FnOnce(&mut Self, &T)) {
        match v {
            Some(v) => {
                self.u8(1);
                put(self, v);
            }
            None => self.u8(0),
        }
    }
    pub(crate) fn opt_str(&mut self, s: Option<&str>) {
        self.opt(s, |w, s| w.str(s));
    }
}

pub(crate) struct Reader<'a>(pub(crate) &'a [u8]);

impl Reader<'_> {
    pub(crate) fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    pub(crate) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(crate) fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(crate) fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    /// `Some(None)` when absent, `Some(Some(v))` when present, `None` when the bytes are wrong.
    pub(crate) fn opt<T>(&mut self, get: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => get(self).map(Some),
            _ => None,
        }
    }
    pub(crate) fn opt_str(&mut self) -> Option<Option<String>> {
        self.opt(Reader::str)
    }
}
