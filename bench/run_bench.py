#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Run every benchmark and write docs/BENCHMARKS.md and its chart.

    run_bench.py --build BUILD_DIR [--docs DOCS_DIR] [--rounds N]

BUILD_DIR holds a build with bench/bench_parse, bench_run, bench_aead and the
CLI. Three parts, all in this one run, so that the ratios compare like with
like:

1. parse: bench_parse on pages of 100 and 10,000 users from the stand-in's
   generator (make_pages.py);
2. end to end: 10,000 users as 100 pages of 100 from the stand-in over TLS on
   127.0.0.1, fetched by the CLI, by the botocore client (py_client.py) and by
   curl --aws-sigv4, one process per page; each client's CPU time, wall time
   and peak RSS come from wait4() on its process (bench_run.c); beside the
   CLI's figure, what mbedTLS alone needs to open the same bytes
   (bench_aead.c, with the cipher the stand-in logged for the CLI);
3. instructions: callgrind counts for the parse, for whole pages, and per page
   through the step API against the blocking call;
4. TLS session resumption: callgrind counts of the CLI's connection set-up
   (TCP connect and TLS handshake) for a full handshake and a resumed one.

With --only-resumption it measures part 4 alone and rewrites only that
section of BENCHMARKS.md.

Every run is checked (users counted, 100 requests answered 200), so a broken
client shows up as a failure, not as a fast figure.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
STANDIN = os.path.join(ROOT, "tests", "standin", "wickr_standin.py")
PYTHON = "/usr/bin/python3"
NETWORK_ID = "12345678"
ACCESS_KEY = "AKIDSTANDINEXAMPLE"
SECRET_KEY = "standin-secret-key-not-real"
REGION = "us-east-1"
E2E_USERS = 10000
PAGE_SIZE = 100
PARSE_PAGES = (100, 10000)


def log(text):
    sys.stderr.write(f"bench: {text}\n")
    sys.stderr.flush()


BENCH_RUN = None  # bench_run from the build: see bench_run.c for why


def run_measured(argv, env=None, stdout=subprocess.DEVNULL):
    """Run a process through bench_run; its CPU and wall time and peak RSS.
    Fails on exit != 0."""
    result = os.path.join(tempfile.gettempdir(), f"wk-bench-run.{os.getpid()}")
    proc = subprocess.run([BENCH_RUN, result] + argv, env=env, stdout=stdout,
                          stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} exited {proc.returncode}: "
                           f"{proc.stderr.decode('utf-8', 'replace')[-500:]}")
    with open(result, encoding="ascii") as handle:
        user_us, sys_us, wall_us, rss_kib = (int(x) for x in handle.read().split())
    os.unlink(result)
    return {"wall": wall_us / 1e6, "cpu": (user_us + sys_us) / 1e6, "sys": sys_us / 1e6,
            "rss_kib": rss_kib}


# --------------------------------------------------------------------------
# 1. Parse
# --------------------------------------------------------------------------

def parse_bench(bench_parse, pages):
    proc = subprocess.run([bench_parse] + list(pages),
                          check=True, capture_output=True, text=True)
    rows = [line.split("\t") for line in proc.stdout.splitlines()[1:]]
    result = {}
    for path, size, users, method, seconds, mbs, ups in rows:
        result[(int(users), method)] = {"bytes": int(size), "seconds": float(seconds),
                                        "mbs": float(mbs), "ups": float(ups)}
    return result


def repeated_page(page_100, path):
    """The 100-user page's users 100 times over: as large as the 10,000-user page,
    but the same 100 users again and again, as the 100-user timing loop sees them."""
    with open(page_100, encoding="utf-8") as handle:
        doc = json.load(handle)
    doc["users"] = doc["users"] * 100
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(doc, ensure_ascii=False))
    return path


# --------------------------------------------------------------------------
# 2. End to end
# --------------------------------------------------------------------------

