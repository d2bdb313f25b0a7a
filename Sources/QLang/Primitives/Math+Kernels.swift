import QCore
#if canImport(Glibc)
import Glibc
#endif

// Tight loops over contiguous buffers for the hot cases of the arithmetic operators
// and aggregates: long and float vectors and atoms. Each loop is branch-free per
// element (nulls handled with selects) so LLVM can vectorize it; everything else
// goes through the general, table-driven paths in Arithmetic.swift and Math+*.swift.

/// The element operations of one arithmetic operator. Generic code over `ArithOp`
/// is specialized per operator, so the per-element call inlines away.
protocol ArithOp {
    /// The operation on two non-null longs (wrapping, as q does).
    static func int(_ a: Int64, _ b: Int64) -> Int64
    /// The operation on two floats.
    static func float(_ a: Double, _ b: Double) -> Double
}

extension ArithOp {
    /// The operation on two non-null ints, wrapping in 32 bits.
    @inline(__always) static func int32(_ a: Int32, _ b: Int32) -> Int32 { Int32(truncatingIfNeeded: int(Int64(a), Int64(b))) }
}

enum AddOp: ArithOp {
    @inline(__always) static func int(_ a: Int64, _ b: Int64) -> Int64 { a &+ b }
    @inline(__always) static func float(_ a: Double, _ b: Double) -> Double { a + b }
}

enum SubOp: ArithOp {
    @inline(__always) static func int(_ a: Int64, _ b: Int64) -> Int64 { a &- b }
    @inline(__always) static func float(_ a: Double, _ b: Double) -> Double { a - b }
}

enum MulOp: ArithOp {
    @inline(__always) static func int(_ a: Int64, _ b: Int64) -> Int64 { a &* b }
    @inline(__always) static func float(_ a: Double, _ b: Double) -> Double { a * b }
}

/// Long null (`0N`), the minimum Int64.
let longNull = Int64.min

/// A long as a float, null to NaN.
@inline(__always) func longToFloat(_ v: Int64) -> Double { v == longNull ? .nan : Double(v) }

/// A new array of `n` elements written by `fill`, which must initialize every element
/// (plain assignment is fine for trivial types; others need `initializeElement`).
@inline(__always)
func makeArray<T>(_ n: Int, _ fill: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
    [T](unsafeUninitializedCapacity: n) { buf, count in
        adviseHugePages(UnsafeMutableRawBufferPointer(buf))
        fill(buf)
        count = n
    }
}

/// Asks the kernel to back a large, not yet touched buffer with huge pages. A fresh
/// 80 MB result otherwise takes 20,000 page faults, which cost more than the arithmetic.
@inline(__always)
func adviseHugePages(_ buf: UnsafeMutableRawBufferPointer) {
    #if os(Linux)
    guard buf.count >= 1 << 22, let base = buf.baseAddress else { return }
    let page = UInt(4096)
    let start = (UInt(bitPattern: base) + page - 1) & ~(page - 1)
    let end = (UInt(bitPattern: base) + UInt(buf.count)) & ~(page - 1)
    if end > start, let p = UnsafeMutableRawPointer(bitPattern: start) {
        _ = madvise(p, Int(end - start), 14)  // MADV_HUGEPAGE; failure just means small pages
    }
    #endif
}

