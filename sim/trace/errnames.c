/*
 * errnames.c - the errno <-> name table (see errnames.h).
 *
 * Values come from <errno.h>, so the table always agrees with the C
 * library the live runner uses. errno_name() indexes an array by value;
 * errno_by_name() scans, which is fine: the parser calls it once per line.
 */
#include <errno.h>
#include <string.h>

#include "sim/trace/errnames.h"

/* Every canonical Linux errno, in value order. */
#define ERRNO_LIST \
	N(EPERM) N(ENOENT) N(ESRCH) N(EINTR) \
	N(EIO) N(ENXIO) N(E2BIG) N(ENOEXEC) \
	N(EBADF) N(ECHILD) N(EAGAIN) N(ENOMEM) \
	N(EACCES) N(EFAULT) N(ENOTBLK) N(EBUSY) \
	N(EEXIST) N(EXDEV) N(ENODEV) N(ENOTDIR) \
	N(EISDIR) N(EINVAL) N(ENFILE) N(EMFILE) \
	N(ENOTTY) N(ETXTBSY) N(EFBIG) N(ENOSPC) \
	N(ESPIPE) N(EROFS) N(EMLINK) N(EPIPE) \
	N(EDOM) N(ERANGE) N(EDEADLK) N(ENAMETOOLONG) \
	N(ENOLCK) N(ENOSYS) N(ENOTEMPTY) N(ELOOP) \
	N(ENOMSG) N(EIDRM) N(ECHRNG) N(EL2NSYNC) \
	N(EL3HLT) N(EL3RST) N(ELNRNG) N(EUNATCH) \
	N(ENOCSI) N(EL2HLT) N(EBADE) N(EBADR) \
	N(EXFULL) N(ENOANO) N(EBADRQC) N(EBADSLT) \
	N(EBFONT) N(ENOSTR) N(ENODATA) N(ETIME) \
	N(ENOSR) N(ENONET) N(ENOPKG) N(EREMOTE) \
	N(ENOLINK) N(EADV) N(ESRMNT) N(ECOMM) \
	N(EPROTO) N(EMULTIHOP) N(EDOTDOT) N(EBADMSG) \
	N(EOVERFLOW) N(ENOTUNIQ) N(EBADFD) N(EREMCHG) \
	N(ELIBACC) N(ELIBBAD) N(ELIBSCN) N(ELIBMAX) \
	N(ELIBEXEC) N(EILSEQ) N(ERESTART) N(ESTRPIPE) \
	N(EUSERS) N(ENOTSOCK) N(EDESTADDRREQ) N(EMSGSIZE) \
	N(EPROTOTYPE) N(ENOPROTOOPT) N(EPROTONOSUPPORT) N(ESOCKTNOSUPPORT) \
	N(EOPNOTSUPP) N(EPFNOSUPPORT) N(EAFNOSUPPORT) N(EADDRINUSE) \
	N(EADDRNOTAVAIL) N(ENETDOWN) N(ENETUNREACH) N(ENETRESET) \
	N(ECONNABORTED) N(ECONNRESET) N(ENOBUFS) N(EISCONN) \
	N(ENOTCONN) N(ESHUTDOWN) N(ETOOMANYREFS) N(ETIMEDOUT) \
	N(ECONNREFUSED) N(EHOSTDOWN) N(EHOSTUNREACH) N(EALREADY) \
	N(EINPROGRESS) N(ESTALE) N(EUCLEAN) N(ENOTNAM) \
	N(ENAVAIL) N(EISNAM) N(EREMOTEIO) N(EDQUOT) \
	N(ENOMEDIUM) N(EMEDIUMTYPE) N(ECANCELED) N(ENOKEY) \
	N(EKEYEXPIRED) N(EKEYREVOKED) N(EKEYREJECTED) N(EOWNERDEAD) \
	N(ENOTRECOVERABLE) N(ERFKILL) N(EHWPOISON) \
	/* end */

#define N(e)	[e] = #e,
static const char *const by_value[] = {
	ERRNO_LIST
};
#undef N

/* Names accepted on input that share a value with a canonical name. */
static const struct {
	const char *name;
	int value;
} aliases[] = {
	{ "EWOULDBLOCK",	EWOULDBLOCK },
	{ "EDEADLOCK",		EDEADLOCK },
	{ "ENOTSUP",		ENOTSUP },
};

const char *errno_name(int err)
{
	if (err <= 0 || (size_t)err >= sizeof(by_value) / sizeof(by_value[0]))
		return NULL;
	return by_value[err];
}

static int name_is(const char *known, const char *name, size_t len)
{
	return known && strlen(known) == len && memcmp(known, name, len) == 0;
}

int errno_by_name(const char *name, size_t len)
{
	size_t i;

	if (len < 2 || name[0] != 'E')
		return 0;
	for (i = 1; i < sizeof(by_value) / sizeof(by_value[0]); i++)
		if (name_is(by_value[i], name, len))
			return (int)i;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (name_is(aliases[i].name, name, len))
			return aliases[i].value;
	return 0;
}
