import CQSupport
import Dispatch
import Foundation
import QCore
import QLang
import QRuntime
import Synchronization

// The bridge benchmark: a trivial call's round trip onto the interpreter, from foreign
// threads and from async tasks, for QRuntime and three designs written here:
//   (a) PyKX's: a mutex-protected list, a condition variable to wake the worker, and a
//       caller that busy-waits on its request's done flag;
//   (b) a serial DispatchQueue;
//   (c) a mutex around the interpreter, called on the caller's own thread (no hand-off).

/// One design under test: a blocking call and an async call running `work`.
protocol BridgeDesign: Sendable {
    var name: String { get }
    func call() throws -> QValue
    func callAsync() async throws -> QValue
    func stop()
}

let trivialWork: @Sendable (Interpreter) throws -> QValue = { _ in .long(1) }

struct QRuntimeDesign: BridgeDesign {
    let q: QRuntime
    var name: String { "QRuntime" }
    init() throws { q = try QRuntime(configuration: QConfiguration(threading: true)) }
    func call() throws -> QValue { try q.withInterpreter(trivialWork) }
    func callAsync() async throws -> QValue { try await q.withInterpreter(trivialWork) }
    func stop() { q.shutdownThread() }
}

/// QRuntime called from tasks that prefer its task executor: their code runs on the
/// interpreter thread, so each call runs inline (no hand-off, no suspension).
struct QRuntimeTaskExecutorDesign: BridgeDesign {
    let q: QRuntime
    let preference: any TaskExecutor
    var name: String { "QRuntime, taskExecutor" }
    init(_ q: QRuntime) throws { self.q = q; preference = try q.taskExecutor() }
    func call() throws -> QValue { try q.withInterpreter(trivialWork) }
    func callAsync() async throws -> QValue { try await q.withInterpreter(trivialWork) }
    func stop() {}
}

/// Reference for tasks: no hand-off at all, just one suspension and resumption through
/// the cooperative pool per call — what any design whose caller suspends pays at least.
struct YieldFloorDesign: BridgeDesign {
    var name: String { "Task.yield, no hand-off" }
    func call() throws -> QValue { .long(1) }
    func callAsync() async throws -> QValue { await Task.yield(); return .long(1) }
    func stop() {}
}

/// (a) PyKX's design.
final class PyKXDesign: BridgeDesign, @unchecked Sendable {
    // @unchecked Sendable: `pending` and `stopping` are guarded by `mutex`; each job's
    // `done` is an atomic the caller spins on; the interpreter is used only by `worker`.
    final class Job: @unchecked Sendable {
        // @unchecked Sendable: `result` is written before `done` is set (release) and read after (acquire).
        let done = Atomic<Bool>(false)
        var result: QValue = .identity
    }
    var name: String { "(a) PyKX" }
    private var pending: [Job] = []
    private var stopping = false
    private var mutex = pthread_mutex_t()
    private var cond = pthread_cond_t()
    private let interp = Interpreter()
    private var worker: Thread?

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&cond, nil)
        let t = Thread { [unowned self] in self.loop() }
        t.stackSize = 64 << 20
        worker = t
        t.start()
    }

    private func loop() {
        while true {
            pthread_mutex_lock(&mutex)
            while pending.isEmpty && !stopping { pthread_cond_wait(&cond, &mutex) }
            if stopping && pending.isEmpty { pthread_mutex_unlock(&mutex); return }
            let job = pending.removeFirst()
            pthread_mutex_unlock(&mutex)
            job.result = (try? trivialWork(interp)) ?? .identity
            job.done.store(true, ordering: .releasing)
        }
    }

    func call() throws -> QValue {
        let job = Job()
        pthread_mutex_lock(&mutex)
        pending.append(job)
        pthread_cond_signal(&cond)
        pthread_mutex_unlock(&mutex)
        while !job.done.load(ordering: .acquiring) {}
        return job.result
    }

    func callAsync() async throws -> QValue { try call() }

    func stop() {
        pthread_mutex_lock(&mutex)
        stopping = true
        pthread_cond_signal(&cond)
        pthread_mutex_unlock(&mutex)
    }
}

/// (b) A serial DispatchQueue owning the interpreter, used as a serial executor: work is
/// enqueued with `async` and a blocked caller waits on a semaphore.
final class DispatchDesign: BridgeDesign, @unchecked Sendable {
    // @unchecked Sendable: the interpreter is used only on `queue`, which is serial.
    final class Slot: @unchecked Sendable {
        // @unchecked Sendable: `result` is written on the queue before `done.signal()` and
        // read by the caller after `done.wait()`.
        var result: Result<QValue, Error> = .success(.identity)
        let done = DispatchSemaphore(value: 0)
    }
    var name: String { "(b) DispatchQueue" }
    private let queue = DispatchQueue(label: "qbench.serial")
    private let interp = Interpreter()
    func call() throws -> QValue {
        let slot = Slot()
        queue.async { slot.result = Result { try trivialWork(self.interp) }; slot.done.signal() }
        slot.done.wait()
        return try slot.result.get()
    }
    func callAsync() async throws -> QValue {
        try await withCheckedThrowingContinuation { c in
            queue.async { c.resume(with: Result { try trivialWork(self.interp) }) }
        }
    }
    func stop() {}
}

