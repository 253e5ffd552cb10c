# occupancy chart of the pidbench report (docs/bench.md); loaded by charts.gp,
# which pidbench writes beside it, from the directory of the CSV files.
reset
set datafile separator ","
set grid
set key noenhanced
set termoption noenhanced
set multiplot layout 1,2 title "alloc + free by pidmap occupancy (last: one free number just behind the cursor)"
set ylabel "ns per cycle (median)"
set xlabel "occupancy of [300, pid_max)"
set logscale y 10
set key top left
set xrange [-0.3:5.3]
do for [pm in "32768 4194304"] {
	set title sprintf("pid_max %s", pm)
	f = sprintf("occupancy-%s.csv", pm)
	plot f every ::1 using 1:3:xtic(2) with linespoints lw 2 lc rgb "#7b2fbe" title "idr (6.18 alloc_pid)", \
	     "" every ::1 using 1:6 with linespoints lw 2 lc rgb "#1a9850" title "legacy (4.14 alloc_pid)", \
	     "" every ::1 using 1:9 with linespoints lc rgb "#2c7bb6" title "summary search only", \
	     "" every ::1 using 1:12 with linespoints lc rgb "#d7301f" title "flat scan only", \
	     "" every ::1 using 1:15 with linespoints dt 2 lw 2 lc rgb "black" title "bare bitmap (no struct pid, no hash; not a bound on a full scan)"
}
unset multiplot
