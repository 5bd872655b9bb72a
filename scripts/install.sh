#!/bin/sh
# Release build of `tennis`, installed under a prefix:
#   PREFIX/bin/tennis                      the binary
#   PREFIX/share/terminal-tennis/          assets/ (surfaces.json, keys.json): the binary looks
#                                          there (../share/terminal-tennis beside its bin/).
# Usage: scripts/install.sh [PREFIX]       (default /usr/local; DESTDIR is honoured for packaging)
set -eu
prefix="${1:-${PREFIX:-/usr/local}}"
root="$(cd "$(dirname "$0")/.." && pwd)"
destination="${DESTDIR:-}$prefix"

cd "$root"
swift build -c release --product tennis
binary="$(swift build -c release --show-bin-path)/tennis"

mkdir -p "$destination/bin" "$destination/share/terminal-tennis"
install -m 0755 "$binary" "$destination/bin/tennis"
for file in assets/*; do
    install -m 0644 "$file" "$destination/share/terminal-tennis/"
done
echo "installed $destination/bin/tennis and $destination/share/terminal-tennis/"
echo "shell completions: tennis --generate-completion-script bash|zsh|fish (see README)"
