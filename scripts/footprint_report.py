#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Flash, RAM and worst-case stack of the Cortex-M image (scripts/footprint).

Reads, per build directory (one per Kconfig profile):
  wk-footprint.map   the linker map: every input section kept after
                     --gc-sections, with its size and object, so bytes are
                     counted as linked, per module and per function;
  *.su / *.ci        gcc -fstack-usage frames and -fcallgraph-info call edges;
  wk-footprint.elf   symbols (nm): heap functions, the client object's size.
Worst stack of a public entry point = its frame + the deepest callee path.
Indirect calls are resolved to every core function whose address is taken
(the HTTP parser's callbacks into the client, the users parser's hooks);
calls into the caller's own callbacks and transport are outside the figure.

With --firmware DIR, also the firmware image (wk-firmware.map, .elf) by
component, its large static objects, and what the firmware test measured
(firmware-report.json, written by tests/firmware when it ran).

Usage: footprint_report.py --root DIR --build NAME=DIR [--build ...]
         [--markdown OUT] [--max-core-flash N] [--max-minimal-flash N]
         [--max-minimal-ram N] [--max-optional-flash N] [--max-json-flash N]
         [--firmware DIR [--firmware-markdown OUT]]
Exit status 1 when a check fails (heap symbol linked, ceiling exceeded,
recursion found, an unbounded frame).
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys

# Core modules a listing does not need, linked only when the application uses
# them: each is a row of its own, outside the core total and its ceilings.
OPTIONAL_MODULES = ("core/wk_credentials.c", "core/wk_cred_exchange.c",
                    "core/wk_client_credentials.c")


# Code of the listing core's files that only the optional modules call (the
# URL parser, when custom endpoints are left out but the credential exchanges
# still take URLs): a listing does not link it, so it is counted with them.
ONLY_OPTIONAL = "core/ code only the optional modules reach"


# The JSON code of issue 15's budget: the reader, the users' tables and the
# service error document's reading.
JSON_MODULES = ("core/wk_json.c", "core/wk_users.c", "core/wk_service_error.c")


def is_core(mod):
    """A module of the listing core (the core total)."""
    return mod.startswith("core/") and mod not in OPTIONAL_MODULES and mod != ONLY_OPTIONAL


def is_optional(mod):
    return mod in OPTIONAL_MODULES or mod == ONLY_OPTIONAL


def row_name(mod):
    return mod + " (optional module)" if mod in OPTIONAL_MODULES else mod


HEAP_SYMBOLS = {"malloc", "free", "calloc", "realloc", "_malloc_r", "_free_r", "_calloc_r",
                "_realloc_r", "_sbrk", "_sbrk_r", "sbrk", "aligned_alloc", "posix_memalign",
                "memalign", "reallocarray"}


def module_of(obj):
    """Module name for an input file as the map names it."""
    m = re.search(r"lib(wk_cm_\w+)\.a\(([^)]+)\)", obj)
    if m:
        lib, member = m.group(1), re.sub(r"\.c\.obj$", ".c", m.group(2))
        if lib == "wk_cm_core":
            return "core/" + member
        if lib == "wk_cm_port":
            return "port/mbedtls/" + member
        if lib == "wk_cm_selftest":
            return "port/selftest/" + member
        if lib == "wk_cm_mbedtls":
            return "mbedtls"
    if re.search(r"lib(c|c_nano|g|g_nano|gcc|m|nosys)\.a", obj) or "crt" in os.path.basename(obj):
        return "libc+libgcc"
    return "board+self-check"


# The firmware's components: its archives, then its own objects.
FIRMWARE_LIBS = {"wk_cm_lwip": "lwIP 2.1.3 (core, IPv4, Ethernet)",
                 "wk_cm_lwip_raw": "port/lwip-raw",
                 "wk_cm_lan9118": "driver (LAN9118)",
                 "wk_cm_port": "port/mbedtls",
                 "wk_cm_mbedtls": "mbedTLS 2.28.3"}


