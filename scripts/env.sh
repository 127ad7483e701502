# Sourced by the other scripts: puts the project's pinned tools first on PATH.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk must never fetch tools from GitHub (see Trunk.toml); cargo runs offline under Trunk,
# so dependencies are fetched first.
export TRUNK_OFFLINE=true
