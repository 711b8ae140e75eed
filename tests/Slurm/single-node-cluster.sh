#!/usr/bin/env bash
# A real single-node Slurm for the sweep tests (issue #30): munged, slurmctld and slurmd with their own key,
# socket, ports, state and configuration under one folder, so nothing of the machine's own Slurm is touched.
#   single-node-cluster.sh start DIR   install what is missing, configure, start, wait until the node is idle;
#                                       prints SLURM_CONF=DIR/slurm.conf, which the Slurm commands then need
#   single-node-cluster.sh stop DIR    stop exactly the daemons that `start DIR` started
set -euo pipefail
say() { echo "single-node-cluster: $*" >&2; }

install_missing() {
  local missing="" p
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing$missing"
  $sudo apt-get update -qq
  # The packages enable systemd units; nothing starts them where there is no systemd, and this script starts its own.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  say "no free port found"; return 1
}

start() {
  local dir=$1
  install_missing
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  chmod 700 "$dir" "$dir/munge"
  dir=$(cd "$dir" && pwd)
  local user host cpus mem ctld_port slurmd_port
  user=$(id -un)
  host=$(hostname -s)
  cpus=$(nproc)
  # slurmd drains a node that claims more memory than it has: declare what `slurmd -C` finds, less a margin.
  mem=$(( $(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p') * 9 / 10 ))
  ctld_port=$(free_port); slurmd_port=$(free_port)
  while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done

  # munged insists on a key readable by its user alone, in folders nobody else can write.
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
  local force=""
  [ "$(id -u)" -eq 0 ] && force="--force"
  munged $force --socket="$dir/munge/socket" --key-file="$dir/munge/munge.key" --pid-file="$dir/munge/munged.pid" \
    --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/seed"

  cat > "$dir/slurm.conf" <<CONF
ClusterName=workbench-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/socket
SlurmUser=$user
SlurmdUser=$user
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MinJobAge=3600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF"
  local state=""
  for _ in $(seq 120); do
    state=$(sinfo -h -o %T 2>/dev/null | head -1 || true)
    [ "$state" = idle ] && { echo "SLURM_CONF=$SLURM_CONF"; return 0; }
    sleep 0.5
  done
  say "the node did not become idle in 60 s (state '${state:-none}'); logs in $dir"
  stop "$dir"
  return 1
}

stop() {
  local dir=$1 f pid
  for f in slurmd.pid slurmctld.pid munge/munged.pid; do
    [ -f "$dir/$f" ] || continue
    pid=$(cat "$dir/$f")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/$f"
  done
}

case ${1:-} in
  start) start "${2:?usage: single-node-cluster.sh start DIR}" ;;
  stop) stop "${2:?usage: single-node-cluster.sh stop DIR}" ;;
  *) say "usage: single-node-cluster.sh start|stop DIR"; exit 2 ;;
esac
