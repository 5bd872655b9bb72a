#!/bin/sh
# Release build of `tennis`, installed under a prefix:
#   PREFIX/bin/tennis                      the binary
#   PREFIX/share/terminal-tennis/          assets/ (surfaces.json, keys.json, web/): the binary looks
#                                          there (../share/terminal-tennis beside its bin/).
# Usage: scripts/install.sh [PREFIX]       (default /usr/local; DESTDIR is honoured for packaging)
set -eu
prefix="${1:-${PREFIX:-/usr/local}}"
root="$(cd "$(dirname "$0")/.." && pwd)"
destination="${DESTDIR:-}$prefix"

cd "$root"
swift build -c release --product tennis
binary="$(swift build -c release --show-bin-path)/tennis"

mkdir -p "$destination/bin" "$destination/share/terminal-tennis/web"
install -m 0755 "$binary" "$destination/bin/tennis"
for file in assets/*; do
    [ -f "$file" ] && install -m 0644 "$file" "$destination/share/terminal-tennis/"
done
for file in assets/web/*; do  # the browser pages (GET / and /watch/CODE)
    install -m 0644 "$file" "$destination/share/terminal-tennis/web/"
done
echo "installed $destination/bin/tennis and $destination/share/terminal-tennis/"
echo "shell completions: tennis --generate-completion-script bash|zsh|fish (see README)"
