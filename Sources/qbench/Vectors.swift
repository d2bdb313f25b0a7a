import Foundation
import QCore
import QLang
import Synchronization

/// Keeps a result alive and observable so the optimizer cannot drop the loop computing it.
let blackholeCell = Atomic<Int>(0)
@inline(never) func blackhole(_ x: Int64) { blackholeCell.store(Int(truncatingIfNeeded: x), ordering: .relaxed) }
/// Hides a value's origin from the optimizer, so work on it is not hoisted out of timing loops.
@inline(never) @_optimize(none) func opaque<T>(_ x: T) -> T { x }

/// Vector primitives and interpreted loops against Swift loops and CPython.
func runVectorBenchmark() {
    let n = 10_000_000

    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Best of `runs` timings: the machines are noisy, the minimum is the stable figure.
    func best(_ runs: Int = 5, _ body: () throws -> Void) rethrows -> Double {
        var m = Double.infinity
        for _ in 0..<runs { m = min(m, try seconds(body)) }
        return m
    }

    @inline(never) func sink<T>(_ x: T) { withExtendedLifetime(x) {} }

    let q = Interpreter()
    q.output = { _ in }
    func ev(_ s: String) -> QValue {
        do { return try q.evaluate(s) } catch { fatalError("\(s): \(error)") }
    }

    // Inputs made in Swift so the benchmark depends only on the primitives it times.
    var rng = SystemRandomNumberGenerator()
    let xs = (0..<n).map { _ in Int64.random(in: 0..<1_000_000, using: &rng) }
    let ys = (0..<n).map { _ in Int64.random(in: 0..<1_000_000, using: &rng) }
    let zs = (0..<n).map { _ in Int64.random(in: 0..<1_000_000, using: &rng) }
    let bs = (0..<n).map { _ in Bool.random(using: &rng) }
    q.setGlobal("x", .longs(xs))
    q.setGlobal("y", .longs(ys))
    q.setGlobal("z", .longs(zs))
    q.setGlobal("b", .bools(bs))

    struct Row { let name: String; let q: Double?; let base: Double }
    var rows: [Row] = []

    func bench(_ name: String, _ expr: String, baseline: () -> Void) {
        let works = (try? q.evaluate(expr)) != nil
        let tq: Double? = works ? best { sink(ev(expr)) } : nil
        let tb = best(5, baseline)
        rows.append(Row(name: name, q: tq, base: tb))
    }

    bench("sum x", "sum x") {
        var s: Int64 = 0
        opaque(xs).withUnsafeBufferPointer { p in for v in p { s &+= v } }
        blackhole(s)
    }
    bench("max x", "max x") {
        var m = Int64.min
        opaque(xs).withUnsafeBufferPointer { p in for v in p where v > m { m = v } }
        blackhole(m)
    }
    bench("x+y", "x+y") {
        let r = [Int64](unsafeUninitializedCapacity: n) { buf, c in
            xs.withUnsafeBufferPointer { p in ys.withUnsafeBufferPointer { q in for k in 0..<n { buf[k] = p[k] &+ q[k] } } }
            c = n
        }
        sink(r)
    }
    bench("x*y", "x*y") {
        let r = [Int64](unsafeUninitializedCapacity: n) { buf, c in
            xs.withUnsafeBufferPointer { p in ys.withUnsafeBufferPointer { q in for k in 0..<n { buf[k] = p[k] &* q[k] } } }
            c = n
        }
        sink(r)
    }
    bench("x*y+z", "x*y+z") {
        let r = [Int64](unsafeUninitializedCapacity: n) { buf, c in
            xs.withUnsafeBufferPointer { p in ys.withUnsafeBufferPointer { q in zs.withUnsafeBufferPointer { w in
                for k in 0..<n { buf[k] = p[k] &* (q[k] &+ w[k]) }
            } } }
            c = n
        }
        sink(r)
    }
    bench("where b", "where b") {
        var r = [Int64]()
        r.reserveCapacity(n / 2 + 1)
        bs.withUnsafeBufferPointer { p in for k in 0..<n where p[k] { r.append(Int64(k)) } }
        sink(r)
    }
    bench("til n", "til \(n)") {
        let r = [Int64](unsafeUninitializedCapacity: n) { buf, c in
            for k in 0..<n { buf[k] = Int64(k) }
            c = n
        }
        sink(r)
    }
    bench("asc x", "asc x") {
        var r = xs
        r.sort()
        sink(r)
    }

    // Grouping: 10,000,000 rows, about 1,000,000 distinct keys; the Swift baseline counts
    // with a Dictionary and sorts its keys (q's result is keyed in key order too).
    _ = ev("t:([]k:x)")
    bench("select by k", "select count i by k from t") {
        var counts = [Int64: Int](minimumCapacity: 1 << 20)
        for v in opaque(xs) { counts[v, default: 0] += 1 }
        let keys = counts.keys.sorted()
        blackhole(Int64(keys.count + counts[keys[0]]!))
    }

    print("vector primitives on \(n) longs (best of 5; ratio = q / Swift loop, target ≤ 1.5)")
    print("primitive      q (ms)   Swift (ms)  ratio")
    for r in rows {
        let name = r.name.padding(toLength: 14, withPad: " ", startingAt: 0)
        if let tq = r.q {
            print(name + String(format: "%7.1f   %8.1f    %5.2f", tq * 1000, r.base * 1000, tq / r.base))
        } else {
            print(name + String(format: "  error   %8.1f", r.base * 1000))
        }
    }

    // Interpreted loops against CPython doing the same work in the same run.
    let loops: [(String, String, String)] = [
        ("{x+1}/[10000000;0]", "{x+1}/[10000000;0]",
         "import time\nf=lambda x:x+1\nt=time.perf_counter()\nx=0\nfor _ in range(10000000): x=f(x)\nprint(time.perf_counter()-t)"),
        ("1,000,000 lambda calls", "f:{x*2}; do[1000000; f 3]",
         "import time\nf=lambda x:x*2\nt=time.perf_counter()\nfor _ in range(1000000): f(3)\nprint(time.perf_counter()-t)"),
        // A lambda with a local and two statements: no leaf shortcut, a frame per call.
        ("1,000,000 calls, 2 stmts", "g:{a:x*2; a+1}; do[1000000; g 3]",
         "import time\ndef g(x):\n    a=x*2\n    return a+1\nt=time.perf_counter()\nfor _ in range(1000000): g(3)\nprint(time.perf_counter()-t)"),
        ("each over 1,000,000 items", "h:{a:x*2; a+1}; h each til 1000000",
         "import time\ndef h(x):\n    a=x*2\n    return a+1\nt=time.perf_counter()\nr=[h(i) for i in range(1000000)]\nprint(time.perf_counter()-t)"),
    ]
    print("\ninterpreted loops (ratio = CPython / q, target ≥ 3)")
    for (name, expr, py) in loops {
        let tq = best(3) { sink(ev(expr)) }
        let proc = Process()
        proc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proc.arguments = ["python3", "-c", py]
        let pipe = Pipe()
        proc.standardOutput = pipe
        var tp: Double? = nil
        if (try? proc.run()) != nil {
            proc.waitUntilExit()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            tp = Double(out.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let tp = tp, proc.terminationStatus == 0 {
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0)
                  + String(format: "q %7.1f ms   CPython %7.1f ms   ratio %5.2f", tq * 1000, tp * 1000, tp / tq))
        } else {
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0)
                  + String(format: "q %7.1f ms   (python3 not found: comparison skipped)", tq * 1000))
        }
    }

}
