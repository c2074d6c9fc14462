//! SNMP polling with `snmp2`'s synchronous client: one node's system group and
//! interface table ([`poll_one`]), and many nodes with a bounded number of
//! worker threads ([`poll_all`]).
//!
//! Input: [`Target`]s (node name, agent address, optional per-target
//! community or v3 context) and [`PollOptions`] (credentials, timeout,
//! retries, concurrency). Output: a [`PollResult`] per target, in target
//! order, holding [`RawFacts`] or a [`PollError`].
//!
//! Protocol notes (see `/work/shared/TESTING.md`): v3 sessions run
//! `init()` (engine discovery) first and repeat a request once on
//! `AuthUpdated`; a timeout drops the session and the retry opens a new one
//! (a late reply would otherwise fail the next request with a request-id
//! mismatch); every value is copied out of the reply before the next request.
//! Credentials are held in [`Credentials`], whose `Debug` never prints them;
//! no error message contains a community or password.

use super::lock::Interface;
use snmp2::{v3, Oid, Pdu, SyncSession};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One agent to poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The inventory node name.
    pub node: String,
    /// The agent's UDP address (the node's mgmt_ip and `[snmp] port`).
    pub addr: SocketAddr,
    /// v2c: a community for this target instead of the configured one (for
    /// agents that tell devices apart by community, as snmpsim does).
    pub community: Option<String>,
    /// v3: the context name (snmpsim selects the device by context).
    pub context: Option<String>,
}

impl Target {
    pub fn new(node: impl Into<String>, addr: SocketAddr) -> Target {
        Target {
            node: node.into(),
            addr,
            community: None,
            context: None,
        }
    }
}

/// SNMP credentials. `Debug` shows the kind only, never a secret.
#[derive(Clone)]
pub enum Credentials {
    V2c {
        community: String,
    },
    V3 {
        user: String,
        auth: v3::AuthProtocol,
        auth_pass: String,
        cipher: v3::Cipher,
        priv_pass: String,
    },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::V2c { .. } => f.write_str("Credentials::V2c(<redacted>)"),
            Credentials::V3 { auth, cipher, .. } => {
                write!(f, "Credentials::V3({auth:?}/{cipher:?}, <redacted>)")
            }
        }
    }
}

/// How to poll.
#[derive(Clone, Debug)]
pub struct PollOptions {
    pub credentials: Credentials,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Retries of a request after a timeout (each on a new session).
    pub retries: u32,
    /// Nodes polled at once (worker threads).
    pub concurrency: usize,
    /// Varbinds asked for per GETBULK (split over the columns walked).
    pub bulk_varbinds: u32,
}

impl PollOptions {
    pub fn new(credentials: Credentials) -> PollOptions {
        PollOptions {
            credentials,
            timeout: Duration::from_millis(1000),
            retries: 1,
            concurrency: 64,
            bulk_varbinds: 64,
        }
    }
}

/// What one agent answered, before derivation (see `refresh`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawFacts {
    pub sys_descr: String,
    pub sys_object_id: String,
    pub sys_name: String,
    pub sys_contact: String,
    pub sys_location: String,
    /// sysUpTime in hundredths of a second.
    pub uptime_ticks: u32,
    /// By ifIndex.
    pub interfaces: Vec<Interface>,
}

/// Why a node could not be polled. The `Display` text is what the lockfile's
/// `last_error` and the warning say; it never holds a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollError {
    /// No answer within the timeout, after every retry. A wrong v2c community
    /// looks exactly like this: agents stay silent.
    Timeout {
        tries: u32,
        timeout_ms: u64,
        v3: bool,
    },
    /// The host answered "port unreachable": nothing listens there.
    Refused,
    /// The request could not be sent (no route, bad address).
    Unreachable(String),
    /// SNMPv3 authentication failed (wrong user or passwords).
    AuthFailure(String),
    /// The agent answered with something unusable.
    Protocol(String),
}

