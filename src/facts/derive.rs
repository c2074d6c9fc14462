//! Facts derived from raw SNMP values: vendor from the sysObjectID enterprise
//! number, OS version and model from sysDescr, boot time from sysUpTime, MAC
//! formatting, and the small RFC 3339 time arithmetic the lockfile needs.
//!
//! Pure functions, no clock: callers pass the time in.

use regex::Regex;
use std::sync::LazyLock;

/// Vendors by IANA enterprise number (`1.3.6.1.4.1.<n>`), named as the
/// inventory names them (`node.vendor`).
pub const ENTERPRISES: &[(u64, &str)] = &[
    (9, "cisco"),
    (2011, "huawei"),
    (2636, "juniper"),
    (6527, "nokia"),
    (8072, "linux"),
    (12356, "fortinet"),
    (14988, "mikrotik"),
    (25461, "paloalto"),
    (30065, "arista"),
];

/// The vendor of a sysObjectID (`1.3.6.1.4.1.9.1.2494` → `cisco`), or `None`
/// for an unknown or non-enterprise OID. A leading dot is accepted.
pub fn vendor_from_oid(oid: &str) -> Option<&'static str> {
    let rest = oid.trim_start_matches('.').strip_prefix("1.3.6.1.4.1.")?;
    let n: u64 = rest.split('.').next()?.parse().ok()?;
    ENTERPRISES.iter().find(|(e, _)| *e == n).map(|(_, v)| *v)
}

/// What sysDescr says about the software and hardware.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DescrInfo {
    /// OS version (`17.9.4`, `15.2(7)E4`, `22.4R3.25`, `4.30.4M`), or empty.
    pub os_version: String,
    /// Hardware model when sysDescr names it (JunOS, EOS), or empty.
    pub model: String,
}

static CISCO_VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bVersion\s+([0-9][0-9A-Za-z.()_:-]*[0-9A-Za-z)])").unwrap());
static JUNOS_VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bJUNOS\s+([0-9][0-9A-Za-z.\-]*[0-9A-Za-z])").unwrap());
static JUNOS_MODEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Juniper Networks, Inc\.\s+([A-Za-z0-9][A-Za-z0-9\-]*)").unwrap()
});
static EOS_VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bEOS version\s+([0-9][0-9A-Za-z.\-]*)").unwrap());
static EOS_MODEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"running on an? Arista Networks\s+(\S+)").unwrap());

/// Parses sysDescr for the OS version (and model where the platform says it).
/// `vendor` is the vendor from sysObjectID when known; without it the text
/// itself decides. Cisco IOS, IOS-XE and NX-OS, Juniper JunOS and Arista EOS
/// are understood; anything else gives empty fields.
pub fn parse_sys_descr(vendor: Option<&str>, descr: &str) -> DescrInfo {
    let descr = descr.trim();
    let family = match vendor {
        Some(v) => v,
        None if descr.starts_with("Cisco") => "cisco",
        None if descr.starts_with("Juniper") || descr.contains("JUNOS") => "juniper",
        None if descr.starts_with("Arista") => "arista",
        None => "",
    };
    let cap = |re: &Regex, idx: usize| {
        re.captures(descr)
            .and_then(|c| c.get(idx))
            .map(|m| m.as_str().to_string())
            .unwrap_or_default()
    };
    match family {
        "cisco" => DescrInfo {
            os_version: cap(&CISCO_VERSION, 1),
            model: String::new(),
        },
        "juniper" => DescrInfo {
            os_version: cap(&JUNOS_VERSION, 1),
            model: cap(&JUNOS_MODEL, 1).to_ascii_uppercase(),
        },
        "arista" => DescrInfo {
            os_version: cap(&EOS_VERSION, 1),
            model: cap(&EOS_MODEL, 1),
        },
        _ => DescrInfo::default(),
    }
}

