#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write wickr-lite's configuration headers from Kconfig.

  kconfig.py KCONFIG [--config .config] --header OUT.h
      wk_config.h: every CONFIG_WK_* symbol of Kconfig with its value from
      .config, or its default when .config does not set it. Without --config this is
      core/config/wk_config.h, the template for builds without Kconfig.
  kconfig.py KCONFIG --check-header OUT.h
      wk_check_config.h: an #error for every symbol a configuration header
      leaves out and for every value outside its Kconfig range.

Either file is written only when its text changes, so builds stay incremental.
"""
import argparse
import os
import sys

import kconfiglib

TEMPLATE = "core/config/wk_config.h"
CHECK_HEADER = "core/include/wk/wk_check_config.h"
PORT_KCONFIG = "port/Kconfig"


def wk_symbols(kconf):
    """The project's symbols, in Kconfig order."""
    return [s for s in kconf.unique_defined_syms if s.name.startswith("WK_")]


def is_port_symbol(sym):
    """True for a port option (port/Kconfig): its default without a
    configuration header is in a port header (port/include), not in
    core/include/wk/wk_config_defaults.h."""
    return sym.nodes[0].filename.replace(os.sep, "/").endswith(PORT_KCONFIG)


def literal_range(sym):
    """(low, high) of an int symbol's range, or None; only plain numbers."""
    if not sym.ranges:
        return None
    if len(sym.ranges) != 1:
        sys.exit("kconfig.py: %s has more than one range" % sym.name)
    low, high, cond = sym.ranges[0]
    try:
        # A number in a range is an undefined symbol named by its digits.
        if cond is not sym.kconfig.y or low.nodes or high.nodes:
            raise ValueError
        return int(low.name, 0), int(high.name, 0)
    except ValueError:
        sys.exit("kconfig.py: %s: only a literal, unconditional range is supported" % sym.name)


def describe(sym):
    """One line for a symbol: its prompt and what it may be."""
    prompt = sym.nodes[0].prompt[0] if sym.nodes[0].prompt else sym.name
    if sym.type == kconfiglib.BOOL:
        return "%s (bool: 0 or 1)" % prompt
    bounds = literal_range(sym) if sym.type == kconfiglib.INT else None
    return "%s (%s)" % (prompt, "%d..%d" % bounds if bounds else kconfiglib.TYPE_TO_STR[sym.type])


def c_value(sym):
    val = sym.str_value
    if sym.type == kconfiglib.BOOL:
        # n is written as 0, never left out: the header defines every symbol.
        return "1" if val == "y" else "0"
    if sym.type == kconfiglib.STRING:
        return '"%s"' % val.replace("\\", "\\\\").replace('"', '\\"')
    if sym.type == kconfiglib.INT:
        return val
    sys.exit("kconfig.py: %s: type %s is not supported"
             % (sym.name, kconfiglib.TYPE_TO_STR[sym.type]))


def config_header(kconf):
    lines = ["/* SPDX-License-Identifier: Apache-2.0 */",
             "/* wickr-lite build options, written from Kconfig by scripts/kconfig.py.",
             " * Every CONFIG_WK_* symbol is defined here, a bool as 0 or 1:",
             " * wk_check_config.h refuses a configuration header that leaves one out.",
             " * A build without Kconfig starts from a copy of %s" % TEMPLATE,
             " * (the defaults), changes values and keeps every line. */",
             "#ifndef WK_CONFIG_H", "#define WK_CONFIG_H", ""]
    in_ports = False
    for sym in wk_symbols(kconf):
        if is_port_symbol(sym) and not in_ports:
            in_ports = True
            lines += ["", "/* The ports' options (%s); without a configuration header their" % PORT_KCONFIG,
                      " * defaults come from the port headers (port/include). */"]
        lines.append("/* %s */" % describe(sym))
        lines.append("#define CONFIG_%s %s" % (sym.name, c_value(sym)))
    return lines + ["", "#endif /* WK_CONFIG_H */", ""]


def check_header(kconf):
    syms = wk_symbols(kconf)
    lines = ["/* SPDX-License-Identifier: Apache-2.0 */",
             "/**",
             " * @file wk_check_config.h",
             " * @brief Refuses an incomplete configuration or a value outside Kconfig's ranges.",
             " *",
             " * Written from Kconfig by scripts/kconfig.py (`scripts/kconfig.py Kconfig",
             " * --check-header %s`); the config_headers test fails" % CHECK_HEADER,
             " * when it is out of date. wk_config_defaults.h reads it after the",
             " * configuration header and before the defaults. A configuration header",
             " * (WK_HAVE_CONFIG_H or WK_CONFIG_FILE) must define every symbol, the",
             " * ports' (%s) too: one it left out would otherwise take its" % PORT_KCONFIG,
             " * default (wk_config_defaults.h, or for a port option the port's header),",
             " * which may be on where the header meant off. Values set without a",
             " * header (-DCONFIG_WK_...) are range-checked too.",
             " */",
             "#ifndef WK_CHECK_CONFIG_H", "#define WK_CHECK_CONFIG_H", "",
             "#if defined(WK_CONFIG_FILE) || defined(WK_HAVE_CONFIG_H)"]
    for sym in syms:
        name = "CONFIG_" + sym.name
        lines += ["#ifndef %s" % name,
                  '#error "the configuration header does not define %s: %s; copy %s"'
                  % (name, describe(sym), TEMPLATE),
                  "#endif"]
    lines += ["#endif", ""]
    for sym in syms:
        name = "CONFIG_" + sym.name
        if sym.type == kconfiglib.BOOL:
            lines += ["#if defined(%s) && %s != 0 && %s != 1" % (name, name, name),
                      '#error "%s must be 0 or 1 (Kconfig bool)"' % name, "#endif"]
            continue
        bounds = literal_range(sym) if sym.type == kconfiglib.INT else None
        if bounds:
            lines += ["#if defined(%s) && (%s < %d || %s > %d)"
                      % (name, name, bounds[0], name, bounds[1]),
                      '#error "%s must be in %d..%d (Kconfig range)"' % (name, bounds[0], bounds[1]),
                      "#endif"]
    return lines + ["", "#endif /* WK_CHECK_CONFIG_H */", ""]


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kconfig")
    ap.add_argument("--config", help=".config to apply (must exist); the defaults without it")
    out = ap.add_mutually_exclusive_group(required=True)
    out.add_argument("--header", help="write wk_config.h here")
    out.add_argument("--check-header", help="write wk_check_config.h here")
    args = ap.parse_args()

    kconf = kconfiglib.Kconfig(args.kconfig, warn_to_stderr=True)
    if args.config:
        if not os.path.isfile(args.config):
            sys.exit("kconfig.py: %s does not exist" % args.config)
        kconf.load_config(args.config)
    if args.header:
        write_if_changed(args.header, "\n".join(config_header(kconf)))
    else:
        write_if_changed(args.check_header, "\n".join(check_header(kconf)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