def firmware_module_of(obj):
    m = re.search(r"lib(wk_cm_\w+)\.a\(", obj)
    if m and m.group(1) == "wk_cm_core":
        return "core"
    if m and m.group(1) in FIRMWARE_LIBS:
        return FIRMWARE_LIBS[m.group(1)]
    if module_of(obj) == "libc+libgcc":
        return "libc+libgcc"
    if obj.endswith("firmware.c.obj"):
        return "firmware.c (configuration, output, measuring)"
    return "board (start-up, semihosting, clock, snprintf)"


def parse_map(path, module_of=module_of):
    """{module: {text, rodata, data, bss}}, {core function: text bytes}."""
    sizes = collections.defaultdict(lambda: collections.Counter())
    funcs = collections.Counter()
    in_map = False
    pending = None
    # Merged constants (.rodata.*.str1.1): an input section whose strings all
    # went into an earlier one is still listed, at the next free address and
    # with a size it does not own, overlapping what follows. So flash bytes
    # are counted up to the next listed section's address only.
    placed = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("Linker script and memory map"):
                in_map = True
                continue
            if not in_map:
                continue
            m = re.match(r"^ (\.\S+|COMMON)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
            if m is None and pending is not None:
                m2 = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
                if m2:
                    m = (pending, m2.group(1), m2.group(2), m2.group(3))
            elif m is not None:
                m = m.groups()
            pending = None
            if m is None:
                m1 = re.match(r"^ (\.\S+|COMMON)$", line)
                if m1:
                    pending = m1.group(1)
                continue
            name, addr, size, obj = m[0], int(m[1], 16), int(m[2], 16), m[3].strip()
            if size == 0 or obj.startswith("load address"):
                continue
            if name.startswith((".text", ".init", ".fini", ".glue", ".vfp11", ".v4_bx", ".iplt")):
                kind = "text"
            elif name.startswith((".rodata", ".ARM.exidx", ".ARM.extab")):
                kind = "rodata"
            elif name.startswith((".data", ".init_array", ".fini_array")):
                kind = "data"
            elif name.startswith((".bss", "COMMON")):
                kind = "bss"
            else:
                continue
            if kind != "bss" and addr == 0 and name != ".vectors":
                continue
            mod = module_of(obj)
            if kind in ("text", "rodata"):
                placed.append((addr, size, mod, kind, name))
            else:
                sizes[mod][kind] += size
    placed.sort(key=lambda e: e[0])
    for i, (addr, size, mod, kind, name) in enumerate(placed):
        if i + 1 < len(placed):
            size = min(size, placed[i + 1][0] - addr)
        if size == 0:
            continue
        sizes[mod][kind] += size
        if mod.startswith("core/"):
            fn = re.sub(r"^\.(text|rodata)\.?", "", name) or "(unnamed)"
            funcs["%s %s" % (mod[5:], fn if kind == "text" else "const " + fn)] += size
    return sizes, funcs


def move_only_optional(sizes, funcs, edges, taken, public):
    """Moves the text of listing-core functions that nothing but the optional
    modules reaches (walking the call graph from every public function and
    every address-taken function outside them) to ONLY_OPTIONAL; returns
    {function: bytes} moved. A function the graph does not know stays in the
    core."""
    nodes = set(edges) | {c for callees in edges.values() for c in callees}

    def node_of(f, fn):
        """The call graph's name of function fn of file f (statics are 'file:fn')."""
        fn = clone(fn)
        return f + ":" + fn if f + ":" + fn in nodes else fn

    module = {}
    for key in funcs:
        f, fn = key.split(" ", 1)
        if not fn.startswith("const "):
            module[node_of(f, fn)] = "core/" + f

    def optional(node):
        return module.get(node) in OPTIONAL_MODULES

    roots = [n for n in set(public) | set(taken) if n in module and not optional(n)]
    seen, todo = set(roots), list(roots)
    while todo:
        for callee in edges.get(todo.pop(), ()):
            if callee not in seen and not optional(callee):
                seen.add(callee)
                todo.append(callee)
    moved = {}
    for key, size in list(funcs.items()):
        f, fn = key.split(" ", 1)
        node = node_of(f, fn)
        if not fn.startswith("const ") and is_core("core/" + f) and node in nodes and node not in seen:
            sizes["core/" + f]["text"] -= size
            sizes[ONLY_OPTIONAL]["text"] += size
            moved[fn] = size
            del funcs[key]
    return moved


def parse_stack(build):
    """frames {fn: bytes}, edges {fn: set(callee)}, unbounded [fn], files {fn: object}."""
    frames, edges, unbounded = {}, collections.defaultdict(set), []
    for su in glob.glob(os.path.join(build, "CMakeFiles", "**", "*.su"), recursive=True):
        src = os.path.basename(su)[:-3]
        with open(su) as f:
            for line in f:
                loc, size, kind = line.rstrip("\n").split("\t")
                name = clone(loc.rsplit(":", 1)[-1])
                if "dynamic" in kind and "bounded" not in kind:
                    unbounded.append(name)
                key = name
                frames.setdefault(key, 0)
                frames[key] = max(frames[key], int(size))
                frames.setdefault(src + ":" + name, int(size))
    for ci in glob.glob(os.path.join(build, "CMakeFiles", "**", "*.ci"), recursive=True):
        with open(ci) as f:
            text = f.read()
        for src, dst in re.findall(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"', text):
            edges[short(src)].add(short(dst))
    return frames, edges, unbounded


def clone(fn):
    """A clone's number goes ('f.constprop.0' -> 'f.constprop'): -fstack-usage and
    -fcallgraph-info do not always agree on it."""
    return re.sub(r"(\.(?:constprop|isra|part|cold))\.\d+$", r"\1", fn)


def short(title):
    """'/path/wk_client.c:exchange' -> 'wk_client.c:exchange'; globals stay as they are."""
    if ":" in title:
        path, fn = title.rsplit(":", 1)
        return os.path.basename(path) + ":" + clone(fn)
    return clone(title)


def address_taken(build, root):
    """Core and port functions whose address is taken (relocations other than calls)."""
    taken = set()
    objs = glob.glob(os.path.join(build, "CMakeFiles", "wk_cm_core.dir", "**", "*.obj"), recursive=True)
    for obj in objs:
        out = subprocess.run(["arm-none-eabi-objdump", "-r", obj], capture_output=True, text=True,
                             check=True).stdout
        src = os.path.basename(obj)[:-4]
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] not in ("R_ARM_THM_CALL", "R_ARM_THM_JUMP24",
                                                    "R_ARM_THM_JUMP19", "R_ARM_NONE"):
                sym = parts[2].split("+")[0]
                taken.add(sym)
                taken.add(src + ":" + sym)
    return taken


def public_functions(root):
    names = []
    for h in sorted(glob.glob(os.path.join(root, "core", "include", "wk", "*.h"))):
        with open(h) as f:
            for m in re.finditer(r"^[a-z_ ]+[ *](wk_[a-z0-9_]+)\(", f.read(), re.M):
                if m.group(1) not in names:
                    names.append(m.group(1))
    return names


class Walker:
    def __init__(self, frames, edges, taken):
        self.frames, self.edges = frames, edges
        self.memo, self.active = {}, set()
        # the path being walked, and whether each step onto it was an indirect call
        self.path, self.via_indirect = [], []
        self.reaches_indirect = {}
        self.unknown, self.recursion = set(), set()
        core_static = {n for n in frames if ":" in n and n.split(":")[0].startswith("wk_")}
        core_global = {n for n in frames if n.startswith("wk_")}
        self.indirect = sorted(n for n in (core_static | core_global) if n in taken)

    def node(self, fn):
        if fn in self.frames:
            return fn
        return None

    def worst(self, fn, indirect_edge=False):
        if fn in self.memo:
            return self.memo[fn]
        if fn in self.active:
            # A cycle that goes through a resolved indirect call is the
            # over-approximation again (the credentials seam, reached through
            # a pointer, reads JSON as the listing does), not recursion.
            if not indirect_edge and not any(self.via_indirect[self.path.index(fn) + 1:]):
                self.recursion.add(fn)
            return 0, [fn + " (recursion)"]
        self.active.add(fn)
        self.path.append(fn)
        self.via_indirect.append(indirect_edge)
        frame = self.frames.get(fn, 0)
        best, path = 0, []
        is_core = fn.startswith("wk_")
        indirect = False
        for callee in sorted(self.edges.get(fn, ())):
            if callee == "__indirect_call":
                indirect = True
                if not is_core:
                    # mbedTLS's own function pointers (its zeroize's memset)
                    # never lead back into the core.
                    self.unknown.add("(indirect call in %s)" % fn.split(":")[-1])
                    continue
            targets = self.indirect if callee == "__indirect_call" else [callee]
            for t in targets:
                if t == fn or (callee == "__indirect_call" and t in self.active):
                    # A resolved indirect call may name a function already on
                    # the path; that is the over-approximation, not recursion.
                    continue
                if t not in self.frames:
                    self.unknown.add(t.split(":")[-1])
                    continue
                d, p = self.worst(t, callee == "__indirect_call")
                indirect = indirect or self.reaches_indirect.get(t, False)
                if d > best:
                    best, path = d, p
        self.active.discard(fn)
        self.path.pop()
        self.via_indirect.pop()
        self.reaches_indirect[fn] = indirect and is_core
        self.memo[fn] = (frame + best, [fn] + path)
        return self.memo[fn]


def nm_symbols(elf):
    out = subprocess.run(["arm-none-eabi-nm", "-S", elf], capture_output=True, text=True,
                         check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            syms[parts[3]] = int(parts[1], 16)
        elif len(parts) >= 2:
            syms.setdefault(parts[-1], 0)
    return syms


def analyse(root, build):
    sizes, funcs = parse_map(os.path.join(build, "wk-footprint.map"))
    frames, edges, unbounded = parse_stack(build)
    taken = address_taken(build, root)
    walker = Walker(frames, edges, taken)
    moved = move_only_optional(sizes, funcs, edges, taken, public_functions(root))
    stacks = {}
    for fn in public_functions(root):
        if fn in frames:
            stacks[fn] = walker.worst(fn)
    syms = nm_symbols(os.path.join(build, "wk-footprint.elf"))
    return {"sizes": sizes, "funcs": funcs, "stacks": stacks, "walker": walker, "moved": moved,
            "unbounded": [u for u in unbounded if u.startswith("wk_")],
            "heap": sorted(HEAP_SYMBOLS & set(syms)), "client": syms.get("client", 0),
            "indirect_fns": [fn for fn in stacks if walker.reaches_indirect.get(fn)]}


def totals(sizes, pred):
    t = collections.Counter()
    for mod, c in sizes.items():
        if pred(mod):
            t.update(c)
    return t


def flash(c):
    return c["text"] + c["rodata"]


def ram(c):
    return c["data"] + c["bss"]


def render(results, order):
    out = []
    w = out.append
    for name in order:
        r = results[name]
        sizes = r["sizes"]
        w("### Profile `%s`" % name)
        w("")
        w("| module | flash (.text+.rodata) | RAM (.data+.bss) |")
        w("| --- | ---: | ---: |")
        for mod in sorted(sizes, key=lambda m: (not is_core(m), not is_optional(m), m)):
            w("| %s | %d | %d |" % (row_name(mod), flash(sizes[mod]), ram(sizes[mod])))
        core = totals(sizes, is_core)
        optional = totals(sizes, is_optional)
        no_tls = totals(sizes, lambda m: m != "mbedtls")
        every = totals(sizes, lambda m: True)
        w("| **core total** (without the optional modules) | **%d** | **%d** |"
          % (flash(core), ram(core)))
        w("| optional modules total | %d | %d |" % (flash(optional), ram(optional)))
        w("| JSON code (%s) | %d | %d |" % (" + ".join("`%s`" % m[5:] for m in JSON_MODULES),
                                           flash(totals(sizes, lambda m: m in JSON_MODULES)),
                                           ram(totals(sizes, lambda m: m in JSON_MODULES))))
        w("| image without mbedTLS | %d | %d |" % (flash(no_tls), ram(no_tls)))
        w("| whole image | %d | %d |" % (flash(every), ram(every)))
        w("")
        if r["moved"]:
            w("Counted with the optional modules, as only they call it: %s."
              % ", ".join("`%s()` (%d)" % kv for kv in sorted(r["moved"].items())))
            w("")
        w("`wk_client_t` (caller-allocated, all of the client's buffers): %d bytes. "
          "Heap functions linked: %s." % (r["client"], ", ".join(r["heap"]) or "none"))
        w("")
        w("| public entry point | worst stack (bytes) | deepest path |")
        w("| --- | ---: | --- |")
        for fn, (depth, path) in sorted(r["stacks"].items(), key=lambda kv: -kv[1][0]):
            mark = " +cb" if fn in r["indirect_fns"] else ""
            shown = " > ".join(p.split(":")[-1] for p in path[:7]) + (" > ..." if len(path) > 7 else "")
            w("| `%s`%s | %d | %s |" % (fn, mark, depth, shown))
        w("")
    return "\n".join(out)


def render_firmware(build):
    """The firmware's whole image by component, its static RAM, and what it measured."""
    sizes, _ = parse_map(os.path.join(build, "wk-firmware.map"), firmware_module_of)
    syms = subprocess.run(["arm-none-eabi-nm", "-S", "--size-sort",
                           os.path.join(build, "wk-firmware.elf")],
                          capture_output=True, text=True, check=True).stdout.split("\n")
    big = []
    for line in syms:
        parts = line.split()
        if len(parts) == 4 and parts[2] in "bBdD" and int(parts[1], 16) >= 512:
            big.append((parts[3], int(parts[1], 16)))
    out = []
    w = out.append
    w("### The firmware image (`wk-firmware.elf`), by component")
    w("")
    w("| component | flash (.text+.rodata) | static RAM (.data+.bss) |")
    w("| --- | ---: | ---: |")
    for mod in sorted(sizes, key=lambda m: -flash(sizes[m])):
        w("| %s | %d | %d |" % (mod, flash(sizes[mod]), ram(sizes[mod])))
    every = totals(sizes, lambda m: True)
    w("| **whole image** | **%d** | **%d** |" % (flash(every), ram(every)))
    w("")
    w("Static objects of 512 bytes or more (the rest of the RAM is small state):")
    w("")
    w("| object | bytes |")
    w("| --- | ---: |")
    for name, size in sorted(big, key=lambda e: -e[1]):
        w("| `%s` | %d |" % (re.sub(r"\.\d+$", "", name), size))
    w("")
    report = os.path.join(build, "firmware-report.json")
    if not os.path.exists(report):
        w("(No measurements: the firmware test did not run in this build.)")
        return "\n".join(out)
    with open(report) as f:
        r = json.load(f)
    ram_ = r["ram"]
    ins = r["instructions"]
    pools = ram_["lwip_pools"]
    pool_bytes = sum(p["size"] * p["count"] for p in pools)
    pool_peak = sum(p["size"] * p["peak"] for p in pools)
    w("### Peak RAM during a listing (measured by the firmware test)")
    w("")
    w("250 users in 3 pages of 100 over one TLS connection to the stand-in "
      "(ECDSA P-256 certificate and CA, TLS 1.2 ECDHE-ECDSA AES-128-GCM).")
    w("")
    w("| what | configured (static) | high-water mark |")
    w("| --- | ---: | ---: |")
    w("| mbedTLS arena (handshake, 16 KiB + 2 KiB record buffers, CA chain) | %d | %d |"
      % (ram_["arena_size"], ram_["arena_peak"]))
    w("| smallest arena the listing passed with (256-byte steps) | | %d |"
      % ram_.get("arena_smallest_passing", 0))
    if "rsa_chain" in r:
        w("| mbedTLS arena, RSA-2048 chain with an intermediate CA (AWS's shape) | %d | %d |"
          % (ram_["arena_size"], r["rsa_chain"]["arena_peak"]))
    w("| `wk_client_t` | %d | %d |" % (ram_["client_size"], ram_["client_size"]))
    w("| `wk_tls_connector_t` (mbedTLS contexts) | %d | %d |"
      % (ram_["tls_connector_size"], ram_["tls_connector_size"]))
    w("| lwIP pools (receive buffers %d x %d bytes, PCBs, segments) | %d | %d |"
      % (pools[-1]["count"], pools[-1]["size"], pool_bytes, pool_peak))
    w("| lwIP heap (outgoing segments) | %d | %d |"
      % (ram_["lwip_heap_size"], ram_["lwip_heap_peak"]))
    w("| stack (painted; from its top) | | %d |" % ram_["stack_peak"])
    w("")
    # The device: the image's static RAM with the arena cut to the smallest
    # that listed, without the emulator's configuration buffers (a device
    # keeps its CA and credentials in flash), plus the stack.
    smallest = ram_.get("arena_smallest_passing", ram_["arena_peak"])
    emulator_only = sum(size for name, size in big if name in ("ca_pem", "cmdline", "cred_text"))
    device = ram(every) - ram_["arena_size"] + smallest - emulator_only + ram_["stack_peak"]
    w("**A device's RAM for this listing: %d bytes** = the image's static RAM (%d) "
      "with the arena cut from %d to the smallest that listed (%d), less the emulator's "
      "configuration buffers (`ca_pem`, `cmdline`, `cred_text`: %d; a device keeps "
      "its trust anchors and credentials in flash), plus the stack's high-water "
      "mark (%d). Goal: at most 65,536 (%s)."
      % (device, ram(every), ram_["arena_size"], smallest, emulator_only, ram_["stack_peak"],
         "met" if device <= 65536 else "not met"))
    w("")
    w("### Instructions per phase (QEMU `-icount shift=0`)")
    w("")
    w("These are instruction counts under emulation, not cycles: the board's timer "
      "runs on QEMU's virtual clock, one nanosecond per instruction. Waiting for the "
      "network (turns of the superloop that found nothing to do) and printing the "
      "users are left out.")
    w("")
    w("| phase | instructions |")
    w("| --- | ---: |")
    w("| full TLS handshake (TCP connect, ECDHE-ECDSA, chain verified) | %d |"
      % ins["full_handshake"])
    if "rsa_chain" in r:
        w("| full TLS handshake, ECDHE-RSA, RSA-2048 chain with an intermediate CA | %d |"
          % r["rsa_chain"]["full_handshake"])
    if "resumption" in r:
        res = r["resumption"]
        w("| resumed TLS handshake (TCP connect, the session the firmware kept; "
          "a second listing) | %d |" % res["resumed_handshake"])
    w("| signing one request (signing key derived too) | %d |" % ins["sign_request"])
    w("| one page of 100 users (request, TLS records, HTTP, JSON) | %d |" % ins["page_of_100"])
    w("| per user | %d |" % ins["per_user"])
    w("")
    if "resumption" in r:
        res = r["resumption"]
        ratio = res["resumed_handshake"] / res["full_handshake"]
        w("**Resumed handshake: %.3fx the instructions of a full one** (%d against %d, "
          "both in the same run: a listing, then a second on a new connection that "
          "resumes the TLS session by ticket). Goal: at most 0.2x (%s)."
          % (ratio, res["resumed_handshake"], res["full_handshake"],
             "met" if ratio <= 0.2 else "not met"))
        w("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--build", action="append", required=True, help="NAME=DIR")
    ap.add_argument("--markdown")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--max-core-flash", type=int)
    ap.add_argument("--max-minimal-flash", type=int)
    ap.add_argument("--max-minimal-ram", type=int)
    ap.add_argument("--max-json-flash", type=int,
                    help="ceiling for the JSON code's flash (JSON_MODULES), default profile")
    ap.add_argument("--max-optional-flash", type=int,
                    help="ceiling for the optional modules' flash, default profile")
    ap.add_argument("--firmware", help="build directory with wk-firmware.elf")
    ap.add_argument("--firmware-markdown")
    args = ap.parse_args()

    results, order = {}, []
    for spec in args.build:
        name, build = spec.split("=", 1)
        results[name] = analyse(args.root, build)
        order.append(name)
    text = render(results, order)
    first = results[order[0]]
    top = [kv for kv in first["funcs"].most_common() if is_core("core/" + kv[0].split(" ", 1)[0])]
    top = top[:args.top]
    text += "\n### Where the core's flash goes (profile `%s`, top %d)\n\n" % (order[0], args.top)
    text += "| file | function or constant | bytes |\n| --- | --- | ---: |\n"
    for key, size in top:
        f, fn = key.split(" ", 1)
        text += "| %s | `%s` | %d |\n" % (f, fn, size)
    unknown = sorted(set().union(*(r["walker"].unknown for r in results.values())))
    text += ("\nCallees without stack data (libc and libgcc, not built with -fstack-usage), "
             "counted as 0: %s.\n" % ", ".join("`%s`" % u for u in unknown))
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    if args.firmware:
        fw = render_firmware(args.firmware)
        print(fw)
        if args.firmware_markdown:
            with open(args.firmware_markdown, "w") as f:
                f.write(fw + "\n")

    failed = []
    for name in order:
        r = results[name]
        core = totals(r["sizes"], is_core)
        optional = totals(r["sizes"], is_optional)
        if r["heap"]:
            failed.append("%s: heap functions linked: %s" % (name, ", ".join(r["heap"])))
        if r["walker"].recursion:
            failed.append("%s: recursion through %s" % (name, ", ".join(sorted(r["walker"].recursion))))
        if r["unbounded"]:
            failed.append("%s: dynamic stack frames in %s" % (name, ", ".join(r["unbounded"])))
        if name == "default" and args.max_core_flash is not None and flash(core) > args.max_core_flash:
            failed.append("default: core flash %d bytes exceeds the ceiling %d (docs/FOOTPRINT.md)"
                          % (flash(core), args.max_core_flash))
        json_code = flash(totals(r["sizes"], lambda m: m in JSON_MODULES))
        if name == "default" and args.max_json_flash is not None and json_code > args.max_json_flash:
            failed.append("default: JSON code flash %d bytes exceeds the ceiling %d "
                          "(docs/FOOTPRINT.md)" % (json_code, args.max_json_flash))
        if (name == "default" and args.max_optional_flash is not None and
                flash(optional) > args.max_optional_flash):
            failed.append("default: optional modules' flash %d bytes exceeds the ceiling %d "
                          "(docs/FOOTPRINT.md)" % (flash(optional), args.max_optional_flash))
        if name == "minimal" and args.max_minimal_flash is not None and flash(core) > args.max_minimal_flash:
            failed.append("minimal: core flash %d bytes exceeds the ceiling %d (docs/FOOTPRINT.md)"
                          % (flash(core), args.max_minimal_flash))
        if name == "minimal" and args.max_minimal_ram is not None:
            worst = max((d for d, _ in r["stacks"].values()), default=0)
            used = ram(core) + r["client"] + worst
            if used > args.max_minimal_ram:
                failed.append("minimal: RAM %d bytes (core static + wk_client_t + worst stack) "
                              "exceeds the ceiling %d" % (used, args.max_minimal_ram))
    for msg in failed:
        print("footprint check FAILED: " + msg, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
