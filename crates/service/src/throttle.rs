//! Slows down password guessing without locking the real owner out for long:
//! five failures for one account or twenty from one address within fifteen
//! minutes pause further attempts until the oldest failure leaves the window.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

const WINDOW_SECONDS: i64 = 15 * 60;
const PER_ACCOUNT: usize = 5;
const PER_ADDRESS: usize = 20;

#[derive(Default)]
pub(crate) struct SignInThrottle {
    failures: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl SignInThrottle {
    /// Seconds to wait before another attempt for this account from this address, if any.
    pub fn wait(&self, account: &str, address: &str, now: i64) -> Option<u64> {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut longest = None;
        for (key, limit) in [
            (format!("account:{account}"), PER_ACCOUNT),
            (format!("address:{address}"), PER_ADDRESS),
        ] {
            if let Some(times) = failures.get_mut(&key) {
                while times.front().is_some_and(|t| now - t >= WINDOW_SECONDS) {
                    times.pop_front();
                }
                if times.len() >= limit
                    && let Some(oldest) = times.front()
                {
                    let wait = (oldest + WINDOW_SECONDS - now).max(1) as u64;
                    longest = Some(longest.map_or(wait, |l: u64| l.max(wait)));
                }
            }
        }
        longest
    }

    pub fn failed(&self, account: &str, address: &str, now: i64) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bound memory under a flood of made-up accounts.
        if failures.len() > 100_000 {
            failures.retain(|_, times| times.back().is_some_and(|t| now - t < WINDOW_SECONDS));
        }
        for key in [format!("account:{account}"), format!("address:{address}")] {
            failures.entry(key).or_default().push_back(now);
        }
    }

    pub fn succeeded(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&format!("account:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_pause_the_account_until_the_window_passes() {
        let throttle = SignInThrottle::default();
        for t in 0..5 {
            assert_eq!(throttle.wait("ana", "1.2.3.4", t), None);
            throttle.failed("ana", "1.2.3.4", t);
        }
        assert_eq!(throttle.wait("ana", "9.9.9.9", 10), Some(890));
        assert_eq!(
            throttle.wait("bo", "9.9.9.9", 10),
            None,
            "other accounts are not affected"
        );
        assert_eq!(
            throttle.wait("ana", "9.9.9.9", 900),
            None,
            "the window has passed"
        );
    }

    #[test]
    fn one_address_trying_many_accounts_is_paused() {
        let throttle = SignInThrottle::default();
        for n in 0..20 {
            throttle.failed(&format!("user{n}"), "6.6.6.6", 0);
        }
        assert!(throttle.wait("someone-new", "6.6.6.6", 1).is_some());
        assert!(throttle.wait("someone-new", "7.7.7.7", 1).is_none());
    }
}
