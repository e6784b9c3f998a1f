#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Kconfig and the headers that stand in for it must agree, and a
configuration header written by hand must be refused when it is incomplete
or out of range.

1. core/config/wk_config.h (the template for builds without Kconfig) and
   core/include/wk/wk_check_config.h are what scripts/kconfig.py writes.
2. wk_config_defaults.h defines exactly the core's symbols of Kconfig, and
   the port headers (port/include) exactly the ports' (port/Kconfig), with
   Kconfig's defaults.
3. Compiled with CC: the template is accepted; the template without any one
   symbol fails, naming it; every ranged symbol one below and one above its
   range fails, naming the symbol and the range; all at their lower and all
   at their upper bounds compile; a bool of 2 fails; no header at all (the
   defaults) compiles, and a -D value out of range without a header fails.

    test_config_headers.py CC SOURCE_DIR WORK_DIR
"""
import os
import re
import shutil
import subprocess
import sys

FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL: " + msg)


def main():
    cc, root, work = sys.argv[1:4]
    sys.path.insert(0, os.path.join(root, "scripts"))
    import kconfig  # scripts/kconfig.py, the generator under test
    import kconfiglib

    kconf = kconfiglib.Kconfig(os.path.join(root, "Kconfig"), warn_to_stderr=True)
    syms = kconfig.wk_symbols(kconf)

    # 1. The generated files are current.
    for rel, lines in ((kconfig.TEMPLATE, kconfig.config_header(kconf)),
                       (kconfig.CHECK_HEADER, kconfig.check_header(kconf))):
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            if f.read() != "\n".join(lines):
                flag = "--header" if rel == kconfig.TEMPLATE else "--check-header"
                fail("%s is out of date: run scripts/kconfig.py Kconfig %s %s" % (rel, flag, rel))

    # 2. The defaults headers against Kconfig: the core's options in
    # wk_config_defaults.h, the ports' in the port headers.
    def defaults_in(paths):
        found = {}
        for path in paths:
            with open(path, encoding="utf-8") as f:
                found.update(re.findall(r"^#define (CONFIG_WK_\w+) (.*)$", f.read(), re.MULTILINE))
        return found

    port_dir = os.path.join(root, "port/include")
    for where, paths, port in (
            ("wk_config_defaults.h", [os.path.join(root, "core/include/wk/wk_config_defaults.h")], False),
            ("port/include", sorted(os.path.join(port_dir, n) for n in os.listdir(port_dir)
                                    if n.endswith(".h")), True)):
        defaults = defaults_in(paths)
        expected = {"CONFIG_" + s.name: kconfig.c_value(s) for s in syms
                    if kconfig.is_port_symbol(s) == port}
        for name in sorted(set(defaults) | set(expected)):
            if name not in defaults:
                fail("%s has no default for %s (Kconfig has)" % (where, name))
            elif name not in expected:
                fail("%s defines %s, which %s does not" % (where, name,
                     kconfig.PORT_KCONFIG if port else "Kconfig (without port/Kconfig)"))
            elif defaults[name] != expected[name]:
                fail("%s: Kconfig's default is %s, %s's is %s"
                     % (name, expected[name], where, defaults[name]))

    # 3. Compiling.
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    probe = os.path.join(work, "probe.c")
    with open(probe, "w", encoding="utf-8") as f:
        # wk_tls.h reads the ports' option.
        f.write('#include "wk/wk.h"\n#include "wk_tls.h"\n'
                'int main(void) { return sizeof(wk_client_t) == 0 || sizeof(wk_tls_connector_t) == 0; }\n')
    with open(os.path.join(root, kconfig.TEMPLATE), encoding="utf-8") as f:
        template = f.read()

    def compile_with(header, defines=()):
        """(exit status, compiler output) for the probe with this wk_config.h (None: none)."""
        args = [cc, "-std=c11", "-fsyntax-only", "-I", os.path.join(root, "core/include"),
                "-I", os.path.join(root, "port/include"), "-I", work]
        if header is not None:
            with open(os.path.join(work, "wk_config.h"), "w", encoding="utf-8") as f:
                f.write(header)
            args.append("-DWK_HAVE_CONFIG_H")
        args += ["-D" + d for d in defines] + [probe]
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return r.returncode, r.stdout

    def with_value(text, name, value):
        new, n = re.subn(r"^#define %s .*$" % name, "#define %s %s" % (name, value), text,
                         flags=re.MULTILINE)
        assert n == 1, name
        return new

    def expect_ok(what, header, defines=()):
        rc, out = compile_with(header, defines)
        if rc != 0:
            fail("%s does not compile:\n%s" % (what, out))

    def expect_error(what, header, needle, defines=()):
        rc, out = compile_with(header, defines)
        if rc == 0:
            fail("%s compiles; it must fail with '%s'" % (what, needle))
        elif needle not in out:
            fail("%s fails without naming it ('%s'):\n%s" % (what, needle, out))

    expect_ok("the template", template)
    expect_ok("no configuration header (the defaults)", None)
    checked = 0
    lowest, highest = template, template
    for sym in syms:
        name = "CONFIG_" + sym.name
        without = re.sub(r"^#define %s .*\n" % name, "", template, flags=re.MULTILINE)
        expect_error("a header without %s" % name, without, "does not define %s" % name)
        checked += 1
        bounds = kconfig.literal_range(sym) if sym.type == kconfiglib.INT else None
        if bounds:
            low, high = bounds
            msg = "%s must be in %d..%d" % (name, low, high)
            expect_error("%s=%d" % (name, low - 1), with_value(template, name, low - 1), msg)
            expect_error("%s=%d" % (name, high + 1), with_value(template, name, high + 1), msg)
            lowest = with_value(lowest, name, low)
            highest = with_value(highest, name, high)
            checked += 2
        elif sym.type == kconfiglib.BOOL:
            expect_error("%s=2" % name, with_value(template, name, 2), "%s must be 0 or 1" % name)
            checked += 1
    expect_ok("every ranged option at its lower bound", lowest)
    expect_ok("every ranged option at its upper bound", highest)
    expect_error("-DCONFIG_WK_MAX_ATTEMPTS=11 without a header", None,
                 "CONFIG_WK_MAX_ATTEMPTS must be in 1..10", ["CONFIG_WK_MAX_ATTEMPTS=11"])

    if FAILURES:
        print("%d failures" % len(FAILURES))
        return 1
    print("config headers: %d symbols agree with Kconfig; %d refusals each named the symbol"
          % (len(syms), checked + 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
