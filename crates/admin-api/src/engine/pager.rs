//! Following cursor pages safely: `after=last_id` until `has_more` is false, and a clear error
//! (never a loop) when the API's cursor repeats or goes missing.

use crate::engine::error::{ApiError, ErrorKind};
use crate::engine::wire::Page;
use std::collections::HashSet;

/// Far more pages than any organization has (2,000 projects × 100 keys is 2,000 pages of 100).
pub const MAX_PAGES: usize = 100_000;

/// Tracks where a listing is. Call [`Pager::next_cursor`] before each request and
/// [`Pager::advance`] with each page.
#[derive(Debug, Default)]
pub struct Pager {
    seen: HashSet<String>,
    next: Option<String>,
    done: bool,
    pages: usize,
}

impl Pager {
    pub fn new() -> Self {
        Self::default()
    }

    /// A listing that picks up after `after` (a resumed one), or from the start.
    pub fn starting_at(after: Option<String>) -> Self {
        Self {
            next: after,
            ..Self::default()
        }
    }

    /// `None` once the listing is complete; otherwise the `after` to send (`Some(None)` first).
    pub fn next_cursor(&self) -> Option<Option<&str>> {
        (!self.done).then_some(self.next.as_deref())
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Records a page and decides whether and where to continue.
    pub fn advance<T>(&mut self, page: &Page<T>) -> Result<(), ApiError> {
        self.pages += 1;
        let more = match page.has_more {
            Some(more) => more,
            // As the SDK: without has_more, continue while there is data and a cursor.
            None => !page.data.is_empty() && page.cursor().is_some(),
        };
        if !more {
            self.done = true;
            return Ok(());
        }
        let cursor = match page.cursor() {
            Some(c) => c,
            None => {
                self.done = true;
                return Err(ApiError::new(
                    ErrorKind::Pagination,
                    "The API said there is more, but gave no cursor (next or last_id) to continue from.",
                ));
            }
        };
        if page.data.is_empty() {
            self.done = true;
            return Err(ApiError::new(
                ErrorKind::Pagination,
                "The API said there is more, but sent an empty page.",
            ));
        }
        if !self.seen.insert(cursor.to_owned()) {
            self.done = true;
            return Err(ApiError::new(
                ErrorKind::Pagination,
                format!("The API sent the same cursor twice ({cursor}); stopped to avoid looping."),
            ));
        }
        if self.pages >= MAX_PAGES {
            self.done = true;
            return Err(ApiError::new(
                ErrorKind::Pagination,
                "The list is longer than Keyward will follow.",
            ));
        }
        self.next = Some(cursor.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(ids: &[&str], last: Option<&str>, more: Option<bool>) -> Page<String> {
        Page {
            object: "list".into(),
            data: ids.iter().map(|s| s.to_string()).collect(),
            first_id: ids.first().map(|s| s.to_string()),
            last_id: last.map(Into::into),
            has_more: more,
            next: None,
        }
    }

    #[test]
    fn a_next_cursor_is_followed_where_there_is_one() {
        let mut p = Pager::new();
        let mut first = page(&["g1", "g2"], None, Some(true));
        first.first_id = None;
        first.next = Some("g2".into());
        p.advance(&first).unwrap();
        assert_eq!(p.next_cursor(), Some(Some("g2")));
        let mut last = page(&["g3"], None, Some(false));
        last.first_id = None;
        p.advance(&last).unwrap();
        assert_eq!(p.next_cursor(), None);
    }

    #[test]
    fn follows_until_has_more_false() {
        let mut p = Pager::new();
        assert_eq!(p.next_cursor(), Some(None));
        p.advance(&page(&["a", "b"], Some("b"), Some(true)))
            .unwrap();
        assert_eq!(p.next_cursor(), Some(Some("b")));
        p.advance(&page(&["c"], Some("c"), Some(false))).unwrap();
        assert_eq!(p.next_cursor(), None);
    }

    #[test]
    fn repeated_or_missing_cursor_is_an_error() {
        let mut p = Pager::new();
        p.advance(&page(&["a"], Some("a"), Some(true))).unwrap();
        let e = p.advance(&page(&["a"], Some("a"), Some(true))).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Pagination);
        assert!(p.is_done());

        let mut p = Pager::new();
        let e = p.advance(&page(&["a"], None, Some(true))).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Pagination);
        assert_eq!(p.next_cursor(), None);

        let mut p = Pager::new();
        assert!(p.advance(&page(&[], Some("x"), Some(true))).is_err());
    }

    #[test]
    fn missing_has_more_continues_only_with_cursor_and_data() {
        let mut p = Pager::new();
        p.advance(&page(&["a"], Some("a"), None)).unwrap();
        assert_eq!(p.next_cursor(), Some(Some("a")));
        p.advance(&page(&[], None, None)).unwrap();
        assert!(p.is_done());
    }

    #[test]
    fn a_mapped_page_is_followed_as_the_page_itself() {
        let mut next = page(&["g1", "g2"], None, Some(true));
        next.next = Some("g2".into());
        for original in [
            page(&["a", "b"], Some("b"), Some(true)),
            next,
            page(&["c"], Some("c"), None),
        ] {
            let mapped = original.clone().map(|id| format!("<{id}>"));
            let wrapped: Vec<String> = original.data.iter().map(|id| format!("<{id}>")).collect();
            assert_eq!(mapped.data, wrapped);
            let (mut a, mut b) = (Pager::new(), Pager::new());
            assert_eq!(a.advance(&original).is_ok(), b.advance(&mapped).is_ok());
            assert_eq!(a.next_cursor(), b.next_cursor());
        }
    }
}
