// Symbols and other NUL-terminated text. Symbols dominate the cost of tables: a sym
// column is a million short strings, and the standard library's per-string UTF-8 access
// (`utf8` iteration, `withUTF8`, `withContiguousStorageIfAvailable`) costs 25–200 ns a
// string on Linux, against a few ns to move the bytes, so short symbols take a fast path.
//
// Swift stores strings of up to 15 UTF-8 bytes inline ("small strings"): on 64-bit
// platforms the 16 bytes of the String value hold the code units in order, and the top
// byte of the second word is a discriminator, 0xE0 | count for ASCII (0xA0 | count when
// not ASCII), with unused bytes zero. That layout is part of the stdlib's ABI, but
// nothing promises it to us, so `SmallStrings.usable` checks it once at run time against
// strings built the ordinary way; if anything differs, every symbol goes through the
// standard library instead.
//
// Vectors are walked as raw 16-byte words in the array's storage, so a small string is
// never retained or released on the way through (those runtime calls alone cost more
// than copying its bytes).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QCore

enum SmallStrings {
    /// True when the small-string layout matches what the fast paths assume.
    static let usable: Bool = selfTest()

    /// The discriminator test: immortal, small, not foreign (0xE_ ASCII or 0xA_ not).
    @inline(__always) static func isSmall(_ w1: UInt64) -> Bool {
        UInt8(truncatingIfNeeded: w1 >> 56) & 0xB0 == 0xA0
    }

    /// The byte count of a small string's second word.
    @inline(__always) static func smallCount(_ w1: UInt64) -> Int {
        Int(truncatingIfNeeded: (w1 >> 56) & 0x0F)
    }

    /// The two words of a String value.
    @inline(__always) static func words(_ s: String) -> (UInt64, UInt64) {
        unsafeBitCast(s, to: (UInt64, UInt64).self)
    }

    /// The two words of the `i`th String in contiguous storage, read without retaining it.
    @inline(__always) static func words(_ b: UnsafeBufferPointer<String>, _ i: Int) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(b.baseAddress! + i)
        return (raw.load(as: UInt64.self), raw.load(fromByteOffset: 8, as: UInt64.self))
    }

    /// A small ASCII string's two words from its code units (zero beyond `count`, which is
    /// 1…15, no NUL).
    @inline(__always) static func smallASCII(_ w0: UInt64, _ w1: UInt64, count: Int) -> (UInt64, UInt64) {
        (w0, w1 | (0xE0 | UInt64(count)) << 56)
    }

    /// Masks the low `n` bytes of a word (0…8).
    @inline(__always) static func low(_ n: Int) -> UInt64 {
        n >= 8 ? ~0 : (1 << (UInt64(n) &* 8)) &- 1
    }

    /// The UTF-8 length of the `i`th string.
    @inline(__always) static func utf8Count(_ b: UnsafeBufferPointer<String>, _ i: Int, fast: Bool) -> Int {
        if fast {
            let (_, w1) = words(b, i)
            if isSmall(w1) { return smallCount(w1) }
        }
        return b[i].utf8.count
    }

    private static func selfTest() -> Bool {
        guard MemoryLayout<String>.size == 16, MemoryLayout<String>.stride == 16, 1.littleEndian == 1 else { return false }
        let samples: [[UInt8]] = [[], [0x61], Array("ibm".utf8), Array("abcdefgh".utf8), Array("abcdefghi".utf8),
                                  Array("abcdefghijklmno".utf8), [0xC3, 0xA9]]
        for bytes in samples {
            let s = String(decoding: bytes, as: UTF8.self)
            let (w0, w1) = words(s)
            let n = bytes.count
            guard isSmall(w1), smallCount(w1) == n else { return false }
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            guard UInt8(truncatingIfNeeded: w1 >> 56) == (ascii ? 0xE0 : 0xA0) | UInt8(n) else { return false }
            var units = [UInt8]()
            for k in 0..<15 { units.append(UInt8(truncatingIfNeeded: k < 8 ? w0 >> (8 * UInt64(k)) : w1 >> (8 * UInt64(k - 8)))) }
            guard Array(units[0..<n]) == bytes, units[n...].allSatisfy({ $0 == 0 }) else { return false }
            if ascii && n > 0 {
                let (m0, m1) = smallASCII(w0, w1 & low(7), count: n)
                let made = unsafeBitCast((m0, m1), to: String.self)
                guard made == s, made.hashValue == s.hashValue, Array(made.utf8) == bytes, made.utf8.count == n else { return false }
            }
        }
        // Strings too long to be small, and shared substrings made into strings, must not look small.
        let long = String(decoding: Array(repeating: 0x7A, count: 40), as: UTF8.self)
        return !isSmall(words(long).1) && !isSmall(words(String(long.dropFirst(3))).1)
    }
}

