import CQSupport
import Dispatch
import QCore
import QIPC
import QLang
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The dedicated pthread that owns an interpreter when THREADING is on: it drains the
/// request queue in arrival order and sleeps on a futex when there is nothing to do.
/// Once the session listens (`QRuntime.listen`, `\p`), it also serves the port itself,
/// as kdb+'s main thread does: when idle it sleeps in the listener's `poll` instead, and
/// while requests keep coming it polls the port between them. A client's query thus
/// costs two thread wake-ups (the interpreter's, the client's), as against a raw socket
/// echo, rather than an extra hand-off through an I/O thread and back.
///
/// Lifecycle: `running` → `stopping` (shutdown requested; new calls fail) → `stopped`
/// (loop exited, every pending request failed, thread joined).
final class InterpreterThread: @unchecked Sendable {
    // @unchecked Sendable: `interpreter` and `serving` are touched only on the
    // interpreter thread (the loop, and inline re-entrant calls that `isCurrent` proves
    // are on it); `queue`, `wakeTarget` and the atomics are thread-safe; `thread` is
    // written once before any other thread can see this object and read by `join` after
    // the loop has ended.
    let interpreter: Interpreter
    let queue = RequestQueue()
    /// 0 running, 1 stopping, 2 stopped.
    let lifecycle = Atomic<Int>(0)
    /// The futex word the idle loop sleeps on: `awake`, `asleep` (on the futex), or
    /// `polling` (asleep in the served listener's `poll`).
    private let sleepWord: UnsafeMutablePointer<Atomic<UInt32>>
    private static let awake: UInt32 = 0, asleep: UInt32 = 1, polling: UInt32 = 2
    /// The listener this thread serves (interpreter thread only).
    private var serving: QListener?
    /// The same listener, for producers waking a loop asleep in its `poll`.
    private let wakeTarget = Locked<QListener?>(nil)
    /// Requests run back to back before the served port gets a look in.
    private static let burst = 64
    private var thread = pthread_t()
    private let joined = Atomic<Bool>(false)
    /// Where executor jobs run once the thread has stopped (see InterpreterExecutor.swift).
    let afterShutdown: DispatchQueue = {
        let q = DispatchQueue(label: "qruntime.after-shutdown")
        q.setSpecific(key: InterpreterThread.afterShutdownKey, value: ())
        return q
    }()
    static let afterShutdownKey = DispatchSpecificKey<Void>()
    /// Requests processed (for tests and the benchmark).
    let processed = Atomic<Int>(0)
    /// Requests submitted and not yet finished: a caller with others ahead of it parks
    /// at once instead of spinning on a core the interpreter thread needs.
    private let pending = Atomic<Int>(0)

    /// How long the idle loop polls the queue before it sleeps: a caller that submits
    /// within this window is served without a futex wake-up.
    static let idleSpinNanos: UInt64 = 100_000
    /// The idle poll after serving only async callers: their tasks resume through the
    /// cooperative pool, which needs the cores more than a wake-up saved here is worth.
    static let asyncIdleSpinNanos: UInt64 = 5_000
    /// Running average of idle gaps between async calls; interpreter thread only.
    private var asyncGapNanos: UInt64 = 0
    /// Whether the last request served had a blocked (spinning) caller; interpreter thread only.
    private var lastHadBlockedCaller = false
    /// How long a caller at the front of the queue polls for its result before it parks.
    static let callerSpinNanos: UInt64 = 50_000
    /// How long an async caller at the front of the queue polls before it suspends: about
    /// what a suspension and resumption through the cooperative pool costs.
    static let asyncCallerSpinNanos: UInt64 = 5_000

    /// Starts the thread with its own interpreter.
    init(name: String = "qruntime", stackBytes: Int = 512 << 20) throws {
        interpreter = Interpreter()
        sleepWord = .allocate(capacity: 1)
        sleepWord.initialize(to: Atomic(0))
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, stackBytes)
        defer { pthread_attr_destroy(&attr) }
        let box = Unmanaged.passRetained(StartBox(owner: self, name: name)).toOpaque()
        let rc = pthread_create(&thread, &attr, { raw in
            let box = Unmanaged<StartBox>.fromOpaque(raw!).takeRetainedValue()
            cq_set_thread_name(box.name)
            box.owner.run()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<StartBox>.fromOpaque(box).release()
            throw QRuntimeError.configuration("cannot start the interpreter thread (pthread_create: \(rc))")
        }
    }

