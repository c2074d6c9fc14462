//! Network filters and tests for templates: IP/CIDR arithmetic (Ansible
//! `ipaddr`-style), MAC formatting, interface-name abbreviation, and a safe
//! nested lookup (`get`).
//!
//! Input: MiniJinja values (strings, lists). Output: values, or an
//! `InvalidOperation` error that the renderer turns into an `E0505`
//! diagnostic at the template line. Documented with examples in
//! `lang/templates.md`; every filter has known-answer tests below.

use ipnet::{IpNet, Ipv4Net};
use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Every filter a template can use (ours and MiniJinja's built-ins), for
/// did-you-mean hints.
pub const FILTER_NAMES: &[&str] = &[
    "ipaddr",
    "ipv4",
    "ipv6",
    "network",
    "netmask",
    "prefixlen",
    "hostmask",
    "wildcard",
    "broadcast",
    "nth_host",
    "ipmath",
    "ip_in",
    "cidr_merge",
    "mac",
    "interface_short",
    "interface_long",
    "get",
    "regex_search",
    "regex_replace",
    "natural_sort",
    "abs",
    "attr",
    "batch",
    "bool",
    "capitalize",
    "chain",
    "default",
    "d",
    "dictsort",
    "escape",
    "e",
    "first",
    "float",
    "groupby",
    "indent",
    "int",
    "items",
    "join",
    "last",
    "length",
    "count",
    "lines",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "pprint",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "safe",
    "select",
    "selectattr",
    "slice",
    "sort",
    "split",
    "string",
    "sum",
    "title",
    "tojson",
    "trim",
    "unique",
    "upper",
    "urlencode",
    "zip",
];

/// Registers every filter and test of this module.
pub fn register(env: &mut Environment<'_>) {
    env.add_filter("ipaddr", ipaddr);
    env.add_filter("ipv4", ipv4);
    env.add_filter("ipv6", ipv6);
    env.add_filter("network", network);
    env.add_filter("netmask", netmask);
    env.add_filter("prefixlen", prefixlen);
    env.add_filter("hostmask", hostmask);
    env.add_filter("wildcard", wildcard);
    env.add_filter("broadcast", broadcast);
    env.add_filter("nth_host", nth_host);
    env.add_filter("ipmath", ipmath);
    env.add_filter("ip_in", ip_in);
    env.add_filter("cidr_merge", cidr_merge);
    env.add_filter("mac", mac);
    env.add_filter("interface_short", interface_short);
    env.add_filter("interface_long", interface_long);
    env.add_filter("get", get);
    env.add_filter("regex_search", regex_search);
    env.add_filter("natural_sort", natural_sort);
    env.add_filter("regex_replace", regex_replace);
    env.add_test("ipv4", |v: &Value| {
        parse_net(v).is_ok_and(|n| n.addr().is_ipv4())
    });
    env.add_test("ipv6", |v: &Value| {
        parse_net(v).is_ok_and(|n| n.addr().is_ipv6())
    });
    env.add_test("ip", |v: &Value| parse_net(v).is_ok());
    env.add_test("ip_in", |v: &Value, cidr: &str| -> Result<bool, Error> {
        let outer = parse_str(cidr)?;
        Ok(parse_net(v).is_ok_and(|n| contains(&outer, &n)))
    });
}

fn bad(msg: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg)
}

/// Parses `10.0.0.1/24`, `10.0.0.1`, `2001:db8::1/64`, `::1`. A bare address
/// is a host prefix (/32 or /128).
fn parse_str(s: &str) -> Result<IpNet, Error> {
    let t = s.trim();
    if let Ok(n) = t.parse::<IpNet>() {
        return Ok(n);
    }
    if let Ok(a) = t.parse::<IpAddr>() {
        return Ok(IpNet::from(a));
    }
    Err(bad(format!("`{s}` is not an IP address or CIDR prefix")))
}

fn parse_net(v: &Value) -> Result<IpNet, Error> {
    match v.as_str() {
        Some(s) => parse_str(s),
        None => Err(bad(format!(
            "expected an IP address or CIDR string, got {} `{v}`",
            v.kind()
        ))),
    }
}

fn contains(outer: &IpNet, inner: &IpNet) -> bool {
    outer.contains(inner)
}