// Reductions. Nulls are skipped the way q's aggregates skip them, without a branch:
// a long null contributes zero to a sum, NaN contributes zero to a float sum.
enum Reduce {
    /// Sum of longs, nulls as zero. A first pass adds everything and only flags words whose
    /// high half is that of null (a compare on 32-bit halves: baseline x86-64 SIMD has no
    /// 64-bit compare). Almost always nothing is flagged and that sum is the answer;
    /// otherwise `sumCountingNulls` takes the nulls out exactly.
    static func sum(_ p: UnsafeBufferPointer<Int64>) -> Int64 {
        guard let base = p.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let highNull = SIMD4<UInt32>(repeating: 0x8000_0000), ones = SIMD4<UInt32>(repeating: .max)
        var s0 = SIMD2<UInt64>(), s1 = SIMD2<UInt64>(), flags = SIMD4<UInt32>()
        let blocks = p.count / 4
        for b in 0..<blocks {
            let w0 = raw.loadUnaligned(fromByteOffset: b &* 32, as: SIMD4<UInt32>.self)
            let w1 = raw.loadUnaligned(fromByteOffset: b &* 32 &+ 16, as: SIMD4<UInt32>.self)
            let high = SIMD4<UInt32>(w0[1], w0[3], w1[1], w1[3])
            flags |= SIMD4<UInt32>().replacing(with: ones, where: high .== highNull)
            s0 &+= unsafeBitCast(w0, to: SIMD2<UInt64>.self)
            s1 &+= unsafeBitCast(w1, to: SIMD2<UInt64>.self)
        }
        if flags != SIMD4<UInt32>() { return sumCountingNulls(p) }
        var s = Int64(bitPattern: (s0 &+ s1).wrappedSum())
        for k in (blocks * 4)..<p.count { s &+= p[k] == longNull ? 0 : p[k] }
        return s
    }

    /// Sum of longs with nulls counted on the side and taken out at the end
    /// (`s - nulls * 0N`, wrapping): the low and high halves of four longs are compared
    /// with those of null at once.
    static func sumCountingNulls(_ p: UnsafeBufferPointer<Int64>) -> Int64 {
        guard let base = p.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let highNull = SIMD4<UInt32>(repeating: 0x8000_0000)
        var s0 = SIMD2<UInt64>(), s1 = SIMD2<UInt64>()
        var nulls: Int64 = 0
        let blocks = p.count / 4
        var start = 0
        while start < blocks {
            // 32-bit counters: flush before they could overflow.
            let end = Swift.min(blocks, start + (1 << 30))
            var counts = SIMD4<UInt32>()
            for b in start..<end {
                let w0 = raw.loadUnaligned(fromByteOffset: b &* 32, as: SIMD4<UInt32>.self)
                let w1 = raw.loadUnaligned(fromByteOffset: b &* 32 &+ 16, as: SIMD4<UInt32>.self)
                let low = SIMD4<UInt32>(w0[0], w0[2], w1[0], w1[2])
                let high = SIMD4<UInt32>(w0[1], w0[3], w1[1], w1[3])
                counts &+= SIMD4<UInt32>().replacing(with: 1, where: (low .== 0) .& (high .== highNull))
                s0 &+= unsafeBitCast(w0, to: SIMD2<UInt64>.self)
                s1 &+= unsafeBitCast(w1, to: SIMD2<UInt64>.self)
            }
            nulls &+= Int64(counts[0]) &+ Int64(counts[1]) &+ Int64(counts[2]) &+ Int64(counts[3])
            start = end
        }
        var s = Int64(bitPattern: (s0 &+ s1).wrappedSum()) &- nulls &* longNull
        for k in (blocks * 4)..<p.count { s &+= p[k] == longNull ? 0 : p[k] }
        return s
    }

    /// Sum of floats, NaN as zero. Short vectors add in order; long ones in four interleaved
    /// lanes (as a threaded q would reorder them too), which also lets the loop vectorize.
    static func sum(_ p: UnsafeBufferPointer<Double>) -> Double {
        guard p.count >= 1024, let base = p.baseAddress else {
            var s = 0.0
            for v in p { s += v.isNaN ? 0 : v }
            return s
        }
        let raw = UnsafeRawPointer(base)
        var a = SIMD2<Double>(), b = SIMD2<Double>()
        let blocks = p.count / 4
        for k in 0..<blocks {
            let u = raw.loadUnaligned(fromByteOffset: k &* 32, as: SIMD2<Double>.self)
            let v = raw.loadUnaligned(fromByteOffset: k &* 32 &+ 16, as: SIMD2<Double>.self)
            a += u.replacing(with: 0, where: u .!= u)
            b += v.replacing(with: 0, where: v .!= v)
        }
        var s = (a[0] + b[0]) + (a[1] + b[1])
        for k in (blocks * 4)..<p.count { s += p[k].isNaN ? 0 : p[k] }
        return s
    }