impl std::fmt::Display for PollError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PollError::Timeout { tries, timeout_ms, v3 } => write!(
                f,
                "no answer (timeout after {tries} tr{} of {timeout_ms} ms); check the {} and that the agent is reachable",
                if *tries == 1 { "y" } else { "ies" },
                if *v3 { "v3 user and passwords" } else { "community" }
            ),
            PollError::Refused => f.write_str(
                "unreachable: the request was rejected at once (nothing listens on that UDP port, or no route to the host)",
            ),
            PollError::Unreachable(why) => write!(f, "unreachable: {why}"),
            PollError::AuthFailure(kind) => write!(
                f,
                "authentication failed ({kind}); check the v3 user, auth and privacy passwords"
            ),
            PollError::Protocol(why) => write!(f, "bad answer from the agent: {why}"),
        }
    }
}

/// The outcome of polling one target.
#[derive(Clone, Debug)]
pub struct PollResult {
    pub node: String,
    /// `ip:port` polled.
    pub agent: String,
    pub outcome: Result<RawFacts, PollError>,
    pub elapsed: Duration,
    /// SNMP requests sent for this target (retries included).
    pub requests: u32,
}

/// A value copied out of a reply.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Val {
    Int(i64),
    Bytes(Vec<u8>),
    Oid(String),
    Uint(u64),
    End,
    Missing,
    Other,
}

impl Val {
    fn text(&self) -> String {
        match self {
            Val::Bytes(b) => String::from_utf8_lossy(b)
                .trim_end_matches('\0')
                .trim()
                .to_string(),
            Val::Oid(o) => o.clone(),
            Val::Int(i) => i.to_string(),
            Val::Uint(u) => u.to_string(),
            _ => String::new(),
        }
    }
    fn uint(&self) -> Option<u64> {
        match self {
            Val::Int(i) => u64::try_from(*i).ok(),
            Val::Uint(u) => Some(*u),
            _ => None,
        }
    }
}

type Varbinds = Vec<(Vec<u64>, Val)>;

/// Copies the varbinds out of a reply (the reply borrows the session buffer).
fn copy_out(pdu: Pdu<'_>) -> Result<Varbinds, snmp2::Error> {
    if pdu.error_status != 0 {
        return Err(snmp2::Error::Mib(format!(
            "the agent answered with error-status {} at varbind {}",
            pdu.error_status, pdu.error_index
        )));
    }
    let mut out = Vec::new();
    for (oid, v) in pdu.varbinds {
        let id: Vec<u64> = oid.iter().map(|i| i.collect()).unwrap_or_default();
        let val = match v {
            snmp2::Value::Integer(i) => Val::Int(i),
            snmp2::Value::OctetString(b) => Val::Bytes(b.to_vec()),
            snmp2::Value::ObjectIdentifier(o) => Val::Oid(o.to_id_string()),
            snmp2::Value::Counter32(n)
            | snmp2::Value::Unsigned32(n)
            | snmp2::Value::Timeticks(n) => Val::Uint(u64::from(n)),
            snmp2::Value::Counter64(n) => Val::Uint(n),
            snmp2::Value::IpAddress(a) => Val::Bytes(a.to_vec()),
            snmp2::Value::EndOfMibView => Val::End,
            snmp2::Value::NoSuchObject | snmp2::Value::NoSuchInstance => Val::Missing,
            _ => Val::Other,
        };
        out.push((id, val));
    }
    Ok(out)
}

const SYSTEM: [u64; 7] = [1, 3, 6, 1, 2, 1, 1];
const IF_ENTRY: [u64; 9] = [1, 3, 6, 1, 2, 1, 2, 2, 1];
const IFX_ENTRY: [u64; 10] = [1, 3, 6, 1, 2, 1, 31, 1, 1, 1];

fn oid_of(prefix: &[u64], tail: &[u64]) -> Vec<u64> {
    prefix.iter().chain(tail).copied().collect()
}

fn make_oid(id: &[u64]) -> Result<Oid<'static>, snmp2::Error> {
    Oid::from(id).map_err(|_| snmp2::Error::Mib("invalid OID".into()))
}

/// A session to one agent that reopens itself after a timeout.
struct Client<'a> {
    target: &'a Target,
    opts: &'a PollOptions,
    session: Option<Box<SyncSession>>,
    req_id: i32,
    /// Requests sent (including retries), for measurements.
    requests: u32,
}

