#ifndef CQSUPPORT_H
#define CQSUPPORT_H
#include <stddef.h>

/// Lowest address and size of the calling thread's stack (0 on failure).
/// Swift cannot call pthread_getattr_np: it needs _GNU_SOURCE.
int cq_thread_stack(void **lowest, size_t *size);

#endif