/// `ipaddr`: the address part of a CIDR; with an argument, another part:
/// `address`, `network`, `netmask`, `hostmask`, `broadcast`, `prefix`,
/// `cidr`/`subnet` (network/prefix), `host` (address/prefix), `first_usable`,
/// `last_usable`, `size`.
pub fn ipaddr(v: &Value, what: Option<&str>) -> Result<Value, Error> {
    let n = parse_net(v)?;
    let out = match what.unwrap_or("address") {
        "address" | "addr" => n.addr().to_string(),
        "network" => n.network().to_string(),
        "netmask" => n.netmask().to_string(),
        "hostmask" => n.hostmask().to_string(),
        "broadcast" => n.broadcast().to_string(),
        "prefix" => return Ok(Value::from(n.prefix_len())),
        "cidr" | "subnet" => n.trunc().to_string(),
        "host" => n.to_string(),
        "size" => return Ok(Value::from(size(&n))),
        "first_usable" => first_last_usable(&n).0.to_string(),
        "last_usable" => first_last_usable(&n).1.to_string(),
        other => {
            return Err(bad(format!(
                "unknown `ipaddr` query `{other}`; expected one of `address`, `network`, \
                 `netmask`, `hostmask`, `broadcast`, `prefix`, `cidr`, `host`, `size`, \
                 `first_usable`, `last_usable`"
            )))
        }
    };
    Ok(Value::from(out))
}

fn size(n: &IpNet) -> u128 {
    let bits = n.max_prefix_len() - n.prefix_len();
    if bits >= 128 {
        u128::MAX
    } else {
        1u128 << bits
    }
}

/// First and last usable addresses: a /31 or /127 (point-to-point) and a
/// host prefix use every address; otherwise network and broadcast are skipped.
fn first_last_usable(n: &IpNet) -> (IpAddr, IpAddr) {
    let (net, bc) = (n.network(), n.broadcast());
    if n.max_prefix_len() - n.prefix_len() <= 1 {
        return (net, bc);
    }
    (add(net, 1).unwrap_or(net), add(bc, -1).unwrap_or(bc))
}

fn add(a: IpAddr, delta: i128) -> Option<IpAddr> {
    match a {
        IpAddr::V4(a) => {
            let x = i128::from(u32::from(a)) + delta;
            u32::try_from(x).ok().map(|x| IpAddr::V4(Ipv4Addr::from(x)))
        }
        IpAddr::V6(a) => {
            let base = u128::from(a);
            let x = if delta >= 0 {
                base.checked_add(delta as u128)
            } else {
                base.checked_sub(delta.unsigned_abs())
            };
            x.map(|x| IpAddr::V6(Ipv6Addr::from(x)))
        }
    }
}

/// Applies a predicate as a validator (scalar: the value or `false`) or a
/// filter (list: the matching items).
fn validate(v: &Value, keep: impl Fn(&IpNet) -> bool) -> Result<Value, Error> {
    if v.kind() == ValueKind::Seq {
        let mut out = Vec::new();
        for item in v.try_iter()? {
            if parse_net(&item).is_ok_and(|n| keep(&n)) {
                out.push(item);
            }
        }
        return Ok(Value::from(out));
    }
    Ok(if parse_net(v).is_ok_and(|n| keep(&n)) {
        v.clone()
    } else {
        Value::from(false)
    })
}

/// `ipv4`: the value if it is an IPv4 address/CIDR, else `false`; on a list,
/// the IPv4 items.
pub fn ipv4(v: &Value) -> Result<Value, Error> {
    validate(v, |n| n.addr().is_ipv4())
}

/// `ipv6`: as [`ipv4`], for IPv6.
pub fn ipv6(v: &Value) -> Result<Value, Error> {
    validate(v, |n| n.addr().is_ipv6())
}

/// `network`: the network address (`10.1.2.3/24` → `10.1.2.0`).
pub fn network(v: &Value) -> Result<String, Error> {
    Ok(parse_net(v)?.network().to_string())
}

/// `netmask`: the dotted mask (`10.1.2.3/24` → `255.255.255.0`).
pub fn netmask(v: &Value) -> Result<String, Error> {
    Ok(parse_net(v)?.netmask().to_string())
}

