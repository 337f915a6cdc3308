//! The shapes every resource shares on the wire: a cursor page, a deletion, an error body.

use serde::{Deserialize, Serialize};

/// A cursor page: `{object:"list", data, first_id, last_id, has_more}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    #[serde(default = "list_object")]
    pub object: String,
    pub data: Vec<T>,
    #[serde(default)]
    pub first_id: Option<String>,
    #[serde(default)]
    pub last_id: Option<String>,
    /// Required by the spec; when absent we keep going while there is a cursor (as the SDK does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_more: Option<bool>,
    /// The cursor of the newer lists (groups, roles, role assignments: the SDK's
    /// `NextCursorPage`), sent as `after`; they have no `first_id`/`last_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

fn list_object() -> String {
    "list".into()
}

impl<T> Page<T> {
    /// The cursor to continue from: `next` where the list has one, else `last_id`.
    pub fn cursor(&self) -> Option<&str> {
        self.next
            .as_deref()
            .or(self.last_id.as_deref())
            .filter(|c| !c.is_empty())
    }

    /// The same page with each item made into another: its cursor and `has_more` unchanged,
    /// so a pager follows it as it would the original.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            object: self.object,
            data: self.data.into_iter().map(f).collect(),
            first_id: self.first_id,
            last_id: self.last_id,
            has_more: self.has_more,
            next: self.next,
        }
    }

    /// Builds a page the way the API does: first/last IDs are null when empty.
    pub fn new(data: Vec<T>, has_more: bool, id_of: impl Fn(&T) -> &str) -> Self {
        let first_id = data.first().map(|t| id_of(t).to_owned());
        let last_id = data.last().map(|t| id_of(t).to_owned());
        Self {
            object: "list".into(),
            data,
            first_id,
            last_id,
            has_more: Some(has_more),
            next: None,
        }
    }
}

/// `{object:"….deleted", id, deleted}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    #[serde(default)]
    pub object: String,
    pub id: String,
    #[serde(default)]
    pub deleted: bool,
}

/// `{"error": {message, type, param, code}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    #[serde(default)]
    pub message: String,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub param: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
}

impl ErrorBody {
    pub fn new(
        message: impl Into<String>,
        kind: &str,
        param: Option<&str>,
        code: Option<&str>,
    ) -> Self {
        Self {
            error: ErrorDetail {
                message: message.into(),
                kind: Some(kind.into()),
                param: param.map(Into::into),
                code: code.map(Into::into),
            },
        }
    }
}
