#!/bin/bash
# Runs the benchmarks of docs/benchmarks.md in two checkouts of Teczka, interleaved (A then B,
# round after round), so that a change is compared with what it replaced on the same machine
# in the same minutes. Each checkout needs its own .venv (`make install`).
#
#   CITY=<database of a city made by generate_city.py --scale 0.1 --store postgres --keep> \
#   OUT=<folder for the outputs> scripts/bench/compare_trees.sh ROUNDS TREE_A TREE_B [BENCHES...]
#
# BENCHES: any of handoff throughput rebuild view sync (default: all). START=n begins at round n.
# Only 127.0.0.1 is touched; every benchmark stops by itself.
set -u
rounds=$1; a=$2; b=$3; shift 3
benches=${*:-handoff throughput rebuild view sync}
city=${CITY:?name the kept city database in CITY}
out=${OUT:-var/bench}
mkdir -p "$out"
pg="psql -h 127.0.0.1 -U postgres -q"
for i in $(seq "${START:-1}" "$rounds"); do
  for tree in $a $b; do
    t=$(basename "$tree")
    for bench in $benches; do
      f=$out/$t-$bench-$i.txt
      echo "== $(date +%T) $t $bench $i (load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$out/log.txt"
      case $bench in
        handoff) (cd "$tree" && .venv/bin/python scripts/bench/handoff_latency.py --decisions 60 --load-rps 100) >"$f" 2>&1;;
        throughput) (cd "$tree" && .venv/bin/python scripts/bench/command_throughput.py --connections 16 64 --seconds 10 --rounds 1) >"$f" 2>&1;;
        rebuild) db=rb_${t//-/_}_$i; $pg -c "drop database if exists $db"; $pg -c "create database $db template $city"
                 (cd "$tree" && .venv/bin/python scripts/bench/projection_rebuild.py --scale 0.1 --database-url "postgresql://postgres@127.0.0.1:5432/$db") >"$f" 2>&1
                 $pg -c "drop database $db";;
        view) db=cv_${t//-/_}; $pg -lqt | cut -d'|' -f1 | grep -qw "$db" || $pg -c "create database $db template $city"
              (cd "$tree" && .venv/bin/python scripts/bench/client_view_latency.py --database-url "postgresql://postgres@127.0.0.1:5432/$db" --seconds 10) >"$f" 2>&1;;
        sync) (cd "$tree" && .venv/bin/python scripts/bench/tablet_sync.py --commands 500 --folders 50) >"$f" 2>&1;;
      esac
    done
  done
done
echo "== done $(date +%T)" | tee -a "$out/log.txt"