/// (b′) `DispatchQueue.sync`, for reference: libdispatch runs a `sync` block on the
/// calling thread when it can, so this is a lock around the interpreter (design (c))
/// rather than a hand-off to the thread that owns it.
final class DispatchSyncDesign: BridgeDesign, @unchecked Sendable {
    // @unchecked Sendable: the interpreter is used only inside `queue.sync`, which is serial.
    var name: String { "(b') DispatchQueue.sync" }
    private let queue = DispatchQueue(label: "qbench.serial-sync")
    private let interp = Interpreter()
    func call() throws -> QValue { try queue.sync { try trivialWork(interp) } }
    func callAsync() async throws -> QValue { try call() }
    func stop() {}
}

/// (c) A mutex around the interpreter, on the caller's thread.
final class MutexDesign: BridgeDesign, @unchecked Sendable {
    // @unchecked Sendable: the interpreter is used only while holding `lock`.
    var name: String { "(c) mutex, no hand-off" }
    private let lock = Mutex<Void>(())
    private let interp = Interpreter()
    func call() throws -> QValue { try lock.withLock { _ in try trivialWork(interp) } }
    func callAsync() async throws -> QValue { try call() }
    func stop() {}
}

struct BridgeResult {
    let design: String
    let callsPerSecond: Double
    let p50: Double, p99: Double
    let cpuPerMillion: Double
}

func nowNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func percentile(_ sorted: [UInt64], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
}

/// `threads` threads each making `perThread` blocking calls.
func measureThreads(_ d: BridgeDesign, threads: Int, perThread: Int) -> BridgeResult {
    let latencies = Mutex<[UInt64]>([])
    let cpu0 = cq_process_cpu_seconds()
    let t0 = nowNanos()
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
        var local = [UInt64]()
        local.reserveCapacity(perThread)
        for _ in 0..<perThread {
            let a = nowNanos()
            _ = try? d.call()
            local.append(nowNanos() - a)
        }
        latencies.withLock { $0 += local }
    }
    let elapsed = Double(nowNanos() - t0) / 1e9
    let cpu = cq_process_cpu_seconds() - cpu0
    let all = latencies.withLock { $0 }.sorted()
    let calls = Double(threads * perThread)
    return BridgeResult(design: d.name, callsPerSecond: calls / elapsed, p50: percentile(all, 0.5),
                        p99: percentile(all, 0.99), cpuPerMillion: cpu / calls * 1e6)
}

/// Latencies gathered from many tasks, and a continuation resumed when the last one reports.
final class TaskTally: @unchecked Sendable {
    // @unchecked Sendable: every field is read and written only while holding `lock`.
    private let lock = NSLock()
    private var remaining: Int
    private var all: [UInt64] = []
    private var waiter: CheckedContinuation<[UInt64], Never>?
    init(tasks: Int) { remaining = tasks }
    func report(_ local: [UInt64]) {
        lock.lock()
        all += local
        remaining -= 1
        let w = remaining == 0 ? waiter : nil
        if w != nil { waiter = nil }
        lock.unlock()
        w?.resume(returning: all)
    }
    func wait() async -> [UInt64] {
        await withCheckedContinuation { c in
            lock.lock()
            if remaining == 0 { lock.unlock(); c.resume(returning: all); return }
            waiter = c
            lock.unlock()
        }
    }
}

/// `tasks` concurrent tasks each making `perTask` async calls. The tasks are unstructured
/// (a task group's child bookkeeping is quadratic in its size and would dominate at 10,000
/// children, for every design alike).
func measureTasks(_ d: BridgeDesign, tasks: Int, perTask: Int) async -> BridgeResult {
    let preference = (d as? QRuntimeTaskExecutorDesign)?.preference
    let cpu0 = cq_process_cpu_seconds()
    let t0 = nowNanos()
    let tally = TaskTally(tasks: tasks)
    for _ in 0..<tasks {
        Task(executorPreference: preference) {
            var local = [UInt64]()
            local.reserveCapacity(perTask)
            for _ in 0..<perTask {
                let a = nowNanos()
                _ = try? await d.callAsync()
                local.append(nowNanos() - a)
            }
            tally.report(local)
        }
    }
    let all = await tally.wait().sorted()
    let elapsed = Double(nowNanos() - t0) / 1e9
    let cpu = cq_process_cpu_seconds() - cpu0
    let calls = Double(tasks * perTask)
    return BridgeResult(design: d.name, callsPerSecond: calls / elapsed, p50: percentile(all, 0.5),
                        p99: percentile(all, 0.99), cpuPerMillion: cpu / calls * 1e6)
}

