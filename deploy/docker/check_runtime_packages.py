#!/usr/bin/env python3
"""Checks that tools/packages/runtime.txt covers what the binaries link.

usage: deploy/docker/check_runtime_packages.py [--root REPO] [--list FILE]
           [--bin-dir DIR] [BINARY...]
       deploy/docker/check_runtime_packages.py --self-test

REPO defaults to the repository holding this script, FILE to
REPO/tools/packages/runtime.txt (the list the container images' final stages
install, parsed like tools/lib/packages.sh: '#' starts a comment, names are
separated by white space). Without BINARY arguments the binaries are the
shipped ones, looked up in DIR (default REPO/build/bin):
  jstedu-recruitment jstedu-training jstedu-advisory jstedu-reporting
  jstedu-notifications jstedu-gateway jstedu-healthcheck
(a fixed list, so test and bench binaries such as jstedu-healthcheck-test or
jstedu-reporting-bench are never checked); each must exist and be an ELF file.

For every binary it runs `ldd`, takes each linked library's path (the program
interpreter included), and finds the Debian package owning it with `dpkg -S`.
Debian 12 is usr-merged and dpkg may know a library only by its /lib/...
path, so it tries the path ldd printed, its realpath, and the /lib <-> /usr/lib
variants of both. The owning package must be listed in the list FILE or be a
recursive dependency (Depends and Pre-Depends, not Recommends: the images
install with --no-install-recommends) of a listed package. The dependency
closure comes from `dpkg-query -W` of the installed packages: versions
"(>= x)" and arch qualifiers ":any" / ":amd64" are dropped; virtual names are
resolved through the installed packages' Provides; of an alternative group
"a | b" the first alternative installed here is followed (what satisfies the
dependency on this machine), or, when none is installed, nothing (no library
can come from a package that is not installed). Every package named in FILE
must be installed ("ii"), so a misspelled name fails.

Prints one line per problem, naming the binary, the library and the package,
and exits 1 when there is any; else prints one "ok: ..." line and exits 0
(2 on a usage error). --self-test checks the parsing and closure logic on a
synthetic dependency table and exits 0 when it behaves. Python 3 standard
library only; needs ldd, dpkg and dpkg-query (Debian).
"""

import argparse
import os
import re
import subprocess
import sys

SHIPPED = [
    "jstedu-recruitment",
    "jstedu-training",
    "jstedu-advisory",
    "jstedu-reporting",
    "jstedu-notifications",
    "jstedu-gateway",
    "jstedu-healthcheck",
]


# --------------------------------------------------------------- parsing --

def parse_package_list(text):
    """Names of a package list file, in order, without duplicates."""
    names = []
    for line in text.splitlines():
        for name in line.split("#", 1)[0].split():
            if name not in names:
                names.append(name)
    return names


def strip_arch(name):
    """'libc6:amd64' / 'libc6:any' -> 'libc6'."""
    return name.split(":", 1)[0]


def parse_relation(field):
    """A Depends-like field -> list of alternative groups (lists of names).

    'libc6 (>= 2.34), debconf (>= 0.5) | debconf-2.0, libfoo:any' ->
    [['libc6'], ['debconf', 'debconf-2.0'], ['libfoo']]
    """
    groups = []
    for group in field.split(","):
        alts = []
        for alt in group.split("|"):
            alt = re.sub(r"\([^)]*\)", "", alt)  # version constraint
            alt = re.sub(r"\[[^]]*\]", "", alt)  # arch restriction
            alt = re.sub(r"<[^>]*>", "", alt)  # build profile
            alt = alt.strip()
            if alt:
                alts.append(strip_arch(alt.split()[0]))
        if alts:
            groups.append(alts)
    return groups


