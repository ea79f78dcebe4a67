#!/usr/bin/env python3
"""Static checks of the container images' Dockerfiles (no Docker needed).

usage: deploy/docker/check_dockerfiles.py [--root REPO]

REPO defaults to the repository holding this script. Prints one line per
problem ("<file>: <problem>") and exits 1 when there is any, else prints
"ok: ..." and exits 0 (2 on a usage error). Python 3 standard library only.

For each of jstedu-recruitment, -training, -advisory, -reporting,
-notifications and -gateway, deploy/docker/<binary>.Dockerfile must:
  - exist and be multi-stage; every stage FROMs a Debian 12 image
    (debian:12, debian:12-slim, debian:bookworm, debian:bookworm-slim,
    optionally with @sha256:...);
  - build stage: COPY tools/packages/build.txt and apt-get install from it
    only (through xargs, no package named in the Dockerfile); COPY what CMake
    reads (CMakeLists.txt and each directory of the top-level CMakeLists.txt's
    include()/add_subdirectory()); configure with the cmake invocation of
    tools/dev (read from tools/lib/*.sh: -S <src> -B <src>/build -G Ninja and
    no flag of its own) and build with `ninja -C <src>/build` naming exactly
    the needed targets: the binary, plus jstedu-healthcheck for a service;
  - final stage: install only from tools/packages/runtime.txt (same rule, no
    build.txt, no -dev package), copy the binary from the build stage, a
    numeric non-root USER (10001), ENTRYPOINT the binary (exec form), EXPOSE
    exactly the ports of the process's row in README.md's table and set the
    listen variables to 0.0.0.0:<those ports> (the binaries default to
    127.0.0.1, unreachable from outside a container). The image's row in
    deploy/docker/README.md's table must exist and give the same ports; a
    process README.md's table has no row for yet is checked against that
    row alone;
  - services only: jstedu-healthcheck copied to /usr/local/bin and used by
    HEALTHCHECK against the gRPC port (the gateway is probed over HTTP:
    /healthz, /readyz, and has no HEALTHCHECK).
Across files: the build stages are identical but for the binaries they name
(so the images cannot drift apart). The repository's .dockerignore must keep
out .git, .run, build and build-*.

The lead registers it as a ctest, e.g.
  add_test(NAME deploy.dockerfiles
    COMMAND python3 ${PROJECT_SOURCE_DIR}/deploy/docker/check_dockerfiles.py
            --root ${PROJECT_SOURCE_DIR})
"""

import argparse
import json
import os
import re
import shlex
import sys

SERVICES = ["recruitment", "training", "advisory", "reporting", "notifications"]
BINARIES = ["jstedu-" + s for s in SERVICES] + ["jstedu-gateway"]
HEALTHCHECK = "jstedu-healthcheck"
UID = "10001"
DEBIAN12 = re.compile(r"^(docker\.io/)?(library/)?debian:(12|bookworm)(-slim)?(@sha256:[0-9a-f]{64})?$")
DOCKERIGNORE_REQUIRED = [".git", ".run", "build", "build-*"]


class Instruction:
    def __init__(self, keyword, args, line):
        self.keyword = keyword  # upper case
        self.args = args  # the rest, continuation lines joined with " "
        self.line = line  # first line number


def parse_dockerfile(text):
    """Instructions of a Dockerfile: comments dropped, continuations joined."""
    instructions = []
    current, start = None, 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if current is None:
            if not stripped or stripped.startswith("#"):
                continue
            current, start = "", number
        elif stripped.startswith("#") or not stripped:
            continue  # comment or empty line inside a continuation
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, args = current.partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip(), start))
        current = None
    if current is not None:
        keyword, _, args = current.partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip(), start))
    return instructions


class Stage:
    def __init__(self, image, name, line):
        self.image, self.name, self.line = image, name, line
        self.instructions = []

    def all(self, keyword):
        return [i for i in self.instructions if i.keyword == keyword]


