//! The 20 generated templates (MiniJinja, with `template-match` headers).
//!
//! `live.rs` writes running configs with the same lines, so the two must be
//! changed together.

pub const TEMPLATES: &[(&str, &str)] = &[
    ("templates/cisco/system.j2", CISCO_SYSTEM),
    ("templates/cisco/aaa.j2", CISCO_AAA),
    ("templates/cisco/interfaces.j2", CISCO_INTERFACES),
    ("templates/cisco/access-ports.j2", CISCO_ACCESS_PORTS),
    ("templates/cisco/vlans.j2", CISCO_VLANS),
    ("templates/cisco/routing.j2", CISCO_ROUTING),
    ("templates/cisco/acl.j2", CISCO_ACL),
    ("templates/cisco/line.j2", CISCO_LINE),
    ("templates/juniper/system.j2", JUNOS_SYSTEM),
    ("templates/juniper/snmp.j2", JUNOS_SNMP),
    ("templates/juniper/interfaces.j2", JUNOS_INTERFACES),
    ("templates/juniper/protocols.j2", JUNOS_PROTOCOLS),
    ("templates/juniper/policy-options.j2", JUNOS_POLICY),
    (
        "templates/juniper/routing-options.j2",
        JUNOS_ROUTING_OPTIONS,
    ),
    ("templates/arista/system.j2", EOS_SYSTEM),
    ("templates/arista/management.j2", EOS_MANAGEMENT),
    ("templates/arista/interfaces.j2", EOS_INTERFACES),
    ("templates/arista/routing.j2", EOS_ROUTING),
    ("templates/arista/vlans.j2", EOS_VLANS),
    ("templates/arista/mlag.j2", EOS_MLAG),
];

const CISCO_SYSTEM: &str = r#"{#- template-match: /^(hostname|ip domain name|ip name-server|ntp server|logging host|snmp-server) / #}
hostname {{ node.name }}
ip domain name {{ node.domain }}
{%- if custom_data.dns is defined %}
{%- for s in custom_data.dns.servers %}
ip name-server {{ s }}
{%- endfor %}
{%- endif %}
{%- if custom_data.ntp is defined %}
{%- for s in custom_data.ntp.servers %}
ntp server {{ s }}
{%- endfor %}
{%- endif %}
{%- if custom_data.syslog is defined %}
{%- for s in custom_data.syslog.servers %}
logging host {{ s }}
{%- endfor %}
{%- endif %}
{%- if custom_data.snmp is defined %}
{%- if custom_data.snmp.location is defined %}
snmp-server location {{ custom_data.snmp.location }}
{%- endif %}
{%- if custom_data.snmp.contact is defined %}
snmp-server contact {{ custom_data.snmp.contact }}
{%- endif %}
{%- endif %}
"#;

const CISCO_AAA: &str = r#"{#- template-match: /^(aaa|username|tacacs) / #}
aaa new-model
aaa authentication login default group tacacs+ local
aaa authorization exec default group tacacs+ local
aaa accounting exec default start-stop group tacacs+
username admin privilege 15 secret 9 $9$generated$notarealhash
tacacs server TAC1
 address ipv4 10.250.0.10
 key 7 000000000000
tacacs server TAC2
 address ipv4 10.250.0.11
 key 7 000000000000
"#;

const CISCO_INTERFACES: &str = r#"{#- template-match: /^interface (TenGigabitEthernet|GigabitEthernet0)/ #}
{%- for l in links %}
interface {{ l.interface }}
{%- if l.peer_node %}
 description to {{ l.peer_node }} {{ l.peer_interface }}
{%- else %}
 description provider circuit
{%- endif %}
 no switchport
 ip address {{ l.ip | ipaddr }} {{ l.ip | netmask }}
 bandwidth {{ l.bandwidth_mbps * 1000 }}
 no shutdown
{%- endfor %}
"#;

const CISCO_ACCESS_PORTS: &str = r#"{#- template-match: interface GigabitEthernet1/0/* #}
{%- for p in range(1, 49) %}
interface GigabitEthernet1/0/{{ p }}
 description user port {{ p }}
 switchport mode access
 switchport access vlan {{ custom_data.access_vlan if custom_data.access_vlan is defined else 10 }}
{%- if custom_data.voice_vlan is defined %}
 switchport voice vlan {{ custom_data.voice_vlan }}
{%- endif %}
 spanning-tree portfast
 spanning-tree bpduguard enable
 no shutdown
{%- endfor %}
"#;

