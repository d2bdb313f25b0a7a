import CQSupport
import QCore
import QLang
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// The request queue between caller threads and the interpreter thread: a lock-free
// multi-producer single-consumer linked queue (Vyukov's design) built on
// `Synchronization.Atomic`, plus the per-request completion word callers wait on.
//
// A request's completion word goes queued → claimed → done. Whoever moves it out of
// `queued` owns the request's outcome: the interpreter thread by starting it, a
// cancelled task or a failed shutdown by cancelling it. Only `finish` stores `done`,
// after writing the outcome, so a waiter never reads an outcome still being written.
// A caller first polls the word briefly; if it must wait longer, a synchronous caller
// sets the `parked` bit and sleeps on the word (futex), an async caller installs its
// continuation and sets the `attached` bit. The completer wakes or resumes the caller
// only if its bit is set, so a caller that is still polling costs no system call and
// no task suspension; a caller whose bit-setting CAS finds `done` takes the outcome itself.

/// Why a call did not run.
public enum QRuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The interpreter thread was shut down (`shutdownThread()`), before or while the call was queued.
    case shutdown
    /// The configuration could not be read: the message names the file, line and key.
    case configuration(String)
    /// A Swift value could not be converted to or from q.
    case conversion(String)

    public var description: String {
        switch self {
        case .shutdown: return "QRuntime: the interpreter thread has been shut down"
        case .configuration(let m): return "QRuntime configuration: " + m
        case .conversion(let m): return "QRuntime conversion: " + m
        }
    }
}

/// What the interpreter thread runs for a request, on its own thread.
typealias Work = @Sendable (Interpreter) throws -> QValue

/// One call waiting for, or running on, the interpreter thread.
final class Request: @unchecked Sendable {
    // @unchecked Sendable: `work` is set before the request is published (enqueued with
    // an acquire-release exchange) and read only by the interpreter thread after it
    // dequeues; `outcome` is written by exactly one party — the one that moved the
    // completion word out of `queued` — before it stores `done` with release ordering,
    // and read by the caller only after it loads `done` with acquire ordering;
    // `continuation` is written by the caller before it sets `attachedBit` (release) and
    // read by `finish` only if its exchange (acquire) saw that bit.
    static let queued: UInt32 = 0, claimed: UInt32 = 1, done: UInt32 = 2
    static let parkedBit: UInt32 = 0x100
    static let attachedBit: UInt32 = 0x200
    static let stateMask: UInt32 = 0xff

    /// Next request in the queue (an unretained `Request`), written by the producer.
    let next = Atomic<UnsafeMutableRawPointer?>(nil)
    /// The completion word; a separate allocation so its address can be a futex.
    let word: UnsafeMutablePointer<Atomic<UInt32>>
    var work: Work?
    /// Set by `finish` (optional so that a new request allocates no error box).
    var outcome: Result<QValue, Error>?
    var continuation: UnsafeContinuation<QValue, Error>?
    /// The caller is a task (it never parks on the futex).
    let isAsync: Bool
    /// Run instead of `work` when the request is failed by shutdown (set before submit,
    /// read by the one party that cancels it).
    var rescue: (@Sendable () -> Void)?

    init(_ work: Work?, isAsync: Bool = false) {
        self.work = work
        self.isAsync = isAsync
        word = .allocate(capacity: 1)
        word.initialize(to: Atomic(Request.queued))
    }

    deinit {
        word.deinitialize(count: 1)
        word.deallocate()
    }

    @inline(__always) var state: UInt32 { word.pointee.load(ordering: .acquiring) & Request.stateMask }

    /// Moves a queued request to `claimed`, keeping the waiter bits; false if another
    /// party claimed it first. The interpreter thread claims to run it (`start`), a
    /// cancelled task or shutdown to fail it (`cancel`): the same transition.
    func claim() -> Bool {
        var current = word.pointee.load(ordering: .acquiring)
        while current & Request.stateMask == Request.queued {
            let (ok, seen) = word.pointee.compareExchange(
                expected: current, desired: (current & ~Request.stateMask) | Request.claimed,
                ordering: .acquiringAndReleasing)
            if ok { return true }
            current = seen
        }
        return false
    }

    /// Publishes the outcome (after a successful `claim`) and wakes or resumes
    /// the caller if it is waiting.
    func finish(_ result: Result<QValue, Error>) {
        outcome = result
        let old = word.pointee.exchange(Request.done, ordering: .acquiringAndReleasing)
        if old & Request.attachedBit != 0 {
            let c = continuation.take()!
            c.resume(with: result)
        } else if old & Request.parkedBit != 0 {
            cq_futex_wake(UnsafeMutableRawPointer(word).assumingMemoryBound(to: UInt32.self), 1)
        }
    }

