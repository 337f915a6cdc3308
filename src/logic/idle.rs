//! The idle lock's rule.

/// Minutes without activity before the lock, unless the user chose otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 30;

/// True when nothing happened for longer than `minutes` (times in milliseconds).
pub fn idle_expired(now_ms: f64, last_activity_ms: f64, minutes: u32) -> bool {
    now_ms - last_activity_ms > f64::from(minutes) * 60_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_only_after_the_limit() {
        let min = 60_000.0;
        assert!(!idle_expired(30.0 * min, 0.0, 30));
        assert!(idle_expired(30.0 * min + 1.0, 0.0, 30));
        assert!(idle_expired(2.0 * min, 0.0, 1));
        assert!(
            !idle_expired(5.0, 10.0, 1),
            "activity after now (clock skew) never locks"
        );
    }
}
