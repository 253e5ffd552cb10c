# replay chart of the pidbench report (docs/bench.md); loaded by charts.gp,
# which pidbench writes beside it, from the directory of the CSV files.
reset
set datafile separator ","
set grid
set key noenhanced
set termoption noenhanced
set title "whole-trace replay throughput (pidsim run code path)"
set xlabel "statements in the trace"
set ylabel "statements per second (median)"
set logscale x 10
set logscale y 10
set key bottom left
set format x "%.0s%c"
set format y "%.0s%c"
wl = "build containers server"
plot for [i=1:words(wl)] sprintf("replay-%s.csv", word(wl, i)) every ::1 using 1:2:3:4 \
	with yerrorlines lw 2 lc i title sprintf("%s: pidsim run", word(wl, i)), \
     for [i=1:words(wl)] sprintf("replay-%s.csv", word(wl, i)) every ::1 using 1:8 \
	with linespoints dt 2 lc i title sprintf("%s: parse only (floor)", word(wl, i))