/// Parses a dotted IPv4 netmask (`255.255.255.0`) into a prefix length.
fn mask_to_prefix(s: &str) -> Option<u8> {
    let a: Ipv4Addr = s.trim().parse().ok()?;
    let bits = u32::from(a);
    let ones = bits.leading_ones();
    (bits.checked_shl(ones).unwrap_or(0) == 0).then_some(ones as u8)
}

/// `prefixlen`: the prefix length (`10.1.2.3/24` → 24); also converts a
/// dotted netmask (`255.255.255.0` → 24).
pub fn prefixlen(v: &Value) -> Result<u8, Error> {
    if let Some(s) = v.as_str() {
        if !s.contains('/') && s.starts_with("255.") {
            if let Some(p) = mask_to_prefix(s) {
                return Ok(p);
            }
        }
    }
    Ok(parse_net(v)?.prefix_len())
}

/// `hostmask`: the inverse mask (`10.1.2.3/24` → `0.0.0.255`).
pub fn hostmask(v: &Value) -> Result<String, Error> {
    Ok(parse_net(v)?.hostmask().to_string())
}

/// `wildcard`: the Cisco wildcard mask; from a CIDR (`10.1.2.3/24` →
/// `0.0.0.255`) or from a dotted netmask (`255.255.255.252` → `0.0.0.3`).
pub fn wildcard(v: &Value) -> Result<String, Error> {
    if let Some(p) = v
        .as_str()
        .filter(|s| !s.contains('/'))
        .and_then(mask_to_prefix)
    {
        if v.as_str()
            .is_some_and(|s| s.starts_with("255.") || s == "0.0.0.0")
        {
            let n = Ipv4Net::new(Ipv4Addr::UNSPECIFIED, p).map_err(|e| bad(e.to_string()))?;
            return Ok(n.hostmask().to_string());
        }
    }
    hostmask(v)
}

/// `broadcast`: the last address of the prefix.
pub fn broadcast(v: &Value) -> Result<String, Error> {
    Ok(parse_net(v)?.broadcast().to_string())
}

/// `nth_host(n)`: the n-th address of the prefix, counting the network
/// address as 0 (`10.0.0.0/24 | nth_host(1)` → `10.0.0.1`); negative counts
/// from the end (-1 is the last address).
pub fn nth_host(v: &Value, n: i64) -> Result<String, Error> {
    let net = parse_net(v)?;
    let sz = size(&net);
    let n = i128::from(n);
    let offset = if n < 0 { sz as i128 + n } else { n };
    if offset < 0 || (offset as u128) >= sz {
        return Err(bad(format!(
            "`{}` has no host number {n} (it holds {sz} addresses)",
            net.trunc()
        )));
    }
    add(net.network(), offset)
        .map(|a| a.to_string())
        .ok_or_else(|| bad(format!("host number {n} is out of range")))
}

/// `ipmath(n)`: the address plus n (`10.0.0.1 | ipmath(2)` → `10.0.0.3`).
pub fn ipmath(v: &Value, n: i64) -> Result<String, Error> {
    let net = parse_net(v)?;
    add(net.addr(), i128::from(n))
        .map(|a| a.to_string())
        .ok_or_else(|| {
            bad(format!(
                "`{}` + {n} is out of the address space",
                net.addr()
            ))
        })
}

/// `ip_in(cidr)`: whether the address (or prefix) lies inside `cidr`; on a
/// list, the items that do.
pub fn ip_in(v: &Value, cidr: &str) -> Result<Value, Error> {
    let outer = parse_str(cidr)?;
    if v.kind() == ValueKind::Seq {
        let mut out = Vec::new();
        for item in v.try_iter()? {
            if contains(&outer, &parse_net(&item)?) {
                out.push(item);
            }
        }
        return Ok(Value::from(out));
    }
    Ok(Value::from(contains(&outer, &parse_net(v)?)))
}

/// `cidr_merge`: a list of prefixes merged into the fewest covering prefixes,
/// sorted (IPv4 first).
pub fn cidr_merge(v: &Value) -> Result<Vec<String>, Error> {
    let mut nets = Vec::new();
    for item in v.try_iter()? {
        nets.push(parse_net(&item)?.trunc());
    }
    Ok(IpNet::aggregate(&nets)
        .into_iter()
        .map(|n| n.to_string())
        .collect())
}