impl<'a> Client<'a> {
    fn new(target: &'a Target, opts: &'a PollOptions) -> Client<'a> {
        Client {
            target,
            opts,
            session: None,
            req_id: 1,
            requests: 0,
        }
    }

    fn is_v3(&self) -> bool {
        matches!(self.opts.credentials, Credentials::V3 { .. })
    }

    fn open(&mut self) -> Result<(), snmp2::Error> {
        let t = Some(self.opts.timeout);
        let io = |e: std::io::Error| snmp2::Error::Mib(format!("io: {e}"));
        let mut s = match &self.opts.credentials {
            Credentials::V2c { community } => {
                let c = self.target.community.as_deref().unwrap_or(community);
                SyncSession::new_v2c(self.target.addr, c.as_bytes(), t, self.req_id).map_err(io)?
            }
            Credentials::V3 {
                user,
                auth,
                auth_pass,
                cipher,
                priv_pass,
            } => {
                let mut sec = v3::Security::new(user.as_bytes(), auth_pass.as_bytes())
                    .with_auth_protocol(*auth)
                    .with_auth(v3::Auth::AuthPriv {
                        cipher: *cipher,
                        privacy_password: priv_pass.as_bytes().to_vec(),
                    });
                if let Some(ctx) = &self.target.context {
                    sec = sec.with_context_name(ctx);
                }
                SyncSession::new_v3(self.target.addr, t, self.req_id, sec).map_err(io)?
            }
        };
        // Request ids continue across sessions so a late reply to an old
        // session can never be taken for an answer.
        self.req_id = self.req_id.wrapping_add(1000);
        s.init()?;
        self.session = Some(Box::new(s));
        Ok(())
    }

    /// Runs one request with the retry rules; `op` must copy values out.
    fn request(
        &mut self,
        op: &mut dyn FnMut(&mut SyncSession) -> Result<Varbinds, snmp2::Error>,
    ) -> Result<Varbinds, PollError> {
        let mut timeouts = 0u32;
        let mut auth_retried = false;
        loop {
            let started = Instant::now();
            self.requests += 1;
            let r = (|| {
                if self.session.is_none() {
                    self.open()?;
                }
                op(self.session.as_mut().expect("opened"))
            })();
            match r {
                Ok(v) => return Ok(v),
                Err(snmp2::Error::AuthUpdated) if !auth_retried => auth_retried = true,
                Err(e @ (snmp2::Error::Receive | snmp2::Error::RequestIdMismatch)) => {
                    self.session = None;
                    // A refusal (ICMP port unreachable) comes back at once.
                    if e == snmp2::Error::Receive
                        && started.elapsed() < self.opts.timeout / 4
                        && timeouts == 0
                    {
                        return Err(PollError::Refused);
                    }
                    timeouts += 1;
                    if timeouts > self.opts.retries {
                        return Err(PollError::Timeout {
                            tries: timeouts,
                            timeout_ms: self.opts.timeout.as_millis() as u64,
                            v3: self.is_v3(),
                        });
                    }
                }
                Err(snmp2::Error::AuthFailure(k)) => {
                    return Err(PollError::AuthFailure(format!("{k:?}")))
                }
                Err(snmp2::Error::AuthUpdated) => {
                    return Err(PollError::AuthFailure(
                        "security parameters kept changing".into(),
                    ))
                }
                Err(snmp2::Error::Send) => {
                    self.session = None;
                    return Err(PollError::Unreachable(
                        "the request could not be sent (no route to the host?)".into(),
                    ));
                }
                Err(snmp2::Error::Mib(m)) if m.starts_with("io: ") => {
                    return Err(PollError::Unreachable(m[4..].to_string()))
                }
                Err(e) => return Err(PollError::Protocol(e.to_string())),
            }
        }
    }

    /// Walks several table columns at once with GETBULK until each column
    /// leaves its subtree or the agent says `endOfMibView`. Returns, per
    /// column, the values by index (the last sub-identifier), and the
    /// `scalars` (`x.0` objects, fetched as non-repeaters of the first
    /// request so that a small device needs a single round trip).
    fn walk(
        &mut self,
        columns: &[Vec<u64>],
        scalars: &[Vec<u64>],
    ) -> Result<(Vec<BTreeMap<u32, Val>>, Varbinds), PollError> {
        let n = columns.len();
        let mut scalar_values: Varbinds = Vec::new();
        let mut last: Vec<Vec<u64>> = columns.to_vec();
        let mut done = vec![false; n];
        let mut out = vec![BTreeMap::new(); n];
        let mut rounds = 0;
        loop {
            let active: Vec<usize> = (0..n).filter(|&i| !done[i]).collect();
            if active.is_empty() || rounds > 100_000 {
                break;
            }
            let nr = if rounds == 0 { scalars.len() } else { 0 };
            rounds += 1;
            let reps = (self.opts.bulk_varbinds / active.len() as u32).max(1);
            // A non-repeater is a GETNEXT: ask for `x` to get `x.0`.
            let mut starts: Vec<Vec<u64>> = scalars[..nr]
                .iter()
                .map(|o| o[..o.len() - 1].to_vec())
                .collect();
            starts.extend(active.iter().map(|&i| last[i].clone()));
            let vbs = self.request(&mut |s| {
                let oids = starts
                    .iter()
                    .map(|i| make_oid(i))
                    .collect::<Result<Vec<_>, _>>()?;
                let refs: Vec<&Oid> = oids.iter().collect();
                copy_out(s.getbulk(&refs, nr as u32, reps)?)
            })?;
            let mut progressed = false;
            for (k, (oid, val)) in vbs.into_iter().enumerate() {
                if k < nr {
                    if oid == scalars[k] && !matches!(val, Val::End | Val::Missing) {
                        scalar_values.push((oid, val));
                    }
                    continue;
                }
                let col = active[(k - nr) % active.len()];
                if done[col] {
                    continue;
                }
                let base = &columns[col];
                let inside = oid.len() == base.len() + 1 && oid.starts_with(base);
                if val == Val::End || !inside || oid <= last[col] {
                    done[col] = true;
                    continue;
                }
                let index = u32::try_from(oid[base.len()]).unwrap_or(u32::MAX);
                last[col] = oid;
                out[col].insert(index, val);
                progressed = true;
            }
            if !progressed {
                break;
            }
        }
        Ok((out, scalar_values))
    }
}

