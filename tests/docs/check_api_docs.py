#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs doxygen over the public headers (the project's Doxyfile, output in a
scratch directory) and fails on any warning: an undocumented parameter or
return value, a broken reference or a malformed command. Then, from the XML,
fails for every public function whose documentation has no @code example.

    check_api_docs.py DOXYGEN SOURCE_DIR WORK_DIR
"""
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET


def main():
    doxygen, source, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    warn_log = os.path.join(work, "warnings.log")
    with open(os.path.join(source, "Doxyfile"), encoding="utf-8") as f:
        config = f.read()
    # Later assignments win: keep the checkout clean, collect the warnings.
    config += "\nOUTPUT_DIRECTORY = %s\nWARN_LOGFILE = %s\nGENERATE_HTML = NO\nGENERATE_XML = YES\n" % (
        work, warn_log)
    run = subprocess.run([doxygen, "-"], input=config, text=True, cwd=source,
                         capture_output=True, check=False)
    if run.returncode != 0:
        print(run.stdout + run.stderr)
        print("FAIL: doxygen exited %d" % run.returncode)
        return 1
    with open(warn_log, encoding="utf-8") as f:
        warnings = [line.rstrip() for line in f if line.strip()]
    for w in warnings:
        print(w.replace(source + "/", ""))

    missing = []
    functions = 0
    xml_dir = os.path.join(work, "xml")
    for name in sorted(os.listdir(xml_dir)):
        if not name.endswith("_8h.xml"):
            continue
        root = ET.parse(os.path.join(xml_dir, name)).getroot()
        for member in root.iter("memberdef"):
            if member.get("kind") != "function":
                continue
            functions += 1
            detail = member.find("detaileddescription")
            if detail is None or detail.find(".//programlisting") is None:
                missing.append("%s: %s has no @code example" % (
                    member.find("location").get("file").replace(source + "/", ""),
                    member.findtext("name")))
    for m in missing:
        print(m)
    print("api docs: %d public functions, %d doxygen warnings, %d without an example"
          % (functions, len(warnings), len(missing)))
    return 1 if warnings or missing or functions == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
