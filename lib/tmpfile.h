/*
 * tmpfile.h - a private temporary file: created in $TMPDIR (or /tmp) and
 * unlinked at once, so that it disappears with its descriptor whatever
 * happens to the process.
 */
#ifndef PIDSIM_LIB_TMPFILE_H
#define PIDSIM_LIB_TMPFILE_H

/*
 * A new, empty, unlinked file opened read-write with O_CLOEXEC, its name
 * starting with prefix: the descriptor, or -errno (-ENAMETOOLONG when
 * $TMPDIR is too long). Never leaves a name behind.
 */
int tmpfile_unlinked(const char *prefix);

#endif /* PIDSIM_LIB_TMPFILE_H */
