import QCore
import QIPC
#if canImport(Glibc)
import Glibc
#endif

// The system family: `value get set eval parse show system exit getenv setenv`, the
// console-facing internal functions `-n!x` and `0N!x`, and handle output (`-1 "text"`).

enum System {
    static func register(_ r: inout Registry) {
        r.add("value", monad: { x, s in try s.value(x) })
        r.add("get", monad: { x, s in try s.value(x) })
        r.add("set", dyad: { x, y, s in try s.set(x, y) })
        r.add("eval", monad: { x, s in try s.evaluateParseTree(x) })
        r.add("parse", monad: { x, s in try s.parseToTree(x) })
        r.add("show", monad: { x, s in
            s.output(QFormat.console(x, s.display).map { $0 + "\n" }.joined())
            return .identity
        })
        r.add("system", monad: { x, s in
            guard let cmd = s.text(x) else { throw QError.type }
            return try SystemCommands.run(cmd, s, fromSystem: true)
        })
        r.add("exit", monad: { x, s in
            guard case .atom(let t, let sc) = x, t.isNumeric else { throw QError.type }
            s.exitHandler(Int32(truncatingIfNeeded: scalarInt(sc)))
            return .identity
        })
        r.add("getenv", monad: { x, s in
            guard let name = s.symbolName(x) else { throw QError.type }
            guard let v = Glibc.getenv(name) else { return .string("") }
            return .string(String(cString: v))
        })
        r.add("setenv", dyad: { x, y, s in
            guard let name = s.symbolName(x), let v = s.text(y) else { throw QError.type }
            Glibc.setenv(name, v, 1)
            return .identity
        })
        r.add(".", monad: { x, s in try s.value(x) })
        // `0N!x`, `-3!x` …: internal functions on `!` with a null or negative int left.
        r.overload("!", arity: 2, when: { a in Internal.isInternal(a[0]) }) { a, s in try Internal.call(a[0], a[1], s) }
    }
}

extension Interpreter {
    /// The text of a string or symbol, or nil.
    func text(_ v: QValue) -> String? {
        switch v {
        case .vector(let vec) where vec.type == .char:
            if case .x(let b) = vec.storage { return String(decoding: b, as: UTF8.self) }
            return nil
        case .atom(.char, .x(let c)): return String(decoding: [c], as: UTF8.self)
        case .atom(.symbol, .s(let s)): return s
        default: return nil
        }
    }

    /// `value x` / `get x`.
    func value(_ x: QValue) throws -> QValue {
        switch x {
        case .dict(let d): return d.values
        case .atom(.symbol, .s(let name)):
            if name.hasPrefix(":") { return try readBinaryFile(name) }
            if let v = globals[qualify(name)] ?? globals[name] { return v }
            if let ns = namespaceDict(name) { return ns }
            return try lookupFallback(qualify(name))
        case .vector(let v) where v.type == .char:
            return try evaluate(text(x) ?? "")
        case .atom(.char, _):
            return try evaluate(text(x) ?? "")
        case .list(let l):
            // A list is applied: first item to the rest.
            guard let f = l.first else { return x }
            let fv: QValue
            if case .atom(.symbol, .s(let n)) = f {
                fv = try value(.symbol(n))
            } else if let src = text(f), f.isAtom || f.count > 0 {
                // A string in function position is evaluated first, as IPC clients send `("f";args)`.
                fv = try evaluate(src)
            } else {
                fv = f
            }
            return try apply(fv, Array(l.dropFirst()))
        case .function(let fn):
            switch fn {
            case .lambda(let l):
                return .list([.vector(QVector(.byte, .x([]))), .symbols(l.parameters), .symbols([]), .list([.symbol("")]), .string(l.source)])
            case .projection(let f, let args):
                return .list([f] + args.map { $0 ?? .identity })
            case .composition(let fs): return .list(fs)
            case .derived(_, let f): return f
            case .primitive(let p): return .atom(.int, .i(Int32(p.id)))
            default: return x
            }
        case .table(let t): return .table(t)
        default:
            return x
        }
    }

