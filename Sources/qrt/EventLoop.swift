import QCore
import QIPC
import QLang
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// qrt's main loop, kdb+'s way: one thread waits on standard input, the listening port,
// its clients, connections the session opened, and the `\t` timer, and evaluates
// whatever arrives, in order, on the interpreter. Nothing is evaluated anywhere else.
//
// It ends when standard input ends and no port is open (as `q < script` does), on
// `\\` or `exit` (from the console or a client), or on SIGTERM/SIGINT.
//
// With a negative port (multithreaded input mode) the clients have threads of their
// own; this loop tells the session when it waits (`endMainWork`) and when it runs
// again (`beginMainWork`), so their read-only queries run only while it waits.

/// Set by the signal handlers; read by the loop.
let stopRequested = Atomic<Int32>(0)
/// The wake pipe's write end, for the signal handlers.
let signalWakeFD = Atomic<Int32>(-1)

final class EventLoop {
    let console: Console
    var interp: Interpreter { console.interp }
    /// Bytes of standard input not yet ending in a newline.
    private var pending: [UInt8] = []
    private var stdinOpen = true
    private var nextTimer: UInt64 = 0
    /// A pipe the signal handlers write to, so a waiting poll returns at once.
    private let wakePipe: (Int32, Int32)

    init(_ console: Console) {
        self.console = console
        var p: [Int32] = [0, 0]
        _ = pipe(&p)
        wakePipe = (p[0], p[1])
        installSignalHandlers()
    }

    /// SIGTERM and SIGINT end the process cleanly: the handler (async-signal-safe calls
    /// only) records the request and writes to the wake pipe, so the loop notices at its
    /// next turn; it also arms a two-second alarm whose default action ends a process
    /// stuck in a long evaluation anyway.
    private func installSignalHandlers() {
        signalWakeFD.store(wakePipe.1, ordering: .sequentiallyConsistent)
        for sig in [SIGTERM, SIGINT] {
            signal(sig) { s in
                stopRequested.store(s, ordering: .sequentiallyConsistent)
                var b: UInt8 = 1
                _ = write(signalWakeFD.load(ordering: .sequentiallyConsistent), &b, 1)
                alarm(2)
            }
        }
    }

    static func nowMillis() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec) / 1_000_000
    }

    /// Milliseconds until the timer fires (-1: no timer), arming it when newly set.
    private func timerWait() -> Int32 {
        let interval = interp.settings.timer
        guard interval > 0 else { nextTimer = 0; return -1 }
        let now = EventLoop.nowMillis()
        if nextTimer == 0 { nextTimer = now + UInt64(interval) }
        return nextTimer <= now ? 0 : Int32(min(nextTimer - now, UInt64(Int32.max)))
    }

    /// Runs until the session ends.
    func run() {
        console.prompt()
        interp.beginMainWork()
        while true {
            if stopRequested.load(ordering: .sequentiallyConsistent) != 0 { finish() }
            let listener = interp.ipcListener
            // The timer alone does not keep the process alive (kdb+ documents the same).
            if !stdinOpen && !interp.isListening && interp.ipcConnectionDescriptors.isEmpty {
                finish()
            }
            let connections = interp.ipcConnectionDescriptors
            var watch = [wakePipe.0] + connections
            if stdinOpen { watch.append(0) }
            // Messages that came in while a sync request waited raise no poll event.
            let buffered = interp.ipcBufferedConnections
            for fd in buffered { interp.serviceConnection(fd: fd) }
            let wait = buffered.isEmpty ? timerWait() : 0
            let ready: [Int32]
            if let l = listener {
                interp.endMainWork()
                let (events, r) = l.poll(timeout: wait, watching: watch)
                interp.beginMainWork()
                for e in events { interp.serve(e, from: l) }
                ready = r
            } else {
                interp.endMainWork()
                ready = pollDescriptors(watch, timeout: wait)
                interp.beginMainWork()
            }
            for fd in ready where fd != 0 && fd != wakePipe.0 { interp.serviceConnection(fd: fd) }
            if ready.contains(0) { readStandardInput() }
            if nextTimer != 0 && EventLoop.nowMillis() >= nextTimer {
                nextTimer = EventLoop.nowMillis() + UInt64(max(interp.settings.timer, 1))
                interp.runTimer()
            }
            fflush(nil)
        }
    }

    private func pollDescriptors(_ fds: [Int32], timeout: Int32) -> [Int32] {
        var p = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var n: Int32
        repeat { n = poll(&p, nfds_t(p.count), timeout) } while n < 0 && errno == EINTR
        guard n > 0 else { return [] }
        return p.filter { $0.revents != 0 }.map(\.fd)
    }

    /// Reads what standard input has and evaluates each complete line.
    private func readStandardInput() {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        let n = read(0, &buf, buf.count)
        if n < 0 && (errno == EINTR || errno == EAGAIN) { return }
        if n <= 0 {
            stdinOpen = false
            if !pending.isEmpty { evaluateLine(pending); pending = [] }
            return
        }
        pending += buf[..<n]
        while let nl = pending.firstIndex(of: 10) {
            let line = Array(pending[..<nl])
            pending.removeSubrange(...nl)
            evaluateLine(line)
            if !stdinOpen { return }
        }
    }

    private func evaluateLine(_ bytes: [UInt8]) {
        var line = String(decoding: bytes, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        if line == "\\\\" { finish() }
        console.evaluate(line)
        console.prompt()
    }

    /// Closes the port and exits.
    func finish() -> Never {
        interp.stopListening()
        fflush(nil)
        exit(0)
    }
}
