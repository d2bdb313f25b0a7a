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
        guard SmallStrings.usable else {  // one lazy-global check, not one per symbol
            for s in a { symbol(s) }
            return
        }
        a.withUnsafeBufferPointer { b in
            // The cursor and end in locals: stores through the cursor cannot then alias
            // `self`, so both stay in registers.
            var q = p
            let stop = end
            for i in 0..<b.count {
                let (w0, w1) = SmallStrings.words(b, i)
                if SmallStrings.isSmall(w1) && stop - q >= 16 {
                    // A small string's unused bytes are zero and the discriminator is
                    // masked off, so these two stores write the terminating NUL too;
                    // bytes past it are scratch that what follows overwrites.
                    q.storeBytes(of: w0.littleEndian, as: UInt64.self)
                    (q + 8).storeBytes(of: (w1 & SmallStrings.low(7)).littleEndian, as: UInt64.self)
                    q += SmallStrings.smallCount(w1) &+ 1
                    continue
                }
                p = q
                symbol(b[i])
                q = p
            }
            p = q
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
    ///
    /// The input is scanned 64 bytes at a time into a mask of its NULs, so finding where
    /// a symbol ends does not wait on where the previous one ended, and the branches see
    /// one unpredictable exit per 64 bytes instead of one per symbol. Each short ASCII
    /// symbol is then made from two word loads at its start; the rest are decoded (long
    /// ones through a small intern cache, as a sym column repeats its values).
    mutating func symbols(_ n: Int) throws -> [String] {
        guard n > 0 else { return [] }
        guard SmallStrings.usable else {  // one lazy-global check, not one per symbol
            var a = [String]()
            a.reserveCapacity(n)
            for _ in 0..<n { a.append(try cString()) }
            return a
        }
        return try [String](unsafeUninitializedCapacity: n) { buf, initialized in
            (initialized, pos) = Self.scanSymbols(base, count, from: pos, n, into: buf.baseAddress!)
            // The last symbols, in the input's final (partial) 64 bytes.
            while initialized < n {
                (buf.baseAddress! + initialized).initialize(to: try cString())
                initialized += 1
            }
        }
    }

    /// Decodes symbols from `from` into `out`, while whole 64-byte chunks of the input
    /// remain and fewer than `n` are done. Returns how many it decoded and where the next
    /// one begins. (A static function of plain values, so that the compiler need not
    /// reload the reader's fields after every store into `out`.)
    static func scanSymbols(_ base: UnsafeRawPointer, _ count: Int, from: Int, _ n: Int,
                            into out: UnsafeMutablePointer<String>) -> (Int, Int) {
        let raw = UnsafeMutableRawPointer(out)
        var cache = SymbolCache()
        let empty = SmallStrings.words("")
        var i = 0
        var start = from  // where the next symbol begins
        var chunk = from  // the 64 bytes whose NULs are the set bits of `nuls`
        var nuls: UInt64 = 0
        var next = from   // the next 64 bytes to scan
        while i < n {
            if nuls == 0 {
                guard next &+ 64 <= count else { break }
                chunk = next
                nuls = nulMask64(base + chunk)
                next &+= 64
                continue
            }
            let nul = chunk &+ nuls.trailingZeroBitCount
            nuls &= nuls &- 1
            let len = nul &- start
            let item = raw + i &* MemoryLayout<String>.stride
            if UInt(bitPattern: len &- 1) < 15 && count &- start >= 16,  // 1…15 bytes, 16 readable
               let (w0, w1) = smallASCII(base + start, length: len) {
                // An immortal small string owns nothing: its two words are the whole value.
                item.storeBytes(of: w0, as: UInt64.self)
                item.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
            } else if len == 0 {
                item.storeBytes(of: empty.0, as: UInt64.self)
                item.storeBytes(of: empty.1, toByteOffset: 8, as: UInt64.self)
            } else {
                item.initializeMemory(as: String.self, to: cache.string(base, start, len))
            }
            i &+= 1
            start = nul &+ 1
        }
        return (i, start)
    }

    /// Bit k set where byte k of the 64 at `p` is NUL.
    @inline(__always) static func nulMask64(_ p: UnsafeRawPointer) -> UInt64 {
        var mask: UInt64 = 0
        for k in 0..<8 {
            let w = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 &* k, as: UInt64.self))
            // High bit of each zero byte, exactly (no borrow between bytes)...
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let zeros = ~(((w & low7) &+ low7) | w | low7)
            // ...gathered into one byte: bit 8j moves to bit 56 + j, with no carries.
            mask |= (((zeros &>> 7) &* 0x0102_0408_1020_4080) &>> 56) &<< UInt64(8 &* k)
        }
        return mask
    }

    /// The words of the ASCII symbol of `length` (1…15) bytes at `p`, which has 16 bytes
    /// of input; nil when the symbol is not ASCII.
    @inline(__always) static func smallASCII(_ p: UnsafeRawPointer, length n: Int) -> (UInt64, UInt64)? {
        let highs: UInt64 = 0x8080_8080_8080_8080
        let w0 = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
        // Masks of the symbol's bytes in a word: every shift is 0…56.
        if n <= 8 {  // most symbols: one load
            let a0 = w0 & (~UInt64(0) &>> UInt64(truncatingIfNeeded: 64 &- 8 &* n))
            guard a0 & highs == 0 else { return nil }
            return SmallStrings.smallASCII(a0, 0, count: n)
        }
        let w1 = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let a1 = w1 & (~UInt64(0) &>> UInt64(truncatingIfNeeded: 128 &- 8 &* n))
        guard (w0 | a1) & highs == 0 else { return nil }
        return SmallStrings.smallASCII(w0, a1, count: n)
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

/// A direct-mapped cache of the long (heap-allocated, over 15 bytes) symbols decoded from
/// one input, keyed by their bytes: a repeated symbol becomes a shared copy instead of a
/// new allocation. Entries point back into the input, which outlives the decode.
struct SymbolCache {
    private static let slots = 64
    // Each slot's symbol as its input offset and length (0: empty slot) and its string;
    // allocated on the first long symbol, so vectors of short ones never pay for it.
    private var offsets: [Int] = []
    private var lengths: [Int] = []
    private var strings: [String] = []

    /// The symbol of `n` bytes at `base + start`. Out of line, to keep the registers of
    /// the short-symbol loop that calls it free.
    @inline(never)
    mutating func string(_ base: UnsafeRawPointer, _ start: Int, _ n: Int) -> String {
        let bytes = UnsafeBufferPointer(start: (base + start).assumingMemoryBound(to: UInt8.self), count: n)
        guard n > 15 else { return String(decoding: bytes, as: UTF8.self) }
        if offsets.isEmpty {
            offsets = [Int](repeating: 0, count: Self.slots)
            lengths = [Int](repeating: 0, count: Self.slots)
            strings = [String](repeating: "", count: Self.slots)
        }
        // Hash the length and the first and last 8 bytes: constant time, and enough to
        // spread the few distinct values of a column.
        let head = (base + start).loadUnaligned(as: UInt64.self)
        let tail = (base + start + n - 8).loadUnaligned(as: UInt64.self)
        var h = (UInt64(n) ^ head) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 29) ^ tail) &* 0x9E37_79B9_7F4A_7C15
        let slot = Int(truncatingIfNeeded: h >> 58) & (Self.slots - 1)
        if lengths[slot] == n && memcmp(base + offsets[slot], base + start, n) == 0 { return strings[slot] }
        let s = String(decoding: bytes, as: UTF8.self)
        offsets[slot] = start
        lengths[slot] = n
        strings[slot] = s
        return s
    }
}
