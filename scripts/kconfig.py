#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turn Kconfig plus a .config (or the defaults) into wk_config.h.

Usage: kconfig.py KCONFIG [--config .config] --header OUT.h
Writes the header only when its text changes, so builds stay incremental.
"""
import argparse
import os
import sys

import kconfiglib


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kconfig")
    ap.add_argument("--config", help=".config to apply; defaults when absent")
    ap.add_argument("--header", required=True)
    args = ap.parse_args()

    kconf = kconfiglib.Kconfig(args.kconfig, warn_to_stderr=True)
    if args.config and os.path.exists(args.config):
        kconf.load_config(args.config)
    lines = ["/* Generated from Kconfig by scripts/kconfig.py; do not edit. */",
             "#ifndef WK_CONFIG_H", "#define WK_CONFIG_H", ""]
    for sym in kconf.unique_defined_syms:
        if not sym.name.startswith("WK_"):
            continue
        val = sym.str_value
        if sym.type in (kconfiglib.INT, kconfiglib.HEX):
            lines.append("#define CONFIG_%s %s" % (sym.name, val))
        elif sym.type == kconfiglib.STRING:
            esc = val.replace("\\", "\\\\").replace('"', '\\"')
            lines.append('#define CONFIG_%s "%s"' % (sym.name, esc))
        elif sym.type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
            # n is written as 0: wk_config_defaults.h would read an absent
            # symbol as its default.
            lines.append("#define CONFIG_%s %d" % (sym.name, 1 if val == "y" else 0))
    lines += ["", "#endif /* WK_CONFIG_H */", ""]
    text = "\n".join(lines)
    try:
        with open(args.header) as f:
            if f.read() == text:
                return 0
    except OSError:
        pass
    os.makedirs(os.path.dirname(os.path.abspath(args.header)), exist_ok=True)
    with open(args.header, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
