//! One read of the usage job as bytes, from the worker to the page: the read summed per key (or
//! per project), not the API's pages, which at 100,000 keys are tens of megabytes of JSON.
//!
//! Layout: a tag (0 an error, 1 traffic, 2 costs per project, 3 costs per key), then:
//! - traffic: the window's days (u32) and start (i64); each key's ID, requests and tokens (i64),
//!   its series per day (a list of i64) and cents (i64); then whether costs per key were read
//!   (a 0/1 byte);
//! - costs per project: the currency, then each project's ID, cents and line items (name, cents);
//! - costs per key: each key's ID and cents.
//!
//! Every list starts with its length (u32).

use super::codec::{Reader, Writer, error, read_error};
use crate::logic::usage::{Costs, KeyTraffic, ProjectCost, UsagePart, UsageTable};
use admin_api::ApiError;
use rustc_hash::FxHashMap;

/// The read (or why it failed) as bytes.
pub fn encode(read: &Result<UsagePart, ApiError>) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(size(read)));
    match read {
        Err(e) => {
            w.u8(0);
            error(&mut w, e);
        }
        Ok(UsagePart::Traffic(t)) => {
            w.u8(1);
            table(&mut w, t);
        }
        Ok(UsagePart::Costs(c)) => {
            w.u8(2);
            w.str(&c.currency);
            w.u32(c.per_project.len() as u32);
            for (id, cost) in &c.per_project {
                w.str(id);
                w.i64(cost.cents);
                w.u32(cost.items.len() as u32);
                for (name, cents) in &cost.items {
                    w.str(name);
                    w.i64(*cents);
                }
            }
        }
        Ok(UsagePart::KeyCosts(m)) => {
            w.u8(3);
            cents(&mut w, m);
        }
    }
    w.0
}

/// The read back whole, or `None` when the bytes are not one (the page decodes a slice at a time
/// with [`Decoding`]).
#[cfg(test)]
pub(crate) fn decode(bytes: &[u8]) -> Option<Result<UsagePart, ApiError>> {
    let mut d = Decoding::new(bytes);
    loop {
        if let Some(read) = d.step(usize::MAX) {
            return read;
        }
    }
}

/// A read's bytes decoded some keys at a time: at 100,000 keys one table takes the page tens of
/// milliseconds to decode, which in one task would hold up every click meanwhile.
pub struct Decoding<'a> {
    r: Reader<'a>,
    state: State,
}

enum State {
    /// A list of keys: those decoded so far, and how many are still to come.
    Keys { keys: Keys, left: usize },
    /// The read (`None` when the bytes are not one), until a step takes it.
    Done(Option<Result<UsagePart, ApiError>>),
}

/// The keys of a traffic table, or of the costs per key.
enum Keys {
    Traffic(UsageTable),
    Cents(FxHashMap<String, i64>),
}

impl<'a> Decoding<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        let mut r = Reader(bytes);
        let state = match r.u8() {
            Some(1) => keys_of(&mut r, 32, |r| {
                Some(Keys::Traffic(UsageTable {
                    days: r.u32()?,
                    start: r.i64()?,
                    keys: FxHashMap::default(),
                    costs_read: false,
                }))
            }),
            Some(3) => keys_of(&mut r, 12, |_| Some(Keys::Cents(FxHashMap::default()))),
            Some(tag) => State::Done(whole(&mut r, tag).filter(|_| r.0.is_empty())),
            None => State::Done(None),
        };
        Decoding { r, state }
    }

    /// Decodes up to `keys` more keys; the read once every byte is decoded (`None` when the
    /// bytes are not one).
    pub fn step(&mut self, keys: usize) -> Option<Option<Result<UsagePart, ApiError>>> {
        let (list, left) = match &mut self.state {
            State::Done(read) => return Some(read.take()),
            State::Keys { keys, left } => (keys, left),
        };
        let n = keys.min(*left);
        *left -= n;
        let r = &mut self.r;
        let read = match list {
            Keys::Traffic(t) => (0..n).try_for_each(|_| {
                let (id, traffic) = key_traffic(r)?;
                t.keys.insert(id, traffic);
                Some(())
            }),
            Keys::Cents(m) => (0..n).try_for_each(|_| {
                m.insert(r.str()?, r.i64()?);
                Some(())
            }),
        };
        if read.is_some() && *left > 0 {
            return None;
        }
        let done = match (read, std::mem::replace(&mut self.state, State::Done(None))) {
            (
                Some(()),
                State::Keys {
                    keys: Keys::Traffic(mut t),
                    ..
                },
            ) => match r.u8() {
                Some(b @ (0 | 1)) => {
                    t.costs_read = b == 1;
                    Some(Ok(UsagePart::Traffic(t)))
                }
                _ => None,
            },
            (
                Some(()),
                State::Keys {
                    keys: Keys::Cents(m),
                    ..
                },
            ) => Some(Ok(UsagePart::KeyCosts(m))),
            _ => None,
        };
        Some(done.filter(|_| r.0.is_empty()))
    }
}

