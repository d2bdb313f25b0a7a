#define _GNU_SOURCE
#include <pthread.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <time.h>
#include "cqsupport.h"

int cq_thread_stack(void **lowest, size_t *size) {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return -1;
    int rc = pthread_attr_getstack(&attr, lowest, size);
    pthread_attr_destroy(&attr);
    return rc;
}

void cq_set_thread_name(const char *name) {
    pthread_setname_np(pthread_self(), name);
}

void cq_futex_wait(uint32_t *addr, uint32_t expected) {
    syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

void cq_futex_wake(uint32_t *addr, int count) {
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
}

double cq_process_cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t cq_monotonic_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static __thread void *thread_owner;

void cq_set_thread_owner(void *owner) { thread_owner = owner; }

void *cq_thread_owner(void) { return thread_owner; }

static __thread void *thread_reader;

void cq_set_thread_reader(void *reader) { thread_reader = reader; }

void *cq_thread_reader(void) { return thread_reader; }
