# depth chart of the pidbench report (docs/bench.md); loaded by charts.gp,
# which pidbench writes beside it, from the directory of the CSV files.
reset
set datafile separator ","
set grid
set key noenhanced
set termoption noenhanced
set title "alloc_pid + free_pid by nesting depth (root pid_max 32768, nested 4194304)"
set xlabel "levels"
set ylabel "ns per cycle (median, min-max)"
set logscale x 2
set logscale y 10
set xtics (1,2,4,8,16,32)
set xrange [0.8:40]
set key top left
plot "depth.csv" every ::1 using 1:2:3:4 with yerrorlines lw 2 title "model: alloc_pid + free_pid", \
     "" every ::1 using 1:5:6:7 with yerrorlines lw 2 title "floor: bare bitmap per level"