/// A list of keys about to be decoded, after what `head` reads before it. Its length is refused
/// when the bytes left cannot hold that many keys of `least` bytes each.
fn keys_of(r: &mut Reader, least: usize, head: impl FnOnce(&mut Reader) -> Option<Keys>) -> State {
    let Some(mut keys) = head(r) else {
        return State::Done(None);
    };
    let Some(left) = r
        .u32()
        .map(|n| n as usize)
        .filter(|&n| n <= r.0.len() / least)
    else {
        return State::Done(None);
    };
    match &mut keys {
        Keys::Traffic(t) => t.keys.reserve(left),
        Keys::Cents(m) => m.reserve(left),
    }
    State::Keys { keys, left }
}

/// A read that is not a list of keys: an error, or the costs per project.
fn whole(r: &mut Reader, tag: u8) -> Option<Result<UsagePart, ApiError>> {
    Some(match tag {
        0 => Err(read_error(r)?),
        2 => {
            let currency = r.str()?;
            let per_project = list(r, 16, |r| {
                let id = r.str()?;
                let cents = r.i64()?;
                let items = list(r, 12, |r| Some((r.str()?, r.i64()?)))?;
                Some((id, ProjectCost { cents, items }))
            })?;
            Ok(UsagePart::Costs(Costs {
                per_project,
                currency,
            }))
        }
        _ => return None,
    })
}

/// The bytes a table takes, made room for at once: grown as it is written, a table of 100,000
/// keys' bytes would be copied a few times over, and a worker's memory keeps its peak.
fn size(read: &Result<UsagePart, ApiError>) -> usize {
    let id = |id: &str| 4 + id.len();
    match read {
        Ok(UsagePart::Traffic(t)) => {
            let key = |(i, k): (&str, &KeyTraffic)| id(i) + 28 + 8 * k.daily.len();
            17 + t.keys.iter().map(|(i, k)| key((i, k))).sum::<usize>() + 1
        }
        Ok(UsagePart::KeyCosts(m)) => 5 + m.keys().map(|i| id(i) + 8).sum::<usize>(),
        _ => 0,
    }
}

fn table(w: &mut Writer, t: &UsageTable) {
    w.u32(t.days);
    w.i64(t.start);
    w.u32(t.keys.len() as u32);
    for (id, k) in &t.keys {
        w.str(id);
        w.i64(k.requests);
        w.i64(k.tokens);
        w.u32(k.daily.len() as u32);
        k.daily.iter().for_each(|n| w.i64(*n));
        w.i64(k.cents);
    }
    w.u8(u8::from(t.costs_read));
}

fn key_traffic(r: &mut Reader) -> Option<(Box<str>, KeyTraffic)> {
    let id: Box<str> = r.str()?.into();
    let traffic = KeyTraffic {
        requests: r.i64()?,
        tokens: r.i64()?,
        daily: list::<i64, Vec<i64>>(r, 8, |r| r.i64())?.into(),
        cents: r.i64()?,
    };
    Some((id, traffic))
}

fn cents(w: &mut Writer, m: &FxHashMap<String, i64>) {
    w.u32(m.len() as u32);
    for (id, cents) in m {
        w.str(id);
        w.i64(*cents);
    }
}

