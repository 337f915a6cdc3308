//! Amounts typed in dollars, turned into whole cents exactly: digits are read as digits, never
//! through a float, so "0.29" is 29 cents and "1,000.10" is 100,010.

/// The largest amount accepted: a guard rail of a million dollars a month is already far above
/// any sane budget; anything larger is a typo.
pub const MAX_CENTS: i64 = 100_000_000;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("Type an amount in dollars, like 250 or 99.50.")]
    NotAnAmount,
    #[error("Cents go to two decimals at most.")]
    TooPrecise,
    #[error("The amount must be above zero.")]
    NotPositive,
    #[error("That is above $1,000,000: type a smaller amount.")]
    TooLarge,
}

/// "$1,250.5" → 125050. A leading `$`, spaces and thousands commas are allowed; a sign,
/// an exponent or more than two decimals are not.
pub fn parse_dollars(text: &str) -> Result<i64, MoneyError> {
    let t = text.trim();
    let t = t.strip_prefix('$').unwrap_or(t).trim();
    let t: String = t.chars().filter(|c| *c != ',').collect();
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t.as_str(), ""),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
        return Err(MoneyError::NotAnAmount);
    }
    if frac.len() > 2 {
        return Err(MoneyError::TooPrecise);
    }
    // More digits than any accepted amount has: too large, without overflowing.
    if whole.trim_start_matches('0').len() > 12 {
        return Err(MoneyError::TooLarge);
    }
    let dollars: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| MoneyError::NotAnAmount)?
    };
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| MoneyError::NotAnAmount)? * 10,
        _ => frac.parse().map_err(|_| MoneyError::NotAnAmount)?,
    };
    let total = dollars * 100 + cents;
    if total <= 0 {
        return Err(MoneyError::NotPositive);
    }
    if total > MAX_CENTS {
        return Err(MoneyError::TooLarge);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_become_exact_cents() {
        assert_eq!(parse_dollars("250"), Ok(25_000));
        assert_eq!(parse_dollars("0.29"), Ok(29));
        assert_eq!(parse_dollars(".5"), Ok(50));
        assert_eq!(parse_dollars("$1,000.10"), Ok(100_010));
        assert_eq!(parse_dollars(" 99.9 "), Ok(9_990));
        assert_eq!(parse_dollars("1000000"), Ok(MAX_CENTS));
        // 0.1 + 0.2 is not 0.30000000000000004 here.
        assert_eq!(parse_dollars("0.30"), Ok(30));
    }

    #[test]
    fn anything_else_is_refused_with_its_reason() {
        assert_eq!(parse_dollars(""), Err(MoneyError::NotAnAmount));
        assert_eq!(parse_dollars("."), Err(MoneyError::NotAnAmount));
        assert_eq!(parse_dollars("-5"), Err(MoneyError::NotAnAmount));
        assert_eq!(parse_dollars("1e3"), Err(MoneyError::NotAnAmount));
        assert_eq!(parse_dollars("12.345"), Err(MoneyError::TooPrecise));
        assert_eq!(parse_dollars("0"), Err(MoneyError::NotPositive));
        assert_eq!(parse_dollars("0.00"), Err(MoneyError::NotPositive));
        assert_eq!(parse_dollars("1000000.01"), Err(MoneyError::TooLarge));
        assert_eq!(
            parse_dollars("99999999999999999999"),
            Err(MoneyError::TooLarge)
        );
    }
}
