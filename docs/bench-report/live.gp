# live chart of the pidbench report (docs/bench.md); loaded by charts.gp,
# which pidbench writes beside it, from the directory of the CSV files.
reset
set datafile separator ","
set grid
set key noenhanced
set termoption noenhanced
set title "the same trace on the model and on the live kernel"
set ylabel "statements per second (median)"
set logscale y 10
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [10:1e9]
set key top left
set format y "%.0s%c"
plot "live.csv" every ::1 using 3:xtic(1) title "live kernel (pidsim live)", \
     "" every ::1 using 6 title "model (pidsim run)", \
     "" every ::1 using 9 title "parse only (ceiling of any replay)", \
     "" every ::1 using 12 title "engine only (the model itself)"
