import Dispatch
import QCore
import QLang

// The interpreter thread as a Swift `SerialExecutor`: an actor whose `unownedExecutor`
// is the runtime's runs its code on the interpreter thread, so its calls into q run
// inline (no hand-off) and its state lives beside the interpreter's.

extension InterpreterThread: SerialExecutor {
    /// Runs a job on the interpreter thread, in arrival order with q calls.
    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let r = Request { _ in
            unowned.runSynchronously(on: self.asUnownedSerialExecutor())
            return .identity
        }
        // After shutdown a job must still run, exactly once, and one actor's jobs one at a
        // time: a serial queue keeps the actor's isolation; its q calls fail with `.shutdown`.
        r.rescue = {
            self.afterShutdown.async { unowned.runSynchronously(on: self.asUnownedSerialExecutor()) }
        }
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
