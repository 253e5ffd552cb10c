/*
 * workload.c - small programs for `pidsim record` to record, each doing one
 * thing real programs do with pid numbers, deterministically:
 *
 *   sigign N      ignore SIGCHLD, fork N children that exit: the kernel
 *                 reaps them, no wait ever returns one
 *   thread-exec   start two threads; the second execs /bin/true, so
 *                 de_thread gives it the leader's pid
 *   init-thread-exec  the same done by pid 1 itself: the exec'ing thread
 *                 becomes the namespace's init
 *   leader-exit   the main thread exits alone (pthread_exit) while a thread
 *                 forks and waits for a child
 *   forkloop N    fork and reap N children, one at a time
 *   waitpid N     fork N children, reap them by pid in reverse order
 *   kill          fork a child that sleeps, SIGTERM it, reap it
 *   setsid        a child makes a session, a grandchild joins its group
 *   orphans       a child forks two, one exits at once, and exits without
 *                 waiting: init inherits a zombie and a running orphan
 *
 * Run as pid 1 (as `pidsim record` runs it), it does its part in a child
 * and reaps every process that comes to it.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int sigign(int n)
{
	int i;

	signal(SIGCHLD, SIG_IGN);
	for (i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		if (p < 0)
			return 1;
	}
	/* the children are gone without a wait: wait answers ECHILD */
	while (wait(NULL) > 0)
		;
	return 0;
}

static void *exec_true(void *arg)
{
	(void)arg;
	execl("/bin/true", "true", (char *)NULL);
	return NULL;
}

static void *idle(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

static int thread_exec(void)
{
	pthread_t a, b;

	if (pthread_create(&a, NULL, idle, NULL) || pthread_create(&b, NULL, exec_true, NULL))
		return 1;
	pause();
	return 0;
}

static void *fork_and_wait(void *arg)
{
	pid_t p;

	(void)arg;
	usleep(20000);		/* the leader has exited by now */
	p = fork();
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return NULL;
}

static int leader_exit(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, fork_and_wait, NULL))
		return 1;
	pthread_exit(NULL);
}

static int forkloop(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		if (p < 0 || waitpid(p, NULL, 0) != p)
			return 1;
	}
	return 0;
}

static int waitpid_reverse(int n)
{
	pid_t p[64];
	int i;

	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++) {
		p[i] = fork();
		if (p[i] == 0)
			_exit(0);
	}
	for (i = n - 1; i >= 0; i--)
		if (waitpid(p[i], NULL, 0) != p[i])
			return 1;
	return 0;
}

static int kill_child(void)
{
	pid_t p = fork();

	if (p == 0) {
		pause();
		_exit(0);
	}
	usleep(20000);
	kill(p, SIGTERM);
	return waitpid(p, NULL, 0) == p ? 0 : 1;
}

static int session(void)
{
	pid_t p = fork();
	int st;

	if (p == 0) {
		pid_t g;

		if (setsid() < 0)
			_exit(1);
		g = fork();
		if (g == 0) {
			setpgid(0, getppid());
			_exit(0);
		}
		waitpid(g, NULL, 0);
		_exit(0);
	}
	waitpid(p, &st, 0);
	return 0;
}

static int orphans(void)
{
	pid_t p = fork();

	if (p == 0) {
		if (fork() == 0)
			_exit(0);
		if (fork() == 0) {
			usleep(30000);
			_exit(0);
		}
		usleep(10000);	/* the first is a zombie by now */
		_exit(0);
	}
	return waitpid(p, NULL, 0) == p ? 0 : 1;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 3;

	if (argc < 2)
		goto usage;
	if (getpid() == 1 && strcmp(argv[1], "init-thread-exec") != 0) {
		/* as a namespace's init: do it in a child, reap whatever comes */
		pid_t p = fork();
		int st = 0;

		if (p < 0)
			return 1;
		if (p > 0) {
			while (wait(&st) > 0)
				;
			return 0;
		}
	}
	if (strcmp(argv[1], "sigign") == 0)
		return sigign(n);
	if (strcmp(argv[1], "thread-exec") == 0 || strcmp(argv[1], "init-thread-exec") == 0)
		return thread_exec();
	if (strcmp(argv[1], "leader-exit") == 0)
		return leader_exit();
	if (strcmp(argv[1], "forkloop") == 0)
		return forkloop(n);
	if (strcmp(argv[1], "waitpid") == 0)
		return waitpid_reverse(n);
	if (strcmp(argv[1], "kill") == 0)
		return kill_child();
	if (strcmp(argv[1], "setsid") == 0)
		return session();
	if (strcmp(argv[1], "orphans") == 0)
		return orphans();
usage:
	fprintf(stderr, "usage: workload sigign|thread-exec|init-thread-exec|leader-exit|forkloop|waitpid|kill|setsid|orphans [N]\n");
	return 2;
}