    /// Polls for the outcome for at most `nanos`; true when the request is done.
    func poll(nanos: UInt64) -> Bool {
        if state == Request.done { return true }
        let deadline = cq_monotonic_nanos() &+ nanos
        var polls = 0
        while true {
            if state == Request.done { return true }
            cq_cpu_relax()
            polls &+= 1
            // Reading the clock costs more than a poll: check it now and then.
            if polls & 15 == 0, cq_monotonic_nanos() >= deadline { return false }
        }
    }

    /// Installs an async caller's continuation, for `finish` to resume; false (and not
    /// installed) if the request is already done, when the caller resumes it itself.
    func attach(_ c: UnsafeContinuation<QValue, Error>) -> Bool {
        continuation = c
        var current = word.pointee.load(ordering: .acquiring)
        while current & Request.stateMask != Request.done {
            let (ok, seen) = word.pointee.compareExchange(
                expected: current, desired: current | Request.attachedBit, ordering: .acquiringAndReleasing)
            if ok { return true }
            current = seen
        }
        // `finish` saw no attached bit, so it never reads the continuation.
        continuation = nil
        return false
    }

    /// Blocks the calling thread until the request is finished: a spin of at most
    /// `spinNanos` (a call at the front of the queue finishes within microseconds, sooner
    /// than a sleep and wake-up would take), then a futex sleep.
    func wait(spinNanos: UInt64) -> Result<QValue, Error> {
        if spinNanos > 0, poll(nanos: spinNanos) { return outcome! }
        while true {
            let current = word.pointee.load(ordering: .acquiring)
            if current & Request.stateMask == Request.done { return outcome! }
            if current & Request.parkedBit == 0 {
                let (ok, _) = word.pointee.compareExchange(expected: current, desired: current | Request.parkedBit,
                                                           ordering: .acquiringAndReleasing)
                if !ok { continue }
            }
            cq_futex_wait(UnsafeMutableRawPointer(word).assumingMemoryBound(to: UInt32.self), current | Request.parkedBit)
        }
    }
}

/// The multi-producer single-consumer queue of requests.
final class RequestQueue: @unchecked Sendable {
    // @unchecked Sendable: `head` is an atomic shared by producers; `tail` and `stub`
    // are touched only by the single consumer (the interpreter thread), and by
    // `deinit` once no thread can reach the queue any more.
    private let head: Atomic<UnsafeMutableRawPointer>
    private var tail: UnsafeMutableRawPointer
    private let stub: Request

    init() {
        stub = Request(nil)
        let p = Unmanaged.passUnretained(stub).toOpaque()
        head = Atomic(p)
        tail = p
    }

    deinit {
        // Release requests that were pushed but never popped.
        while let r = pop() { _ = r }
    }

    /// Adds a request (any thread). The queue holds a reference until it is popped.
    func push(_ r: Request) {
        r.next.store(nil, ordering: .relaxed)
        let p = Unmanaged.passRetained(r).toOpaque()
        let prev = head.exchange(p, ordering: .acquiringAndReleasing)
        Unmanaged<Request>.fromOpaque(prev).takeUnretainedValue().next.store(p, ordering: .releasing)
    }

    /// Removes the oldest request (interpreter thread only), or nil when empty.
    func pop() -> Request? {
        var t = tail
        var next = node(t).next.load(ordering: .acquiring)
        if t == stubPointer {
            guard let n = next else { return nil }
            tail = n
            t = n
            next = node(n).next.load(ordering: .acquiring)
        }
        if let n = next {
            tail = n
            return Unmanaged<Request>.fromOpaque(t).takeRetainedValue()
        }
        // `t` is the last node: if a producer is mid-push, wait for its link.
        if t != head.load(ordering: .acquiring) {
            while node(t).next.load(ordering: .acquiring) == nil { sched_yield() }
            return pop()
        }
        // Re-insert the stub so `t` can be handed out.
        push(stub, retained: false)
        if let n = node(t).next.load(ordering: .acquiring) {
            tail = n
            return Unmanaged<Request>.fromOpaque(t).takeRetainedValue()
        }
        return nil
    }

    /// True when a request may be waiting (a hint for the sleeping consumer).
    var maybeNonEmpty: Bool {
        head.load(ordering: .sequentiallyConsistent) != tail || node(tail).next.load(ordering: .acquiring) != nil
    }

    private var stubPointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(stub).toOpaque() }

    @inline(__always) private func node(_ p: UnsafeMutableRawPointer) -> Request {
        Unmanaged<Request>.fromOpaque(p).takeUnretainedValue()
    }

    private func push(_ r: Request, retained: Bool) {
        r.next.store(nil, ordering: .relaxed)
        let p = Unmanaged.passUnretained(r).toOpaque()
        let prev = head.exchange(p, ordering: .acquiringAndReleasing)
        node(prev).next.store(p, ordering: .releasing)
    }
}