fn status(v: Option<&Val>) -> String {
    match v.and_then(Val::uint) {
        Some(1) => "up",
        Some(2) => "down",
        Some(3) => "testing",
        Some(4) => "unknown",
        Some(5) => "dormant",
        Some(6) => "notPresent",
        Some(7) => "lowerLayerDown",
        _ => "",
    }
    .to_string()
}

fn poll_inner(c: &mut Client<'_>) -> Result<RawFacts, PollError> {
    // sysDescr.0, sysObjectID.0, sysUpTime.0, sysContact.0, sysName.0, sysLocation.0
    let scalars: Vec<Vec<u64>> = (1..=6).map(|c| oid_of(&SYSTEM, &[c, 0])).collect();
    // ifDescr .2, ifMtu .4, ifSpeed .5, ifPhysAddress .6, ifAdminStatus .7,
    // ifOperStatus .8, ifName .1 (X), ifHighSpeed .15 (X), ifAlias .18 (X).
    // ifIndex (.1) is implied by the instance index of every column.
    let columns = vec![
        oid_of(&IF_ENTRY, &[2]),
        oid_of(&IF_ENTRY, &[4]),
        oid_of(&IF_ENTRY, &[5]),
        oid_of(&IF_ENTRY, &[6]),
        oid_of(&IF_ENTRY, &[7]),
        oid_of(&IF_ENTRY, &[8]),
        oid_of(&IFX_ENTRY, &[1]),
        oid_of(&IFX_ENTRY, &[15]),
        oid_of(&IFX_ENTRY, &[18]),
    ];
    let (t, sys) = c.walk(&columns, &scalars)?;
    if sys.is_empty() {
        return Err(PollError::Protocol(
            "the agent has no system group (sysDescr, sysObjectID, …)".into(),
        ));
    }
    let get = |col: u64| {
        sys.iter()
            .find(|(oid, _)| oid.len() == 9 && oid[7] == col)
            .map(|(_, v)| v.clone())
            .unwrap_or(Val::Missing)
    };
    let mut raw = RawFacts {
        sys_descr: get(1).text(),
        sys_object_id: get(2).text(),
        uptime_ticks: get(3).uint().unwrap_or(0).min(u64::from(u32::MAX)) as u32,
        sys_contact: get(4).text(),
        sys_name: get(5).text(),
        sys_location: get(6).text(),
        interfaces: Vec::new(),
    };
    let (descr, mtu, speed, phys, admin, oper, name, high, alias) = (
        &t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6], &t[7], &t[8],
    );
    let mut indexes: Vec<u32> = t.iter().flat_map(|m| m.keys().copied()).collect();
    indexes.sort_unstable();
    indexes.dedup();
    for i in indexes {
        let d = descr.get(&i).map(Val::text).unwrap_or_default();
        let nm = name
            .get(&i)
            .map(Val::text)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| d.clone());
        let speed_mbps = match high.get(&i).and_then(Val::uint) {
            Some(h) if h > 0 => h,
            _ => speed.get(&i).and_then(Val::uint).unwrap_or(0) / 1_000_000,
        };
        raw.interfaces.push(Interface {
            index: i,
            descr: if d == nm { String::new() } else { d },
            name: nm,
            alias: alias.get(&i).map(Val::text).unwrap_or_default(),
            admin_status: status(admin.get(&i)),
            oper_status: status(oper.get(&i)),
            speed_mbps,
            mtu: mtu
                .get(&i)
                .and_then(Val::uint)
                .unwrap_or(0)
                .min(u64::from(u32::MAX)) as u32,
            mac: match phys.get(&i) {
                Some(Val::Bytes(b)) => super::derive::format_mac(b),
                _ => String::new(),
            },
        });
    }
    Ok(raw)
}

