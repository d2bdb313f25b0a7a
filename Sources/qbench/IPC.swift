import Dispatch
import Foundation
import QCore
import QIPC
import QLang
import QRuntime
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// The IPC benchmark (`qbench --ipc`, release build):
//   1. serializing and deserializing a 1,000,000-row table (time, sym, price, size),
//      in GB/s, next to memcpy of the same bytes (target ≥ 0.3×);
//   2. small sync queries per second over loopback, 1 client and 8 concurrent clients,
//      against a raw-socket ping-pong of messages of the same size written here
//      (target: 1 client ≥ 0.7× ping-pong). Two servers: a single thread that polls and
//      evaluates (what `qrt -p` does), and `QRuntime.listen` (an I/O thread handing
//      messages to the interpreter thread).

func secondsSince(_ start: UInt64) -> Double { Double(nowNanos() - start) / 1e9 }

/// The best (shortest) of `rounds` timings of `body`, in seconds.
func bestOf(_ rounds: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<rounds {
        let t0 = nowNanos()
        try body()
        best = min(best, secondsSince(t0))
    }
    return best
}

func benchmarkTable(rows n: Int) -> QValue {
    var rng = SystemRandomNumberGenerator()
    let syms = (0..<100).map { "S\($0)" }
    let start: Int64 = 789_000_000_000_000_000
    let time = QValue.vector(QVector(.timestamp, .j((0..<n).map { start + Int64($0) * 1_000_000 })))
    let sym = QValue.vector(QVector(.symbol, .s((0..<n).map { _ in syms[Int.random(in: 0..<100, using: &rng)] })))
    let price = QValue.floats((0..<n).map { _ in Double.random(in: 10..<200, using: &rng) })
    let size = QValue.longs((0..<n).map { _ in Int64.random(in: 1...1000, using: &rng) })
    return .table(QTable(names: ["time", "sym", "price", "size"], columns: [time, sym, price, size]))
}

func runCodecBenchmark() throws -> (ser: Double, de: Double) {
    let table = benchmarkTable(rows: 1_000_000)
    var bytes: [UInt8] = []
    let ser = try bestOf(5) { bytes = try QWire.serialize(table) }
    var back: QValue = .identity
    let de = try bestOf(5) { back = try QWire.deserialize(bytes) }
    precondition(QWire.serializedSize(back) == bytes.count)
    var dst = [UInt8](repeating: 0, count: bytes.count)
    let copy = bestOf(5) {
        dst.withUnsafeMutableBytes { d in bytes.withUnsafeBytes { s in _ = memcpy(d.baseAddress!, s.baseAddress!, s.count) } }
    }
    let gb = Double(bytes.count) / 1e9
    print(String(format: "1,000,000-row table (time sym price size): %.1f MB serialized", Double(bytes.count) / 1e6))
    print(String(format: "  serialize   %6.2f GB/s   deserialize %6.2f GB/s   memcpy %6.2f GB/s", gb / ser, gb / de, gb / copy))
    print(String(format: "  ratio to memcpy: serialize %.2fx, deserialize %.2fx (target >= 0.3x)", copy / ser, copy / de))
    return (copy / ser, copy / de)
}

extension QWire {
    static func serializedSize(_ v: QValue) -> Int { (try? serializedSize(v, maxDepth: 200)) ?? -1 }
}

// MARK: - servers

/// A raw echo server: one thread per connection, reading one message (by its header)
/// and writing it straight back.
final class PingPongServer: @unchecked Sendable {
    // @unchecked Sendable: `fd` is immutable; each accepted socket belongs to its thread.
    let fd: Int32
    let port: Int

    init() {
        let lfd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(lfd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(lfd, 64)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(lfd, $0, &len) } }
        fd = lfd
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread.detachNewThread {
            while true {
                let c = accept(lfd, nil, nil)
                if c < 0 { return }
                var one: Int32 = 1
                setsockopt(c, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                Thread.detachNewThread { PingPongServer.echo(c) }
            }
        }
    }

    static func echo(_ c: Int32) {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            guard readFully(c, &buf, 0, 8) else { break }
            let len = Int(UInt32(buf[4]) | UInt32(buf[5]) << 8 | UInt32(buf[6]) << 16 | UInt32(buf[7]) << 24)
            guard len >= 8, len <= buf.count, readFully(c, &buf, 8, len - 8) else { break }
            buf[1] = 2
            guard send(c, buf, len, Int32(MSG_NOSIGNAL)) == len else { break }
        }
        close(c)
    }

    static func readFully(_ fd: Int32, _ buf: inout [UInt8], _ at: Int, _ n: Int) -> Bool {
        var got = 0
        while got < n {
            let r = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + at + got, n - got, 0) }
            if r <= 0 { return false }
            got += r
        }
        return true
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
}

