#!/bin/sh
# CTest proto_lint: buf lint (npm @bufbuild/buf, pinned in package-lock.json)
# over every proto under proto/jstedu, with the rules of buf.yaml here.
#
# buf cannot resolve the google/api imports that Debian installs outside the
# tree, so protoc (the compiler the build uses) first writes the protos as
# one descriptor set with their source info (comments, positions), and buf
# lints that image; findings name the proto file and line.
#
#   proto_lint.sh <source dir>
set -eu
[ "$#" -eq 1 ] || { echo "usage: $0 <source dir>" >&2; exit 2; }
src=$(cd "$1" && pwd)
here=$src/tests/style
"$src/tools/npm-ci" "$here" >/dev/null
googleapis=/usr/share/gocode/src/github.com/gogo/googleapis
work=$(mktemp -d "${TMPDIR:-/tmp}/proto_lint.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$src/proto"
# shellcheck disable=SC2046 # one argument per file, no spaces in names
protoc -I . -I "$googleapis" -I /usr/include --include_imports \
  --include_source_info --descriptor_set_out="$work/image.bin" \
  $(find jstedu -name '*.proto' | sort)
"$here/node_modules/.bin/buf" lint "$work/image.bin#format=bin" \
  --config "$here/buf.yaml"
echo "proto_lint: every proto under proto/jstedu passes buf lint ($here/buf.yaml)"