def split_stages(instructions):
    stages = []
    for ins in instructions:
        if ins.keyword == "FROM":
            words = [w for w in ins.args.split() if not w.startswith("--")]
            image = words[0] if words else ""
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
            stages.append(Stage(image, name, ins.line))
        elif stages:
            stages[-1].instructions.append(ins)
    return stages


def strip_flags(args):
    """The words of an instruction after its --flags (COPY --from=x a b)."""
    words = args.split()
    flags = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    return flags, words


def run_command(ins):
    """A RUN's shell command without its --mount/--network flags."""
    args = ins.args
    while args.startswith("--"):
        _, _, args = args.partition(" ")
        args = args.lstrip()
    return args


def shell_segments(command):
    """Simple commands of a shell line, split at && || ; | and newlines."""
    return [s.strip() for s in re.split(r"&&|\|\||;|\||\n", command) if s.strip()]


def exec_form(args):
    try:
        value = json.loads(args)
    except ValueError:
        return None
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def check_apt(stage, list_name, where, problems):
    """Every apt-get install of the stage reads its names from list_name."""
    copies = {}  # destination -> source, for COPY tools/packages/*.txt
    for ins in stage.all("COPY"):
        flags, words = strip_flags(ins.args)
        if "from" in flags or len(words) < 2:
            continue
        for source in words[:-1]:
            if source.startswith("tools/packages/"):
                dest = words[-1]
                if dest.endswith("/"):
                    dest += os.path.basename(source)
                copies[dest] = source
    wanted = "tools/packages/%s" % list_name
    if wanted not in copies.values():
        problems.append("%s does not COPY %s" % (where, wanted))
    for source in copies.values():
        if source != wanted:
            problems.append("%s copies %s (only %s belongs there)" % (where, source, wanted))
    installs = 0
    for ins in stage.all("RUN"):
        command = run_command(ins)
        for other in ("build.txt", "runtime.txt", "servers.txt"):
            if other != list_name and other in command:
                problems.append("%s line %d: RUN mentions %s" % (where, ins.line, other))
        pipelines = re.split(r"&&|\|\||;", command)
        for pipeline in pipelines:
            parts = [p.strip() for p in pipeline.split("|")]
            for index, part in enumerate(parts):
                words = part.split()
                if not re.search(r"\bapt(-get)?\s+(-\S+\s+)*install\b", part):
                    continue
                installs += 1
                after = words[words.index("install") + 1:]
                named = [w for w in after if not w.startswith("-")]
                if named:
                    problems.append("%s line %d: apt-get install names packages itself (%s); "
                                    "they must come from %s" % (where, ins.line, " ".join(named), wanted))
                if words[0] != "xargs" or index == 0:
                    problems.append("%s line %d: apt-get install is not fed by xargs from %s"
                                    % (where, ins.line, wanted))
                    continue
                feeder = parts[index - 1]
                sources = [d for d in copies if copies[d] == wanted and d in feeder.split()]
                if not sources or not re.match(r"^(grep -v '\^#'|sed -e 's/#\.\*//')\s", feeder):
                    problems.append("%s line %d: the package names must come from the copied %s "
                                    "(grep -v '^#' FILE or sed -e 's/#.*//' FILE | xargs ...), not: %s"
                                    % (where, ins.line, wanted, feeder))
                if "--no-install-recommends" not in after:
                    problems.append("%s line %d: apt-get install without --no-install-recommends"
                                    % (where, ins.line))
        if re.search(r"\S+-dev\b", command):
            if list_name == "runtime.txt":
                problems.append("%s line %d: a -dev package in the final stage" % (where, ins.line))
    if installs == 0:
        problems.append("%s installs no packages from %s" % (where, wanted))


