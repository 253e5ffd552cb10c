/*
 * agent_arch.h - the few machine-dependent pieces of the freestanding agent:
 * raw system calls, the program entry point and a clone3() that starts a
 * thread on its own stack.
 *
 * The agent links no libc: a thread made with a raw clone3(CLONE_VM) has no
 * thread control block of its own, so anything that uses thread-local state
 * (errno, locks, stack-protector slots of a libc) would be shared with the
 * thread that made it. Raw system calls return -errno and touch no memory
 * but their arguments.
 *
 * agent_clone3_thread(args, size, fn, arg): clone3(args, size); in the
 * parent returns the result; in the child (which runs on args->stack) calls
 * fn(arg), which must never return.
 */
#ifndef PIDSIM_AGENT_ARCH_H
#define PIDSIM_AGENT_ARCH_H

#if defined(__x86_64__)

static inline long sys_call6(long n, long a, long b, long c, long d, long e,
			     long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/*
 * The child of clone3 keeps every register but rax, rcx, r11 and rsp, so
 * fn and arg travel in r8 and r9. The kernel sets rsp to stack + size,
 * which the caller keeps 16-byte aligned as the ABI wants before a call.
 */
#define AGENT_ARCH_ASM							\
	".text\n"							\
	".globl _start\n"						\
	".type _start,@function\n"					\
	"_start:\n"							\
	"	xor %ebp, %ebp\n"					\
	"	mov %rsp, %rdi\n"					\
	"	and $-16, %rsp\n"					\
	"	call agent_main\n"					\
	"	hlt\n"							\
	".globl agent_clone3_thread\n"					\
	".type agent_clone3_thread,@function\n"				\
	"agent_clone3_thread:\n"					\
	"	mov %rdx, %r8\n"					\
	"	mov %rcx, %r9\n"					\
	"	mov $435, %eax\n"					\
	"	syscall\n"						\
	"	test %rax, %rax\n"					\
	"	jz 1f\n"						\
	"	ret\n"							\
	"1:	xor %ebp, %ebp\n"					\
	"	mov %r9, %rdi\n"					\
	"	call *%r8\n"						\
	"	hlt\n"

#elif defined(__aarch64__)

static inline long sys_call6(long n, long a, long b, long c, long d, long e,
			     long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc 0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

/* The child keeps x2 (fn) and x3 (arg); sp is stack + size. */
#define AGENT_ARCH_ASM							\
	".text\n"							\
	".globl _start\n"						\
	".type _start,%function\n"					\
	"_start:\n"							\
	"	mov x29, #0\n"						\
	"	mov x30, #0\n"						\
	"	mov x0, sp\n"						\
	"	bl agent_main\n"					\
	"	brk #0\n"						\
	".globl agent_clone3_thread\n"					\
	".type agent_clone3_thread,%function\n"				\
	"agent_clone3_thread:\n"					\
	"	mov x8, #435\n"						\
	"	svc #0\n"						\
	"	cbz x0, 1f\n"						\
	"	ret\n"							\
	"1:	mov x29, #0\n"						\
	"	mov x30, #0\n"						\
	"	mov x0, x3\n"						\
	"	blr x2\n"						\
	"	brk #0\n"

#else
#error "pidsim-agent: no system call glue for this architecture"
#endif

#define sys_call0(n)		sys_call6((n), 0, 0, 0, 0, 0, 0)
#define sys_call1(n, a)		sys_call6((n), (long)(a), 0, 0, 0, 0, 0)
#define sys_call2(n, a, b)	sys_call6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define sys_call3(n, a, b, c)	\
	sys_call6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys_call4(n, a, b, c, d)	\
	sys_call6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sys_call5(n, a, b, c, d, e)	\
	sys_call6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

#endif /* PIDSIM_AGENT_ARCH_H */