/// Parses a MAC address in any common notation into its 6 bytes.
fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let hex: String = s
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    let seps = s.chars().filter(|c| matches!(c, ':' | '-' | '.')).count();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) || ![0, 2, 5].contains(&seps)
    {
        return None;
    }
    let mut out = [0u8; 6];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

/// `mac(format)`: reformats a MAC address. Formats: `colon` (default,
/// `aa:bb:cc:dd:ee:ff`), `dash` (`aa-bb-cc-dd-ee-ff`), `dot` or `cisco`
/// (`aabb.ccdd.eeff`), `bare` (`aabbccddeeff`), `upper` (`AA:BB:CC:DD:EE:FF`),
/// `eui48` (`AA-BB-CC-DD-EE-FF`).
pub fn mac(v: &Value, format: Option<&str>) -> Result<String, Error> {
    let s = v.as_str().ok_or_else(|| {
        bad(format!(
            "expected a MAC address string, got {} `{v}`",
            v.kind()
        ))
    })?;
    let b = parse_mac(s).ok_or_else(|| bad(format!("`{s}` is not a MAC address")))?;
    let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(match format.unwrap_or("colon") {
        "colon" | "linux" | "unix" => hex.join(":"),
        "dash" => hex.join("-"),
        "dot" | "cisco" => format!(
            "{}{}.{}{}.{}{}",
            hex[0], hex[1], hex[2], hex[3], hex[4], hex[5]
        ),
        "bare" => hex.concat(),
        "upper" => hex.join(":").to_ascii_uppercase(),
        "eui48" => hex.join("-").to_ascii_uppercase(),
        other => {
            return Err(bad(format!(
                "unknown MAC format `{other}`; expected one of `colon`, `dash`, `dot`, \
                 `cisco`, `bare`, `upper`, `eui48`"
            )))
        }
    })
}

/// Interface type names: (long, short, other accepted spellings). Data, not
/// code: add a row to teach both filters a new type.
const INTERFACE_NAMES: &[(&str, &str, &[&str])] = &[
    ("FastEthernet", "Fa", &["Fast"]),
    ("GigabitEthernet", "Gi", &["Gig", "Ge"]),
    ("TwoGigabitEthernet", "Tw", &["TwoGig"]),
    ("FiveGigabitEthernet", "Fi", &["FiveGig"]),
    ("TenGigabitEthernet", "Te", &["Ten", "TenGig", "TenGigE"]),
    ("TwentyFiveGigE", "Twe", &["TwentyFiveGigabitEthernet"]),
    ("FortyGigabitEthernet", "Fo", &["FortyGig", "FortyGigE"]),
    ("HundredGigE", "Hu", &["HundredGigabitEthernet"]),
    ("TwoHundredGigE", "TH", &[]),
    ("FourHundredGigE", "FH", &[]),
    ("AppGigabitEthernet", "Ap", &[]),
    ("Ethernet", "Et", &["Eth"]),
    ("Port-channel", "Po", &["PortChannel", "Port-Channel"]),
    ("Bundle-Ether", "BE", &[]),
    ("Loopback", "Lo", &[]),
    ("Vlan", "Vl", &[]),
    ("Management", "Ma", &["Mgmt"]),
    ("MgmtEth", "Mg", &[]),
    ("Tunnel", "Tu", &[]),
    ("Serial", "Se", &[]),
    ("Dialer", "Di", &[]),
    ("Virtual-Template", "Vt", &[]),
    ("BDI", "BD", &[]),
];

/// Splits `GigabitEthernet0/0/1` into (`GigabitEthernet`, `0/0/1`).
fn split_interface(s: &str) -> (&str, &str) {
    let cut = s
        .find(|c: char| c.is_ascii_digit() || c.is_whitespace())
        .unwrap_or(s.len());
    (&s[..cut], s[cut..].trim_start())
}