def parse_dpkg_query(text):
    """Output of dpkg-query -W -f='${Package}\\t${db:Status-Abbrev}\\t
    ${Provides}\\t${Depends}\\t${Pre-Depends}\\n' -> dict name -> {installed,
    provides, depends}. Multi-arch copies of one package are merged."""
    table = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        fields = line.split("\t")
        fields += [""] * (5 - len(fields))
        name, status, provides, depends, predepends = fields[:5]
        name = strip_arch(name.strip())
        entry = table.setdefault(
            name, {"installed": False, "provides": set(), "depends": []})
        if status.strip().startswith("ii"):
            entry["installed"] = True
            entry["provides"].update(
                alts[0] for alts in parse_relation(provides))
            entry["depends"] += parse_relation(depends)
            entry["depends"] += parse_relation(predepends)
    return table


def installed_names(table):
    return {name for name, entry in table.items() if entry["installed"]}


def providers(table):
    """virtual name -> installed packages providing it."""
    result = {}
    for name, entry in table.items():
        if entry["installed"]:
            for virtual in entry["provides"]:
                result.setdefault(virtual, set()).add(name)
    return result


def resolve(name, table, provided):
    """Installed packages satisfying the name (itself, or its providers)."""
    if name in table and table[name]["installed"]:
        return {name}
    return set(sorted(provided.get(name, ())))


def closure(listed, table):
    """Installed packages the listed ones bring in (themselves included)."""
    provided = providers(table)
    seen = set()
    todo = [p for p in listed if p in table and table[p]["installed"]]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for alts in table[name]["depends"]:
            for alt in alts:
                found = resolve(alt, table, provided)
                if found:
                    todo.extend(found)
                    break
    return seen


def parse_ldd(text):
    """ldd output -> list of (soname, path or None when not found)."""
    libs = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("statically linked"):
            continue
        m = re.match(r"^(\S+)\s+=>\s+not found", line)
        if m:
            libs.append((m.group(1), None))
            continue
        m = re.match(r"^(\S+)\s+=>\s+(/\S+)", line)
        if m:
            libs.append((m.group(1), m.group(2)))
            continue
        m = re.match(r"^(/\S+)\s+\(0x", line)  # the program interpreter
        if m:
            libs.append((m.group(1), m.group(1)))
            continue
        # linux-vdso.so.1 (0x...) and the like: no file behind them
    return libs


def path_candidates(path, real):
    """The paths dpkg may know the library by, in order of preference."""
    out = []

    def add(p):
        if p and p not in out:
            out.append(p)

    for p in (path, real):
        add(p)
    for p in (path, real):
        if p and p.startswith("/usr/lib/"):
            add(p[len("/usr"):])
        elif p and p.startswith("/lib/"):
            add("/usr" + p)
        elif p and p.startswith("/usr/lib64/"):
            add(p[len("/usr"):])
        elif p and p.startswith("/lib64/"):
            add("/usr" + p)
    return out


def parse_dpkg_search(text):
    """dpkg -S output -> dict path -> set of package names."""
    owners = {}
    for line in text.splitlines():
        if line.startswith("diversion ") or ": " not in line:
            continue
        pkgs, path = line.split(": ", 1)
        path = path.strip()
        for pkg in pkgs.split(","):
            pkg = strip_arch(pkg.strip())
            if pkg:
                owners.setdefault(path, set()).add(pkg)
    return owners


# ----------------------------------------------------------------- check --

