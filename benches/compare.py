#!/usr/bin/env python3
"""Python baseline for the benchmarks: render a generated project with jinja2
and diff it against live/ with hier_config, on the same machine as unetc.

    benches/compare.sh [--size 10k] [--runs 3]        # sets up the venv, runs this

The generated project (benches/gen.rs) carries `.bench/context.jsonl`: each
node's custom_data and applied templates as the policy program gives them
(Python has no unetc policy engine; evaluating policies is therefore *not*
timed on the Python side, which flatters it). Timed phases:

* render: read the inventory CSVs, build each node's context (node, location,
  links from the node's side, custom_data), render its applied templates with
  jinja2 (StrictUndefined, the same network filters), join the sections and
  write out-py/configs/<node>.cfg;
* diff: for every cisco and arista node (indent syntaxes; hier_config reads
  JunOS only in set format, so the brace-format juniper configs are skipped
  and counted), parse intended and running with hier_config and compute the
  remediation (WorkflowRemediation.remediation_config).

Both are single-process, as such scripts usually run; the ratio is against
unetc's wall time for `build` and `diff --live` on the whole project
(target/bench-results.json from benches/run.sh).
"""

import argparse
import csv
import ipaddress
import json
import os
import statistics
import sys
import time

import jinja2
from hier_config import Platform, WorkflowRemediation, get_hconfig


def ipaddr(v):
    return str(ipaddress.ip_interface(v).ip)


def netmask(v):
    return str(ipaddress.ip_interface(v).network.netmask)


def prefixlen(v):
    return ipaddress.ip_interface(v).network.prefixlen


def load(project):
    def rows(name):
        with open(os.path.join(project, "inventory", name), newline="") as f:
            return list(csv.DictReader(f))

    locations = {r["name"]: r for r in rows("locations.csv")}
    nodes = rows("nodes.csv")
    links = {n["name"]: [] for n in nodes}
    for l in rows("links.csv"):
        z = l["z_node"] or None
        bw = int(l["bandwidth_mbps"]) if l["bandwidth_mbps"] else None
        links[l["a_node"]].append(dict(interface=l["a_interface"], peer_node=z,
                                       peer_interface=l["z_interface"] or None, ip=l["a_ip"] or None,
                                       peer_ip=l["z_ip"] or None, bandwidth_mbps=bw))
        if z:
            links[z].append(dict(interface=l["z_interface"], peer_node=l["a_node"],
                                 peer_interface=l["a_interface"], ip=l["z_ip"] or None,
                                 peer_ip=l["a_ip"] or None, bandwidth_mbps=bw))
    ctx = {}
    with open(os.path.join(project, ".bench", "context.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            ctx[d["name"]] = d
    return locations, nodes, links, ctx


def location_of(locations, name):
    path, cur = [], locations.get(name)
    while cur is not None and len(path) < 64:
        path.append(cur["name"])
        cur = locations.get(cur["parent"]) if cur["parent"] else None
    loc = dict(locations.get(name, {"name": name}))
    loc["path"] = list(reversed(path))
    return loc


def render(project, out):
    t0 = time.perf_counter()
    locations, nodes, links, ctx = load(project)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(project), undefined=jinja2.StrictUndefined)
    env.filters.update(ipaddr=ipaddr, netmask=netmask, prefixlen=prefixlen)
    cache = {}
    os.makedirs(os.path.join(out, "configs"), exist_ok=True)
    for n in nodes:
        node = {k: v for k, v in n.items() if not k.startswith("custom.")}
        node.update(domain="example.net", fqdn=n["name"] + ".example.net")
        c = ctx[n["name"]]
        context = dict(node=node, location=location_of(locations, n["location"]), links=links[n["name"]],
                       custom_data=c["custom_data"], facts={}, project={"name": "bench"})
        parts = []
        for t in c["applied"]:
            tpl = cache.get(t) or cache.setdefault(t, env.get_template(t))
            parts.append(tpl.render(context).strip("\n"))
        with open(os.path.join(out, "configs", n["name"] + ".cfg"), "w") as f:
            f.write("\n".join(parts) + "\n")
    return time.perf_counter() - t0, len(nodes)


PLATFORM = {"cisco": Platform.CISCO_IOS, "arista": Platform.ARISTA_EOS}


def diff(project, out):
    t0 = time.perf_counter()
    _, nodes, _, _ = load(project)
    done = skipped = lines = errors = 0
    for n in nodes:
        platform = PLATFORM.get(n["vendor"])
        if platform is None:
            skipped += 1
            continue
        with open(os.path.join(out, "configs", n["name"] + ".cfg")) as f:
            intended = f.read()
        with open(os.path.join(project, "live", n["name"] + ".cfg")) as f:
            running = f.read()
        try:
            wfr = WorkflowRemediation(get_hconfig(platform, running), get_hconfig(platform, intended))
            lines += sum(1 for _ in wfr.remediation_config.all_children())
        except Exception:  # hier_config rejects some configs (e.g. DuplicateChildError)
            errors += 1
        done += 1
    return time.perf_counter() - t0, done, skipped, lines, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--results", default="target/bench-results.json")
    a = ap.parse_args()
    out = os.path.join(a.project, "out-py")
    r_times, d_times = [], []
    for _ in range(a.runs):
        t, count = render(a.project, out)
        r_times.append(t)
        t, done, skipped, lines, errors = diff(a.project, out)
        d_times.append(t)
    r, d = statistics.median(r_times), statistics.median(d_times)
    print(f"python jinja2 render: {count} nodes, median {r:.2f} s (min {min(r_times):.2f}, max {max(r_times):.2f})")
    print(f"python hier_config diff: {done} nodes ({skipped} juniper skipped, {errors} rejected by hier_config), "
          f"{lines} remediation lines, "
          f"median {d:.2f} s (min {min(d_times):.2f}, max {max(d_times):.2f})")
    try:
        with open(a.results) as f:
            res = json.load(f)["results"]
    except (OSError, ValueError, KeyError):
        print(f"no unetc figures in {a.results}: run benches/run.sh first for the ratio")
        return
    size = os.path.basename(os.path.normpath(a.project)).rsplit("-", 1)[-1]
    for cmd, py in (("build", r), ("diff", d)):
        u = next((x for x in res if x["command"] == cmd and x["nodes"] == size and "median_s" in x), None)
        if u:
            print(f"ratio python/unetc for {cmd}: {py / u['median_s']:.1f}x "
                  f"(unetc {u['median_s']:.2f} s for all {count} nodes)")
        else:
            print(f"no unetc `{cmd}` figure for {size} in {a.results}")


if __name__ == "__main__":
    sys.exit(main())