/// Whether the version a device reports matches the inventory's: equal
/// (ignoring case), or the reported one continues the inventory's with a
/// build suffix after `.` or `-` (inventory `22.4R3`, device `22.4R3.25` or
/// `22.4R3-S2.11`). `17.9.4` and `17.9.4a` differ.
pub fn version_matches(inventory: &str, reported: &str) -> bool {
    let (i, r) = (
        inventory.trim().to_ascii_lowercase(),
        reported.trim().to_ascii_lowercase(),
    );
    if i == r {
        return true;
    }
    r.strip_prefix(&i)
        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('-'))
}

/// Formats a MAC address (`aa:bb:cc:dd:ee:ff`); other lengths are hex bytes
/// joined by `:`; empty input gives an empty string.
pub fn format_mac(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats Unix seconds as RFC 3339 UTC (`2026-11-23T08:40:00Z`).
pub fn format_rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses RFC 3339 (`2026-11-23T08:40:00Z`, fractional seconds and `+hh:mm`
/// offsets accepted) into Unix seconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(r) = rest.strip_prefix('.') {
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        rest = &r[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) => {
            let oh: i64 = o.get(1..3)?.parse().ok()?;
            let om: i64 = o.get(4..6)?.parse().ok()?;
            let v = oh * 3600 + om * 60;
            if o.starts_with('-') {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo as u32, d as u32) * 86_400 + h * 3600 + mi * 60 + se - offset)
}

/// Boot time from the poll time and sysUpTime (hundredths of a second),
/// rounded to the minute so that re-polls give the same value.
pub fn booted_at(polled_at_secs: i64, uptime_ticks: u32) -> String {
    let boot = polled_at_secs - i64::from(uptime_ticks / 100);
    let rounded = (boot + 30).div_euclid(60) * 60;
    format_rfc3339(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendors_from_enterprise_numbers() {
        assert_eq!(vendor_from_oid("1.3.6.1.4.1.9.1.2494"), Some("cisco"));
        assert_eq!(
            vendor_from_oid(".1.3.6.1.4.1.2636.1.1.1.2.29"),
            Some("juniper")
        );
        assert_eq!(
            vendor_from_oid("1.3.6.1.4.1.30065.1.3011.7280.3348"),
            Some("arista")
        );
        assert_eq!(vendor_from_oid("1.3.6.1.4.1.8072.3.2.10"), Some("linux"));
        assert_eq!(vendor_from_oid("1.3.6.1.4.1.99999.1"), None);
        assert_eq!(vendor_from_oid("1.3.6.1.2.1.1"), None);
        assert_eq!(vendor_from_oid(""), None);
    }

    fn p(v: Option<&str>, d: &str) -> (String, String) {
        let i = parse_sys_descr(v, d);
        (i.os_version, i.model)
    }

    #[test]
    fn cisco_sys_descr() {
        let ios = "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E4, RELEASE SOFTWARE (fc2)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2021 by Cisco Systems, Inc.";
        assert_eq!(p(Some("cisco"), ios).0, "15.2(7)E4");
        let xe = "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4, RELEASE SOFTWARE (fc5)\r\nTechnical Support: http://www.cisco.com/techsupport";
        assert_eq!(p(Some("cisco"), xe).0, "17.9.4");
        let isr = "Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.9.4a, RELEASE SOFTWARE (fc3)";
        assert_eq!(p(None, isr).0, "17.9.4a");
        let old_xe = "Cisco IOS Software, IOS-XE Software, Catalyst L3 Switch Software (CAT3K_CAA-UNIVERSALK9-M), Version 03.06.06E RELEASE SOFTWARE (fc1)";
        assert_eq!(p(Some("cisco"), old_xe).0, "03.06.06E");
        let nxos = "Cisco NX-OS(tm) n9000, Software (n9000-dk9), Version 9.3(8), RELEASE SOFTWARE Copyright (c) 2002-2021 by Cisco Systems, Inc. Compiled 4/1/2021 20:00:00";
        assert_eq!(p(Some("cisco"), nxos), ("9.3(8)".into(), String::new()));
        let nxos10 = "Cisco NX-OS(tm) nxos.10.2.5.M.bin, Software (nxos), Version 10.2(5), RELEASE SOFTWARE Copyright (c) 2002-2023 by Cisco Systems, Inc.";
        assert_eq!(p(Some("cisco"), nxos10).0, "10.2(5)");
    }

    #[test]
    fn juniper_sys_descr() {
        let mx = "Juniper Networks, Inc. mx204 internet router, kernel JUNOS 22.4R3.25, Build date: 2023-12-12 11:32:59 UTC Copyright (c) 1996-2023 Juniper Networks, Inc.";
        assert_eq!(p(Some("juniper"), mx), ("22.4R3.25".into(), "MX204".into()));
        let ex = "Juniper Networks, Inc. ex4300-48p Ethernet Switch, kernel JUNOS 21.4R3-S4.9, Build date: 2023-06-01 08:00:00 UTC";
        assert_eq!(p(None, ex), ("21.4R3-S4.9".into(), "EX4300-48P".into()));
        let srx = "Juniper Networks, Inc. srx340 internet router, kernel JUNOS 20.4R3-S1.3, Build date: 2021-10-20 02:14:02 UTC";
        assert_eq!(p(Some("juniper"), srx).0, "20.4R3-S1.3");
    }

    #[test]
    fn arista_sys_descr() {
        let eos =
            "Arista Networks EOS version 4.30.4M running on an Arista Networks DCS-7280SR3-48YC8";
        assert_eq!(
            p(Some("arista"), eos),
            ("4.30.4M".into(), "DCS-7280SR3-48YC8".into())
        );
        let veos = "Arista Networks EOS version 4.28.3M-28837868.4283M running on an Arista Networks vEOS-lab";
        assert_eq!(
            p(None, veos),
            ("4.28.3M-28837868.4283M".into(), "vEOS-lab".into())
        );
    }

    #[test]
    fn unknown_sys_descr() {
        assert_eq!(
            p(None, "Linux host 6.1.0 #1 SMP x86_64"),
            (String::new(), String::new())
        );
        assert_eq!(
            p(Some("cisco"), "Cisco something without a version"),
            (String::new(), String::new())
        );
    }

    #[test]
    fn versions() {
        assert!(version_matches("22.4R3", "22.4R3.25"));
        assert!(version_matches("22.4R3", "22.4R3-S2.11"));
        assert!(version_matches("4.30.4M", "4.30.4m"));
        assert!(!version_matches("17.9.4", "17.9.4a"));
        assert!(!version_matches("17.9.4", "17.9.3"));
        assert!(!version_matches("17.9", "17.95"));
    }

    #[test]
    fn macs() {
        assert_eq!(
            format_mac(&[0, 0x1b, 0x54, 0xc2, 0x0a, 0xff]),
            "00:1b:54:c2:0a:ff"
        );
        assert_eq!(format_mac(&[]), "");
    }

    #[test]
    fn times_roundtrip() {
        for s in [
            "1970-01-01T00:00:00Z",
            "2026-11-23T08:40:05Z",
            "2000-02-29T23:59:59Z",
            "2100-03-01T00:00:00Z",
        ] {
            assert_eq!(format_rfc3339(parse_rfc3339(s).unwrap()), s);
        }
        assert_eq!(
            parse_rfc3339("2026-11-23T10:40:05+02:00"),
            parse_rfc3339("2026-11-23T08:40:05Z")
        );
        assert_eq!(
            parse_rfc3339("2026-11-23T08:40:05.123Z"),
            parse_rfc3339("2026-11-23T08:40:05Z")
        );
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
    }

    #[test]
    fn boot_time_rounds_to_the_minute() {
        let t = parse_rfc3339("2026-11-23T08:40:05Z").unwrap();
        // 1 day, 2 h, 3 min, 29 s up → booted 2026-11-22T06:36:36 → 06:37.
        let ticks = (86_400 + 2 * 3600 + 3 * 60 + 29) * 100;
        assert_eq!(booted_at(t, ticks), "2026-11-22T06:37:00Z");
        // Ten seconds later with ten more seconds of uptime: the same.
        assert_eq!(booted_at(t + 10, ticks + 1000), "2026-11-22T06:37:00Z");
    }
}
