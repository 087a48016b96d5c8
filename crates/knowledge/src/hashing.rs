//! A fast hasher for the index's internal maps (words, terms, phrase pairs, counts).
//!
//! The standard SipHash resists hash-flooding by untrusted keys; here every key comes from
//! content an administrator loaded, and queries only read the maps, so a multiply-rotate hash
//! in the manner of rustc's FxHash is safe and builds a large index several times faster.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_keys_hash_apart_and_maps_work() {
        let mut map: FastMap<Box<str>, u32> = FastMap::default();
        for (i, word) in ["eau", "eaux", "water", "مياه", "ab", "ba"]
            .iter()
            .enumerate()
        {
            map.insert((*word).into(), i as u32);
        }
        assert_eq!(map.get("water"), Some(&2));
        assert_eq!(map.get("ba"), Some(&5));
        assert_eq!(map.len(), 6);
    }
}
