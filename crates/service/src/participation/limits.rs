//! Rate limits on residents' submissions, as the sign-in throttle does it: a
//! sliding window of recent times per key, and a wait until the oldest one
//! leaves the window. No CAPTCHA: a person sending a few reports is never
//! stopped; a script sending hundreds from one address is.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

const WINDOW_SECONDS: i64 = 10 * 60;
/// Submissions from one address to one city within the window.
pub const PER_ADDRESS: usize = 5;
/// Submissions through one trusted client app within the window (an app
/// relays many residents, so its own limit is far higher).
pub const PER_CLIENT_APP: usize = 600;

#[derive(Default)]
pub struct SubmissionLimits {
    recent: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl SubmissionLimits {
    /// Records a submission under `key` unless the key is at its limit; then
    /// answers how many seconds to wait.
    pub fn admit(&self, key: &str, limit: usize, now: i64) -> Result<(), u64> {
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        if recent.len() > 100_000 {
            recent.retain(|_, times| times.back().is_some_and(|t| now - t < WINDOW_SECONDS));
        }
        let times = recent.entry(key.to_string()).or_default();
        while times.front().is_some_and(|t| now - t >= WINDOW_SECONDS) {
            times.pop_front();
        }
        if times.len() >= limit
            && let Some(oldest) = times.front()
        {
            return Err((oldest + WINDOW_SECONDS - now).max(1) as u64);
        }
        times.push_back(now);
        Ok(())
    }

    /// Gives back a slot taken by a submission that was then refused (bad
    /// input, a duplicate), so correcting a form does not use up the limit.
    pub fn release(&self, key: &str) {
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(times) = recent.get_mut(key) {
            times.pop_back();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_per_address_then_a_wait_until_the_oldest_leaves_the_window() {
        let limits = SubmissionLimits::default();
        for t in 0..5 {
            assert_eq!(limits.admit("city:1:addr:1.2.3.4", PER_ADDRESS, t), Ok(()));
        }
        assert_eq!(
            limits.admit("city:1:addr:1.2.3.4", PER_ADDRESS, 10),
            Err(590)
        );
        assert_eq!(limits.admit("city:1:addr:5.6.7.8", PER_ADDRESS, 10), Ok(()));
        assert_eq!(
            limits.admit("city:1:addr:1.2.3.4", PER_ADDRESS, 600),
            Ok(())
        );
        limits.release("city:1:addr:1.2.3.4");
        assert_eq!(
            limits.admit("city:1:addr:1.2.3.4", PER_ADDRESS, 601),
            Ok(()),
            "a released slot is free again"
        );
    }
}