def check(binaries, owners, table, listed, list_name):
    """binaries: dict name -> [(soname, path, realpath)]; owners: path ->
    packages. Returns (problems, packages that were needed)."""
    problems = []
    installed = installed_names(table)
    for pkg in listed:
        if pkg not in installed:
            problems.append(
                "%s: package %s is not installed (misspelled, or missing "
                "from this machine)" % (list_name, pkg))
    covered = closure(listed, table)
    needed = set()
    for binary in sorted(binaries):
        for soname, path, real in binaries[binary]:
            if path is None:
                problems.append("%s: %s: not found by ldd (no package "
                                "can be determined)" % (binary, soname))
                continue
            pkgs = set()
            for cand in path_candidates(path, real):
                if cand in owners:
                    pkgs = owners[cand]
                    break
            shown = path if real in (None, path) else "%s -> %s" % (path, real)
            if not pkgs:
                problems.append("%s: %s (%s): no Debian package owns it"
                                % (binary, soname, shown))
                continue
            needed.update(pkgs)
            if not pkgs & covered:
                problems.append(
                    "%s: %s (%s): package %s is neither listed in %s nor a "
                    "dependency of a package listed there"
                    % (binary, soname, shown, " or ".join(sorted(pkgs)),
                       list_name))
    return problems, needed


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def real_check(args):
    root = os.path.abspath(args.root)
    list_file = args.list or os.path.join(root, "tools/packages/runtime.txt")
    list_name = os.path.relpath(list_file, root) \
        if os.path.abspath(list_file).startswith(root + os.sep) else list_file
    problems = []
    try:
        with open(list_file, encoding="utf-8") as f:
            listed = parse_package_list(f.read())
    except OSError as e:
        print("%s: cannot read: %s" % (list_name, e))
        return 1
    if not listed:
        problems.append("%s: lists no package" % list_name)

    if args.binaries:
        paths = list(args.binaries)
    else:
        bin_dir = args.bin_dir or os.path.join(root, "build/bin")
        paths = [os.path.join(bin_dir, b) for b in SHIPPED]

    binaries = {}
    for path in paths:
        name = os.path.basename(path)
        if not os.path.isfile(path):
            problems.append("%s: binary %s does not exist (build it first)"
                            % (name, path))
            continue
        if not is_elf(path):
            problems.append("%s: %s is not an ELF file" % (name, path))
            continue
        r = run(["ldd", path])
        if r.returncode != 0:
            problems.append("%s: ldd failed: %s"
                            % (name, (r.stderr or r.stdout).strip()))
            continue
        libs = parse_ldd(r.stdout)
        if not libs:
            problems.append("%s: ldd lists no library (statically linked?)"
                            % name)
        binaries[name] = [(s, p, os.path.realpath(p) if p else None)
                          for s, p in libs]

    cands = set()
    for libs in binaries.values():
        for _, path, real in libs:
            if path:
                cands.update(path_candidates(path, real))
    owners = {}
    if cands:
        # exit status 1 when some candidate is unknown: expected, not an error
        r = run(["dpkg", "-S"] + sorted(cands))
        owners = parse_dpkg_search(r.stdout)
        if not owners and r.returncode not in (0, 1):
            print("dpkg -S failed: %s" % r.stderr.strip())
            return 1
    r = run(["dpkg-query", "-W", "-f=${Package}\t${db:Status-Abbrev}\t"
             "${Provides}\t${Depends}\t${Pre-Depends}\n"])
    if r.returncode != 0:
        print("dpkg-query failed: %s" % r.stderr.strip())
        return 1
    table = parse_dpkg_query(r.stdout)

    more, needed = check(binaries, owners, table, listed, list_name)
    problems += more
    for p in problems:
        print(p)
    if problems:
        print("%d problem(s): fix %s (the container images install only it)"
              % (len(problems), list_name), file=sys.stderr)
        return 1
    nlibs = len({p for libs in binaries.values() for _, p, _ in libs})
    print("ok: %d binaries link %d libraries from %d packages, all covered "
          "by the %d packages of %s (closure %d)"
          % (len(binaries), nlibs, len(needed), len(listed), list_name,
             len(closure(listed, table))))
    return 0


# ------------------------------------------------------------- self-test --

