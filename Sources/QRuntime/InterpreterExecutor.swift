import Dispatch
import QCore
import QLang

// The interpreter thread as a Swift `SerialExecutor`: an actor whose `unownedExecutor`
// is the runtime's runs its code on the interpreter thread, so its calls into q run
// inline (no hand-off) and its state lives beside the interpreter's. And as a
// `TaskExecutor`: a task that prefers it runs its nonisolated code there, likewise
// calling q inline.

extension InterpreterThread: SerialExecutor {
    /// Runs a job on the interpreter thread, in arrival order with q calls.
    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        submitJob { unowned.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    /// Queues an executor job's run with the q calls. After shutdown a job must still
    /// run, exactly once, and one actor's jobs one at a time: a serial queue keeps the
    /// actor's isolation; its q calls fail with `.shutdown`.
    func submitJob(_ run: @escaping @Sendable () -> Void) {
        let r = Request { _ in
            run()
            return .identity
        }
        r.rescue = { self.afterShutdown.async(execute: run) }
        submit(r)
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets `assumeIsolated` succeed on the interpreter thread.
    func checkIsolated() {
        precondition(isCurrent || DispatchQueue.getSpecific(key: InterpreterThread.afterShutdownKey) != nil,
                     "not on the QRuntime interpreter thread")
    }
}

/// The interpreter thread as a `TaskExecutor` (a separate object: jobs it runs are not
/// isolated to the serial executor, so a nonisolated function's hop back to the generic
/// executor stays on the preferred thread instead of queueing again).
final class InterpreterTaskExecutor: TaskExecutor {
    let thread: InterpreterThread
    init(_ thread: InterpreterThread) { self.thread = thread }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        thread.submitJob { unowned.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

extension QRuntime {
    /// The interpreter thread as an executor, for an actor that should run where q runs:
    ///
    /// ```swift
    /// actor Ledger {
    ///     let q: QRuntime
    ///     nonisolated let unownedExecutor: UnownedSerialExecutor
    ///     init(_ q: QRuntime) throws { self.q = q; unownedExecutor = try q.serialExecutor() }
    ///     func add(_ n: Int) throws { try q("total+:\(n)") }   // inline, no hand-off
    /// }
    /// ```
    ///
    /// The actor's jobs and q calls from other threads share one queue, in arrival order.
    /// The actor must keep the runtime alive (the executor reference is unowned). After
    /// `shutdownThread()` the actor's jobs still run, one at a time, on a serial queue,
    /// and their q calls fail with `QRuntimeError.shutdown`.
    ///
    /// - Throws: `QRuntimeError.configuration` when THREADING is off (there is no thread).
    public func serialExecutor() throws -> UnownedSerialExecutor {
        guard let t = interpreterThread else {
            throw QRuntimeError.configuration("serialExecutor() needs THREADING on: there is no interpreter thread")
        }
        return t.asUnownedSerialExecutor()
    }
}

extension QRuntime {
    /// The interpreter thread as a task executor: a task that prefers it runs its
    /// nonisolated code on the interpreter thread, so each of its q calls runs inline,
    /// with no hand-off and no suspension:
    ///
    /// ```swift
    /// let onQ = try q.taskExecutor()
    /// Task(executorPreference: onQ) {
    ///     for tick in ticks { try await q.call("upd", tick) }   // inline, in order
    /// }
    /// ```
    ///
    /// Such a task holds the interpreter thread whenever it runs, so keep its non-q work
    /// short; it shares the thread with every other caller, in arrival order. After
    /// `shutdownThread()` its jobs run on a serial queue and its q calls fail with
    /// `QRuntimeError.shutdown`. The same executor is returned each time.
    ///
    /// - Throws: `QRuntimeError.configuration` when THREADING is off (there is no thread).
    public func taskExecutor() throws -> any TaskExecutor {
        guard let e = interpreterTaskExecutor else {
            throw QRuntimeError.configuration("taskExecutor() needs THREADING on: there is no interpreter thread")
        }
        return e
    }
}
