//! `version(…)`: comparing OS version strings of every vendor, allocation-free.
//!
//! A version is read as a sequence of tokens: runs of digits (numbers) and
//! runs of letters (words); everything else (`.`, `(`, `)`, `-`, spaces…)
//! only separates tokens. Tokens are compared left to right: numbers
//! numerically, words case-insensitively, and a word sorts before a number at
//! the same position. When one side runs out, the other is greater unless its
//! remaining tokens are all zeros (`17.9` == `17.9.0`).
//!
//! Examples: `17.9.4` > `17.9`; `17.10.1` > `17.9.4`; `15.2(7)E4` > `15.2(4)E10`
//! (7 > 4 decides first); `22.4R3` > `22.4R2`; `4.30.4M` > `4.30.4F`.

use std::cmp::Ordering;

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Tok<'a> {
    Num(&'a str),
    Word(&'a str),
}

struct Toks<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Iterator for Toks<'a> {
    type Item = Tok<'a>;
    fn next(&mut self) -> Option<Tok<'a>> {
        let b = self.s.as_bytes();
        while self.i < b.len() && !b[self.i].is_ascii_alphanumeric() {
            self.i += 1;
        }
        if self.i >= b.len() {
            return None;
        }
        let start = self.i;
        let digit = b[start].is_ascii_digit();
        while self.i < b.len()
            && b[self.i].is_ascii_alphanumeric()
            && b[self.i].is_ascii_digit() == digit
        {
            self.i += 1;
        }
        let t = &self.s[start..self.i];
        Some(if digit { Tok::Num(t) } else { Tok::Word(t) })
    }
}

fn cmp_num(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn is_zero(t: Tok<'_>) -> bool {
    matches!(t, Tok::Num(n) if n.bytes().all(|c| c == b'0'))
}

/// Compares two version strings (see the module docs).
pub fn compare(a: &str, b: &str) -> Ordering {
    let mut x = Toks { s: a, i: 0 };
    let mut y = Toks { s: b, i: 0 };
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (Some(t), None) => {
                return if is_zero(t) && x.all(is_zero) {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                };
            }
            (None, Some(t)) => {
                return if is_zero(t) && y.all(is_zero) {
                    Ordering::Equal
                } else {
                    Ordering::Less
                };
            }
            (Some(p), Some(q)) => {
                let o = match (p, q) {
                    (Tok::Num(m), Tok::Num(n)) => cmp_num(m, n),
                    (Tok::Word(m), Tok::Word(n)) => m
                        .bytes()
                        .map(|c| c.to_ascii_lowercase())
                        .cmp(n.bytes().map(|c| c.to_ascii_lowercase())),
                    (Tok::Word(_), Tok::Num(_)) => Ordering::Less,
                    (Tok::Num(_), Tok::Word(_)) => Ordering::Greater,
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::*;

    #[test]
    fn vendor_versions() {
        assert_eq!(compare("17.9.4", "17.9"), Greater);
        assert_eq!(compare("17.6.5", "17.9"), Less);
        assert_eq!(compare("17.10.1", "17.9.4"), Greater);
        assert_eq!(compare("17.9", "17.9.0"), Equal);
        assert_eq!(compare("15.2(7)E4", "15.2(4)E10"), Greater);
        assert_eq!(compare("15.2(7)E4", "15.2(7)E10"), Less);
        assert_eq!(compare("22.4R3", "22.4R2"), Greater);
        assert_eq!(compare("22.4R3", "22.4"), Greater);
        assert_eq!(compare("22.4R3-S1", "22.4R3"), Greater);
        assert_eq!(compare("4.30.4M", "4.30.4F"), Greater);
        assert_eq!(compare("4.30.4M", "4.31.0F"), Less);
        assert_eq!(compare("007", "7"), Equal);
    }
}
