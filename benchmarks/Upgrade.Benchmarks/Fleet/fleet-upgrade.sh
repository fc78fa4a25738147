#!/usr/bin/env bash
# The baseline of the fleet benchmark: the same nine steps per node as the SDK's upgrade (download, sha256sum, copy
# backup + manifest, stop, rename, write config, daemon-reload, start, wait healthy), in the same batches.
#   fleet-upgrade.sh NODES_FILE URL SHA256_HEX BATCH SETTLE_MS POLL_MS COMMAND_PREFIX...
# NODES_FILE has one "UNIT ROOT" line per node; COMMAND_PREFIX reaches systemctl (for example nsenter -t PID -m -p).
set -euo pipefail
nodes_file=$1 url=$2 sum=$3 batch=$4 settle_us=$(($5 * 1000)) poll_s=$(printf '0.%03d' "$6")
shift 6
prefix=("$@")
sc() { "${prefix[@]}" systemctl "$@"; }
now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }

upgrade_node() {
  local unit=$1 root=$2
  local bin=$root/bin/app conf=$root/etc/bench/app.conf backup=$root/data/script-backup
  curl -sSf -o "$bin.download" "$url"                                        # 1 download
  echo "$sum  $bin.download" | sha256sum -c --quiet -                        # 2 verify
  mkdir -p "$backup"; cp -p "$bin" "$backup/app"; cp -p "$conf" "$backup/app.conf"
  (cd "$backup" && sha256sum app app.conf > manifest.sha256)                 # 3 backup + manifest
  sc stop "$unit"                                                            # 4 stop
  chmod 755 "$bin.download"; mv -f "$bin.download" "$bin"                    # 5 rename into place
  printf 'greeting=v2\n' > "$conf.tmp"; mv -f "$conf.tmp" "$conf"            # 6 write config
  sc daemon-reload                                                           # 7 daemon-reload
  sc start "$unit"                                                           # 8 start
  local pid="" since=0 state active main                                     # 9 wait healthy: active, same main
  while :; do                                                                #   PID, for the settle time
    state=$(sc show -p ActiveState -p MainPID "$unit")
    active="" main=""
    while IFS='=' read -r key value; do
      case $key in ActiveState) active=$value ;; MainPID) main=$value ;; esac
    done <<<"$state"
    case $active in
      failed|inactive|deactivating) echo "$unit did not stay running" >&2; return 1 ;;
      active)
        if [ -z "$pid" ]; then pid=$main since=$(now_us)
        elif [ "$main" != "$pid" ]; then echo "$unit restarted" >&2; return 1; fi
        if [ $(( $(now_us) - since )) -ge "$settle_us" ]; then return 0; fi ;;
    esac
    sleep "$poll_s"
  done
}

mapfile -t nodes <"$nodes_file"
for ((i = 0; i < ${#nodes[@]}; i += batch)); do
  pids=()
  for line in "${nodes[@]:i:batch}"; do
    read -r unit root <<<"$line"
    upgrade_node "$unit" "$root" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
done
