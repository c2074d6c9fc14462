//! Config syntaxes and the vendor knowledge about each, kept as data.
//!
//! One [`Rules`] table per [`Syntax`]: comment markers, device noise, lines to
//! drop, multi-line literals, the negation form, commands that are replaced
//! rather than negated (idempotent), commands negated with `default`, parents
//! whose children are ordered, ordering weights for remediation, secret
//! patterns to mask, and the default SSH command. The parsers, the diff and
//! the remediation engine read these tables; nothing else in the crate
//! branches on a vendor.
//!
//! Patterns are regexes over the trimmed line text, compiled once per process
//! ([`Syntax::compiled`]).

use regex::{Regex, RegexSet};
use std::sync::OnceLock;

/// A config syntax. Names match `crate::project::manifest::SYNTAXES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Syntax {
    /// Cisco IOS / IOS-XE.
    Ios,
    /// Cisco NX-OS.
    Nxos,
    /// Arista EOS.
    Eos,
    /// Cisco IOS-XR.
    Iosxr,
    /// JunOS, curly-brace format.
    Junos,
    /// JunOS `set` format.
    #[value(name = "junos-set")]
    JunosSet,
}

/// How a syntax nests statements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Children by indentation.
    Indent,
    /// `{ }` nesting, `;` statements.
    Brace,
    /// One `set <path>` per leaf.
    Set,
}

/// Every syntax, in the order of `SYNTAXES`.
pub const ALL: &[Syntax] = &[
    Syntax::Ios,
    Syntax::Nxos,
    Syntax::Eos,
    Syntax::Iosxr,
    Syntax::Junos,
    Syntax::JunosSet,
];

impl Syntax {
    /// The name used in unet.toml and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Ios => "ios",
            Syntax::Nxos => "nxos",
            Syntax::Eos => "eos",
            Syntax::Iosxr => "iosxr",
            Syntax::Junos => "junos",
            Syntax::JunosSet => "junos-set",
        }
    }

    /// A syntax by name (`ios`, `junos-set`, …).
    pub fn from_name(name: &str) -> Option<Syntax> {
        ALL.iter().copied().find(|s| s.name() == name)
    }

    /// The default syntax for an inventory vendor: cisco → ios, juniper →
    /// junos, arista → eos, anything else → ios.
    pub fn for_vendor(vendor: &str) -> Syntax {
        match vendor {
            "juniper" => Syntax::Junos,
            "arista" => Syntax::Eos,
            _ => Syntax::Ios,
        }
    }

    /// The syntax for a node: `[vendors.<v>] syntax` in the manifest wins over
    /// the vendor default.
    pub fn for_node(vendor: Option<&str>, manifest: &crate::project::Manifest) -> Syntax {
        let v = vendor.unwrap_or("generic");
        manifest
            .vendors
            .get(v)
            .and_then(|s| s.syntax.as_deref())
            .and_then(Syntax::from_name)
            .unwrap_or_else(|| Syntax::for_vendor(v))
    }

    /// JunOS text made of `set` lines is set format whatever was asked for.
    pub fn detect(self, text: &str) -> Syntax {
        if self != Syntax::Junos {
            return self;
        }
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("/*"));
        match first {
            Some(l) if l.starts_with("set ") || l.starts_with("deactivate ") => Syntax::JunosSet,
            _ => self,
        }
    }

    /// The vendor knowledge for this syntax.
    pub fn rules(self) -> &'static Rules {
        match self {
            Syntax::Ios => &IOS,
            Syntax::Nxos => &NXOS,
            Syntax::Eos => &EOS,
            Syntax::Iosxr => &IOSXR,
            Syntax::Junos => &JUNOS,
            Syntax::JunosSet => &JUNOS_SET,
        }
    }

    /// The rules with their regexes compiled (once per process).
    pub fn compiled(self) -> &'static Compiled {
        static CACHE: [OnceLock<Compiled>; 6] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        let i = ALL.iter().position(|&s| s == self).unwrap_or(0);
        CACHE[i].get_or_init(|| Compiled::new(self.rules()))
    }
}

/// A multi-line literal: starts at a line matching `start`; the delimiter is
/// either fixed (`end`) or taken from the start line (`end = None`: the first
/// non-space character after the start match, or `^C`).
#[derive(Debug)]
pub struct LiteralRule {
    pub start: &'static str,
    /// A fixed end line (trimmed), e.g. `quit` or `EOF`.
    pub end: Option<&'static str>,
}

