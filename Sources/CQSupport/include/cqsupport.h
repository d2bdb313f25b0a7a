#ifndef CQSUPPORT_H
#define CQSUPPORT_H
#include <stddef.h>
#include <stdint.h>

/// Lowest address and size of the calling thread's stack (0 on success).
/// Swift cannot call pthread_getattr_np: it needs _GNU_SOURCE.
int cq_thread_stack(void **lowest, size_t *size);

/// Names the calling thread (at most 15 bytes are kept).
void cq_set_thread_name(const char *name);

/// Sleeps while the 32-bit word at `addr` equals `expected` (futex wait, private).
/// Returns early on a wake, a signal, or when the word already differs.
void cq_futex_wait(uint32_t *addr, uint32_t expected);

/// Wakes up to `count` threads sleeping on `addr`.
void cq_futex_wake(uint32_t *addr, int count);

/// Seconds of CPU time used by the whole process (user + system).
double cq_process_cpu_seconds(void);

/// A spin-wait hint to the CPU (x86 `pause`, ARM `yield`): lets a sibling hyperthread run
/// and saves power while a thread polls a word another core will change.
static inline void cq_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __asm__ __volatile__("pause");
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Marks the calling thread as run by `owner` (NULL clears it): a thread-local word,
/// because pthread_t values are reused once a thread has been joined.
void cq_set_thread_owner(void *owner);

/// What `cq_set_thread_owner` last stored on the calling thread (NULL if nothing).
void *cq_thread_owner(void);

/// Marks the calling thread as a client thread of a multithreaded port evaluating with
/// `reader` (NULL clears it): a second thread-local word.
void cq_set_thread_reader(void *reader);

/// What `cq_set_thread_reader` last stored on the calling thread (NULL if nothing).
void *cq_thread_reader(void);

/// Monotonic nanoseconds (CLOCK_MONOTONIC), cheap enough to poll while spinning.
uint64_t cq_monotonic_nanos(void);

#endif