fn lookup_interface(
    kind: &str,
) -> Option<&'static (&'static str, &'static str, &'static [&'static str])> {
    // long names first (so `Fi` is FiveGigabitEthernet, the older meaning),
    // then short names, then aliases
    INTERFACE_NAMES
        .iter()
        .find(|(l, _, _)| l.eq_ignore_ascii_case(kind))
        .or_else(|| {
            INTERFACE_NAMES
                .iter()
                .find(|(_, s, _)| s.eq_ignore_ascii_case(kind))
        })
        .or_else(|| {
            INTERFACE_NAMES
                .iter()
                .find(|(_, _, a)| a.iter().any(|x| x.eq_ignore_ascii_case(kind)))
        })
}

/// `interface_short`: `TenGigabitEthernet1/1/1` → `Te1/1/1`. Names it does
/// not know (`et-0/0/0`) pass unchanged.
pub fn interface_short(s: &str) -> String {
    let (kind, rest) = split_interface(s);
    match lookup_interface(kind) {
        Some((_, short, _)) if !rest.is_empty() => format!("{short}{rest}"),
        _ => s.to_string(),
    }
}

/// `interface_long`: `Te1/1/1` → `TenGigabitEthernet1/1/1`. Names it does not
/// know pass unchanged.
pub fn interface_long(s: &str) -> String {
    let (kind, rest) = split_interface(s);
    match lookup_interface(kind) {
        Some((long, _, _)) if !rest.is_empty() => format!("{long}{rest}"),
        _ => s.to_string(),
    }
}

/// `get(path, default=none)`: a nested lookup that copes with absent keys
/// under strict undefined: `custom_data | get("ntp.servers", [])`.
pub fn get(v: &Value, path: &str, default: Option<Value>) -> Value {
    let mut cur = v.clone();
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let next = if cur.kind() == ValueKind::Map {
            cur.get_attr(seg).ok().filter(|x| !x.is_undefined())
        } else if cur.kind() == ValueKind::Seq {
            seg.parse::<usize>()
                .ok()
                .and_then(|i| cur.get_item(&Value::from(i)).ok())
                .filter(|x| !x.is_undefined())
        } else {
            None
        };
        match next {
            Some(x) if !x.is_none() => cur = x,
            _ => return default.unwrap_or(Value::from(())),
        }
    }
    cur
}

/// Chunks of a name: (0, number, text) for digit runs, (1, 0, text) otherwise.
type NaturalKey = Vec<(u8, u128, String)>;

/// A sort key where digit runs compare as numbers: `Ethernet5` < `Ethernet49/1`.
fn natural_key(s: &str) -> NaturalKey {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digit = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digit {
                break;
            }
            run.push(c);
            chars.next();
        }
        if digit {
            out.push((0, run.parse().unwrap_or(u128::MAX), run));
        } else {
            out.push((1, 0, run));
        }
    }
    out
}

/// `natural_sort(attribute=none)`: sorts a list (of strings, or of maps by an
/// attribute) so that numbers in names compare as numbers:
/// `Ethernet2, Ethernet10, Ethernet49/1`.
pub fn natural_sort(v: &Value, attribute: Option<&str>) -> Result<Value, Error> {
    let mut items: Vec<(NaturalKey, Value)> = Vec::new();
    for item in v.try_iter()? {
        let key_value = match attribute {
            Some(a) => get(&item, a, None),
            None => item.clone(),
        };
        items.push((natural_key(&key_value.to_string()), item));
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Value::from(
        items.into_iter().map(|x| x.1).collect::<Vec<_>>(),
    ))
}

fn regex(pattern: &str) -> Result<regex::Regex, Error> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| bad(format!("invalid regex `{pattern}`: {e}")))
}

/// `regex_search(pattern, group=0)`: the first match (or its group), or none.
pub fn regex_search(s: &str, pattern: &str, group: Option<usize>) -> Result<Value, Error> {
    let re = regex(pattern)?;
    Ok(re
        .captures(s)
        .and_then(|c| c.get(group.unwrap_or(0)))
        .map_or(Value::from(()), |m| Value::from(m.as_str())))
}

