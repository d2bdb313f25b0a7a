import QCore
import QIPC
#if canImport(Glibc)
import Glibc
#endif

// The interpreter's view of the wire codec: `-8!` `-9!` `-18!` `-22!`, and binary files
// written by `set` and read by `get`.

extension Interpreter {
    /// Codec options that turn decoded primitives back into this registry's primitives.
    static let wireOptions: QWireOptions = {
        var o = QWireOptions()
        o.resolvePrimitive = { name, _ in
            guard let id = Registry.shared.id(name),
                  case .function(.primitive(let p)) = Registry.shared[id].value else { return nil }
            return p
        }
        return o
    }()

    /// A byte vector value.
    static func bytes(_ b: [UInt8]) -> QValue { .vector(QVector(.byte, .x(b))) }

    /// The bytes of a byte vector, or nil.
    static func byteArray(_ v: QValue) -> [UInt8]? {
        if case .vector(let vec) = v, vec.type == .byte, case .x(let b) = vec.storage { return b }
        return nil
    }

    /// `-8!x`: x as an IPC message (little-endian, async).
    func serializeMessage(_ x: QValue, compress: Bool) throws -> QValue {
        do { return Interpreter.bytes(try QWire.encodeMessage(x, type: .async, compress: compress)) }
        catch let e as QError { throw e } catch { throw QError.type }
    }

    /// `-9!x`: the value an IPC message holds.
    func deserializeMessage(_ x: QValue) throws -> QValue {
        guard let b = Interpreter.byteArray(x) else { throw QError.type }
        do { return try QWire.decodeMessage(b, options: Interpreter.wireOptions).1 }
        catch let e as QError { throw e } catch { throw QError("badmsg") }
    }

    /// `` `:file set x ``: writes x in QRuntime's binary file form (a 2-byte mark, then the
    /// serialized value). Returns the handle.
    func writeBinaryFile(_ handle: String, _ x: QValue) throws -> QValue {
        let path = String(handle.dropFirst())
        let payload: [UInt8]
        do { payload = try QWire.serialize(x) } catch let e as QError { throw e } catch { throw QError.type }
        guard let f = fopen(path, "wb") else { throw QError(path + ": cannot open") }
        defer { fclose(f) }
        let mark: [UInt8] = [0xff, 0x01]
        guard fwrite(mark, 1, 2, f) == 2, payload.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, f) }) == payload.count else {
            throw QError(path + ": write failed")
        }
        return .symbol(handle)
    }

    /// `` get `:file ``: reads a file written by `set` (or a raw IPC message).
    func readBinaryFile(_ handle: String) throws -> QValue {
        let path = String(handle.dropFirst())
        guard let f = fopen(path, "rb") else { throw QError(path + ": No such file or directory") }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes += buf[..<n]
        }
        do {
            if bytes.count >= 2 && bytes[0] == 0xff && bytes[1] == 0x01 {
                return try QWire.deserialize(Array(bytes[2...]), options: Interpreter.wireOptions)
            }
            return try QWire.decodeMessage(bytes, options: Interpreter.wireOptions).1
        } catch let e as QError { throw e } catch { throw QError(path + ": bad file") }
    }
}