SELF_TABLE = "\n".join([
    # Package, status, Provides, Depends, Pre-Depends
    "liba1\tii \t\tlibb2 (>= 1.0), libc6:any (>= 2.34)\t",
    "liba1:i386\tii \t\tlibi386only\t",
    "libb2\tii \t\tlibnotinstalled | libalt3 (>= 2)\tlibpre4",
    "libalt3\tii \t\t\t",
    "libnotinstalled\tun \t\t\t",
    "libpre4\tii \t\tvirtual-x\t",
    "libprov5\tii \tvirtual-x (= 1)\t\t",
    "libc6\tii \t\tlibgcc-s1\t",
    "libgcc-s1\tii \t\tlibc6 (>= 2.35)\t",
    "libi386only\tii \t\t\t",
    "libunlisted\tii \t\tlibc6\t",
    "libsecond\tii \t\tlibfirst | libunlisted2\t",
    "libfirst\tii \t\t\t",
    "libunlisted2\tii \t\t\t",
    "libcfgonly\trc \t\t\t",
]) + "\n"

SELF_LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tliba.so.1 => /lib/x86_64-linux-gnu/liba.so.1 (0x00007f01)
\tlibb.so.2 => /usr/lib/x86_64-linux-gnu/libb.so.2 (0x00007f02)
\tlibmissing.so.7 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f03)
"""

SELF_DPKG_S = """\
diversion by foo from: /usr/bin/x
liba1:amd64: /lib/x86_64-linux-gnu/liba.so.1
libb2:amd64, libb2:i386: /lib/x86_64-linux-gnu/libb.so.2
libc6:amd64: /lib64/ld-linux-x86-64.so.2
"""


def self_test():
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    # list parsing, as tools/lib/packages.sh
    expect(parse_package_list("# c\nliba1  libb2 # x\n\nliba1\n")
           == ["liba1", "libb2"], "package list parsing")
    # relation parsing: versions, arch qualifiers, alternatives
    expect(parse_relation("libc6 (>= 2.34), a:any | b (<< 3) [amd64], c")
           == [["libc6"], ["a", "b"], ["c"]], "relation parsing")
    table = parse_dpkg_query(SELF_TABLE)
    expect("liba1" in table and "liba1:i386" not in table,
           "arch-qualified package names merged")
    expect(not table["libcfgonly"]["installed"],
           "config-files-only package counted as installed")
    cl = closure(["liba1"], table)
    expect({"liba1", "libb2", "libc6", "libgcc-s1", "libi386only"} <= cl,
           "Depends (with versions, :any, multi-arch) followed: %s"
           % sorted(cl))
    expect("libalt3" in cl, "alternative 'a | b' with a not installed -> b")
    expect("libnotinstalled" not in cl, "uninstalled package in closure")
    expect("libpre4" in cl, "Pre-Depends followed")
    expect("libprov5" in cl, "virtual package resolved through Provides")
    expect("libunlisted" not in cl, "unrelated package in closure")
    cl2 = closure(["libsecond"], table)
    expect("libfirst" in cl2 and "libunlisted2" not in cl2,
           "only the first installed alternative followed: %s" % sorted(cl2))

    # ldd and dpkg -S parsing, usr-merge variants
    libs = parse_ldd(SELF_LDD)
    expect(libs == [("liba.so.1", "/lib/x86_64-linux-gnu/liba.so.1"),
                    ("libb.so.2", "/usr/lib/x86_64-linux-gnu/libb.so.2"),
                    ("libmissing.so.7", None),
                    ("/lib64/ld-linux-x86-64.so.2",
                     "/lib64/ld-linux-x86-64.so.2")],
           "ldd parsing: %r" % libs)
    expect(path_candidates("/usr/lib/x86_64-linux-gnu/libb.so.2",
                           "/usr/lib/x86_64-linux-gnu/libb.so.2.0")
           == ["/usr/lib/x86_64-linux-gnu/libb.so.2",
               "/usr/lib/x86_64-linux-gnu/libb.so.2.0",
               "/lib/x86_64-linux-gnu/libb.so.2",
               "/lib/x86_64-linux-gnu/libb.so.2.0"], "usr-merge candidates")
    owners = parse_dpkg_search(SELF_DPKG_S)
    expect(owners.get("/lib/x86_64-linux-gnu/libb.so.2") == {"libb2"},
           "dpkg -S parsing: %r" % owners)
    expect("/usr/bin/x" not in owners, "dpkg -S diversion line parsed")

    # the whole check: a good set passes
    good = {"jstedu-x": [
        ("liba.so.1", "/lib/x86_64-linux-gnu/liba.so.1",
         "/usr/lib/x86_64-linux-gnu/liba.so.1"),
        ("libb.so.2", "/usr/lib/x86_64-linux-gnu/libb.so.2",
         "/usr/lib/x86_64-linux-gnu/libb.so.2"),
        ("/lib64/ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2",
         "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"),
    ]}
    problems, needed = check(good, owners, table, ["liba1"], "runtime.txt")
    expect(problems == [], "dependency of a listed package rejected: %r"
           % problems)
    expect(needed == {"liba1", "libb2", "libc6"}, "needed packages %r"
           % needed)
    # a library from a package nothing listed brings in
    owners_u = dict(owners)
    owners_u["/lib/x86_64-linux-gnu/libu.so.3"] = {"libunlisted"}
    bad = {"jstedu-y": good["jstedu-x"] + [
        ("libu.so.3", "/usr/lib/x86_64-linux-gnu/libu.so.3",
         "/usr/lib/x86_64-linux-gnu/libu.so.3")]}
    problems, _ = check(bad, owners_u, table, ["liba1"], "runtime.txt")
    expect(len(problems) == 1 and "jstedu-y" in problems[0]
           and "libu.so.3" in problems[0] and "libunlisted" in problems[0],
           "missing package not reported by binary, library, package: %r"
           % problems)
    # listing it directly fixes that
    problems, _ = check(bad, owners_u, table, ["liba1", "libunlisted"],
                        "runtime.txt")
    expect(problems == [], "listed package rejected: %r" % problems)
    # a misspelled (not installed) name, a config-files-only one
    problems, _ = check(good, owners, table,
                        ["liba1", "liba1x", "libcfgonly"], "runtime.txt")
    expect(len(problems) == 2 and "liba1x" in problems[0]
           and "libcfgonly" in problems[1],
           "uninstalled listed package not reported: %r" % problems)
    # an unowned library and one ldd cannot find
    odd = {"jstedu-z": [
        ("libown.so", "/usr/local/lib/libown.so", "/usr/local/lib/libown.so"),
        ("libmissing.so.7", None, None)]}
    problems, _ = check(odd, owners, table, ["liba1"], "runtime.txt")
    expect(len(problems) == 2 and all("jstedu-z" in p for p in problems)
           and "libown.so" in problems[0] and "no Debian package" in
           problems[0] and "libmissing.so.7" in problems[1],
           "unowned / not-found library not reported: %r" % problems)

    for f in failures:
        print("self-test FAILED: %s" % f)
    if failures:
        return 1
    print("ok: self-test passed (list, relation, dpkg-query, ldd and dpkg -S "
          "parsing; closure through versions, :any, alternatives, Provides, "
          "Pre-Depends; missing, unowned and misspelled packages reported)")
    return 0


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(
        description="Check tools/packages/runtime.txt against what the "
                    "binaries link (see the module docstring).")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(here)))
    ap.add_argument("--list", help="package list (default "
                    "REPO/tools/packages/runtime.txt)")
    ap.add_argument("--bin-dir", help="where the shipped binaries are "
                    "(default REPO/build/bin)")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("binaries", nargs="*", metavar="BINARY")
    args = ap.parse_args(argv)
    if args.self_test:
        if args.binaries or args.bin_dir or args.list:
            ap.error("--self-test takes no other argument but --root")
        return self_test()
    if args.binaries and args.bin_dir:
        ap.error("give either --bin-dir or BINARY arguments")
    return real_check(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