const CISCO_VLANS: &str = r#"{#- template-match: vlan * #}
{%- if custom_data.vlans is defined %}
{%- for v in custom_data.vlans %}
vlan {{ v }}
 name VLAN{{ v }}
{%- endfor %}
{%- endif %}
"#;

const CISCO_ROUTING: &str = r#"{#- template-match: /^router (bgp|ospf) / #}
router ospf 1
 router-id {{ node.mgmt_ip }}
{%- for l in links %}
{%- if l.peer_node %}
 network {{ l.ip | ipaddr }} 0.0.0.0 area {{ custom_data.ospf.area if custom_data.ospf is defined else "0.0.0.0" }}
{%- endif %}
{%- endfor %}
{%- if custom_data.bgp is defined %}
router bgp {{ custom_data.bgp.asn }}
 bgp router-id {{ node.mgmt_ip }}
 bgp log-neighbor-changes
{%- for l in links %}
{%- if l.peer_node and l.peer_ip %}
 neighbor {{ l.peer_ip | ipaddr }} remote-as {{ custom_data.bgp.asn }}
 neighbor {{ l.peer_ip | ipaddr }} description {{ l.peer_node }}
{%- endif %}
{%- endfor %}
{%- endif %}
"#;

const CISCO_ACL: &str = r#"{#- template-match: ip access-list * #}
ip access-list standard MGMT
 permit 10.250.0.0 0.0.255.255
 permit 172.16.0.0 0.15.255.255
{%- if custom_data.syslog is defined %}
{%- for s in custom_data.syslog.servers %}
 permit host {{ s }}
{%- endfor %}
{%- endif %}
 deny any log
"#;

const CISCO_LINE: &str = r#"{#- template-match: line * #}
line con 0
 exec-timeout 15 0
 logging synchronous
line vty 0 4
 access-class MGMT in vrf-also
 exec-timeout 15 0
 transport input ssh
line vty 5 15
 access-class MGMT in vrf-also
 exec-timeout 15 0
 transport input ssh
"#;

const JUNOS_SYSTEM: &str = r#"{#- template-match: system #}
system {
    host-name {{ node.name }};
    domain-name {{ node.domain }};
{%- if custom_data.dns is defined %}
    name-server {
{%- for s in custom_data.dns.servers %}
        {{ s }};
{%- endfor %}
    }
{%- endif %}
    services {
        ssh {
            root-login deny;
        }
        netconf {
            ssh;
        }
    }
{%- if custom_data.syslog is defined %}
    syslog {
{%- for s in custom_data.syslog.servers %}
        host {{ s }} {
            any notice;
        }
{%- endfor %}
    }
{%- endif %}
{%- if custom_data.ntp is defined %}
    ntp {
{%- for s in custom_data.ntp.servers %}
        server {{ s }};
{%- endfor %}
    }
{%- endif %}
}
"#;

const JUNOS_SNMP: &str = r#"{#- template-match: snmp #}
snmp {
{%- if custom_data.snmp is defined %}
{%- if custom_data.snmp.location is defined %}
    location "{{ custom_data.snmp.location }}";
{%- endif %}
{%- if custom_data.snmp.contact is defined %}
    contact "{{ custom_data.snmp.contact }}";
{%- endif %}
{%- endif %}
    community monitoring {
        authorization read-only;
    }
}
"#;

const JUNOS_INTERFACES: &str = r#"{#- template-match: interfaces #}
interfaces {
{%- for l in links %}
    {{ l.interface }} {
{%- if l.peer_node %}
        description "to {{ l.peer_node }} {{ l.peer_interface }}";
{%- else %}
        description "provider circuit";
{%- endif %}
        unit 0 {
            family inet {
                address {{ l.ip | ipaddr }}/{{ l.ip | prefixlen }};
            }
        }
    }
{%- endfor %}
}
"#;

const JUNOS_PROTOCOLS: &str = r#"{#- template-match: protocols #}
protocols {
    ospf {
        area {{ custom_data.ospf.area if custom_data.ospf is defined else "0.0.0.0" }} {
{%- for l in links %}
{%- if l.peer_node %}
            interface {{ l.interface }}.0;
{%- endif %}
{%- endfor %}
        }
    }
{%- if custom_data.bgp is defined %}
    bgp {
        group internal {
            type internal;
{%- for l in links %}
{%- if l.peer_node and l.peer_ip %}
            neighbor {{ l.peer_ip | ipaddr }} {
                description {{ l.peer_node }};
            }
{%- endif %}
{%- endfor %}
        }
    }
{%- endif %}
    lldp {
        interface all;
    }
}
"#;