/// The vendor knowledge for one syntax.
#[derive(Debug)]
pub struct Rules {
    pub family: Family,
    /// Spaces per nesting level when rendering (indent family).
    pub indent_unit: usize,
    /// A trimmed line starting with one of these is a comment.
    pub comment_prefixes: &'static [&'static str],
    /// Regexes for whole lines of device noise (banners the device adds,
    /// byte counts, timestamps).
    pub noise: &'static [&'static str],
    /// Exact trimmed lines that only close or leave a context (`end`, `exit`).
    pub drop_lines: &'static [&'static str],
    /// Multi-line literals kept whole.
    pub literals: &'static [LiteralRule],
    /// The negation prefix (`no `); JunOS uses `delete` paths instead.
    pub negation: &'static str,
    /// Commands negated with `default <command>` instead of `no <line>`;
    /// capture group 1 is the command to default (without its arguments).
    pub default_instead_of_no: &'static [&'static str],
    /// Lines that, without children, are in their default state (an
    /// unconfigured physical port, which a device always lists): such a line
    /// on one side only is not a difference.
    pub empty_is_default: &'static [&'static str],
    /// Lines a device never prints because they are the default (`no
    /// shutdown` on IOS and EOS): intended may have them, running lacks
    /// them, and that is not a difference unless running has their negation.
    pub implicit: &'static [&'static str],
    /// Commands replaced by a new value rather than negated; capture group 1
    /// is the key two lines must share to replace each other.
    pub idempotent: &'static [&'static str],
    /// Parents whose children are an ordered list (ACL entries, route-map
    /// clauses, route-policy statements).
    pub ordered_parents: &'static [&'static str],
    /// Ordering weights for top-level remediation commands: lower first when
    /// adding, higher first when removing; unmatched lines weigh 500.
    pub weights: &'static [(&'static str, i32)],
    /// Secrets to mask: each regex has a group named `s` (the secret).
    pub secrets: &'static [&'static str],
    /// Default command printing the running config over SSH.
    pub ssh_command: &'static str,
    /// Blocks a device wants closed explicitly when they are entered in
    /// configuration mode (IOS-XR `route-policy … end-policy`): parent regex
    /// and the closing line. The parsers drop these lines (`drop_lines`);
    /// remediation emits them after a block it writes.
    pub block_ends: &'static [(&'static str, &'static str)],
}

const IOS_NOISE: &[&str] = &[
    r"^Building configuration\.\.\.$",
    r"^Current configuration ?: \d+ bytes$",
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d+ [\d:.]+( \S+)?$",
    r"^\S+#show run(ning-config)?.*$",
];

const IOS_SECRETS: &[&str] = &[
    r"\b(?:secret|password|key-string|secret-key)(?: (?:\d+|sha512|sha256|md5|encrypted))? (?P<s>\S+)",
    r"^(?:tacacs-server|radius-server) key(?: [0-7])? (?P<s>\S+)",
    r"(?:^|> )key(?: [0-7])? (?P<s>\S+)$",
    r"\bserver-private \S+(?: .*)? key(?: [0-7])? (?P<s>\S+)",
    r"\bpre-shared-key(?: \S+)*? (?P<s>\S+)$",
    r"^snmp-server community (?P<s>\S+)",
    r"^snmp-server user \S+ \S+ v3 auth \S+ (?P<s>\S+)",
    r"\bpriv (?:aes(?: \d+)?|des|3des) (?P<s>\S+)",
    r"\bmessage-digest-key \d+ md5(?: [0-7])? (?P<s>\S+)",
    r"\bauthentication-key(?: [0-7])? (?P<s>\S+)",
];

const IOS_IDEMPOTENT: &[&str] = &[
    r"^(hostname) ",
    r"^(description) ",
    r"^(ip address) \S+ \S+$",
    r"^(ip address) \S+/\d+$",
    r"^(ipv4 address) \S+ \S+$",
    r"^(ipv4 address) \S+/\d+$",
    r"^(mtu) ",
    r"^(ip mtu) ",
    r"^(bandwidth) ",
    r"^(speed) ",
    r"^(duplex) ",
    r"^(switchport mode) ",
    r"^(switchport access vlan) ",
    r"^(switchport trunk native vlan) ",
    r"^(switchport trunk allowed vlan) [\d,\-]+$",
    r"^(switchport voice vlan) ",
    r"^(name) ",
    r"^(router-id) ",
    r"^(neighbor \S+ description) ",
    r"^(neighbor \S+ update-source) ",
    r"^(bgp router-id) ",
    r"^(ip domain[- ]name) ",
    r"^(ip ospf cost) ",
    r"^(snmp-server location) ",
    r"^(snmp-server contact) ",
    r"^(clock timezone) ",
    r"^(spanning-tree mode) ",
    r"^(vtp mode) ",
    r"^(enable secret) ",
    r"^(logging buffered) ",
    r"^(banner \S+)",
    r"^(service-policy (?:input|output)) ",
    r"^(vrf forwarding) ",
    r"^(vrf member) ",
    r"^(vrf) \S+$",
    r"^(encapsulation dot1q) ",
    r"^(channel-group) \d+",
    r"^(load-interval) ",
    r"^(ip default-gateway) ",
];