def tools_dev_cmake(root, problems):
    """The flags tools/dev passes cmake besides -S/-B and JSTEDU_CMAKE_ARGS."""
    lib = os.path.join(root, "tools", "lib")
    for name in sorted(os.listdir(lib)) if os.path.isdir(lib) else []:
        if not name.endswith(".sh"):
            continue
        with open(os.path.join(lib, name), encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if re.match(r"^cmake\s+-S\s", line):
                    words = shlex.split(line.rstrip("|\\ ").split("||")[0])
                    return normalise_cmake(words[1:], {'$JSTEDU_ROOT': "@SRC@", '$BUILD_DIR': "@SRC@/build"})
    problems.append("tools/lib/*.sh: no `cmake -S ...` line found (cannot compare the cmake invocation)")
    return None


def normalise_cmake(words, paths):
    """cmake arguments as {'-S': .., '-B': .., 'flags': [...]}; paths maps values."""
    result = {"-S": None, "-B": None, "flags": []}
    i = 0
    while i < len(words):
        word = words[i]
        if word in ("-S", "-B", "-G"):
            value = words[i + 1] if i + 1 < len(words) else ""
            value = paths.get(value, value)
            if word == "-G":
                result["flags"].append("-G " + value)
            else:
                result[word] = value
            i += 2
            continue
        if word.startswith("${JSTEDU_CMAKE_ARGS") or word == "$JSTEDU_CMAKE_ARGS":
            i += 1  # the developer's own extra arguments (unset in CI)
            continue
        result["flags"].append(word)
        i += 1
    result["flags"].sort()
    return result


def cmake_subdirs(root, problems):
    """Top-level paths CMake reads: include() files and add_subdirectory()."""
    path = os.path.join(root, "CMakeLists.txt")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        problems.append("CMakeLists.txt: %s" % e)
        return set()
    needed = {"CMakeLists.txt"}
    for match in re.finditer(r"^\s*(add_subdirectory|include)\(\s*([^\s)]+)", text, re.M):
        target = match.group(2)
        if match.group(1) == "include" and "/" not in target:
            continue  # a CMake module (GoogleTest, ...)
        needed.add(target.split("/")[0])
    return needed


def readme_ports(root, problems):
    """{process: [ports]} from README.md's table (| name | address | admin |)."""
    ports = {}
    try:
        with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
            for line in f:
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if len(cells) < 3 or not line.lstrip().startswith("|"):
                    continue
                name = cells[0]
                found = [int(p) for p in re.findall(r"127\.0\.0\.1:(\d+)", " ".join(cells[1:3]))]
                if found:
                    ports[name] = found
    except OSError as e:
        problems.append("README.md: %s" % e)
    return ports


def docker_readme_ports(root, problems):
    """{process: [ports]} from deploy/docker/README.md's image table
    (| `jstedu/jstedu-<process>` | `<file>` | gRPC 50051, admin 9101 | ... |)."""
    ports = {}
    try:
        with open(os.path.join(root, "deploy", "docker", "README.md"), encoding="utf-8") as f:
            for line in f:
                if not line.lstrip().startswith("|"):
                    continue
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                match = re.match(r"^`jstedu/jstedu-([a-z0-9-]+)`$", cells[0])
                if not match or len(cells) < 3:
                    continue
                found = [int(p) for p in re.findall(r"\b(\d{2,5})\b", cells[2])]
                if found:
                    ports[match.group(1)] = found
    except OSError as e:
        problems.append("deploy/docker/README.md: %s" % e)
    return ports


def normalise_build_stage(stage, binaries):
    """The build stage's text with the binaries' names replaced by @BIN@."""
    lines = []
    for ins in stage.instructions:
        text = ins.keyword + " " + re.sub(r"\s+", " ", ins.args)
        for name in sorted(binaries, key=len, reverse=True):
            text = re.sub(r"(?<![\w-])%s(?![\w-])" % re.escape(name), "@BIN@", text)
        text = re.sub(r"@BIN@(\s+@BIN@)+", "@BIN@", text)
        lines.append(text)
    return "\n".join(lines)


def check_file(root, binary, ports, image_ports, dev_cmake, needed_sources, problems):
    rel = "deploy/docker/%s.Dockerfile" % binary
    path = os.path.join(root, rel)
    if not os.path.isfile(path):
        problems.append("%s: missing" % rel)
        return None
    with open(path, encoding="utf-8") as f:
        stages = split_stages(parse_dockerfile(f.read()))
    p = []  # this file's problems, without the prefix
    if len(stages) < 2:
        p.append("not multi-stage (%d FROM)" % len(stages))
        problems.extend("%s: %s" % (rel, x) for x in p)
        return None
    for stage in stages:
        if not DEBIAN12.match(stage.image):
            p.append("line %d: FROM %s is not a Debian 12 image (debian:12[-slim], "
                     "debian:bookworm[-slim])" % (stage.line, stage.image))
    final = stages[-1]
    is_service = binary != "jstedu-gateway"
    targets = {binary, HEALTHCHECK} if is_service else {binary}

    # The final stage's binaries come from one build stage.
    copies_from = {}  # destination -> (stage, source)
    for ins in final.all("COPY"):
        flags, words = strip_flags(ins.args)
        if "from" in flags and len(words) >= 2:
            for source in words[:-1]:
                dest = words[-1]
                if dest.endswith("/"):
                    dest += os.path.basename(source)
                copies_from[dest] = (flags["from"], source)
    names = [s.name for s in stages[:-1]]
    build_names = {frm for frm, _ in copies_from.values()}
    build = None
    if len(build_names) != 1 or next(iter(build_names)) not in names:
        p.append("the final stage must COPY --from= one named earlier stage (found: %s)"
                 % (", ".join(sorted(build_names)) or "none"))
    else:
        build = stages[names.index(next(iter(build_names)))]

    # Build stage: packages, sources, cmake, ninja.
    if build is not None:
        where = "build stage"
        check_apt(build, "build.txt", where, p)
        copied = set()
        for ins in build.all("COPY") + build.all("ADD"):
            flags, words = strip_flags(ins.args)
            if "from" not in flags:
                copied.update(w.rstrip("/") for w in words[:-1])
        if "." in copied:
            pass  # the whole context
        else:
            for needed in sorted(needed_sources - copied):
                p.append("build stage does not COPY %s (the top-level CMakeLists.txt reads it)" % needed)
        cmake_calls, ninja_calls = [], []
        for ins in build.all("RUN"):
            for segment in shell_segments(run_command(ins)):
                words = shlex.split(segment, posix=True) if "'" not in segment else segment.split()
                if words and words[0] == "cmake" and "--build" not in words:
                    cmake_calls.append((ins.line, words))
                if words and words[0] == "ninja":
                    ninja_calls.append((ins.line, words))
                if words and words[0] == "cmake" and "--build" in words:
                    p.append("line %d: builds with cmake --build; tools/dev runs ninja -C build" % ins.line)
        build_dir = None
        if len(cmake_calls) != 1:
            p.append("build stage: expected one cmake configure call, found %d" % len(cmake_calls))
        elif dev_cmake is not None:
            line, words = cmake_calls[0]
            mine = normalise_cmake(words[1:], {})
            src = mine["-S"]
            if not src or not mine["-B"]:
                p.append("line %d: cmake needs -S <src> -B <src>/build like tools/dev" % line)
            else:
                build_dir = mine["-B"]
                if mine["-B"].rstrip("/") != src.rstrip("/") + "/build":
                    p.append("line %d: cmake -B %s; tools/dev builds in <src>/build (%s/build)"
                             % (line, mine["-B"], src.rstrip("/")))
            if mine["flags"] != dev_cmake["flags"]:
                p.append("line %d: cmake flags %s differ from tools/dev's %s"
                         % (line, " ".join(mine["flags"]) or "(none)", " ".join(dev_cmake["flags"]) or "(none)"))
        if len(ninja_calls) != 1:
            p.append("build stage: expected one ninja call, found %d" % len(ninja_calls))
        else:
            line, words = ninja_calls[0]
            rest = words[1:]
            directory = None
            if "-C" in rest:
                i = rest.index("-C")
                directory = rest[i + 1] if i + 1 < len(rest) else None
                del rest[i:i + 2]
            if build_dir and (directory or "").rstrip("/") != build_dir.rstrip("/"):
                p.append("line %d: ninja -C %s, not the cmake build directory %s" % (line, directory, build_dir))
            named = {w for w in rest if not w.startswith("-")}
            if named != targets:
                p.append("line %d: ninja builds %s; needed exactly %s"
                         % (line, " ".join(sorted(named)) or "everything", " ".join(sorted(targets))))

    # Final stage: packages, binaries, user, entrypoint, ports.
    check_apt(final, "runtime.txt", "final stage", p)
    for ins in final.all("COPY") + final.all("ADD"):
        if "build.txt" in ins.args:
            p.append("line %d: final stage copies build.txt" % ins.line)
    copied_names = {os.path.basename(dest): (frm, src) for dest, (frm, src) in copies_from.items()}
    for name in sorted(targets):
        if name not in copied_names:
            p.append("final stage does not COPY %s from the build stage" % name)
    for dest, (frm, src) in copies_from.items():
        if os.path.basename(dest) not in targets:
            p.append("final stage copies %s from %s, which is not one of %s"
                     % (src, frm, " ".join(sorted(targets))))

    users = final.all("USER")
    if not users:
        p.append("final stage has no USER (it would run as root)")
    else:
        user = users[-1].args.strip()
        uid, _, gid = user.partition(":")
        if not uid.isdigit() or (gid and not gid.isdigit()):
            p.append("line %d: USER %s is not numeric (uid[:gid])" % (users[-1].line, user))
        elif int(uid) == 0 or (gid and int(gid) == 0):
            p.append("line %d: USER %s is root" % (users[-1].line, user))
        elif uid != UID:
            p.append("line %d: USER %s; the images run as uid %s" % (users[-1].line, user, UID))

    entrypoints = final.all("ENTRYPOINT")
    if not entrypoints:
        p.append("final stage has no ENTRYPOINT")
    else:
        ins = entrypoints[-1]
        argv = exec_form(ins.args)
        if argv is None:
            p.append("line %d: ENTRYPOINT is not in exec form (a JSON array): the binary must be "
                     "PID 1 to get SIGTERM" % ins.line)
        elif len(argv) != 1 or os.path.basename(argv[0]) != binary:
            p.append("line %d: ENTRYPOINT %s is not the binary %s alone" % (ins.line, ins.args, binary))
        elif argv[0] not in copies_from:
            p.append("line %d: ENTRYPOINT %s is not where the binary is copied (%s)"
                     % (ins.line, argv[0], ", ".join(sorted(copies_from)) or "nowhere"))
    process = binary[len("jstedu-"):]
    expected = ports.get(process)
    documented = image_ports.get(process)
    if documented is None:
        p.append("deploy/docker/README.md's image table has no row for jstedu/%s" % binary)
    elif expected is not None and documented != expected:
        p.append("deploy/docker/README.md's image table gives %s, README.md's table %s"
                 % (" ".join(map(str, documented)), " ".join(map(str, expected))))
    source = "README.md's table"
    if expected is None and documented is not None:
        expected, source = documented, "deploy/docker/README.md's image table (README.md's has no row)"
    exposed = []
    for ins in final.all("EXPOSE"):
        for word in ins.args.split():
            port = word.split("/")[0]
            if port.isdigit():
                exposed.append(int(port))
            else:
                p.append("line %d: EXPOSE %s is not a port number" % (ins.line, word))
    if expected is None:
        p.append("README.md's table has no row for %s (cannot check ports)" % process)
    else:
        if sorted(exposed) != sorted(expected):
            p.append("EXPOSE %s; %s gives %s"
                     % (" ".join(map(str, sorted(exposed))) or "nothing", source,
                        " ".join(map(str, sorted(expected)))))
        env = {}
        for ins in final.all("ENV"):
            for word in shlex.split(ins.args):
                key, eq, value = word.partition("=")
                if eq:
                    env[key] = value
        listen = ["JSTEDU_HTTP_LISTEN" if not is_service else "JSTEDU_GRPC_LISTEN", "JSTEDU_ADMIN_LISTEN"]
        for var, port in zip(listen, expected):
            want = "0.0.0.0:%d" % port
            if env.get(var) != want:
                p.append("final stage: ENV %s=%s; must be %s (the binary defaults to 127.0.0.1)"
                         % (var, env.get(var, "(unset)"), want))

    healthchecks = final.all("HEALTHCHECK")
    if is_service:
        if not healthchecks:
            p.append("final stage has no HEALTHCHECK (jstedu-healthcheck)")
        else:
            ins = healthchecks[-1]
            _, _, cmd = ins.args.partition("CMD")
            argv = exec_form(cmd.strip())
            grpc = "127.0.0.1:%d" % expected[0] if expected else None
            if (argv is None or argv[0] != "/usr/local/bin/" + HEALTHCHECK
                    or (grpc and grpc not in argv)):
                p.append("line %d: HEALTHCHECK must run [\"/usr/local/bin/%s\", \"%s\", ...] (exec form)"
                         % (ins.line, HEALTHCHECK, grpc))
        if "/usr/local/bin/" + HEALTHCHECK not in copies_from:
            p.append("final stage does not COPY %s to /usr/local/bin/" % HEALTHCHECK)

    problems.extend("%s: %s" % (rel, x) for x in p)
    return normalise_build_stage(build, BINARIES + [HEALTHCHECK]) if build is not None else None


def check_dockerignore(root, problems):
    path = os.path.join(root, ".dockerignore")
    try:
        with open(path, encoding="utf-8") as f:
            patterns = {line.strip().strip("/") for line in f
                        if line.strip() and not line.strip().startswith("#")}
    except OSError:
        problems.append(".dockerignore: missing")
        return
    for wanted in DOCKERIGNORE_REQUIRED:
        if wanted not in patterns:
            problems.append(".dockerignore: does not exclude %s" % wanted)
    for pattern in patterns:
        if pattern.startswith("!"):
            continue
        for kept in ("tools", "tools/packages", "CMakeLists.txt", "cmake", "proto", "common",
                     "services", "gateway", "tests", "data"):
            if pattern in (kept, kept + "/**", "*", "**"):
                problems.append(".dockerignore: excludes %s, which the images need" % kept)


def main():
    parser = argparse.ArgumentParser(
        description="Static checks of deploy/docker/*.Dockerfile (see the module docstring).")
    default_root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    parser.add_argument("--root", default=default_root, help="repository root (default: %(default)s)")
    args = parser.parse_args()
    root = args.root
    problems = []
    ports = readme_ports(root, problems)
    image_ports = docker_readme_ports(root, problems)
    dev_cmake = tools_dev_cmake(root, problems)
    needed = cmake_subdirs(root, problems)
    build_stages = {}
    for binary in BINARIES:
        normalised = check_file(root, binary, ports, image_ports, dev_cmake, needed, problems)
        if normalised is not None:
            build_stages[binary] = normalised
    if build_stages:
        reference = BINARIES[0] if BINARIES[0] in build_stages else sorted(build_stages)[0]
        for binary, text in sorted(build_stages.items()):
            if text != build_stages[reference]:
                a, b = build_stages[reference].splitlines(), text.splitlines()
                diff = next((i for i in range(max(len(a), len(b)))
                             if i >= len(a) or i >= len(b) or a[i] != b[i]), 0)
                problems.append("deploy/docker/%s.Dockerfile: build stage differs from %s's "
                                "(beyond the binaries' names) at instruction %d: %s"
                                % (binary, reference, diff + 1, b[diff] if diff < len(b) else "(missing)"))
    check_dockerignore(root, problems)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("ok: %d Dockerfiles (%s) and .dockerignore" % (len(BINARIES), ", ".join(BINARIES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