const JUNOS_POLICY: &str = r#"{#- template-match: policy-options #}
policy-options {
    prefix-list MGMT {
        10.250.0.0/16;
        172.16.0.0/12;
    }
    policy-statement EXPORT-LOOPBACKS {
        term 1 {
            from protocol direct;
            then accept;
        }
        term 2 {
            then reject;
        }
    }
}
"#;

const JUNOS_ROUTING_OPTIONS: &str = r#"{#- template-match: routing-options #}
routing-options {
    router-id {{ node.mgmt_ip }};
{%- if custom_data.bgp is defined %}
    autonomous-system {{ custom_data.bgp.asn }};
{%- endif %}
}
"#;

const EOS_SYSTEM: &str = r#"{#- template-match: /^(hostname|ip domain-name|ip name-server|ntp server|logging host|snmp-server) / #}
hostname {{ node.name }}
ip domain-name {{ node.domain }}
{%- if custom_data.dns is defined %}
{%- for s in custom_data.dns.servers %}
ip name-server vrf {{ custom_data.mgmt_vrf if custom_data.mgmt_vrf is defined else "default" }} {{ s }}
{%- endfor %}
{%- endif %}
{%- if custom_data.ntp is defined %}
{%- for s in custom_data.ntp.servers %}
ntp server vrf {{ custom_data.mgmt_vrf if custom_data.mgmt_vrf is defined else "default" }} {{ s }}
{%- endfor %}
{%- endif %}
{%- if custom_data.syslog is defined %}
{%- for s in custom_data.syslog.servers %}
logging host {{ s }}
{%- endfor %}
{%- endif %}
{%- if custom_data.snmp is defined %}
{%- if custom_data.snmp.location is defined %}
snmp-server location {{ custom_data.snmp.location }}
{%- endif %}
{%- if custom_data.snmp.contact is defined %}
snmp-server contact {{ custom_data.snmp.contact }}
{%- endif %}
{%- endif %}
"#;

const EOS_MANAGEMENT: &str = r#"{#- template-match: /^(management |username )/ #}
management api http-commands
   protocol https
   no shutdown
management ssh
   idle-timeout 15
username admin privilege 15 role network-admin secret sha512 $6$generated$notarealhash
"#;

const EOS_INTERFACES: &str = r#"{#- template-match: /^interface (Ethernet|Management)/ #}
{%- for l in links %}
interface {{ l.interface }}
{%- if l.peer_node %}
   description to {{ l.peer_node }} {{ l.peer_interface }}
{%- else %}
   description provider circuit
{%- endif %}
{%- if l.interface[:10] != "Management" %}
   no switchport
{%- endif %}
   ip address {{ l.ip | ipaddr }}/{{ l.ip | prefixlen }}
{%- endfor %}
"#;

const EOS_ROUTING: &str = r#"{#- template-match: /^router (bgp|ospf) / #}
router ospf 1
   router-id {{ node.mgmt_ip }}
{%- for l in links %}
{%- if l.peer_node %}
   network {{ l.ip | ipaddr }}/{{ l.ip | prefixlen }} area {{ custom_data.ospf.area if custom_data.ospf is defined else "0.0.0.0" }}
{%- endif %}
{%- endfor %}
   max-lsa 12000
"#;

const EOS_VLANS: &str = r#"{#- template-match: vlan * #}
{%- if custom_data.vlans is defined %}
{%- for v in custom_data.vlans %}
vlan {{ v }}
   name VLAN{{ v }}
{%- endfor %}
{%- endif %}
"#;

const EOS_MLAG: &str = r#"{#- template-match: /^(mlag configuration|interface Port-Channel|interface Vlan4094)/ #}
interface Port-Channel2000
   description MLAG peer link
   switchport mode trunk
interface Vlan4094
   description MLAG peer
   no autostate
   ip address 169.254.0.{{ 1 if node.name[-1:] in ["1", "3"] else 2 }}/31
mlag configuration
   domain-id {{ node.location }}
   local-interface Vlan4094
   peer-address 169.254.0.{{ 2 if node.name[-1:] in ["1", "3"] else 1 }}
   peer-link Port-Channel2000
"#;