/// A raw client: writes a fixed message and reads the echo, blocking.
final class PingPongClient {
    let fd: Int32
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    let message: [UInt8]

    init(port: Int, message: [UInt8]) {
        self.message = message
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port)).bigEndian
        addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var one: Int32 = 1
        setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        fd = s
    }

    deinit { close(fd) }

    func roundTrip() {
        _ = message.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        _ = PingPongServer.readFully(fd, &buf, 0, message.count)
    }
}

/// `qrt -p`'s shape: one thread polls the listener and evaluates on its own interpreter.
final class SingleThreadServer: @unchecked Sendable {
    // @unchecked Sendable: the interpreter lives and dies on the serving thread; `port`
    // is written before `ready` is signalled; `listener` is Sendable.
    var port = 0
    var listener: QListener?
    private let ready = DispatchSemaphore(value: 0)

    init() {
        let t = Thread { [self] in
            let i = Interpreter()
            try! i.listen(port: 0)
            let l = i.ipcListener!
            listener = l
            port = l.port
            ready.signal()
            while !l.isClosed {
                let (events, _) = l.poll(timeout: 500)
                for e in events { i.serve(e, from: l) }
            }
        }
        t.stackSize = 64 << 20
        t.start()
        ready.wait()
    }

    func stop() { listener?.close() }
}

// MARK: - query rates

/// Queries per second with `clients` concurrent client threads, each doing `per` round trips.
func rate(clients: Int, per: Int, _ makeClient: @escaping @Sendable () -> (@Sendable () -> Void)) -> Double {
    let calls = (0..<clients).map { _ in makeClient() }
    for c in calls { for _ in 0..<200 { c() } }          // warm-up
    let start = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    for c in calls {
        done.enter()
        Thread.detachNewThread {
            start.wait()
            for _ in 0..<per { c() }
            done.leave()
        }
    }
    let t0 = nowNanos()
    for _ in calls { start.signal() }
    done.wait()
    return Double(clients * per) / secondsSince(t0)
}

final class Box<T>: @unchecked Sendable {
    // @unchecked Sendable: each box is used by the one client thread it was made for.
    var value: T
    init(_ v: T) { value = v }
}

func runQueryBenchmark() throws -> Double {
    let query = QValue.string("1+1")
    let message = try QWire.encodeMessage(query, type: .sync)
    print("small sync queries over loopback (\(message.count)-byte request \"1+1\", 17-byte reply)")
    let ping = PingPongServer()
    let single = SingleThreadServer()
    let runtime = try QRuntime(configuration: QConfiguration(threading: true))
    let rtPort = try runtime.listen(port: 0)
    defer { ping.stop(); single.stop(); runtime.shutdownThread() }

    var results: [String: [Int: Double]] = [:]
    for clients in [1, 8] {
        let per = clients == 1 ? 20_000 : 5_000
        let pp = rate(clients: clients, per: per) {
            let c = Box(PingPongClient(port: ping.port, message: message))
            return { c.value.roundTrip() }
        }
        let st = rate(clients: clients, per: per) {
            let c = try! QConnection(port: single.port)
            return { _ = try! c.sync(query) }
        }
        let rt = rate(clients: clients, per: per) {
            let c = try! QConnection(port: rtPort)
            return { _ = try! c.sync(query) }
        }
        results["ping", default: [:]][clients] = pp
        results["single", default: [:]][clients] = st
        results["runtime", default: [:]][clients] = rt
        print(String(format: "  %d client%@: raw ping-pong %8.0f/s   qrt-style server %8.0f/s (%.2fx)   QRuntime.listen %8.0f/s (%.2fx)",
                     clients, clients > 1 ? "s" : " ", pp, st, st / pp, rt, rt / pp))
    }
    let one = results["single"]![1]! / results["ping"]![1]!
    print(String(format: "  1 client, qrt-style server / ping-pong: %.2fx (target >= 0.7x); QRuntime.listen: %.2fx",
                 one, results["runtime"]![1]! / results["ping"]![1]!))
    return one
}

/// glibc's `mallopt` (malloc.h is not in the Glibc module; the C ABI is two ints in, one out).
@_silgen_name("mallopt") func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32

func runIPCBenchmark() throws {
    print("IPC benchmark (release build)")
    _ = try runCodecBenchmark()
    // glibc hands large blocks back to the OS on free, so each decode above paid page
    // faults for fresh memory that memcpy's reused buffer did not. A long-running server
    // keeps its heap warm; measured that way too:
    _ = glibcMallopt(-3, 1 << 30)  // M_MMAP_THRESHOLD
    _ = glibcMallopt(-1, 1 << 30)  // M_TRIM_THRESHOLD
    print("with a warm heap (glibc keeps freed blocks: mallopt M_MMAP_THRESHOLD, M_TRIM_THRESHOLD):")
    _ = try runCodecBenchmark()
    _ = try runQueryBenchmark()
}
