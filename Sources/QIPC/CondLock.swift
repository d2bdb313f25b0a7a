#if canImport(Glibc)
import Glibc
#endif

/// A mutex with a condition variable (pthread), for threads that must sleep until
/// another thread changes shared state.
final class CondLock: @unchecked Sendable {
    // @unchecked Sendable: the pthread mutex and condition variable are made for use from
    // many threads; they live in heap allocations that never move, are initialized before
    // the object is shared, and are destroyed in deinit when no thread can reach them.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let cond: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        cond = .allocate(capacity: 1)
        cond.initialize(to: pthread_cond_t())
        pthread_cond_init(cond, nil)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Sleeps until `broadcast` (the mutex must be held; it is held again on return).
    func wait() { pthread_cond_wait(cond, mutex) }
    func broadcast() { pthread_cond_broadcast(cond) }

    @inline(__always) func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// Starts a detached pthread running `body` (the I/O threads of connections and servers).
func startThread(name: String, _ body: @escaping @Sendable () -> Void) throws {
    final class Box: @unchecked Sendable {
        // @unchecked Sendable: handed from the creating thread to the new one exactly once.
        let body: @Sendable () -> Void
        let name: String
        init(_ body: @escaping @Sendable () -> Void, _ name: String) { self.body = body; self.name = name }
    }
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED))
    pthread_attr_setstacksize(&attr, 1 << 20)
    let raw = Unmanaged.passRetained(Box(body, name)).toOpaque()
    var tid = pthread_t()
    let rc = pthread_create(&tid, &attr, { p in
        let box = Unmanaged<Box>.fromOpaque(p!).takeRetainedValue()
        box.body()
        return nil
    }, raw)
    if rc != 0 {
        Unmanaged<Box>.fromOpaque(raw).release()
        throw QConnectionError(.io, "cannot start thread \(name) (pthread_create: \(rc))")
    }
}
