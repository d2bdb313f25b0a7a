// Input side: a cursor over borrowed bytes that checks every read against the end of the
// buffer and converts from the message's byte order. Vectors are read with one bounds
// check and one memcpy, then byte-swapped in place only for big-endian input.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QCore

struct WireReader {
    let base: UnsafeRawPointer
    let count: Int
    var pos: Int = 0
    /// True when the input's byte order differs from the host's (little-endian).
    let swap: Bool

    init(_ buffer: UnsafeRawBufferPointer, littleEndian: Bool) {
        // An empty buffer may have no base address; any non-null pointer is fine as
        // every read is checked against `count` first.
        base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)!
        count = buffer.count
        swap = littleEndian != (1.littleEndian == 1)
    }

    var remaining: Int { count - pos }
    var atEnd: Bool { pos == count }

    func fail(_ kind: QWireError.Kind, _ message: String) -> QWireError {
        QWireError(kind, message, offset: pos)
    }

    @inline(__always) func need(_ n: Int) throws {
        guard n <= count - pos else {
            throw fail(.truncated, "needs \(n) bytes, \(count - pos) left")
        }
    }

    @inline(__always) mutating func u8() throws -> UInt8 {
        try need(1)
        defer { pos += 1 }
        return base.load(fromByteOffset: pos, as: UInt8.self)
    }

    /// The next byte without consuming it, or nil at the end.
    func peek(_ ahead: Int = 0) -> UInt8? {
        pos + ahead < count ? base.load(fromByteOffset: pos + ahead, as: UInt8.self) : nil
    }

    @inline(__always) mutating func int<T: FixedWidthInteger>(_: T.Type) throws -> T {
        try need(MemoryLayout<T>.size)
        let v = base.loadUnaligned(fromByteOffset: pos, as: T.self)
        pos += MemoryLayout<T>.size
        return swap ? v.byteSwapped : v
    }

    /// A 4-byte item count: negative counts and counts the remaining bytes cannot hold
    /// (at `minWidth` bytes per item) are rejected before anything is allocated.
    mutating func count(minWidth: Int) throws -> Int {
        let n = Int(try int(Int32.self))
        guard n >= 0 else { throw fail(.badCount, "negative count \(n)") }
        guard minWidth == 0 || n <= remaining / minWidth else {
            throw fail(.badCount, "count \(n) exceeds the \(remaining) bytes left")
        }
        return n
    }

    mutating func guid() throws -> QGUID {
        try need(16)
        // Guids are byte strings: the same order in either byte order of message.
        let h = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
        let l = base.loadUnaligned(fromByteOffset: pos + 8, as: UInt64.self)
        pos += 16
        return QGUID(high: UInt64(bigEndian: h), low: UInt64(bigEndian: l))
    }

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

    /// `n` raw bytes.
    mutating func bytes(_ n: Int) throws -> [UInt8] {
        try need(n)
        defer { pos += n }
        return [UInt8](UnsafeRawBufferPointer(start: base + pos, count: n))
    }

    /// `n` fixed-width elements copied in one go, byte-swapped when the input's order
    /// differs from the host's. The caller has checked `n` against the remaining bytes.
    mutating func bulk<T>(_ n: Int, _: T.Type, swapped: (T) -> T) throws -> [T] {
        let size = n * MemoryLayout<T>.stride
        try need(size)
        let src = base + pos
        pos += size
        return [T](unsafeUninitializedCapacity: n) { buf, initialized in
            if n > 0 { memcpy(buf.baseAddress!, src, size) }
            if swap { for i in 0..<n { buf[i] = swapped(buf[i]) } }
            initialized = n
        }
    }

    /// `n` booleans: any nonzero byte is true (a Bool must hold exactly 0 or 1).
    mutating func bools(_ n: Int) throws -> [Bool] {
        try need(n)
        let src = (base + pos).assumingMemoryBound(to: UInt8.self)
        pos += n
        return [Bool](unsafeUninitializedCapacity: n) { buf, initialized in
            for i in 0..<n { buf[i] = src[i] != 0 }
            initialized = n
        }
    }
}