/// A list of `get`'s items, each at least `least` bytes: a count the bytes left cannot hold is
/// refused before anything is made room for.
fn list<T, C: FromIterator<T>>(
    r: &mut Reader,
    least: usize,
    mut get: impl FnMut(&mut Reader) -> Option<T>,
) -> Option<C> {
    let count = r.u32()? as usize;
    if count > r.0.len() / least {
        return None;
    }
    (0..count).map(|_| get(r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use admin_api::ErrorKind;

    fn traffic() -> UsagePart {
        let mut t = UsageTable::new(7, 1_750_000_000);
        for i in 0..5_i64 {
            let traffic = KeyTraffic {
                requests: i * 3,
                tokens: i64::MAX - i,
                daily: if i == 2 {
                    Box::default()
                } else {
                    (0..7).map(|d| d * i).collect()
                },
                cents: -i,
            };
            t.keys.insert(format!("key_{i}").into(), traffic);
        }
        t.costs_read = true;
        UsagePart::Traffic(t)
    }

    fn costs() -> UsagePart {
        let cost = ProjectCost {
            cents: 1234,
            items: vec![("GPT-4o, input — ✓".into(), 1000), ("Other".into(), 234)],
        };
        UsagePart::Costs(Costs {
            per_project: [
                ("proj_a".to_owned(), cost),
                ("proj_b".into(), ProjectCost::default()),
            ]
            .into_iter()
            .collect(),
            currency: "eur".into(),
        })
    }

    fn every_read() -> Vec<Result<UsagePart, ApiError>> {
        let mut e = ApiError::new(ErrorKind::MissingPermission, "api.usage.read is missing");
        e.status = Some(403);
        vec![
            Ok(traffic()),
            Ok(UsagePart::Traffic(UsageTable::new(30, 0))),
            Ok(costs()),
            Ok(UsagePart::KeyCosts(FxHashMap::from_iter([(
                "key_9".to_owned(),
                77,
            )]))),
            Ok(UsagePart::KeyCosts(FxHashMap::default())),
            Err(e),
        ]
    }

    #[test]
    fn a_read_comes_back_as_it_went() {
        for read in every_read() {
            assert_eq!(decode(&encode(&read)), Some(read));
        }
    }

    #[test]
    fn a_tables_bytes_take_the_room_made_for_them_exactly() {
        for read in every_read() {
            let bytes = encode(&read);
            if matches!(read, Ok(UsagePart::Traffic(_) | UsagePart::KeyCosts(_))) {
                assert_eq!(size(&read), bytes.len(), "{read:?}");
            }
        }
    }

    /// Decoded `keys` keys at a time, counting the steps.
    fn in_steps(bytes: &[u8], keys: usize) -> (Option<Result<UsagePart, ApiError>>, usize) {
        let mut d = Decoding::new(bytes);
        (1..)
            .find_map(|n| d.step(keys).map(|read| (read, n)))
            .unwrap()
    }

    #[test]
    fn a_read_decoded_a_few_keys_at_a_time_is_the_same_read() {
        for read in every_read() {
            let bytes = encode(&read);
            for keys in [1, 2, 3, 7] {
                assert_eq!(
                    in_steps(&bytes, keys).0,
                    Some(read.clone()),
                    "{keys} at a time"
                );
                for n in 0..bytes.len() {
                    assert_eq!(in_steps(&bytes[..n], keys).0, None, "cut at {n}");
                }
            }
        }
        // Five keys two at a time: three steps, the last of which gives the table.
        assert_eq!(in_steps(&encode(&Ok(traffic())), 2).1, 3);
    }

    #[test]
    fn bytes_that_are_not_a_read_give_none() {
        for read in every_read() {
            let good = encode(&read);
            for n in 0..good.len() {
                assert_eq!(decode(&good[..n]), None, "cut at {n}");
            }
            let mut longer = good;
            longer.push(0);
            assert_eq!(decode(&longer), None);
        }
        assert_eq!(decode(&[4]), None);
        // Traffic claiming four billion keys in a few bytes.
        assert_eq!(
            decode(&[1, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255]),
            None
        );
    }
}