func printRow(_ label: String, _ r: BridgeResult) {
    print(label.padding(toLength: 14, withPad: " ", startingAt: 0)
          + r.design.padding(toLength: 24, withPad: " ", startingAt: 0)
          + String(format: "%12.0f %10.1f %10.1f %12.2f", r.callsPerSecond, r.p50, r.p99, r.cpuPerMillion))
}

func runBridgeBenchmark() async throws {
    // QBENCH_PROFILE=tasks|threads|… runs one case five times (for perf).
    if let only = ProcessInfo.processInfo.environment["QBENCH_PROFILE"] {
        let d = try QRuntimeDesign()
        for _ in 0..<5 {
            let r = only == "tasks" ? await measureTasks(d, tasks: 10_000, perTask: 10)
                : only == "tasks100" ? await measureTasks(d, tasks: 100, perTask: 1000)
                : only == "executor" ? await measureTasks(try QRuntimeTaskExecutorDesign(d.q), tasks: 10_000, perTask: 10)
                : only == "yield" ? await measureTasks(YieldFloorDesign(), tasks: 10_000, perTask: 10)
                : only == "task1" ? await measureTasks(d, tasks: 1, perTask: 100_000)
                : only == "dispatch" ? await measureTasks(DispatchDesign(), tasks: 10_000, perTask: 10)
                : only == "threads1" ? measureThreads(d, threads: 1, perThread: 100_000)
                : only == "pykx8" ? measureThreads(PyKXDesign(), threads: 8, perThread: 25_000)
                : measureThreads(d, threads: 8, perThread: 25_000)
            printRow(only, r)
        }
        d.stop()
        return
    }
    print("bridge round trip of a trivial call (release build)")
    print("(a) PyKX's design: mutex-protected list + condition variable, caller busy-waits")
    print("(b) serial DispatchQueue as an executor: async + semaphore (sync callers), async + continuation (tasks)")
    print("(b') DispatchQueue.sync: libdispatch runs the block on the caller's thread, no hand-off (reference only)")
    print("(c) a mutex around the interpreter on the caller's thread: the no-hand-off floor (reference only)")
    print("QRuntime, taskExecutor: tasks created with executorPreference: q.taskExecutor(), calls inline (reference only)")
    print("Task.yield, no hand-off: one suspension and resumption per call, the floor for any suspending design (reference only)")
    print("caller        design                       calls/s   p50 (µs)   p99 (µs)  CPU s / 1M")
    let qd = try QRuntimeDesign()
    let designs: [BridgeDesign] = [qd, PyKXDesign(), DispatchDesign(), DispatchSyncDesign(), MutexDesign()]
    let taskOnly: [BridgeDesign] = [try QRuntimeTaskExecutorDesign(qd.q), YieldFloorDesign()]
    var byThreads: [Int: [String: BridgeResult]] = [:]
    for threads in [1, 2, 8] {
        let per = 200_000 / threads
        for d in designs {
            let r = measureThreads(d, threads: threads, perThread: per)
            byThreads[threads, default: [:]][d.name] = r
            printRow("\(threads) thread\(threads > 1 ? "s" : "")", r)
        }
    }
    var byTasks: [Int: [String: BridgeResult]] = [:]
    for tasks in [1, 100, 10_000] {
        let per = max(1, 100_000 / tasks)
        for d in designs + taskOnly where !(d is PyKXDesign || d is DispatchSyncDesign) || tasks == 1 {
            let r = await measureTasks(d, tasks: tasks, perTask: per)
            byTasks[tasks, default: [:]][d.name] = r
            printRow("\(tasks) task\(tasks > 1 ? "s" : "")", r)
        }
    }
    for d in designs { d.stop() }
    // The issue's bars, checked in this run.
    if let t8 = byThreads[8], let q = t8["QRuntime"], let a = t8["(a) PyKX"], let b = t8["(b) DispatchQueue"] {
        print(String(format: "8 threads: QRuntime/PyKX calls/s %.2fx (≥2), CPU %.2fx (≤0.25); p50 %.1f µs vs best of (a),(b) %.1f µs",
                     q.callsPerSecond / a.callsPerSecond, q.cpuPerMillion / a.cpuPerMillion, q.p50, min(a.p50, b.p50)))
    }
    if let t = byTasks[10_000], let q = t["QRuntime"], let b = t["(b) DispatchQueue"],
       let e = t["QRuntime, taskExecutor"], let y = t["Task.yield, no hand-off"] {
        print(String(format: "10,000 tasks: QRuntime/DispatchQueue calls/s %.2fx (≥2); with taskExecutor %.2fx; Task.yield floor/DispatchQueue %.2fx",
                     q.callsPerSecond / b.callsPerSecond, e.callsPerSecond / b.callsPerSecond, y.callsPerSecond / b.callsPerSecond))
    }
}
