//! Dates as people read them: "3 days ago" with the exact UTC time on hover.

const MINUTE: i64 = 60;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// "just now", "5 minutes ago", "3 days ago", "in 2 months".
pub fn relative(ts: i64, now: i64) -> String {
    let delta = now - ts;
    let (n, future) = if delta >= 0 {
        (delta, false)
    } else {
        (-delta, true)
    };
    let (value, unit) = if n < MINUTE {
        return if future {
            "in a moment".into()
        } else {
            "just now".into()
        };
    } else if n < HOUR {
        (n / MINUTE, "minute")
    } else if n < DAY {
        (n / HOUR, "hour")
    } else if n < 45 * DAY {
        (n / DAY, "day")
    } else if n < 365 * DAY {
        (n / (30 * DAY), "month")
    } else {
        (n / (365 * DAY), "year")
    };
    let plural = if value == 1 { "" } else { "s" };
    if future {
        format!("in {value} {unit}{plural}")
    } else {
        format!("{value} {unit}{plural} ago")
    }
}

/// Days since the Unix epoch → (year, month, day), Howard Hinnant's civil_from_days.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// "2026-11-22".
pub fn date(ts: i64) -> String {
    let (y, m, d) = civil(ts.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// "2026-11-22 14:03 UTC".
pub fn exact(ts: i64) -> String {
    let secs = ts.rem_euclid(DAY);
    format!(
        "{} {:02}:{:02} UTC",
        date(ts),
        secs / HOUR,
        (secs % HOUR) / MINUTE
    )
}

/// "2026-11-22" (a date input's value) → the first second of that UTC day. `None` for anything
/// that is not a real calendar date.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    // A day past the month's end (2026-02-30) comes back as another date: refuse it.
    (civil(days) == (y, m, d)).then_some(days * DAY)
}

/// ISO 8601 for exports: "2026-11-22T14:03:09Z".
pub fn iso(ts: i64) -> String {
    let secs = ts.rem_euclid(DAY);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date(ts),
        secs / HOUR,
        (secs % HOUR) / MINUTE,
        secs % MINUTE
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times() {
        let now = 1_800_000_000;
        assert_eq!(relative(now, now), "just now");
        assert_eq!(relative(now - 90, now), "1 minute ago");
        assert_eq!(relative(now - 5 * HOUR, now), "5 hours ago");
        assert_eq!(relative(now - 3 * DAY, now), "3 days ago");
        assert_eq!(relative(now - 100 * DAY, now), "3 months ago");
        assert_eq!(relative(now - 800 * DAY, now), "2 years ago");
        assert_eq!(relative(now + 2 * DAY, now), "in 2 days");
    }

    #[test]
    fn calendar() {
        assert_eq!(exact(0), "1970-01-01 00:00 UTC");
        assert_eq!(exact(1_711_471_533), "2024-03-26 16:45 UTC");
        assert_eq!(iso(1_711_471_533), "2024-03-26T16:45:33Z");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(parse_date("2000-02-29"), Some(951_782_400));
        assert_eq!(parse_date(" 2024-03-26 "), Some(1_711_411_200));
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "26-1-1x",
            "",
            "1969-12-31",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for ts in [0, 951_782_400, 1_800_000_000] {
            assert_eq!(parse_date(&date(ts)), Some(ts - ts % DAY));
        }
    }
}