    /// Largest long; nulls are the smallest longs, so they never win over the seed `-0W`.
    static func max(_ p: UnsafeBufferPointer<Int64>) -> Int64 {
        var m = -Int64.max
        for v in p { m = v > m ? v : m }
        return m
    }

    /// Smallest non-null long, `0W` when there is none. Shifting by one moves null to the top.
    static func min(_ p: UnsafeBufferPointer<Int64>) -> Int64 {
        var m = Int64.max &- 1
        for v in p { let s = v &- 1; m = s < m ? s : m }
        return m &+ 1
    }

    /// Largest float; a NaN never compares greater, so it is skipped. `-0w` when empty.
    static func max(_ p: UnsafeBufferPointer<Double>) -> Double {
        var m = -Double.infinity
        for v in p { m = v > m ? v : m }
        return m
    }

    /// Smallest float, NaN skipped; `0w` when empty.
    static func min(_ p: UnsafeBufferPointer<Double>) -> Double {
        var m = Double.infinity
        for v in p { m = v < m ? v : m }
        return m
    }

    /// Sum of a narrower signed integer type, nulls (its minimum) as zero, in Int64.
    static func sum<T: FixedWidthInteger & SignedInteger>(narrow p: UnsafeBufferPointer<T>) -> Int64 {
        var s: Int64 = 0
        for v in p { s &+= v == T.min ? 0 : Int64(v) }
        return s
    }

    /// Sum of ints, nulls as zero: four at a time, nulls masked out, widened into longs.
    static func sum(ints p: UnsafeBufferPointer<Int32>) -> Int64 {
        guard let base = p.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var a0 = SIMD2<Int64>(), a1 = SIMD2<Int64>()
        let blocks = p.count / 4
        for b in 0..<blocks {
            let v = raw.loadUnaligned(fromByteOffset: b &* 16, as: SIMD4<Int32>.self)
            let z = v.replacing(with: 0, where: v .== Int32.min)
            a0 &+= SIMD2<Int64>(truncatingIfNeeded: z.lowHalf)
            a1 &+= SIMD2<Int64>(truncatingIfNeeded: z.highHalf)
        }
        var s = (a0 &+ a1).wrappedSum()
        for k in (blocks * 4)..<p.count { s &+= p[k] == Int32.min ? 0 : Int64(p[k]) }
        return s
    }

    /// Sum of unsigned bytes.
    static func sum(bytes p: UnsafeBufferPointer<UInt8>) -> Int64 {
        var s: Int64 = 0
        for v in p { s &+= Int64(v) }
        return s
    }

    /// Number of true booleans: 16 at a time into byte counters, which are emptied every
    /// 255 blocks before they could overflow.
    static func countTrue(_ p: UnsafeBufferPointer<Bool>) -> Int64 {
        guard let base = p.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let blocks = p.count / 16
        var total: Int64 = 0
        var start = 0
        while start < blocks {
            let end = Swift.min(blocks, start + 255)
            var acc = SIMD16<UInt8>()
            for b in start..<end { acc &+= raw.loadUnaligned(fromByteOffset: b &* 16, as: SIMD16<UInt8>.self) }
            for k in 0..<16 { total &+= Int64(acc[k]) }
            start = end
        }
        for k in (blocks * 16)..<p.count where p[k] { total &+= 1 }
        return total
    }

    /// Largest of a narrower signed integer type; `-0W` of that type when empty or all null.
    static func max<T: FixedWidthInteger & SignedInteger>(narrow p: UnsafeBufferPointer<T>) -> T {
        var m = -T.max
        for v in p { m = v > m ? v : m }
        return m
    }