    deinit {
        // The owner must have stopped and joined the thread ("Thread leak!" otherwise).
        precondition(lifecycle.load(ordering: .acquiring) == 2, "InterpreterThread deallocated while running")
        sleepWord.deinitialize(count: 1)
        sleepWord.deallocate()
    }

    private final class StartBox {
        // The thread's reference to its owner keeps it alive until the loop ends.
        let owner: InterpreterThread
        let name: String
        init(owner: InterpreterThread, name: String) { self.owner = owner; self.name = name }
    }

    /// True on the interpreter thread itself (re-entrant calls run inline).
    ///
    /// A thread-local mark, not `pthread_equal`: once this thread has been joined its
    /// pthread_t may be handed to a new thread, which must not run calls inline.
    var isCurrent: Bool { cq_thread_owner() == Unmanaged.passUnretained(self).toOpaque() }

    /// Queues a request, or fails it at once after shutdown. Returns how many requests
    /// were already waiting or running.
    @discardableResult
    func submit(_ r: Request) -> Int {
        if lifecycle.load(ordering: .acquiring) != 0 {
            failForShutdown(r)
            return 0
        }
        let ahead = pending.wrappingAdd(1, ordering: .relaxed).oldValue
        queue.push(r)
        // Only a producer that finds the loop asleep pays for the wake-up.
        if sleepWord.pointee.load(ordering: .sequentiallyConsistent) != Self.awake { wake() }
        // Raced with shutdown: the loop may already have drained for the last time.
        if lifecycle.load(ordering: .acquiring) == 2 { failForShutdown(r) }
        return ahead
    }

    /// Submits a request and blocks until it is finished, spinning first only when it
    /// is at the front of the queue.
    func submitAndWait(_ r: Request) -> Result<QValue, Error> {
        let ahead = submit(r)
        return r.wait(spinNanos: ahead == 0 ? InterpreterThread.callerSpinNanos : 0)
    }

    /// Wakes the loop if it is asleep, however it sleeps.
    private func wake() {
        switch sleepWord.pointee.exchange(Self.awake, ordering: .sequentiallyConsistent) {
        case Self.asleep: cq_futex_wake(sleepAddress, 1)
        case Self.polling: wakeTarget.withLock { $0 }?.wake()
        default: break
        }
    }

    /// Starts (or, with nil, stops) serving a listener from this thread. Interpreter
    /// thread only: the session's `onListen` hook calls it when `\p` opens or closes a port.
    func serve(_ listener: QListener?) {
        precondition(isCurrent, "serve(_:) off the interpreter thread")
        serving = listener
        wakeTarget.withLock { $0 = listener }
    }

    private var sleepAddress: UnsafeMutablePointer<UInt32> {
        UnsafeMutableRawPointer(sleepWord).assumingMemoryBound(to: UInt32.self)
    }

    /// The loop: run requests in order; when idle, spin briefly, then sleep (or serve
    /// the port until something happens).
    private func run() {
        interpreter.adoptCurrentThread()
        cq_set_thread_owner(Unmanaged.passUnretained(self).toOpaque())
        defer { cq_set_thread_owner(nil) }
        var streak = 0  // requests run since the port last had a look in
        while lifecycle.load(ordering: .acquiring) == 0 {
            if let r = queue.pop() {
                execute(r)
                streak += 1
                // A steady stream of requests must not starve the port's clients.
                if streak >= Self.burst && serving != nil {
                    streak = 0
                    servePort(timeout: 0)
                }
                continue
            }
            streak = 0
            // A negative port's client threads run their queries while this one waits.
            interpreter.endMainWork()
            if serving != nil { idleServing() } else { idle() }
            interpreter.beginMainWork()
        }
        // The port closes with the thread: nobody could answer its clients any more.
        if interpreter.isListening { interpreter.stopListening() }
        // Stopping: fail whatever is still queued, then mark stopped and drain once
        // more for producers that pushed while we were marking.
        while let r = queue.pop() { fail(r) }
        lifecycle.store(2, ordering: .sequentiallyConsistent)
        while let r = queue.pop() { fail(r) }
    }

