//! Header numbers (`1.5s`, `retry-after: 20`) read as whole nanoseconds. `str::parse::<f64>`
//! would do, but it brings core's float-parsing tables (about 15 KB) into the wasm for three
//! headers; this reads the same forms exactly, in integers.

/// `text` — digits, an optional `.fraction`, an optional exponent (`1e3`) — times `unit_ns`,
/// in nanoseconds, saturating at `u128::MAX`. `None` for anything else: a sign, `NaN`, `inf`,
/// no digits. Digits past the nanosecond are dropped (truncated, never rounded up).
pub fn nanos(text: &str, unit_ns: u64) -> Option<u128> {
    let (number, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = || whole.bytes().chain(fraction.bytes());
    if whole.len() + fraction.len() == 0 || !digits().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The significand keeps 30 digits at most; each digit dropped past that raises the exponent.
    let (mut significand, mut scale) = (0u128, exponent.saturating_sub(fraction.len() as i32));
    for b in digits() {
        if significand < 10u128.pow(30) {
            significand = significand * 10 + u128::from(b - b'0');
        } else {
            scale = scale.saturating_add(1);
        }
    }
    let value = significand.saturating_mul(u128::from(unit_ns));
    Some(if scale >= 0 {
        match 10u128.checked_pow(scale.unsigned_abs()) {
            Some(p) => value.saturating_mul(p),
            None if value == 0 => 0,
            None => u128::MAX,
        }
    } else {
        10u128
            .checked_pow(scale.unsigned_abs())
            .map_or(0, |p| value / p)
    })
}

#[cfg(test)]
mod tests {
    use super::nanos;

    const S: u64 = 1_000_000_000;

    #[test]
    fn reads_what_f64_would() {
        assert_eq!(nanos("1", S), Some(1_000_000_000));
        assert_eq!(nanos("1.5", S), Some(1_500_000_000));
        assert_eq!(nanos(".5", S), Some(500_000_000));
        assert_eq!(nanos("5.", S), Some(5_000_000_000));
        assert_eq!(nanos("20", 1_000_000), Some(20_000_000));
        assert_eq!(nanos("1e3", S), Some(1_000_000_000_000));
        assert_eq!(nanos("25E-1", S), Some(2_500_000_000));
        assert_eq!(nanos("0.0000000001", S), Some(0));
        assert_eq!(nanos("0e999999", S), Some(0));
    }

    #[test]
    fn huge_saturates_and_nonsense_is_refused() {
        assert_eq!(nanos("1e300", S), Some(u128::MAX));
        assert_eq!(nanos(&"9".repeat(400), S), Some(u128::MAX));
        assert_eq!(
            nanos("1e-99999999999", S),
            None,
            "an exponent past i32 is not a number we read"
        );
        for bad in [
            "", ".", "-5", "+5", "NaN", "inf", "1.2.3", "1e", "e5", "1 s", "١",
        ] {
            assert_eq!(nanos(bad, S), None, "{bad:?}");
        }
    }
}
