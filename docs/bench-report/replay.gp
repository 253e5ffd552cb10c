# replay chart of the pidbench report; loaded by charts.gp
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
plot "replay-build.csv" every ::1 using 1:2:3:4 with yerrorlines lw 2 lc 1 title "build: pidsim run", \
     "replay-build.csv" every ::1 using 1:8 with linespoints dt 2 lc 1 title "build: parse only (floor)", \
     "replay-containers.csv" every ::1 using 1:2:3:4 with yerrorlines lw 2 lc 2 title "containers: pidsim run", \
     "replay-containers.csv" every ::1 using 1:8 with linespoints dt 2 lc 2 title "containers: parse only (floor)", \
     "replay-server.csv" every ::1 using 1:2:3:4 with yerrorlines lw 2 lc 3 title "server: pidsim run", \
     "replay-server.csv" every ::1 using 1:8 with linespoints dt 2 lc 3 title "server: parse only (floor)"