/// `regex_replace(pattern, replacement)`: every match replaced (`$1` for groups).
pub fn regex_replace(s: &str, pattern: &str, replacement: &str) -> Result<String, Error> {
    Ok(regex(pattern)?.replace_all(s, replacement).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    fn render(tpl: &str) -> Result<String, Error> {
        let mut env = Environment::new();
        register(&mut env);
        env.render_str(tpl, ())
    }

    #[test]
    fn ipaddr_parts() {
        let v = s("10.1.2.3/24");
        assert_eq!(ipaddr(&v, None).unwrap(), s("10.1.2.3"));
        assert_eq!(ipaddr(&v, Some("network")).unwrap(), s("10.1.2.0"));
        assert_eq!(ipaddr(&v, Some("netmask")).unwrap(), s("255.255.255.0"));
        assert_eq!(ipaddr(&v, Some("prefix")).unwrap(), Value::from(24));
        assert_eq!(ipaddr(&v, Some("cidr")).unwrap(), s("10.1.2.0/24"));
        assert_eq!(ipaddr(&v, Some("host")).unwrap(), s("10.1.2.3/24"));
        assert_eq!(ipaddr(&v, Some("broadcast")).unwrap(), s("10.1.2.255"));
        assert_eq!(ipaddr(&v, Some("size")).unwrap(), Value::from(256));
        assert_eq!(ipaddr(&v, Some("first_usable")).unwrap(), s("10.1.2.1"));
        assert_eq!(ipaddr(&v, Some("last_usable")).unwrap(), s("10.1.2.254"));
        assert_eq!(
            ipaddr(&s("10.0.0.0/31"), Some("first_usable")).unwrap(),
            s("10.0.0.0")
        );
        assert_eq!(
            ipaddr(&s("2001:db8::1/64"), None).unwrap(),
            s("2001:db8::1")
        );
        assert_eq!(
            ipaddr(&s("2001:db8::1/64"), Some("network")).unwrap(),
            s("2001:db8::")
        );
        assert_eq!(
            ipaddr(&s("192.0.2.7"), Some("prefix")).unwrap(),
            Value::from(32)
        );
        assert!(ipaddr(&s("10.0.0.300/24"), None).is_err());
        assert!(ipaddr(&v, Some("nope")).is_err());
        assert!(ipaddr(&Value::from(5), None).is_err());
    }

    #[test]
    fn ipv4_ipv6_validate_and_filter() {
        assert_eq!(ipv4(&s("10.0.0.1")).unwrap(), s("10.0.0.1"));
        assert_eq!(ipv4(&s("2001:db8::1")).unwrap(), Value::from(false));
        assert_eq!(ipv4(&s("router")).unwrap(), Value::from(false));
        assert_eq!(ipv6(&s("2001:db8::/32")).unwrap(), s("2001:db8::/32"));
        let l = Value::from(vec!["10.0.0.1", "::1", "x", "192.0.2.0/24"]);
        assert_eq!(
            ipv4(&l).unwrap(),
            Value::from(vec!["10.0.0.1", "192.0.2.0/24"])
        );
        assert_eq!(ipv6(&l).unwrap(), Value::from(vec!["::1"]));
    }

    #[test]
    fn masks_and_lengths() {
        assert_eq!(network(&s("172.16.5.9/20")).unwrap(), "172.16.0.0");
        assert_eq!(netmask(&s("10.0.0.0/31")).unwrap(), "255.255.255.254");
        assert_eq!(netmask(&s("10.0.0.1")).unwrap(), "255.255.255.255");
        assert_eq!(netmask(&s("2001:db8::/48")).unwrap(), "ffff:ffff:ffff::");
        assert_eq!(prefixlen(&s("10.0.0.0/31")).unwrap(), 31);
        assert_eq!(prefixlen(&s("255.255.255.0")).unwrap(), 24);
        assert_eq!(prefixlen(&s("2001:db8::/56")).unwrap(), 56);
        assert_eq!(hostmask(&s("10.0.0.0/22")).unwrap(), "0.0.3.255");
        assert_eq!(wildcard(&s("10.0.0.0/30")).unwrap(), "0.0.0.3");
        assert_eq!(wildcard(&s("255.255.255.252")).unwrap(), "0.0.0.3");
        assert_eq!(wildcard(&s("255.255.0.0")).unwrap(), "0.0.255.255");
        assert_eq!(wildcard(&s("10.0.0.1")).unwrap(), "0.0.0.0");
        assert_eq!(broadcast(&s("10.0.0.0/30")).unwrap(), "10.0.0.3");
        assert!(network(&s("10.0.0.0/33")).is_err());
    }

    #[test]
    fn nth_host_and_ipmath() {
        assert_eq!(nth_host(&s("10.0.0.0/24"), 1).unwrap(), "10.0.0.1");
        assert_eq!(nth_host(&s("10.0.0.77/24"), 10).unwrap(), "10.0.0.10");
        assert_eq!(nth_host(&s("10.0.0.0/24"), -1).unwrap(), "10.0.0.255");
        assert_eq!(nth_host(&s("10.0.0.0/24"), -2).unwrap(), "10.0.0.254");
        assert_eq!(nth_host(&s("2001:db8::/64"), 5).unwrap(), "2001:db8::5");
        assert!(nth_host(&s("10.0.0.0/30"), 4).is_err());
        assert!(nth_host(&s("10.0.0.0/30"), -5).is_err());
        assert_eq!(ipmath(&s("10.0.0.1/31"), 2).unwrap(), "10.0.0.3");
        assert_eq!(ipmath(&s("10.0.1.0"), -1).unwrap(), "10.0.0.255");
        assert!(ipmath(&s("255.255.255.255"), 1).is_err());
    }

    #[test]
    fn ip_in_filter_and_test() {
        assert_eq!(
            ip_in(&s("10.0.0.5"), "10.0.0.0/24").unwrap(),
            Value::from(true)
        );
        assert_eq!(
            ip_in(&s("10.0.1.5"), "10.0.0.0/24").unwrap(),
            Value::from(false)
        );
        assert_eq!(
            ip_in(&s("10.0.0.0/25"), "10.0.0.0/24").unwrap(),
            Value::from(true)
        );
        assert_eq!(
            ip_in(&s("10.0.0.0/23"), "10.0.0.0/24").unwrap(),
            Value::from(false)
        );
        assert_eq!(ip_in(&s("::1"), "10.0.0.0/8").unwrap(), Value::from(false));
        let l = Value::from(vec!["10.0.0.1", "192.0.2.1", "10.9.9.9"]);
        assert_eq!(
            ip_in(&l, "10.0.0.0/8").unwrap(),
            Value::from(vec!["10.0.0.1", "10.9.9.9"])
        );
        assert!(ip_in(&s("10.0.0.1"), "bogus").is_err());
        assert_eq!(
            render("{{ '10.1.1.1' is ip_in('10.0.0.0/8') }} {{ 'x' is ipv4 }} {{ '::1' is ipv6 }}")
                .unwrap(),
            "True False True"
        );
    }

    #[test]
    fn cidr_merge_merges() {
        let l = Value::from(vec![
            "10.0.0.0/25",
            "10.0.0.128/25",
            "10.0.1.0/24",
            "192.0.2.1",
            "10.0.0.7/32",
        ]);
        assert_eq!(cidr_merge(&l).unwrap(), vec!["10.0.0.0/23", "192.0.2.1/32"]);
        let l = Value::from(vec!["2001:db8::/33", "2001:db8:8000::/33", "10.0.0.0/8"]);
        assert_eq!(cidr_merge(&l).unwrap(), vec!["10.0.0.0/8", "2001:db8::/32"]);
        assert!(cidr_merge(&Value::from(vec!["10.0.0.0/8", "nope"])).is_err());
    }

    #[test]
    fn mac_formats() {
        let m = s("AA:BB:CC:00:11:22");
        assert_eq!(mac(&m, None).unwrap(), "aa:bb:cc:00:11:22");
        assert_eq!(mac(&m, Some("dash")).unwrap(), "aa-bb-cc-00-11-22");
        assert_eq!(mac(&m, Some("cisco")).unwrap(), "aabb.cc00.1122");
        assert_eq!(mac(&m, Some("dot")).unwrap(), "aabb.cc00.1122");
        assert_eq!(mac(&m, Some("bare")).unwrap(), "aabbcc001122");
        assert_eq!(mac(&m, Some("upper")).unwrap(), "AA:BB:CC:00:11:22");
        assert_eq!(mac(&m, Some("eui48")).unwrap(), "AA-BB-CC-00-11-22");
        assert_eq!(
            mac(&s("aabb.cc00.1122"), None).unwrap(),
            "aa:bb:cc:00:11:22"
        );
        assert_eq!(
            mac(&s("aabbcc001122"), Some("dash")).unwrap(),
            "aa-bb-cc-00-11-22"
        );
        assert!(mac(&s("aa:bb:cc"), None).is_err());
        assert!(mac(&s("zz:bb:cc:00:11:22"), None).is_err());
        assert!(mac(&m, Some("weird")).is_err());
    }

    #[test]
    fn interface_names() {
        let pairs = [
            ("GigabitEthernet0/0/0", "Gi0/0/0"),
            ("TenGigabitEthernet1/1/1", "Te1/1/1"),
            ("TwentyFiveGigE1/0/1", "Twe1/0/1"),
            ("FortyGigabitEthernet1/0/49", "Fo1/0/49"),
            ("HundredGigE0/0/0/1", "Hu0/0/0/1"),
            ("Ethernet49/1", "Et49/1"),
            ("Port-channel10", "Po10"),
            ("Loopback0", "Lo0"),
            ("Vlan100", "Vl100"),
            ("Management1", "Ma1"),
            ("FastEthernet0/1", "Fa0/1"),
            ("TwoGigabitEthernet1/0/1", "Tw1/0/1"),
        ];
        for (long, short) in pairs {
            assert_eq!(interface_short(long), short, "{long}");
            assert_eq!(interface_long(short), long, "{short}");
            assert_eq!(interface_long(long), long);
            assert_eq!(interface_short(short), short);
        }
        assert_eq!(interface_long("gi1/0/1"), "GigabitEthernet1/0/1");
        assert_eq!(interface_long("Eth1"), "Ethernet1");
        assert_eq!(interface_long("Port-Channel5"), "Port-channel5");
        assert_eq!(interface_short("et-0/0/0"), "et-0/0/0");
        assert_eq!(interface_long("xe-0/1/0"), "xe-0/1/0");
        assert_eq!(interface_short("Loopback"), "Loopback");
    }

    #[test]
    fn natural_sorting() {
        let l = Value::from(vec![
            "Ethernet49/1",
            "Ethernet5",
            "Ethernet10",
            "Ethernet1",
            "Ethernet49/0",
        ]);
        assert_eq!(
            natural_sort(&l, None).unwrap(),
            Value::from(vec![
                "Ethernet1",
                "Ethernet5",
                "Ethernet10",
                "Ethernet49/0",
                "Ethernet49/1"
            ])
        );
        assert_eq!(
            render("{{ [{'i': 'xe-0/1/10'}, {'i': 'xe-0/1/2'}] | natural_sort('i') | map(attribute='i') | join(',') }}").unwrap(),
            "xe-0/1/2,xe-0/1/10"
        );
    }

    #[test]
    fn regexes() {
        assert_eq!(
            regex_search("Transit: AS64496, circuit", r"AS(\d+)", Some(1)).unwrap(),
            s("64496")
        );
        assert_eq!(
            regex_search("x", r"AS(\d+)", None).unwrap(),
            Value::from(())
        );
        assert_eq!(regex_replace("Gi0/0/1", r"/", "-").unwrap(), "Gi0-0-1");
        assert!(regex_search("x", "(", None).is_err());
    }

    #[test]
    fn get_copes_with_absence() {
        assert_eq!(
            render("{{ {'a': {'b': [1, 2]}} | get('a.b') }}|{{ {} | get('x.y', 'd') }}|{{ {'a': none} | get('a', 3) }}").unwrap(),
            "[1, 2]|d|3"
        );
        assert_eq!(render("{{ {'a': [5, 6]} | get('a.1') }}").unwrap(), "6");
    }

    #[test]
    fn filters_in_templates() {
        let out = render(
            "{{ '10.0.0.1/31' | ipaddr }} {{ '10.0.0.1/31' | netmask }} \
             {{ ['10.0.0.0/24', '10.0.1.0/24'] | cidr_merge | join(',') }} \
             {{ 'Te1/1/1' | interface_long }}",
        )
        .unwrap();
        assert_eq!(
            out,
            "10.0.0.1 255.255.255.254 10.0.0.0/23 TenGigabitEthernet1/1/1"
        );
        let e = render("{{ 'bogus' | netmask }}").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidOperation);
        assert!(e.to_string().contains("`bogus` is not an IP address"));
    }
}
