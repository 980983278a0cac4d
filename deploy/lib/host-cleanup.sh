# Removes what a Berth stack left on the host after it stopped (the network service keeps its
# bridges and rules when it stops, as Docker does): sourced by test.sh, aot-train and the benchmarks.
# shellcheck shell=bash

# remove_chains PREFIX: every iptables chain PREFIX-* in the filter and nat tables, with the jumps to them
remove_chains() {
  local prefix=$1 table chain rule
  for table in filter nat; do
    iptables-save -t "$table" 2>/dev/null | grep -E "^-A .* -j $prefix-" | grep -v "^-A $prefix-" | sed 's/^-A //' |
      while read -r rule; do
        # shellcheck disable=SC2086
        iptables -w -t "$table" -D $rule 2>/dev/null
      done
    for chain in $(iptables-save -t "$table" 2>/dev/null | awk -v own=":$prefix-" 'index($1, own) == 1 {print substr($1, 2)}'); do
      iptables -w -t "$table" -F "$chain" 2>/dev/null; done
    for chain in $(iptables-save -t "$table" 2>/dev/null | awk -v own=":$prefix-" 'index($1, own) == 1 {print substr($1, 2)}'); do
      iptables -w -t "$table" -X "$chain" 2>/dev/null; done
  done
  return 0
}

# remove_pool_bridges CIDR: the bridges holding an address of the /16 pool CIDR (user-defined networks)
remove_pool_bridges() {
  local prefix dev
  prefix=$(echo "$1" | awk -F. '{print $1 "." $2 "."}')
  for dev in $(ip -o -4 addr show type bridge 2>/dev/null | awk -v p="$prefix" 'index($4, p) == 1 {print $2}' | sort -u); do
    ip link del "$dev" 2>/dev/null
  done
  return 0
}

# unmount_under DIR...: every mount below the directories, deepest first
unmount_under() {
  local dir
  for dir in "$@"; do
    grep -o " $dir[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  done
  return 0
}

# remove_stack_leftovers: for the stack of BERTH_BRIDGE, BERTH_POOL, BERTH_CHAINS, BERTH_ROOT, BERTH_STATE
remove_stack_leftovers() {
  ip link del "$BERTH_BRIDGE" 2>/dev/null
  remove_pool_bridges "$BERTH_POOL"
  remove_chains "$BERTH_CHAINS"
  unmount_under "$BERTH_ROOT" "$BERTH_STATE"
}
