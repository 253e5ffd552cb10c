# lookup chart of the pidbench report (docs/bench.md); loaded by charts.gp,
# which pidbench writes beside it, from the directory of the CSV files.
reset
set datafile separator ","
set grid
set key noenhanced
set termoption noenhanced
set title "find_pid_ns by live pids (random queries)"
set xlabel "live pids"
set ylabel "ns per lookup (median, min-max)"
set logscale x 10
set logscale y 10
set key top left
set format x "%.0s%c"
plot "lookup.csv" every ::1 using 1:2:3:4 with yerrorlines lw 2 title "find_pid_ns hit", \
     "" every ::1 using 1:11:12:13 with yerrorlines lw 2 title "find_pid_ns miss", \
     "" every ::1 using 1:8:9:10 with yerrorlines dt 3 title "fair floor: array + own number, hit", \
     "" every ::1 using 1:17:18:19 with yerrorlines dt 3 title "fair floor: array + own number, miss", \
     "" every ::1 using 1:5:6:7 with yerrorlines dt 2 title "floor: array hit", \
     "" every ::1 using 1:14:15:16 with yerrorlines dt 2 title "floor: array miss"
