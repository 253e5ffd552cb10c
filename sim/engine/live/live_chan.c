/*
 * live_chan.c - the live engine's control channels (live_chan.h): sending
 * a command with an optional descriptor, receiving a reply or a hello with
 * its descriptors, waiting for an agent's end-of-file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sim/engine/live/live_chan.h"
#include "sim/engine/live/live_stop.h"

double live_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int live_send(int chan, const struct agent_cmd *cmd, int passfd)
{
	return live_send_fds(chan, cmd, &passfd, passfd >= 0 ? 1 : 0);
}

int live_send_fds(int chan, const struct agent_cmd *cmd, const int *fds,
		  int nfds)
{
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { (void *)cmd, sizeof(*cmd) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (nfds > 2)
		return -EINVAL;
	if (nfds > 0) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	}
	do
		n = sendmsg(chan, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == (ssize_t)sizeof(*cmd) ? 0 : -EPROTO;
}

static int live_poll_in(int chan, unsigned int timeout_ms)
{
	struct pollfd p = { .fd = chan, .events = POLLIN };
	double deadline = live_now_ms() + timeout_ms;
	int n;

	for (;;) {
		int left = (int)(deadline - live_now_ms());

		if (live_stopping())
			return -EINTR;
		n = poll(&p, 1, left > 0 ? left : 0);
		if (n > 0)
			return 0;
		if (n == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

ssize_t live_recv(int chan, void *buf, size_t len, int *fds, int maxfds,
		  unsigned int timeout_ms)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { buf, len };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *c;
	ssize_t n;
	int ret, got = 0;

	for (int i = 0; i < maxfds; i++)
		fds[i] = -1;
	ret = live_poll_in(chan, timeout_ms);
	if (ret)
		return ret;
	do
		n = recvmsg(chan, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == ECONNRESET ? 0 : -errno;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		size_t k;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (got < maxfds)
				fds[got++] = fd;
			else
				close(fd);
		}
	}
	if (n > 0 && (size_t)n != len) {
		for (int i = 0; i < got; i++) {
			close(fds[i]);
			fds[i] = -1;
		}
		return -EPROTO;
	}
	return n;
}

int live_wait_eof(int chan, unsigned int timeout_ms)
{
	char buf[sizeof(struct agent_reply) + 64];
	double deadline = live_now_ms() + timeout_ms;

	for (;;) {
		int left = (int)(deadline - live_now_ms());
		int ret = live_poll_in(chan, left > 0 ? (unsigned int)left : 0);
		ssize_t n;

		if (ret)
			return ret;
		n = recv(chan, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return 0;
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return -errno;
		/* A stray reply: keep waiting for the end. */
	}
}

int live_chan_call(int chan, const struct agent_cmd *cmd,
		   struct agent_reply *rep, unsigned int timeout_ms)
{
	int ret = live_send(chan, cmd, -1);
	ssize_t n;

	if (ret)
		return ret;
	n = live_recv(chan, rep, sizeof(*rep), NULL, 0, timeout_ms);
	if (n < 0)
		return (int)n;
	return n == 0 ? -EPIPE : 0;
}