const IOS_ORDERED: &[&str] = &[
    r"^ip(v6)? access-list ",
    r"^mac access-list ",
    r"^route-map ",
    r"^ipv[46] access-list ",
    r"^route-policy ",
    r"^(ip )?prefix-set ",
    r"^class-map ",
    r"^policy-map ",
];

const IOS_WEIGHTS: &[(&str, i32)] = &[
    (r"^hostname ", 10),
    (r"^(vrf definition|vrf context|vrf instance|vrf) ", 50),
    (r"^(vlan|feature) ", 60),
    (
        r"^(ip access-list|ipv6 access-list|ip prefix-list|ipv4 access-list|prefix-set|mac access-list) ",
        100,
    ),
    (r"^(route-map|route-policy|community-set|as-path-set) ", 150),
    (r"^(class-map|policy-map) ", 160),
    (r"^interface ", 300),
    (r"^router ", 700),
    (r"^(ip route|ipv6 route|router static) ", 800),
    (r"^line ", 900),
];

/// Physical ports of Cisco IOS/IOS-XE: reset with `default`, never deleted.
const IOS_PORTS: &str = r"^(interface (?:FastEthernet|GigabitEthernet|TwoGigabitEthernet|FiveGigabitEthernet|TenGigabitEthernet|TwentyFiveGigE|FortyGigabitEthernet|HundredGigE|AppGigabitEthernet)\S+)$";
/// Physical ports of EOS and NX-OS.
const ETHERNET_PORTS: &str = r"^(interface Ethernet\d\S*)$";

const CERTIFICATE: LiteralRule = LiteralRule {
    start: r"^certificate( self-signed| ca)? \S+",
    end: Some("quit"),
};

/// Cisco IOS / IOS-XE.
pub static IOS: Rules = Rules {
    family: Family::Indent,
    indent_unit: 1,
    comment_prefixes: &["!"],
    noise: IOS_NOISE,
    drop_lines: &[
        "end",
        "exit",
        "exit-address-family",
        "exit-peer-policy",
        "exit-peer-session",
        "exit-service-family",
        "exit-sf-interface",
        "exit-vrf",
    ],
    literals: &[
        LiteralRule {
            start: r"^banner (motd|login|exec|incoming|slip-ppp|prompt-timeout|config-save)\b",
            end: None,
        },
        CERTIFICATE,
    ],
    negation: "no ",
    default_instead_of_no: &[
        // a physical port cannot be deleted: it is reset to its defaults
        IOS_PORTS,
        r"^(spanning-tree portfast)( .*)?$",
        r"^(storm-control \S+ level) ",
        r"^(switchport trunk allowed vlan) ",
    ],
    empty_is_default: &[IOS_PORTS],
    implicit: &[r"^no shutdown$"],
    idempotent: IOS_IDEMPOTENT,
    ordered_parents: IOS_ORDERED,
    weights: IOS_WEIGHTS,
    secrets: IOS_SECRETS,
    ssh_command: "show running-config",
    block_ends: &[],
};

/// Cisco NX-OS.
pub static NXOS: Rules = Rules {
    family: Family::Indent,
    indent_unit: 2,
    comment_prefixes: &["!", "#"],
    noise: IOS_NOISE,
    drop_lines: &["end", "exit"],
    literals: &[
        LiteralRule {
            start: r"^banner (motd|exec)\b",
            end: None,
        },
        CERTIFICATE,
    ],
    negation: "no ",
    default_instead_of_no: &[ETHERNET_PORTS, r"^(switchport trunk allowed vlan) "],
    empty_is_default: &[ETHERNET_PORTS],
    implicit: &[],
    idempotent: IOS_IDEMPOTENT,
    ordered_parents: IOS_ORDERED,
    weights: IOS_WEIGHTS,
    secrets: IOS_SECRETS,
    ssh_command: "show running-config",
    block_ends: &[],
};