class Standin:
    def __init__(self, workdir, name, *extra):
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir)
        self.log_path = os.path.join(self.dir, "requests.log")
        port_file = os.path.join(self.dir, "port")
        self.proc = subprocess.Popen(
            [PYTHON, STANDIN, "--port", "0", "--port-file", port_file,
             "--cert-dir", os.path.join(workdir, "certs"), "--log", self.log_path,
             "--network-id", NETWORK_ID, "--users", str(E2E_USERS), "--page-size", str(PAGE_SIZE),
             *extra],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, "standin.err"), "wb"))
        deadline = time.monotonic() + 60
        while not os.path.exists(port_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("stand-in did not start")
            time.sleep(0.05)
        with open(port_file, encoding="ascii") as handle:
            self.url = f"https://127.0.0.1:{int(handle.read())}"
        self.ca = os.path.join(workdir, "certs", "ca.pem")

    def requests(self):
        if not os.path.exists(self.log_path):
            return []
        with open(self.log_path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if '"method"' in line]

    def reused(self):
        """session_reused of each TLS connection so far, in order."""
        if not os.path.exists(self.log_path):
            return []
        with open(self.log_path, encoding="utf-8") as handle:
            return [json.loads(line)["session_reused"] for line in handle
                    if '"session_reused"' in line]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def client_env(workdir):
    return {"PATH": "/usr/bin:/bin", "HOME": workdir, "LANG": "C.UTF-8",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_REGION": REGION}


def count_lines(path):
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def cli_argv(cli, server, *options):
    """The CLI pointed at the stand-in, with the given options."""
    return [cli, "--network-id", NETWORK_ID, "--endpoint-url", server.url, "--ca-bundle",
            server.ca, "--region", REGION, *options]


def run_cli(cli, server, workdir, out):
    argv = cli_argv(cli, server, "--all", "--max-results", str(PAGE_SIZE), "--output", "ndjson")
    with open(out, "wb") as sink:
        m = run_measured(argv, client_env(workdir), stdout=sink)
    m["users"] = count_lines(out)
    return m


def run_python(server, workdir, out):
    m = run_measured([PYTHON, os.path.join(HERE, "py_client.py"), server.url, server.ca,
                      NETWORK_ID, str(PAGE_SIZE), out], client_env(workdir))
    m["users"] = count_lines(out)
    return m


def canonical_query(params):
    """The query in SigV4 canonical form: keys sorted, every byte but the
    unreserved ones percent-encoded with upper-case hex. curl 7.88 signs the
    query exactly as given, so it signs this form correctly."""
    return "&".join(f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}"
                    for k, v in sorted(params.items()))


def run_curl(server, workdir, out_dir):
    """One curl process per page; the harness reads nextToken from each page
    (not counted: a shell script would need jq or similar for it)."""
    total = {"wall": 0.0, "cpu": 0.0, "sys": 0.0, "rss_kib": 0, "users": 0, "processes": 0}
    token = None
    start = time.monotonic()
    while True:
        params = {"maxResults": str(PAGE_SIZE)}
        if token:
            params["nextToken"] = token
        page = os.path.join(out_dir, f"curl-{total['processes']}.json")
        m = run_measured(["curl", "--silent", "--show-error", "--fail", "--aws-sigv4",
                          f"aws:amz:{REGION}:wickr", "--user", f"{ACCESS_KEY}:{SECRET_KEY}",
                          "--cacert", server.ca, "--output", page,
                          f"{server.url}/networks/{NETWORK_ID}/users?{canonical_query(params)}"],
                         client_env(workdir))
        total["cpu"] += m["cpu"]
        total["sys"] += m["sys"]
        total["rss_kib"] = max(total["rss_kib"], m["rss_kib"])
        total["processes"] += 1
        with open(page, "rb") as handle:
            doc = json.loads(handle.read())
        total["users"] += len(doc.get("users", []))
        token = doc.get("nextToken")
        if not token:
            break
    total["wall"] = time.monotonic() - start
    return total


AEAD_BY_CIPHER = (("AES128-GCM", "aes-128-gcm"), ("AES_128_GCM", "aes-128-gcm"),
                  ("AES256-GCM", "aes-256-gcm"), ("AES_256_GCM", "aes-256-gcm"),
                  ("CHACHA20", "chacha20-poly1305"))


def e2e_bench(cli, workdir, rounds):
    server = Standin(workdir, "e2e")
    results = {"wickr-list-users": [], "python-botocore": [], "curl": []}
    one_user = []
    try:
        for r in range(rounds):
            # Start, TLS handshake and one request: the CLI's cost before any page.
            one_user.append(run_measured(cli_argv(cli, server, "--no-paginate", "--max-results", "1"),
                                         client_env(workdir)))
            for name in results:
                before = len(server.requests())
                out = os.path.join(workdir, f"{name}.out")
                if name == "wickr-list-users":
                    m = run_cli(cli, server, workdir, out)
                elif name == "python-botocore":
                    m = run_python(server, workdir, out)
                else:
                    os.makedirs(out, exist_ok=True)
                    m = run_curl(server, workdir, out)
                answered = server.requests()[before:]
                ok = [e for e in answered if e["status"] == 200]
                if m["users"] != E2E_USERS or len(ok) != E2E_USERS // PAGE_SIZE or \
                        len(answered) != len(ok):
                    raise RuntimeError(f"{name}: {m['users']} users, {len(ok)} of "
                                       f"{len(answered)} requests answered 200")
                log(f"e2e round {r + 1} {name}: cpu {m['cpu']:.3f} s, wall {m['wall']:.3f} s, "
                    f"rss {m['rss_kib']} KiB")
                if name == "wickr-list-users":
                    m["cipher"] = {e.get("cipher") for e in answered}
                    m["bytes"] = sum(e.get("bytes") or 0 for e in answered)
                results[name].append(m)
    finally:
        server.stop()
    out = {name: {key: statistics.median(run[key] for run in runs)
                  for key in ("cpu", "sys", "wall", "rss_kib")} for name, runs in results.items()}
    cli_run = results["wickr-list-users"][-1]
    out["wickr-list-users"].update(cipher=cli_run["cipher"], bytes=cli_run["bytes"],
                                   one_user_cpu=statistics.median(m["cpu"] for m in one_user))
    return out


def decryption_alone(bench_aead, cli):
    """CPU seconds mbedTLS needs to open the CLI's TLS records, measured alone:
    the cipher the stand-in chose for the CLI, the bytes it sent. None when the
    cipher is not one bench_aead knows (or varied)."""
    if len(cli["cipher"]) != 1:
        return None
    name = next(iter(cli["cipher"])) or ""
    aead = next((a for key, a in AEAD_BY_CIPHER if key in name), None)
    if aead is None:
        return None
    proc = subprocess.run([bench_aead, aead, str(cli["bytes"])], check=True,
                          stdout=subprocess.PIPE, text=True)
    return {"cipher": name, "aead": aead, "cpu": int(proc.stdout) / 1e6}


# --------------------------------------------------------------------------
# 3. Instructions
# --------------------------------------------------------------------------

def callgrind(argv, workdir, toggle=None, env=None):
    """(Ir, profile) of a run; toggle: a function, or a list of them, to count
    inside (--toggle-collect), or None for the whole process."""
    out = os.path.join(workdir, f"callgrind.{len(os.listdir(workdir))}")
    vg = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
    for function in [toggle] if isinstance(toggle, str) else toggle or []:
        vg.append(f"--toggle-collect={function}")
    subprocess.run(vg + argv, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    with open(out, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1]), out
    raise RuntimeError(f"no totals in {out}")


def hottest(profile, count=6):
    """(function, source file, Ir) of the functions with the most own Ir."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=no", profile], check=True,
                          capture_output=True, text=True).stdout
    rows = []
    for match in re.finditer(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S+):(\S+) \[", text, re.M):
        rows.append((match.group(3), os.path.basename(match.group(2)),
                     int(match.group(1).replace(",", ""))))
    return rows[:count]


PARSE_FUNCTIONS = {"wickr-lite": "run_wk", "jsmn-parent-links": "run_jsmn_links",
                   "jsmn": "run_jsmn_default", "cjson": "run_cjson", "byte-loop": "run_bytes"}


def step_bench(step_loop, server, workdir):
    """Ir per page of one listing through the step API (its own poll() loop)
    and through the blocking call, in the same program (step_loop.c): each
    all pages minus the first page alone, over the further pages."""
    listing = (f"url={server.url},ca={server.ca},network={NETWORK_ID},max={PAGE_SIZE}")
    env = client_env(workdir)
    per_page = {}
    for mode, keys in (("step", ""), ("blocking", ",blocking=1")):
        one = callgrind([step_loop, listing + ",all=0" + keys], workdir, env=env)[0]
        every = callgrind([step_loop, listing + ",all=1" + keys], workdir, env=env)[0]
        per_page[mode] = (every - one) / (E2E_USERS // PAGE_SIZE - 1)
    return per_page


def instruction_bench(bench_parse, cli, step_loop, pages, workdir):
    parse = {}
    profile = None
    for users in PARSE_PAGES:
        for method, function in PARSE_FUNCTIONS.items():
            if method == "jsmn" and users > 1000:
                continue  # quadratic: minutes under valgrind; its timing tells the story
            parse[(users, method)], out = callgrind(
                [bench_parse, "--once", "--only", method, pages[users]], workdir, function)
            if method == "wickr-lite":
                profile = out
    server = Standin(workdir, "callgrind")
    try:
        base = cli_argv(cli, server, "--max-results", str(PAGE_SIZE), "--output", "ndjson")
        env = client_env(workdir)
        one = callgrind(base + ["--no-paginate"], workdir, env=env)[0]
        every = callgrind(base + ["--all"], workdir, env=env)[0]
        step = step_bench(step_loop, server, workdir)
    finally:
        server.stop()
    pages_count = E2E_USERS // PAGE_SIZE
    return {"parse": parse, "hottest": hottest(profile), "cli_one_page": one, "cli_all": every,
            "cli_per_page": (every - one) / (pages_count - 1), "step": step}


# --------------------------------------------------------------------------
# 4. TLS session resumption
# --------------------------------------------------------------------------

# The connector's open (port/mbedtls): TCP connect plus TLS handshake, and for
# a resumed one the session's load; and reading the session file.
SETUP = "connector_open"
LOAD = "wk_cli_session_load"
RESUME_PAGES = 3


def resumption_bench(cli, workdir):
    """Ir of the connection set-up of a first listing (full handshake) and of
    the next (resumed from --tls-session-file), and of a reconnect after the
    server closed a kept-alive connection; each checked from the stand-in's
    session_reused."""
    server = Standin(workdir, "resume", "--close-after", "1",
                     "--users", str(RESUME_PAGES * PAGE_SIZE))
    session = os.path.join(workdir, "tls-session")
    env = client_env(workdir)
    try:
        every = cli_argv(cli, server, "--max-results", str(PAGE_SIZE), "--output", "ndjson",
                         "--tls-session-file", session)
        one = every + ["--no-paginate"]
        full = callgrind(one, workdir, [SETUP], env)[0]
        check_reused(server, 0, [False])
        resumed = callgrind(one, workdir, [SETUP], env)[0]
        check_reused(server, 1, [True])
        with_load = callgrind(one, workdir, [SETUP, LOAD], env)[0]
        check_reused(server, 2, [True])
        os.remove(session)
        listing = callgrind(every, workdir, [SETUP], env)[0]
        check_reused(server, 3, [False] + [True] * (RESUME_PAGES - 1))
    finally:
        server.stop()
    return {"full": full, "resumed": resumed, "with_load": with_load,
            "reconnect": (listing - full) / (RESUME_PAGES - 1)}


def check_reused(server, since, want):
    got = server.reused()[since:]
    if got != want:
        raise RuntimeError(f"the stand-in saw session_reused {got}, expected {want}")


RESUME_HEADING = "## TLS session resumption (callgrind)"


def resumption_section(res):
    lines = [RESUME_HEADING, ""]
    add = lines.append
    full = res["full"]
    add("The CLI's connection set-up (`connector_open` in port/mbedtls: TCP connect and TLS "
        "handshake; system calls are not instructions), counted with callgrind "
        "(`--toggle-collect`) against the stand-in over TLS 1.2 with its ECDSA P-256 "
        "certificate. A first listing makes a full handshake and keeps its session "
        "(`--tls-session-file`); the next listing resumes it, which skips the ECDHE key "
        "exchange and the certificate chain verification. The stand-in's `session_reused` "
        "confirms every handshake counted. The handshake draws random numbers, so the counts "
        "move slightly between runs.")
    add("")
    add("| connection set-up | Ir | vs the first listing |")
    add("| --- | ---: | ---: |")
    add(f"| first listing: full handshake | {fmt(full)} | 1.000x |")
    add(f"| next listing: resumed session | {fmt(res['resumed'])} | "
        f"{res['resumed'] / full:.3f}x |")
    add(f"| next listing, with reading the session file (`wk_cli_session_load`: checksum and "
        f"mbedTLS's session load) | {fmt(res['with_load'])} | {res['with_load'] / full:.3f}x |")
    add(f"| a reconnect within a listing after the server closed a kept-alive connection "
        f"(mean of {RESUME_PAGES - 1}) | {fmt(res['reconnect'])} | "
        f"{res['reconnect'] / full:.3f}x |")
    add("")
    return lines


def rewrite_resumption(md_path, res):
    """Replaces (or adds, before Reproduce) only the resumption section."""
    with open(md_path, encoding="utf-8") as handle:
        text = handle.read().split("\n")
    section = resumption_section(res)
    if RESUME_HEADING in text:
        start = text.index(RESUME_HEADING)
        end = next(i for i in range(start + 1, len(text)) if text[i].startswith("## "))
    else:
        start = end = text.index("## Reproduce")
    text[start:end] = section
    with open(md_path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(text))


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break

    def version(argv, pattern=r"(\d+\.\d+(\.\d+)?)"):
        try:
            text = subprocess.run(argv, capture_output=True, text=True).stdout
            return re.search(pattern, text).group(1)
        except (OSError, AttributeError):
            return "?"

    def dpkg(name):
        return version(["dpkg-query", "-W", "-f=${Version}", name], r"(\S+)")

    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "gcc": version(["gcc", "--version"]), "curl": version(["curl", "--version"]),
            "python": platform.python_version(), "botocore": dpkg("python3-botocore"),
            "cjson": dpkg("libcjson-dev"), "jsmn": dpkg("libjsmn-dev"),
            "mbedtls": dpkg("libmbedtls-dev"), "openssl": dpkg("openssl")}


def chart(parse, e2e, png, workdir):
    methods = list(PARSE_FUNCTIONS)
    data = os.path.join(workdir, "parse.dat")
    with open(data, "w", encoding="utf-8") as handle:
        for m in methods:
            handle.write(f"\"{m}\" {parse[(100, m)]['mbs']:.1f} {parse[(10000, m)]['mbs']:.1f}\n")
    e2e_data = os.path.join(workdir, "e2e.dat")
    py = e2e["python-botocore"]
    with open(e2e_data, "w", encoding="utf-8") as handle:
        for name, m in e2e.items():
            handle.write(f"\"{name}\" {m['cpu'] / py['cpu']:.3f} {m['rss_kib'] / py['rss_kib']:.3f}\n")
    script = f"""
set terminal pngcairo size 1100,460 font "DejaVu Sans,10"
set output "{png}"
set multiplot layout 1,2
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key top left
set xtics rotate by -20
set logscale y
set title "Parse throughput, MB/s (log scale; higher is better)"
plot "{data}" using 2:xtic(1) title "100 users", "" using 3 title "10,000 users"
unset logscale y
set yrange [0:*]
set title "10,000 users over TLS: cost relative to the botocore client (lower is better)"
plot "{e2e_data}" using 2:xtic(1) title "CPU time (user+sys)", "" using 3 title "peak RSS", \
     0.1 with lines dashtype 2 linecolor rgb "black" title "a tenth"
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


def fmt(value, digits=0):
    return f"{value:,.{digits}f}"


def report(parse, repeat, e2e, decryption, instr, res, info, md_path, png_name, rounds):
    p = parse
    wk = "wickr-lite"
    lines = []
    add = lines.append
    cli, py, curl = e2e["wickr-list-users"], e2e["python-botocore"], e2e["curl"]
    add("# Benchmarks")
    add("")
    add("Written by `scripts/bench` (do not edit by hand; run it again). All figures below come "
        "from one run on one machine, so compare the ratios, not the absolute numbers, with "
        "other runs.")
    add("")
    add(f"Machine: {info['cpu']}, {info['cores']} cores, Linux {info['kernel']}; gcc "
        f"{info['gcc']} (CMake RelWithDebInfo, `-O2 -g`), jsmn {info['jsmn']}, cJSON "
        f"{info['cjson']}, mbedTLS {info['mbedtls']}, Python {info['python']}, botocore "
        f"{info['botocore']}, curl {info['curl']} (OpenSSL {info['openssl']}). "
        f"Run {datetime.date.today().isoformat()}.")
    add("")
    add(f"![parse throughput and end-to-end cost]({png_name})")
    add("")
    add("## Headline")
    add("")
    for users in PARSE_PAGES:
        add(f"- Parse, {users:,} users: the streaming parser runs at "
            f"{p[(users, wk)]['mbs'] / p[(users, 'jsmn-parent-links')]['mbs']:.2f}x the speed of "
            f"jsmn with parent links, {p[(users, wk)]['mbs'] / p[(users, 'jsmn')]['mbs']:.2f}x stock "
            f"jsmn, {p[(users, wk)]['mbs'] / p[(users, 'cjson')]['mbs']:.2f}x cJSON and "
            f"{p[(users, wk)]['mbs'] / p[(users, 'byte-loop')]['mbs']:.3f}x the byte loop.")
    add(f"- Parse speed at 10,000 users is {p[(10000, wk)]['mbs'] / p[(100, wk)]['mbs']:.2f}x its "
        "speed at 100 users (1.00 would be perfectly flat); the same 100 users repeated to "
        f"10,000 run at {repeat[(10000, wk)]['mbs'] / p[(100, wk)]['mbs']:.2f}x, so the "
        "difference is the CPU learning the small page it parses again and again (see Parse), "
        "not the page size.")
    ir = instr["parse"]
    top = max(PARSE_PAGES)
    add(f"- By instruction count (callgrind, unaffected by load), the streaming parser executes "
        f"{ir[(top, wk)] / ir[(top, 'jsmn-parent-links')]:.1f}x the instructions of jsmn with "
        f"parent links and {ir[(top, wk)] / ir[(top, 'cjson')]:.1f}x those of cJSON on "
        f"{top:,} users; per user it costs {fmt(ir[(top, wk)] / top)} at {top:,} users and "
        f"{fmt(ir[(100, wk)] / 100)} at 100.")
    add(f"- End to end, 10,000 users: the CLI uses {cli['cpu'] / py['cpu']:.2f}x the CPU time "
        f"and {cli['rss_kib'] / py['rss_kib']:.2f}x the peak RSS of the botocore client, and "
        f"{cli['cpu'] / curl['cpu']:.2f}x the CPU time and {cli['rss_kib'] / curl['rss_kib']:.2f}x "
        "the peak RSS of curl (one process per page).")
    if decryption is not None:
        add(f"- Of the CLI's CPU time, the kernel's part (sys) and the TLS record decryption by "
            f"mbedTLS ({decryption['aead']}, measured alone) are together "
            f"{(cli['sys'] + decryption['cpu']) / py['cpu']:.3f}x the botocore client's CPU time: "
            "about as low as any change to wickr-lite's own code could bring the CLI with this "
            "TLS library (see End to end).")
    add("")
    add("## Parse")
    add("")
    add("`bench/bench_parse`: each body is read into memory once; each method then parses it "
        "repeatedly for at least 0.2 s, three times, and the fastest of the three is kept. Before "
        "timing, all methods must find the same number of users, or the run fails.")
    add("")
    add("- **wickr-lite**: `wk_users_parser_feed` on 1460-byte chunks, then "
        "`wk_users_parser_finish`; every user is decoded into a `wk_user_t` and handed to a "
        "callback that only counts it.")
    add("- **jsmn-parent-links**: Debian's jsmn with `JSMN_PARENT_LINKS`, tokenizing the whole "
        "body into a token array sized beforehand (no decoding).")
    add("- **jsmn**: the same with stock jsmn (no parent links): it finds a container by scanning "
        "back over all tokens, so its cost grows with the square of the page size.")
    add("- **cjson**: `cJSON_ParseWithLength` builds the tree (decoding every string), the "
        "users are walked member by member, then `cJSON_Delete`.")
    add("- **byte-loop**: a scalar loop that adds up every byte (vectorizing off): the ceiling "
        "for a parser that reads each byte in sequence.")
    add("")
    add("| users | bytes | method | MB/s | users/s | vs wickr-lite |")
    add("| ---: | ---: | --- | ---: | ---: | ---: |")
    for users in PARSE_PAGES:
        for m in PARSE_FUNCTIONS:
            row = p[(users, m)]
            add(f"| {users:,} | {row['bytes']:,} | {m} | {fmt(row['mbs'], 1)} | "
                f"{fmt(row['ups'])} | {row['mbs'] / p[(users, wk)]['mbs']:.2f}x |")
    add("")
    add("MB is 10^6 bytes. The pages come from the stand-in's `generate_users` and "
        "`response_document`, serialized as its handler does (`bench/make_pages.py`): all 19 "
        "fields on a quarter of the users, two on another quarter, unknown nested members on "
        "one in seven, non-ASCII text, escapes and a `nextToken`.")
    add("")
    rep_wk, rep_jsmn = repeat[(10000, wk)], repeat[(10000, "jsmn-parent-links")]
    add("Why 100 users parse faster per byte than 10,000, for every method: the timing loop "
        "parses the 100-user page again and again, and the CPU learns a page that small (its "
        "branch predictors, most likely), which it cannot do with 10,000 different users. The "
        "cost per user in instructions is the same (below), and the same 100 users repeated to "
        "10,000 "
        f"(`page-100x100`, {rep_wk['bytes']:,} bytes) run at {fmt(rep_wk['mbs'], 1)} MB/s "
        f"({rep_wk['mbs'] / p[(100, wk)]['mbs']:.2f}x the 100-user page), jsmn with parent "
        f"links at {fmt(rep_jsmn['mbs'], 1)} MB/s "
        f"({rep_jsmn['mbs'] / p[(100, 'jsmn-parent-links')]['mbs']:.2f}x); there the streaming "
        f"parser runs at {rep_wk['mbs'] / rep_jsmn['mbs']:.2f}x jsmn with parent links.")
    add("")
    add("## End to end")
    add("")
    add(f"{E2E_USERS:,} users as {E2E_USERS // PAGE_SIZE} pages of {PAGE_SIZE} from the stand-in "
        "server (`tests/standin/wickr_standin.py`, Python, TLS 1.2+ on 127.0.0.1, SigV4 checked "
        "on every request). Each client verifies the server certificate. CPU time (user + sys) "
        "and peak RSS come from `wait4()` on the client process (`bench/bench_run`); wall time includes the server, "
        "which is the slowest part, so it says little about the clients. Median of "
        f"{rounds} rounds, clients interleaved; every round is checked: {E2E_USERS:,} users "
        "out, 100 requests answered 200.")
    add("")
    add("- **wickr-list-users**: `--all --max-results 100 --output ndjson`, one kept-alive "
        "connection, output to a file.")
    add("- **python-botocore**: `bench/py_client.py`, botocore `SigV4Auth` signing, one kept-alive "
        "`http.client.HTTPSConnection`, `json.loads` per page, one `json.dumps` line per user to "
        "a file. Its CPU time includes starting the interpreter and importing botocore, as a user "
        "running it would pay.")
    add("- **curl**: `curl --aws-sigv4 aws:amz:us-east-1:wickr`, one process per page, body "
        "saved as is (no JSON decoding). CPU time is the sum over the 100 processes; peak RSS is "
        "the largest one. curl 7.88 signs the query string exactly as it is given, without "
        "sorting or re-encoding it, so a `nextToken` with `+ / =` is mis-signed when it is not "
        "already encoded. The harness therefore passes every query in SigV4 canonical form (keys "
        "sorted, `%2B %2F %3D` in upper-case hex), which curl then signs correctly, and all 100 "
        "pages are fetched by real paging. The harness reads each page's `nextToken` itself; "
        "that work is not counted for curl.")
    add("")
    add("| client | CPU ms (user+sys) | of which sys | wall ms | peak RSS KiB | CPU vs CLI | "
        "RSS vs CLI |")
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, m in e2e.items():
        add(f"| {name} | {fmt(m['cpu'] * 1000)} | {fmt(m['sys'] * 1000)} | "
            f"{fmt(m['wall'] * 1000)} | {fmt(m['rss_kib'])} | "
            f"{m['cpu'] / cli['cpu']:.1f}x | {m['rss_kib'] / cli['rss_kib']:.1f}x |")
    add("")
    add("### Where the CLI's CPU time goes")
    add("")
    add("Two parts of it are outside wickr-lite's code: the kernel's work (sys time, mostly "
        "the 100 request/response round trips over loopback TCP and their wakeups; the CLI's "
        "share in it is how often it calls recv and poll) and mbedTLS opening the TLS records. "
        "`bench/bench_aead` measures the second alone: the bytes of the 100 bodies, sealed in "
        "full 16 KiB records with the cipher the stand-in chose for the CLI, opened by the "
        "mbedTLS the CLI links (median of 5). That figure is a lower bound: the stand-in sends "
        "every other page chunked, each chunk (1 byte to 4 KiB) in a TLS record of its own, and "
        "each record costs more than its bytes. The sys figure is approximate: Linux splits CPU "
        "time into user and sys by sampling at its timer tick. The start, TLS handshake and one "
        "request are measured as a separate CLI run of one user (`--max-results 1`).")
    add("")
    add("| part | ms | vs botocore client's CPU |")
    add("| --- | ---: | ---: |")

    def part(label, seconds):
        add(f"| {label} | {fmt(seconds * 1000, 1)} | {seconds / py['cpu']:.3f}x |")

    part("CLI, all of it (user + sys)", cli["cpu"])
    part("kernel (sys)", cli["sys"])
    if decryption is None:
        add(f"| TLS record decryption alone | not measured: cipher {sorted(cli['cipher'])} | |")
    else:
        part(f"TLS record decryption alone ({decryption['aead']}, {fmt(cli['bytes'])} bytes; the "
             f"stand-in chose {decryption['cipher']})", decryption["cpu"])
        part("kernel + decryption", cli["sys"] + decryption["cpu"])
        part("the rest (HTTP, SigV4, parse, output, TLS layer, start, handshake)",
             cli["cpu"] - cli["sys"] - decryption["cpu"])
    part("start, TLS handshake and one request (a run of one user)", cli["one_user_cpu"])
    add("")
    add("## Instructions (callgrind)")
    add("")
    add("Instruction counts (`valgrind --tool=callgrind`, Ir) do not depend on the machine's "
        "load, so a change between two runs is a change in the code. Parse counts cover only the "
        "method's own function (`--toggle-collect`), on one parse of the page.")
    add("")
    add("| users | method | Ir | Ir per user | Ir per byte |")
    add("| ---: | --- | ---: | ---: | ---: |")
    for (users, m), ir in instr["parse"].items():
        size = p[(users, m)]["bytes"]
        add(f"| {users:,} | {m} | {fmt(ir)} | {fmt(ir / users)} | {ir / size:.1f} |")
    add("")
    add("Stock jsmn is left out at 10,000 users: its quadratic scan takes minutes under valgrind.")
    add("")
    top = max(PARSE_PAGES)
    add(f"Where the streaming parser's instructions go ({top:,} users; own Ir per function, "
        "`callgrind_annotate --inclusive=no`):")
    add("")
    add("| function | file | Ir per user | share |")
    add("| --- | --- | ---: | ---: |")
    for function, source, ir in instr["hottest"]:
        add(f"| `{function}` | {source} | {fmt(ir / top)} | "
            f"{100.0 * ir / instr['parse'][(top, wk)]:.1f} % |")
    add("")
    one, per_page = instr["cli_one_page"], instr["cli_per_page"]
    add("The whole CLI process, against the stand-in: start, configuration, TLS handshake "
        "(certificate verification, ECDHE), signing, HTTP, parse and ndjson output. The handshake "
        "draws random numbers, so these counts move slightly between runs.")
    add("")
    add("| what | Ir | Ir per user |")
    add("| --- | ---: | ---: |")
    add(f"| one page of {PAGE_SIZE} users (whole process) | {fmt(one)} | {fmt(one / PAGE_SIZE)} |")
    add(f"| all {E2E_USERS // PAGE_SIZE} pages (whole process) | {fmt(instr['cli_all'])} | "
        f"{fmt(instr['cli_all'] / E2E_USERS)} |")
    add(f"| each further page on the kept-alive connection | {fmt(per_page)} | "
        f"{fmt(per_page / PAGE_SIZE)} |")
    add("")
    step, blocking = instr["step"]["step"], instr["step"]["blocking"]
    add("The step API against the blocking call, in one program (`tests/integration/step_loop.c`, "
        "usernames to standard output): each further page of one listing, from the program's own "
        "`poll()` loop (`wk_client_step()`) and from `wk_client_list_all_users()`, which steps "
        "the same machine and waits in `wk_port_wait()`. The goal is at most 3 % more for the step "
        "API.")
    add("")
    add("| each further page | Ir | Ir per user |")
    add("| --- | ---: | ---: |")
    add(f"| blocking call | {fmt(blocking)} | {fmt(blocking / PAGE_SIZE)} |")
    add(f"| step API, own poll() loop | {fmt(step)} | {fmt(step / PAGE_SIZE)} |")
    add(f"| step API over blocking | {100.0 * (step - blocking) / blocking:+.1f} % | |")
    add("")
    lines.extend(resumption_section(res))
    add("## Reproduce")
    add("")
    add("```sh")
    add("./scripts/bench    # installs what it needs, builds build-bench/, rewrites this file")
    add("```")
    add("")
    add("The test suite only checks that `bench_parse` builds and that every method agrees on a "
        "100-user page (ctest `bench_parse_smoke`); it never asserts a timing.")
    with open(md_path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--docs", default=os.path.join(ROOT, "docs"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only-resumption", action="store_true",
                        help="measure TLS session resumption alone and rewrite only its section")
    args = parser.parse_args(argv)
    global BENCH_RUN
    BENCH_RUN = os.path.join(args.build, "bench", "bench_run")
    bench_parse = os.path.join(args.build, "bench", "bench_parse")
    cli = os.path.join(args.build, "platform", "linux", "wickr-list-users")
    step_loop = os.path.join(args.build, "tests", "integration", "wk_step_loop")
    workdir = tempfile.mkdtemp(prefix="wk-bench.")
    try:
        if args.only_resumption:
            log("TLS session resumption")
            rewrite_resumption(os.path.join(args.docs, "BENCHMARKS.md"),
                               resumption_bench(cli, workdir))
            log(f"wrote {os.path.join(args.docs, 'BENCHMARKS.md')}")
            return 0
        pages_dir = os.path.join(workdir, "pages")
        subprocess.run([PYTHON, os.path.join(HERE, "make_pages.py"), pages_dir]
                       + [str(n) for n in PARSE_PAGES], check=True)
        pages = {n: os.path.join(pages_dir, f"page-{n}.json") for n in PARSE_PAGES}
        log("parse")
        parse = parse_bench(bench_parse, [pages[n] for n in PARSE_PAGES])
        repeat = parse_bench(bench_parse, [repeated_page(
            pages[100], os.path.join(pages_dir, "page-100x100.json"))])
        log("end to end")
        e2e = e2e_bench(cli, workdir, args.rounds)
        decryption = decryption_alone(os.path.join(args.build, "bench", "bench_aead"),
                                      e2e["wickr-list-users"])
        log("callgrind")
        instr = instruction_bench(bench_parse, cli, step_loop, pages, workdir)
        log("TLS session resumption")
        res = resumption_bench(cli, workdir)
        os.makedirs(args.docs, exist_ok=True)
        png_name = "benchmarks.png"
        chart(parse, e2e, os.path.join(args.docs, png_name), workdir)
        report(parse, repeat, e2e, decryption, instr, res, machine(),
               os.path.join(args.docs, "BENCHMARKS.md"), png_name, args.rounds)
        log(f"wrote {os.path.join(args.docs, 'BENCHMARKS.md')}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