    private func execute(_ r: Request) {
        defer { pending.wrappingSubtract(1, ordering: .relaxed) }
        guard r.claim() else { return }
        lastHadBlockedCaller = !r.isAsync
        let work = r.work!
        r.work = nil
        let result: Result<QValue, Error>
        do { result = .success(try work(interpreter)) } catch { result = .failure(error) }
        processed.add(1, ordering: .relaxed)
        r.finish(result)
    }

    private func fail(_ r: Request) {
        pending.wrappingSubtract(1, ordering: .relaxed)
        failForShutdown(r)
    }

    /// Fails a request that will never run (unless it already started), then lets it
    /// run its rescue (an executor job must still run somewhere).
    private func failForShutdown(_ r: Request) {
        guard r.claim() else { return }
        let rescue = r.rescue
        r.finish(.failure(QRuntimeError.shutdown))
        rescue?()
    }

    private func idle() {
        let start = cq_monotonic_nanos()
        // Async callers come back through the cooperative pool: poll about as long as
        // their recent gaps (twice the average, 5…50 µs), so a steady stream of calls is
        // met without a futex wake-up while an occasional one costs little CPU.
        let asyncSpin = min(max(2 &* asyncGapNanos, InterpreterThread.asyncIdleSpinNanos), 50_000)
        let deadline = start &+ (lastHadBlockedCaller ? InterpreterThread.idleSpinNanos : asyncSpin)
        var polls = 0
        while true {
            if queue.maybeNonEmpty || lifecycle.load(ordering: .relaxed) != 0 {
                noteGap(since: start)
                return
            }
            cq_cpu_relax()
            polls &+= 1
            // Yield now and then: on a busy machine the callers need this core more.
            if polls & 63 == 0 {
                if cq_monotonic_nanos() >= deadline { break }
                sched_yield()
            }
        }
        sleepWord.pointee.store(Self.asleep, ordering: .sequentiallyConsistent)
        if queue.maybeNonEmpty || lifecycle.load(ordering: .sequentiallyConsistent) != 0 {
            sleepWord.pointee.store(Self.awake, ordering: .sequentiallyConsistent)
            noteGap(since: start)
            return
        }
        cq_futex_wait(sleepAddress, Self.asleep)
        sleepWord.pointee.store(Self.awake, ordering: .sequentiallyConsistent)
        noteGap(since: start)
    }

    /// Folds the idle time that just ended into the running average of gaps between
    /// async calls (a long sleep counts as at most 1 ms, so one pause is soon forgotten).
    private func noteGap(since start: UInt64) {
        guard !lastHadBlockedCaller else { return }
        let gap = min(cq_monotonic_nanos() &- start, 1_000_000)
        asyncGapNanos = (asyncGapNanos &* 3 &+ gap) / 4
    }

    /// Idle with a port: sleep in its `poll` until a client or a producer wakes us.
    private func idleServing() {
        sleepWord.pointee.store(Self.polling, ordering: .sequentiallyConsistent)
        if queue.maybeNonEmpty || lifecycle.load(ordering: .sequentiallyConsistent) != 0 {
            sleepWord.pointee.store(Self.awake, ordering: .sequentiallyConsistent)
            return
        }
        servePort(timeout: -1)
    }

    /// Polls the served listener (up to `timeout` ms, -1 forever) and serves what came,
    /// in arrival order. A listener closed behind our back stops being served.
    private func servePort(timeout: Int32) {
        guard let l = serving, !l.isClosed else {
            if serving != nil { serve(nil) }
            sleepWord.pointee.store(Self.awake, ordering: .sequentiallyConsistent)
            return
        }
        let (events, _) = l.poll(timeout: timeout)
        // Awake from here on: producers need not write to the listener's wake pipe.
        sleepWord.pointee.store(Self.awake, ordering: .sequentiallyConsistent)
        for e in events { interpreter.serve(e, from: l) }
    }

    /// Stops the loop: new and queued calls fail with `QRuntimeError.shutdown`. Joins
    /// the thread unless called from it. Idempotent.
    func shutdown() {
        let (first, _) = lifecycle.compareExchange(expected: 0, desired: 1, ordering: .sequentiallyConsistent)
        if first { wake() }
        if isCurrent { return }
        let (joinNow, _) = joined.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
        if joinNow { pthread_join(thread, nil) }
    }
}
