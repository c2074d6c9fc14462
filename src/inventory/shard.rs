//! `--shard K/N`: which nodes one CI runner of N compiles.
//!
//! A node belongs to exactly one shard, chosen from its name alone: a 64-bit
//! FNV-1a hash of the name (stable across platforms, Rust versions and runs,
//! unlike std's `DefaultHasher`) fed to Lamping & Veach's jump consistent
//! hash. So a node's shard never depends on the rest of the inventory (adding
//! a node moves no other node), and going from N to N+1 shards moves only
//! about 1/(N+1) of the nodes — shard caches and artifacts stay warm.
//!
//! Used by the driver (`Options.shard`, the `--shard` flag of check, build and
//! diff): the nodes for which [`Shard::contains`] is true *after* `--only`
//! are evaluated and rendered. `build --shard` records the shard as the
//! report's selection and never deletes other shards' configs as stale;
//! project-wide diagnostics are reported by every shard and deduplicated by
//! `unetc report merge`.

use std::fmt;

/// One shard of a split: `index` of `count`, 1-based as written on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Parses `K/N` with `1 <= K <= N`. The error is a lowercase sentence for
    /// the CLI (a usage error, exit 2).
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("invalid shard `{s}`: expected `K/N` with 1 <= K <= N, e.g. `2/4`");
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// The shard (1-based) a node name belongs to when split `count` ways.
    pub fn of(name: &str, count: u32) -> u32 {
        jump(fnv1a(name.as_bytes()), count.max(1)) + 1
    }

    /// Whether this shard compiles the node `name`.
    pub fn contains(&self, name: &str) -> bool {
        Shard::of(name, self.count) == self.index
    }

    /// The names, of those given, that this shard compiles, in input order.
    pub fn filter<'a, I>(&self, names: I) -> Vec<&'a str>
    where
        I: IntoIterator<Item = &'a str>,
    {
        names.into_iter().filter(|n| self.contains(n)).collect()
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        Shard::parse(s)
    }
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Jump consistent hash (Lamping & Veach 2014): a bucket in `0..buckets`.
fn jump(mut key: u64, buckets: u32) -> u32 {
    let mut b: i64 = -1;
    let mut j: i64 = 0;
    while j < i64::from(buckets) {
        b = j;
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        j = ((b + 1) as f64 * ((1u64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    b as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_k_of_n_only() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(Shard::parse(" 1 / 1 "), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/4", "5/4", "1/0", "4", "a/b", "-1/4", "", "1/4/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Shard::parse("3/8").unwrap().to_string(), "3/8");
    }

    #[test]
    fn every_node_is_in_exactly_one_shard() {
        let names: Vec<String> = (0..2000)
            .map(|i| format!("site{}-acc-{i:04}", i % 37))
            .collect();
        for n in [1u32, 2, 3, 4, 7, 16] {
            let shards: Vec<Shard> = (1..=n).map(|k| Shard { index: k, count: n }).collect();
            for name in &names {
                assert_eq!(
                    shards.iter().filter(|s| s.contains(name)).count(),
                    1,
                    "{name} in {n}"
                );
            }
        }
    }

    #[test]
    fn shards_are_balanced() {
        let names: Vec<String> = (0..10_000)
            .map(|i| format!("ams{}-acc-b1f2-{i:02}", i % 100))
            .collect();
        let mut sizes = [0usize; 4];
        for name in &names {
            sizes[(Shard::of(name, 4) - 1) as usize] += 1;
        }
        for s in sizes {
            assert!((2250..=2750).contains(&s), "unbalanced: {sizes:?}");
        }
    }

    #[test]
    fn stable_values() {
        // Fixed forever: CI caches and docs rely on a node staying in its shard.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        // (also computed by an independent Python implementation)
        let got: Vec<u32> = ["ams1-edge-01", "nyc1-core-01", "sin1-dist-02", "r1"]
            .iter()
            .map(|n| Shard::of(n, 8))
            .collect();
        assert_eq!(got, [1, 8, 2, 4]);
        assert_eq!(jump(0, 1), 0);
        assert_eq!(jump(12345, 1), 0);
    }

    #[test]
    fn growing_the_split_moves_few_nodes() {
        let names: Vec<String> = (0..10_000).map(|i| format!("n{i}")).collect();
        let moved = names
            .iter()
            .filter(|n| Shard::of(n, 4) != Shard::of(n, 5))
            .count();
        // ideal: 1/5 of the nodes move, and only to the new shard
        assert!((1700..=2300).contains(&moved), "moved {moved}");
        assert!(names
            .iter()
            .all(|n| Shard::of(n, 4) == Shard::of(n, 5) || Shard::of(n, 5) == 5));
    }

    #[test]
    fn filter_keeps_input_order() {
        let s = Shard { index: 1, count: 1 };
        assert_eq!(s.filter(["b", "a", "c"]), ["b", "a", "c"]);
    }
}
