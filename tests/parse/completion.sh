#!/bin/sh
# The bash completion made from the command tables completes commands,
# options and kernel profiles:  completion.sh PIDSIM
set -eu
pidsim=$1
command -v bash >/dev/null || exit 77
script=$(mktemp)
trap 'rm -f "$script"' EXIT
"$pidsim" help --completion >"$script"
PATH=$(dirname "$pidsim"):$PATH bash -c '
	. "$1"
	failed=0
	# complete WORDS... -> the candidates for the last word
	complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _pidsim; echo "${COMPREPLY[*]}"; }
	want() { case " $1 " in *" $2 "*) echo "ok: $3";; *) echo "FAIL: $3: got [$1]"; failed=1;; esac; }
	want "$(complete_words pidsim ru)" run "a command"
	want "$(complete_words pidsim di)" diff "a command"
	want "$(complete_words pidsim run --ker)" --kernel "an option of run"
	want "$(complete_words pidsim run --kernel 6.1)" 6.18 "a kernel profile"
	want "$(complete_words pidsim gen --mix c)" chaos "a mix"
	want "$(complete_words pidsim run --columns p)" pgid "a column"
	want "$(complete_words pidsim help r)" run "help takes a command"
	[ -z "$(complete_words pidsim gen --seed "")" ] && echo "ok: a number completes to nothing" ||
		{ echo "FAIL: --seed completes to something"; failed=1; }
	exit $failed
' completion "$script"