extension WireWriter {
    /// The UTF-8 bytes of `s`, no terminator.
    @inline(__always) mutating func text<S: StringProtocol>(_ s: S) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { raw(UnsafeRawBufferPointer($0)) }
        if done == nil { for b in s.utf8 { u8(b) } }
    }

    /// UTF-8 bytes of `s` then a NUL.
    @inline(__always) mutating func symbol<S: StringProtocol>(_ s: S) {
        text(s)
        u8(0)
    }

    /// Writes a whole symbol vector, each symbol's UTF-8 then a NUL.
    mutating func symbols(_ a: [String]) {
        let fast = SmallStrings.usable  // one lazy-global check, not one per symbol
        a.withUnsafeBufferPointer { b in
            for i in 0..<b.count {
                if fast {
                    let (w0, w1) = SmallStrings.words(b, i)
                    if SmallStrings.isSmall(w1) && end - p >= 16 {
                        // Bytes past the count are scratch: the terminator and what
                        // follows overwrite them.
                        p.storeBytes(of: w0.littleEndian, as: UInt64.self)
                        (p + 8).storeBytes(of: (w1 & SmallStrings.low(7)).littleEndian, as: UInt64.self)
                        p += SmallStrings.smallCount(w1)
                        u8(0)
                        continue
                    }
                }
                symbol(b[i])
            }
        }
    }
}

extension WireReader {
    /// A NUL-terminated UTF-8 string (invalid UTF-8 is repaired with U+FFFD).
    mutating func cString() throws -> String {
        let start = base + pos
        guard let nul = memchr(start, 0, remaining) else {
            throw fail(.truncated, "symbol without its terminating NUL")
        }
        let n = UnsafeRawPointer(nul) - start
        defer { pos += n + 1 }
        // A typed buffer takes the standard library's faster decoding path.
        return String(decoding: UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: n), as: UTF8.self)
    }

    /// Reads a NUL-terminated symbol.
    mutating func symbol() throws -> String {
        if SmallStrings.usable, let (w0, w1) = smallSymbol() { return unsafeBitCast((w0, w1), to: String.self) }
        return try cString()
    }

    /// Reads `n` symbols (the caller has checked `n` against the remaining bytes).
    mutating func symbols(_ n: Int) throws -> [String] {
        let fast = SmallStrings.usable  // one lazy-global check, not one per symbol
        return try [String](unsafeUninitializedCapacity: n) { buf, initialized in
            let out = buf.baseAddress!
            while initialized < n {
                if fast, let (w0, w1) = smallSymbol() {
                    // An immortal small string owns nothing: its two words are the whole value.
                    let raw = UnsafeMutableRawPointer(out + initialized)
                    raw.storeBytes(of: w0, as: UInt64.self)
                    raw.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
                } else {
                    (out + initialized).initialize(to: try cString())
                }
                initialized += 1
            }
        }
    }

    /// The words of a short ASCII symbol read with two word loads, or nil (consuming
    /// nothing) when the symbol is longer, not ASCII, or too near the end of the input.
    @inline(__always) mutating func smallSymbol() -> (UInt64, UInt64)? {
        guard count &- pos >= 16 else { return nil }
        let w0 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
        let w1 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos &+ 8, as: UInt64.self))
        // Index of the first zero byte: the classic has-zero-byte mask; its lowest set bit
        // is exact (false positives only occur above a true zero).
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let z0 = (w0 &- ones) & ~w0 & highs
        let a0: UInt64, a1: UInt64, n: Int
        if z0 != 0 {
            n = z0.trailingZeroBitCount &>> 3
            a0 = w0 & SmallStrings.low(n)
            a1 = 0
        } else {
            let z1 = (w1 &- ones) & ~w1 & highs
            guard z1 != 0 else { return nil }  // 16 bytes or more
            n = 8 &+ z1.trailingZeroBitCount &>> 3
            a0 = w0
            a1 = w1 & SmallStrings.low(n &- 8)
        }
        guard (a0 | a1) & highs == 0 else { return nil }  // not ASCII
        pos &+= n &+ 1
        return n == 0 ? SmallStrings.words("") : SmallStrings.smallASCII(a0, a1, count: n)
    }
}