/// Arista EOS.
pub static EOS: Rules = Rules {
    family: Family::Indent,
    indent_unit: 3,
    comment_prefixes: &["!"],
    noise: IOS_NOISE,
    drop_lines: &["end", "exit"],
    literals: &[
        LiteralRule {
            start: r"^banner (motd|login)$",
            end: Some("EOF"),
        },
        LiteralRule {
            start: r"^comment$",
            end: Some("EOF"),
        },
    ],
    negation: "no ",
    default_instead_of_no: &[
        ETHERNET_PORTS,
        r"^(switchport trunk allowed vlan) ",
        r"^(spanning-tree portfast)( .*)?$",
    ],
    empty_is_default: &[ETHERNET_PORTS],
    implicit: &[r"^no shutdown$"],
    idempotent: IOS_IDEMPOTENT,
    ordered_parents: IOS_ORDERED,
    weights: IOS_WEIGHTS,
    secrets: IOS_SECRETS,
    ssh_command: "show running-config",
    block_ends: &[],
};

/// Cisco IOS-XR.
pub static IOSXR: Rules = Rules {
    family: Family::Indent,
    indent_unit: 1,
    comment_prefixes: &["!"],
    noise: IOS_NOISE,
    drop_lines: &["end", "exit", "root", "end-policy", "end-set", "end-group"],
    literals: &[LiteralRule {
        start: r"^banner (motd|login|exec|incoming|prompt-timeout)\b",
        end: None,
    }],
    negation: "no ",
    default_instead_of_no: &[],
    empty_is_default: &[
        r"^(interface (?:GigabitEthernet|TenGigE|TwentyFiveGigE|FortyGigE|HundredGigE|FourHundredGigE)\S+)$",
    ],
    implicit: &[r"^no shutdown$"],
    idempotent: IOS_IDEMPOTENT,
    ordered_parents: IOS_ORDERED,
    weights: IOS_WEIGHTS,
    secrets: IOS_SECRETS,
    ssh_command: "show running-config",
    block_ends: &[
        (r"^route-policy ", "end-policy"),
        (
            r"^(prefix-set|community-set|as-path-set|extcommunity-set \S+|rd-set|tag-set) ",
            "end-set",
        ),
    ],
};

const JUNOS_SECRETS: &[&str] = &[
    r#"\b(?:encrypted-password|secret|secret-key|authentication-key|pre-shared-key(?: ascii-text| hexadecimal)?|simple-password|hash|md5 \d+ key) (?P<s>"[^"]*"|\S+)"#,
    r#"^community (?P<s>"[^"]*"|\S+)$"#,
    r#"\bsnmp > community (?P<s>"[^"]*"|\S+)"#,
    r#"^(?:set )?snmp community (?P<s>"[^"]*"|\S+)"#,
    r#"^(?:set )?snmp v3 usm local-engine user \S+ authentication-\S+ authentication-key (?P<s>"[^"]*"|\S+)"#,
];

const JUNOS_IDEMPOTENT: &[&str] = &[
    r"^(host-name) ",
    r"^(description) ",
    r"^(mtu) ",
    r"^(router-id) ",
    r"^(neighbor \S+ description) ",
    r"^(neighbor \S+ update-source) ",
    r"^(autonomous-system) ",
    r"^(domain-name) ",
    r"^(time-zone) ",
    r"^(location) ",
    r"^(contact) ",
    r"^(peer-as) ",
    r"^(local-as) ",
    r"^(local-address) ",
    r"^(type) ",
    r"^(metric) ",
    r"^(class) ",
    r"^(uid) ",
    r"^(encrypted-password) ",
    r"^(vlan-id) ",
    r"^(interface-mode) ",
    r"^(speed) ",
];

/// JunOS, brace format. Diffs and remediation use `set`/`delete` paths.
pub static JUNOS: Rules = Rules {
    family: Family::Brace,
    indent_unit: 4,
    comment_prefixes: &["#"],
    noise: &[r"^## Last (commit|changed): .*$", r"^version \S+;$"],
    drop_lines: &[],
    literals: &[],
    negation: "delete ",
    default_instead_of_no: &[],
    empty_is_default: &[],
    implicit: &[],
    idempotent: JUNOS_IDEMPOTENT,
    ordered_parents: &[r"^policy-statement ", r"^filter ", r"^term "],
    weights: &[],
    secrets: JUNOS_SECRETS,
    ssh_command: "show configuration | display set",
    block_ends: &[],
};