    /// A namespace as a dictionary (`` value `.q ``, `` get `.ns ``), or nil.
    func namespaceDict(_ name: String) -> QValue? {
        guard name.hasPrefix(".") else { return nil }
        if name == "." {
            // The root namespace: every global outside the dotted namespaces.
            let pairs = globals.keys.filter { !$0.hasPrefix(".") }.sorted().compactMap { k in globals[k].map { (k, $0) } }
            return .dict(QDict(keys: .symbols(pairs.map(\.0)), values: .list(pairs.map(\.1))))
        }
        if name == ".q" {
            // The q namespace holds the keywords.
            let names = registry.defs.map(\.name).filter { $0.first!.isLetter }.sorted()
            return .dict(QDict(keys: .symbols([""] + names), values: .list([.identity] + names.map { registry[registry.id($0)!].value })))
        }
        let prefix = name + "."
        var keys: [String] = [""]
        var vals: [QValue] = [.identity]
        var seen = Set<String>()
        for k in globals.keys.sorted() where k.hasPrefix(prefix) {
            let rest = String(k.dropFirst(prefix.count))
            let head = rest.split(separator: ".").first.map(String.init) ?? rest
            if seen.contains(head) { continue }
            seen.insert(head)
            keys.append(head)
            vals.append(rest.contains(".") ? (namespaceDict(prefix + head) ?? .identity) : globals[k]!)
        }
        guard keys.count > 1 else { return nil }
        return .dict(QDict(keys: .symbols(keys), values: .list(vals)))
    }

    /// `` `name set v ``: assign a global; returns the name.
    func set(_ x: QValue, _ y: QValue) throws -> QValue {
        guard let name = symbolName(x) else { throw QError.type }
        if name.hasPrefix(":") { return try writeBinaryFile(name, y) }
        try assignGlobal(name.hasPrefix(".") ? name : qualify(name), y)
        return x
    }
}

/// Internal functions `n!x` with a negative (or null) integer `n`.
enum Internal {
    static func isInternal(_ v: QValue) -> Bool {
        guard case .atom(let t, let s) = v, t == .long || t == .int || t == .short else { return false }
        let n = scalarInt(s)
        return n < 0
    }

    static func call(_ n: QValue, _ x: QValue, _ s: Interpreter) throws -> QValue {
        guard case .atom(_, let sc) = n else { throw QError.type }
        switch scalarInt(sc) {
        case Int64.min:
            // 0N!x prints x in k form and returns it.
            s.output(QFormat.k(x, s.display) + "\n")
            return x
        case -3: return .string(QFormat.k(x, s.display))
        case -5: return try s.parseToTree(x)
        case -6: return try s.evaluateParseTree(x)
        case -7:
            guard case .atom(.symbol, .s(let p)) = x else { throw QError.type }
            var st = stat()
            let path = p.hasPrefix(":") ? String(p.dropFirst()) : p
            guard stat(path, &st) == 0 else { throw QError(p) }
            return .long(Int64(st.st_size))
        case -8: return try s.serializeMessage(x, compress: false)
        case -9: return try s.deserializeMessage(x)
        case -18: return try s.serializeMessage(x, compress: true)
        case -22:
            do { return .long(Int64(try QWire.serializedSize(x) + 8)) } catch { throw QError.type }
        case -15, -33:
            // MD5 and SHA-1 of a string (or bytes): the digest as bytes.
            let bytes = try Library.rawBytes(x)
            let digest = scalarInt(sc) == -15 ? QDigest.md5(bytes) : QDigest.sha1(bytes)
            return .vector(QVector(.byte, .x(digest)))
        case -16: return .long(1)
        case -27:
            // (int;floats): each float as a string with that many decimals, ignoring \P.
            guard case .list(let l) = x, l.count == 2, case .atom(let pt, let ps) = l[0], pt == .int || pt == .long || pt == .short
            else { throw QError.type }
            let places = Int(scalarInt(ps))
            guard places >= 0, places <= 99 else { throw QError.domain }
            func fixed(_ d: Double) -> QValue {
                if d.isNaN { return .string("") }
                if d.isInfinite { return .string(d > 0 ? "inf" : "-inf") }
                // At most 309 integer digits, a point and 99 decimals.
                var buf = [CChar](repeating: 0, count: 512)
                _ = withVaList([Int32(places), d]) { vsnprintf(&buf, buf.count, "%.*f", $0) }
                return .string(String(cString: buf))
            }
            switch l[1] {
            case .atom(.float, .f(let d)): return fixed(d)
            case .atom(.real, .e(let e)): return fixed(Double(e))
            case .vector(let v) where v.type == .float || v.type == .real:
                switch v.storage {
                case .f(let a): return .list(a.map(fixed))
                case .e(let a): return .list(a.map { fixed(Double($0)) })
                default: throw QError.type
                }
            default: throw QError.type
            }
        default:
            if let ipc = s.hooks.ipc { return try ipc("!", [n, x]) }
            throw QError.nyi
        }
    }
}