/// Polls one agent: the system group, then the interface table (on a worker
/// thread with a large stack, as [`poll_all`] does).
pub fn poll_one(target: &Target, opts: &PollOptions) -> PollResult {
    poll_all(std::slice::from_ref(target), opts, &|_| {})
        .pop()
        .expect("one result per target")
}

/// `snmp2` keeps 64 KiB buffers in the session and builds replies on the
/// stack; debug builds need more than the default 2 MiB thread stack.
const WORKER_STACK: usize = 16 << 20;

fn poll_target(target: &Target, opts: &PollOptions) -> PollResult {
    let started = Instant::now();
    let mut c = Client::new(target, opts);
    let outcome = poll_inner(&mut c);
    PollResult {
        node: target.node.clone(),
        agent: target.addr.to_string(),
        outcome,
        elapsed: started.elapsed(),
        requests: c.requests,
    }
}

/// Polls every target with at most `opts.concurrency` at once. `on_done` is
/// called from the worker threads as each target finishes (for a progress
/// bar). Results come back in target order.
pub fn poll_all(
    targets: &[Target],
    opts: &PollOptions,
    on_done: &(dyn Fn(&PollResult) + Sync),
) -> Vec<PollResult> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<PollResult>>> = Mutex::new(vec![None; targets.len()]);
    let workers = opts.concurrency.clamp(1, targets.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            std::thread::Builder::new()
                .name("snmp-poll".into())
                .stack_size(WORKER_STACK)
                .spawn_scoped(s, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(t) = targets.get(i) else { break };
                    let r = poll_target(t, opts);
                    on_done(&r);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                })
                .expect("spawn a poller thread");
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_debug_print() {
        let c = Credentials::V2c {
            community: "s3cret".into(),
        };
        assert!(!format!("{c:?}").contains("s3cret"));
        let o = PollOptions::new(Credentials::V3 {
            user: "u".into(),
            auth: v3::AuthProtocol::Sha1,
            auth_pass: "authpw".into(),
            cipher: v3::Cipher::Aes128,
            priv_pass: "privpw".into(),
        });
        let d = format!("{o:?}");
        assert!(!d.contains("authpw") && !d.contains("privpw"), "{d}");
    }

    #[test]
    fn refused_port_is_reported_quickly() {
        // Bind a socket to learn a free port, then close it: nothing listens.
        let port = std::net::UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let t = Target::new("x", format!("127.0.0.1:{port}").parse().unwrap());
        let mut o = PollOptions::new(Credentials::V2c {
            community: "public".into(),
        });
        o.timeout = Duration::from_millis(2000);
        let r = poll_one(&t, &o);
        assert_eq!(r.outcome, Err(PollError::Refused));
        assert!(r.elapsed < Duration::from_millis(1000));
    }

    #[test]
    fn error_texts_hold_advice() {
        let e = PollError::Timeout {
            tries: 2,
            timeout_ms: 500,
            v3: false,
        };
        assert_eq!(
            e.to_string(),
            "no answer (timeout after 2 tries of 500 ms); check the community and that the agent is reachable"
        );
    }
}
