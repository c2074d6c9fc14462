#!/usr/bin/env python3
"""Regenerates examples/campus/live/*.cfg from intended configs.

Usage: regenerate.py INTENDED_DIR [UNETC]
  INTENDED_DIR  a directory of <node>.cfg intended configs (e.g. the campus
                build's out/configs after `unetc build examples/campus`)
  UNETC         the unetc binary (default: target/debug/unetc), used to turn
                one JunOS config into `display set` format

Each running config = the intended config as the device prints it (device
noise, unmanaged blocks such as AAA, users, line vty, chassis; `no shutdown`
omitted as devices do) plus the deliberate drift listed in README.md. Run it
from the repository root when the templates or the policies change.
"""
import os, re, json, subprocess, sys
I = sys.argv[1] if len(sys.argv) > 1 else 'examples/campus/out/configs'
OUT = os.path.dirname(os.path.abspath(__file__))
UNETC = sys.argv[2] if len(sys.argv) > 2 else 'target/debug/unetc'

def rep(s, old, new, count=1):
    assert old in s, (old, s[:200])
    return s.replace(old, new, count)

def ios(name, text, drift):
    # split sections: system (until blank), interfaces, routing
    text = '\n'.join(l for l in text.split('\n') if l.strip() != 'no shutdown')
    text = drift(text)
    mgmt_vrf = 'Mgmt-intf' if 'edge' in name else 'Mgmt-vrf'
    head = ("Building configuration...\n\nCurrent configuration : %d bytes\n!\n"
            "! Last configuration change at 07:41:09 UTC Fri Nov 20 2026 by netops\n"
            "! NVRAM config last updated at 07:41:12 UTC Fri Nov 20 2026 by netops\n!\nversion 17.9\n")
    unmanaged_top = ("!\nboot-start-marker\nboot-end-marker\n!\nvrf definition %s\n !\n address-family ipv4\n exit-address-family\n!\n"
                     "aaa new-model\naaa authentication login default local\naaa authorization exec default local\n!\n"
                     "enable secret 9 $9$m1Qk4Lr8Zx2Vb.$Yk7Tq3Wp9Er5Ty1Ui3Op5As7Df9Gh1Jk3Lz5Xc7Vb9N\n"
                     "username netops privilege 15 secret 9 $9$Pq2Wr4Et6Yu8.$Io0Pa2Sd4Fg6Hj8Kl0Zx2Cv4Bn6Mq8We0Rt2Yu4Io6P\n!\n") % mgmt_vrf
    if 'acc' in name:
        unmanaged_top += "spanning-tree mode rapid-pvst\nspanning-tree extend system-id\n!\nvlan 10\n name USERS\nvlan 20\n name VOICE\nvlan 99\n name MGMT\n!\n"
    tail = "!\nip forward-protocol nd\nip ssh version 2\n!\nline con 0\n stopbits 1\nline vty 0 4\n login local\n transport input ssh\n!\nend\n"
    parts = text.split('\n\n')
    system = parts[0].strip('\n') + '\n'
    rest = '\n\n'.join(parts[1:]).strip('\n') + '\n'
    rest = rest.replace('\n\n', '\n!\n')
    ports = ''
    if 'acc' in name:
        ports = ''.join('interface GigabitEthernet1/0/%d\n!\n' % i for i in range(1, 5))
    body = unmanaged_top + system + '!\n' + ports + rest + tail
    return head % (len(body) + 180) + body

def eos(name, text, drift):
    text = '\n'.join(l for l in text.split('\n') if l.strip() != 'no shutdown')
    text = drift(text)
    model = 'DCS-7010T-48' if 'oob' in name else ('DCS-7050SX3-48YC8' if 'nyc1' in name else 'DCS-7280SR3-48YC8')
    head = ("! Command: show running-config\n! device: %s (%s, EOS-4.30.4M)\n!\n! boot system flash:/EOS-4.30.4M.swi\n!\n"
            "no aaa root\n!\nusername netops privilege 15 role network-admin secret sha512 $6$Qx8b2$Zl0Yx9W8v7U6t5S4r3Q2p1O0n9M8l7K6j5I4h3G2f1E0d9C8b7A6\n!\n"
            "transceiver qsfp default-mode 4x10G\n!\nspanning-tree mode mstp\n!\n") % (name, model)
    tail = "!\nmanagement api http-commands\n   no shutdown\n!\nend\n"
    body = text.strip('\n').replace('\n\n', '\n!\n') + '\n'
    return head + body + tail