    /// Smallest non-null of a narrower signed integer type; `0W` of that type when none.
    static func min<T: FixedWidthInteger & SignedInteger>(narrow p: UnsafeBufferPointer<T>) -> T {
        var m = T.max &- 1
        for v in p { let s = v &- 1; m = s < m ? s : m }
        return m &+ 1
    }

    /// Product of longs, nulls as one.
    static func prd(_ p: UnsafeBufferPointer<Int64>) -> Int64 {
        var s: Int64 = 1
        for v in p { s &*= v == longNull ? 1 : v }
        return s
    }

    /// Product of floats, NaN as one.
    static func prd(_ p: UnsafeBufferPointer<Double>) -> Double {
        var s = 1.0
        for v in p { s *= v.isNaN ? 1 : v }
        return s
    }
}

// Typed views of numeric storage, for the many functions that compute in Int64 or Double.

/// Calls `body` with the elements of a numeric vector as longs (nulls → `Int64.min`).
/// Long storage is passed through without copying.
func withLongs<R>(_ s: QStorage, _ body: (UnsafeBufferPointer<Int64>) throws -> R) rethrows -> R {
    switch s {
    case .j(let a): return try a.withUnsafeBufferPointer(body)
    case .i(let a): return try convert(a) { $0 == Int32.min ? longNull : Int64($0) }.withUnsafeBufferPointer(body)
    case .h(let a): return try convert(a) { $0 == Int16.min ? longNull : Int64($0) }.withUnsafeBufferPointer(body)
    case .x(let a): return try convert(a) { Int64($0) }.withUnsafeBufferPointer(body)
    case .b(let a): return try convert(a) { $0 ? 1 : 0 }.withUnsafeBufferPointer(body)
    case .e(let a): return try convert(a) { floatToLong(Double($0)) }.withUnsafeBufferPointer(body)
    case .f(let a): return try convert(a, floatToLong).withUnsafeBufferPointer(body)
    case .g, .s: return try [Int64]().withUnsafeBufferPointer(body)
    }
}

/// Calls `body` with the elements of a numeric vector as floats (integer nulls → NaN).
/// Float storage is passed through without copying.
func withDoubles<R>(_ s: QStorage, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
    switch s {
    case .f(let a): return try a.withUnsafeBufferPointer(body)
    case .e(let a): return try convert(a) { Double($0) }.withUnsafeBufferPointer(body)
    case .j(let a): return try convert(a, longToFloat).withUnsafeBufferPointer(body)
    case .i(let a): return try convert(a, intToFloat).withUnsafeBufferPointer(body)
    case .h(let a): return try convert(a) { $0 == Int16.min ? .nan : Double($0) }.withUnsafeBufferPointer(body)
    case .x(let a): return try convert(a) { Double($0) }.withUnsafeBufferPointer(body)
    case .b(let a): return try convert(a) { $0 ? 1 : 0 }.withUnsafeBufferPointer(body)
    case .g, .s: return try [Double]().withUnsafeBufferPointer(body)
    }
}

/// An elementwise conversion into a new buffer (trivial element types), like `map`
/// but allocated through `makeArray` so large results get huge pages.
@inline(__always)
func convert<A, B>(_ a: [A], _ f: (A) -> B) -> [B] {
    makeArray(a.count) { out in a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = f(p[k]) } } }
}

/// A float rounded to a long: NaN → null, out of range → ±`0W`.
@inline(__always)
func floatToLong(_ d: Double) -> Int64 {
    if d.isNaN { return longNull }
    let r = d.rounded()
    if r >= 9.2233720368547758e18 { return Int64.max }
    if r <= -9.2233720368547758e18 { return -Int64.max }
    return Int64(r)
}

/// A float truncated toward minus infinity to a long: NaN → null, out of range → ±`0W`.
@inline(__always)
func floorToLong(_ d: Double) -> Int64 {
    if d.isNaN { return longNull }
    let r = d.rounded(.down)
    if r >= 9.2233720368547758e18 { return Int64.max }
    if r <= -9.2233720368547758e18 { return -Int64.max }
    return Int64(r)
}
