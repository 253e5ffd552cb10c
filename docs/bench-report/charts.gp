# Draws every chart of the pidbench report: gnuplot charts.gp
# (run from this directory)
set terminal pngcairo size 1000,600 noenhanced font ",10"
set output "depth.png"
load "depth.gp"
unset output
set terminal svg size 1000,600 noenhanced font "sans,10" background "white"
set output "depth.svg"
load "depth.gp"
unset output
set terminal pngcairo size 1000,600 noenhanced font ",10"
set output "occupancy.png"
load "occupancy.gp"
unset output
set terminal svg size 1000,600 noenhanced font "sans,10" background "white"
set output "occupancy.svg"
load "occupancy.gp"
unset output
set terminal pngcairo size 1000,600 noenhanced font ",10"
set output "lookup.png"
load "lookup.gp"
unset output
set terminal svg size 1000,600 noenhanced font "sans,10" background "white"
set output "lookup.svg"
load "lookup.gp"
unset output
set terminal pngcairo size 1000,600 noenhanced font ",10"
set output "replay.png"
load "replay.gp"
unset output
set terminal svg size 1000,600 noenhanced font "sans,10" background "white"
set output "replay.svg"
load "replay.gp"
unset output
set terminal pngcairo size 1000,600 noenhanced font ",10"
set output "live.png"
load "live.gp"
unset output
set terminal svg size 1000,600 noenhanced font "sans,10" background "white"
set output "live.svg"
load "live.gp"
unset output
