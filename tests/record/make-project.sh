# A build for `pidsim record`: generate a C project of 30 files in a
# temporary directory and build it with make -j2 (a shell, the compiler,
# assembler and linker processes, two jobs at a time), four times over so
# that a small pid_max wraps, then remove it.
set -e
dir=$(mktemp -d /tmp/pidsim-record-make.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
objs=
for i in $(seq 1 30); do
	printf 'int f%d(int x) { return x + %d; }\n' "$i" "$i" >"f$i.c"
	objs="$objs f$i.o"
done
printf 'int f1(int);\nint main(void) { return f1(-1); }\n' >main.c
printf 'prog: main.o%s\n\t$(CC) -o $@ $^\n%%.o: %%.c\n\t$(CC) -O0 -c -o $@ $< && test -s $@\nclean:\n\trm -f prog *.o\n' "$objs" >Makefile
for round in 1 2 3 4; do
	make -s -j2 CC=cc
	./prog
	make -s clean
done