/// JunOS, `set` format.
pub static JUNOS_SET: Rules = Rules {
    family: Family::Set,
    indent_unit: 4,
    comment_prefixes: &["#"],
    noise: &[r"^## Last (commit|changed): .*$", r"^set version \S+$"],
    drop_lines: &[],
    literals: &[],
    negation: "delete ",
    default_instead_of_no: &[],
    empty_is_default: &[],
    implicit: &[],
    idempotent: JUNOS_IDEMPOTENT,
    ordered_parents: &[r"^policy-statement ", r"^filter ", r"^term "],
    weights: &[],
    secrets: JUNOS_SECRETS,
    ssh_command: "show configuration | display set",
    block_ends: &[],
};

/// [`Rules`] with every regex compiled.
#[derive(Debug)]
pub struct Compiled {
    pub noise: RegexSet,
    /// Each literal's start regex, fixed end, and the literal text its regex
    /// starts with (a cheap filter before the regex runs).
    pub literals: Vec<(Regex, Option<&'static str>, String)>,
    pub default_instead_of_no: Vec<Regex>,
    pub empty_is_default: RegexSet,
    pub implicit: RegexSet,
    pub idempotent: Vec<Regex>,
    /// The same patterns as one set: a cheap first pass before captures.
    pub idempotent_any: RegexSet,
    pub ordered: RegexSet,
    pub weights: Vec<(Regex, i32)>,
    pub secrets: Vec<Regex>,
    /// The same patterns as one set: most lines hold no secret.
    pub secrets_any: RegexSet,
    pub block_ends: Vec<(Regex, &'static str)>,
}

impl Compiled {
    fn new(r: &Rules) -> Compiled {
        let re = |s: &str| Regex::new(s).expect("built-in syntax regex");
        let set = |v: &[&str]| RegexSet::new(v).expect("built-in syntax regex set");
        Compiled {
            noise: set(r.noise),
            literals: r
                .literals
                .iter()
                .map(|l| {
                    let prefix: String = l
                        .start
                        .trim_start_matches('^')
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    (re(l.start), l.end, prefix)
                })
                .collect(),
            default_instead_of_no: r.default_instead_of_no.iter().map(|s| re(s)).collect(),
            empty_is_default: set(r.empty_is_default),
            implicit: set(r.implicit),
            idempotent: r.idempotent.iter().map(|s| re(s)).collect(),
            idempotent_any: set(r.idempotent),
            ordered: set(r.ordered_parents),
            weights: r.weights.iter().map(|(s, w)| (re(s), *w)).collect(),
            secrets: r.secrets.iter().map(|s| re(s)).collect(),
            secrets_any: set(r.secrets),
            block_ends: r.block_ends.iter().map(|(s, e)| (re(s), *e)).collect(),
        }
    }

    /// The replacement key of an idempotent command (`description`, `ip
    /// address`), or `None` when the command is not idempotent.
    pub fn idempotent_key<'a>(&self, line: &'a str) -> Option<&'a str> {
        self.idempotent_any.matches(line).iter().find_map(|i| {
            self.idempotent[i]
                .captures(line)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str())
        })
    }

    /// The line closing a block that starts with `line`, if the syntax wants one.
    pub fn block_end(&self, line: &str) -> Option<&'static str> {
        self.block_ends
            .iter()
            .find(|(r, _)| r.is_match(line))
            .map(|(_, e)| *e)
    }

    /// `default <command>` for a line the syntax resets with `default`.
    pub fn default_form(&self, line: &str) -> Option<String> {
        self.default_instead_of_no.iter().find_map(|r| {
            r.captures(line)
                .map(|c| format!("default {}", c.get(1).map_or(line, |m| m.as_str())))
        })
    }

    /// The ordering weight of a top-level command.
    pub fn weight(&self, line: &str) -> i32 {
        self.weights
            .iter()
            .find(|(r, _)| r.is_match(line))
            .map_or(500, |(_, w)| *w)
    }

    /// Replaces every secret in `line` with `<masked>`.
    pub fn mask<'a>(&self, line: &'a str) -> std::borrow::Cow<'a, str> {
        // look past a command verb: `no snmp-server community X` masks like the line
        let verb = ["no ", "default ", "delete ", "deactivate ", "activate "]
            .iter()
            .find(|v| line.starts_with(*v))
            .map_or(0, |v| v.len());
        if verb > 0 {
            let rest = self.mask(&line[verb..]);
            return match rest {
                std::borrow::Cow::Borrowed(_) => std::borrow::Cow::Borrowed(line),
                std::borrow::Cow::Owned(r) => {
                    std::borrow::Cow::Owned(format!("{}{r}", &line[..verb]))
                }
            };
        }
        let mut out = std::borrow::Cow::Borrowed(line);
        let hits = self.secrets_any.matches(line);
        if !hits.matched_any() {
            return out;
        }
        for r in hits.iter().map(|i| &self.secrets[i]) {
            if let Some(m) = r.captures(&out).and_then(|c| c.name("s")) {
                if m.as_str() == "<masked>" {
                    continue;
                }
                let (s, e) = (m.start(), m.end());
                let mut owned = String::with_capacity(out.len());
                owned.push_str(&out[..s]);
                owned.push_str("<masked>");
                owned.push_str(&out[e..]);
                out = std::borrow::Cow::Owned(owned);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_manifest() {
        let names: Vec<&str> = ALL.iter().map(|s| s.name()).collect();
        assert_eq!(names, crate::project::manifest::SYNTAXES);
    }

    #[test]
    fn every_table_compiles() {
        for s in ALL {
            let _ = s.compiled();
        }
    }

    #[test]
    fn secrets_are_masked() {
        let c = Syntax::Ios.compiled();
        assert_eq!(c.mask("enable secret 9 $9$abc"), "enable secret 9 <masked>");
        assert_eq!(
            c.mask("snmp-server community s3cr3t RO"),
            "snmp-server community <masked> RO"
        );
        assert_eq!(
            c.mask("username admin privilege 15 secret 9 $9$x"),
            "username admin privilege 15 secret 9 <masked>"
        );
        assert_eq!(c.mask("key 7 0822455D0A16"), "key 7 <masked>");
        assert_eq!(
            c.mask("tacacs-server key 7 0822"),
            "tacacs-server key 7 <masked>"
        );
        assert_eq!(
            c.mask("neighbor 10.0.0.1 password 7 ABC"),
            "neighbor 10.0.0.1 password 7 <masked>"
        );
        assert_eq!(c.mask("interface Vlan1"), "interface Vlan1");
        assert_eq!(
            c.mask("service password-encryption"),
            "service password-encryption"
        );
        let eos = Syntax::Eos.compiled();
        assert_eq!(
            eos.mask("username admin privilege 15 role network-admin secret sha512 $6$Qx8"),
            "username admin privilege 15 role network-admin secret sha512 <masked>"
        );
        let xr = Syntax::Iosxr.compiled();
        assert_eq!(xr.mask("secret 10 $6$Vh1l8u0Xx$hY7"), "secret 10 <masked>");
        assert_eq!(xr.mask("secret-key 7 ABCDEF"), "secret-key 7 <masked>");
        let j = Syntax::Junos.compiled();
        assert_eq!(
            j.mask(r#"encrypted-password "$6$xyz""#),
            "encrypted-password <masked>"
        );
        assert_eq!(
            j.mask("set snmp community public authorization read-only"),
            "set snmp community <masked> authorization read-only"
        );
        assert_eq!(
            j.mask(r#"pre-shared-key ascii-text "$9$abc""#),
            "pre-shared-key ascii-text <masked>"
        );
        assert_eq!(j.mask(r#"community "c0re-r0""#), "community <masked>");
        assert_eq!(
            j.mask("snmp > community public > authorization read-only"),
            "snmp > community <masked> > authorization read-only"
        );
        assert_eq!(
            c.mask("key chain K > key 1 > key-string 7 0822"),
            "key chain K > key 1 > key-string 7 <masked>"
        );
        assert_eq!(
            c.mask("radius server R > key 7 0822"),
            "radius server R > key 7 <masked>"
        );
    }

    #[test]
    fn vendor_defaults_and_detection() {
        assert_eq!(Syntax::for_vendor("juniper"), Syntax::Junos);
        assert_eq!(Syntax::for_vendor("arista"), Syntax::Eos);
        assert_eq!(Syntax::for_vendor("mikrotik"), Syntax::Ios);
        assert_eq!(
            Syntax::Junos.detect("## Last commit: x\nset system host-name a\n"),
            Syntax::JunosSet
        );
        assert_eq!(Syntax::Junos.detect("system {\n}\n"), Syntax::Junos);
        assert_eq!(Syntax::Ios.detect("set x\n"), Syntax::Ios);
    }
}