def junos(name, text, drift):
    text = drift(text)
    head = "## Last commit: 2026-11-19 14:22:51 UTC by netops\nversion 22.4R3.25;\n"
    chassis = "chassis {\n    fpc 0 {\n        pic 0 {\n            port 0 {\n                speed 100g;\n            }\n        }\n    }\n}\n"
    # chassis goes after system/snmp, before interfaces
    parts = text.split('\n\n', 1)
    return head + parts[0].strip('\n') + '\n' + chassis + parts[1].strip('\n') + '\n'

def to_set(brace_path):
    js = json.loads(subprocess.check_output([UNETC, 'slice', brace_path, '*', '--syntax', 'junos', '--format', 'json']))
    out = []
    def walk(n, prefix):
        p = (prefix + ' ' if prefix else '') + n['text']
        if not n['children']:
            out.append('set ' + p)
        for c in n['children']:
            walk(c, p)
        if n.get('inactive'):
            out.append('deactivate ' + p)
    for n in js['matches']:
        walk(n, '')
    return out

ident = lambda t: t
drifts = {
  'ams1-edge-01': lambda t: rep(rep(rep(t,
      'ntp server 10.255.0.10 prefer\n', 'ntp server 10.255.0.10 prefer\nntp server 10.255.0.99\n'),
      ' description Transit: AS64496, circuit AMS-IP-4471\n', ' description Transit AS64496 (old circuit AMS-IP-1001)\n'),
      ' neighbor 203.0.113.0 description ams1-transit-1\n', ' neighbor 203.0.113.0 description old-transit\n')
      + '',
  'ams1-acc-b1f1-01': lambda t: rep(rep(t,
      'Authorized access only. This device is managed by unetc.', 'Property of Example Corp. Unauthorized use prohibited.'),
      ' description ams1-dist-02 Et1 | access uplink\n', ''),
  'ams1-acc-b1f2-01': lambda t: rep(rep(t, 'logging host 10.255.0.50\n', ''),
      'snmp-server contact noc@campus.example.net\n', 'snmp-server contact noc@campus.example.net\nsnmp-server community Ams1-r0-c0mm RO\n'),
  'ams1-dist-01': lambda t: rep(rep(t,
      'interface Ethernet3\n   description ams1-acc-b1f2-01 Te1/1/1 | access uplink\n', 'interface Ethernet3\n   description ams1-acc-b1f2-01 Te1/1/1 | access uplink\n   shutdown\n'),
      'snmp-server location emea / ams1 / ams1-b1\n', 'snmp-server location Amsterdam MDF\n'),
  'nyc1-edge-01': lambda t: rep(t, ' network 10.0.1.0 0.0.0.1 area 0.0.0.0\n', ''),
  'ams1-core-01': lambda t: rep(rep(rep(t,
      '        host 10.255.0.50 {', '        host 10.200.0.50 {\n            any any;\n        }\n        host 10.255.0.50 {'),
      '    xe-0/1/0 {\n        description "ams1-edge-01 GigabitEthernet0/0/1 | edge to core";', '    xe-0/1/0 {\n        description "edge uplink (old)";\n        mtu 1500;'),
      '    xe-0/1/1 {', '    inactive: xe-0/1/1 {'),
  'ams1-core-02': lambda t: re.sub(r'    et-0/0/2 \{\n(?:        .*\n|            .*\n)*?    \}\n', '', t, count=1),
  'nyc1-core-01': lambda t: rep(t, '            neighbor 10.0.1.0 {\n                description nyc1-edge-01;\n            }\n',
      '            neighbor 10.0.1.0 {\n                description nyc1-edge-01;\n            }\n            neighbor 10.0.1.9 {\n                description "old-edge (decommissioned)";\n            }\n'),
}
os.makedirs(OUT, exist_ok=True)
for f in sorted(x for x in os.listdir(I) if x.endswith('.cfg')):
    name = f[:-4]
    text = open(os.path.join(I, f)).read()
    d = drifts.get(name, ident)
    if 'core' in name:
        out = junos(name, text, d)
        if name == 'nyc1-core-01':
            tmp = os.path.join(OUT, '.nyc1.conf.tmp')
            open(tmp, 'w').write(out)
            sets = to_set(tmp)
            os.remove(tmp)
            out = "## Last commit: 2026-11-21 16:40:12 UTC by netops\nset version 22.4R3.25\n" + '\n'.join(l for l in sets if not l.startswith('set version')) + '\n'
    elif 'dist' in name or 'oob' in name:
        out = eos(name, text, d)
    else:
        out = ios(name, text, d)
    open(os.path.join(OUT, f), 'w').write(out)
    print('wrote', name, len(out.splitlines()))
