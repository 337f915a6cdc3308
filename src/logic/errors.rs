//! What the app adds to the API crate's advice on an error: the product's own way out.

use admin_api::{ApiError, ErrorKind};

/// The advice shown under an error: the client's, and for a blocked request, the extension.
pub fn advice(e: &ApiError) -> String {
    match e.kind {
        ErrorKind::Network => format!(
            "{} The Keyward extension is not blocked: it has host permission for the API.",
            e.advice()
        ),
        _ => e.advice().to_owned(),
    }
}

/// A read made after a delete whose answer was lost: a 404 proves the thing is gone (`true`), an
/// answer proves it is still there (`false`), any other error proves nothing.
pub fn proves_gone<T>(read: Result<T, ApiError>) -> Result<bool, ApiError> {
    match read {
        Err(e) if e.kind == ErrorKind::NotFound => Ok(true),
        Err(e) => Err(e),
        Ok(_) => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocked_request_points_to_the_extension() {
        let blocked = ApiError::new(ErrorKind::Network, "Could not reach the API.");
        assert!(advice(&blocked).contains("Keyward extension"));
        let refused = ApiError::new(ErrorKind::BadRequest, "no");
        assert_eq!(advice(&refused), refused.advice());
    }
}
