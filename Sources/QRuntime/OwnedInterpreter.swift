import QCore
import QLang
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// THREADING off: the interpreter belongs to the thread that created the runtime.
///
/// Calls from that thread run inline. Calls from any other thread evaluate, read-only,
/// against a snapshot of the globals taken between the owner's calls; any update of a
/// global fails with `'noupdate`, as PyKX documents.
///
/// Snapshots cost nothing until a foreign thread reads: from then on the owner publishes
/// its globals (a copy-on-write reference) after each call, so a value it then changes
/// in place is copied once while a reader may still hold the old one.
final class OwnedInterpreter: @unchecked Sendable {
    // @unchecked Sendable: `interpreter` and `ownerDepth` are used only on the owner
    // thread (checked with `isOwner` on every call) or, for the first foreign read, under
    // `ownerLock`, which the owner holds for the whole of each of its calls. Everything
    // else is a lock or an Atomic.
    let interpreter: Interpreter
    private let owner: pthread_t
    private let ownerLock = Locked<Void>(())
    private let published = Locked<GlobalStore?>(nil)
    private let readersExist = Atomic<Bool>(false)
    private let readerPool = Locked<[ReaderBox]>([])
    /// Calls of the owner's in progress (owner thread only).
    private var ownerDepth = 0

    /// A reader interpreter moved between threads one at a time through the pool.
    private final class ReaderBox: @unchecked Sendable {
        // @unchecked Sendable: a box is held by one thread at a time (taken from and
        // returned to `readerPool` under its mutex).
        let interpreter = Interpreter()
    }

    init() {
        interpreter = Interpreter()
        owner = pthread_self()
    }

    /// True on the thread that created the runtime.
    var isOwner: Bool { pthread_equal(pthread_self(), owner) != 0 }

    /// Runs `work` inline on the owner thread, or read-only on a snapshot elsewhere.
    func run(_ work: Work) throws -> QValue {
        if isOwner {
            // A Swift closure the owner's call reached calls back in: inline (the lock is
            // held by the call in progress).
            if ownerDepth > 0 { return try work(interpreter) }
            ownerDepth += 1
            defer { ownerDepth -= 1 }
            let result: Result<QValue, Error> = ownerLock.withLock { _ in
                interpreter.adoptCurrentThread()
                // Between the owner's calls a negative port's client threads may run.
                interpreter.beginMainWork()
                defer { interpreter.endMainWork() }
                return Result { try work(interpreter) }
            }
            if readersExist.load(ordering: .acquiring) {
                let g = interpreter.globals
                published.withLock { $0 = g }
            }
            return try result.get()
        }
        // A client thread of a multithreaded port calling back in: its own reader.
        if let reader = Interpreter.clientReader(of: interpreter) { return try work(reader) }
        return try read(work)
    }

    private func read(_ work: Work) throws -> QValue {
        readersExist.store(true, ordering: .releasing)
        var snapshot = published.withLock { $0 }
        if snapshot == nil {
            // First foreign read: copy the owner's globals between two of its calls.
            let g = ownerLock.withLock { _ in interpreter.globals }
            published.withLock { if $0 == nil { $0 = g } }
            snapshot = g
        }
        let box = readerPool.withLock { $0.popLast() } ?? ReaderBox()
        defer { readerPool.withLock { $0.append(box) } }
        let r = box.interpreter
        r.adoptCurrentThread()
        r.replaceGlobals(snapshot ?? GlobalStore())
        r.readOnly = true
        return try work(r)
    }
}
