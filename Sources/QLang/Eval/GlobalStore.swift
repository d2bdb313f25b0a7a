import QCore
import Synchronization

/// Global names interned to small integers, shared by every session in the process, so
/// that a compiled global reference is an array index rather than a string hash.
final class GlobalNames: Sendable {
    static let shared = GlobalNames()

    private let table = Locked<(ids: [String: Int], names: [String])>(([:], []))

    /// The id of a name, interning it on first use.
    func id(_ name: String) -> Int {
        table.withLock { t in
            if let id = t.ids[name] { return id }
            let id = t.names.count
            t.ids[name] = id
            t.names.append(name)
            return id
        }
    }

    /// The id of a name if it was ever interned.
    func existingID(_ name: String) -> Int? { table.withLock { $0.ids[name] } }

    /// The names of the given ids.
    func names(_ ids: [Int]) -> [String] { table.withLock { t in ids.map { t.names[$0] } } }
}

/// A session's globals, by qualified name (`a`, `.ns.a`).
///
/// A value type with copy-on-write storage, so a snapshot is a copy. Reads by a
/// compiled id are an array index; reads by name intern the name first.
public struct GlobalStore: Sendable, Sequence {
    // Values by interned id; `.unsetLocal` marks an id with no value in this session.
    private var values: [QValue] = []
    private var live = 0
    // For globals holding a compiled unary lambda, its address (0 otherwise), so a call
    // `f x` reaches the lambda without copying the value. `values` keeps it alive.
    private var unaryLambdas: [UInt] = []

    /// An empty store.
    public init() {}

    /// The value of a global, or nil.
    public subscript(name: String) -> QValue? {
        get {
            guard let id = GlobalNames.shared.existingID(name) else { return nil }
            return self[id: id]
        }
        set { self[id: GlobalNames.shared.id(name)] = newValue }
    }

    /// The value for an interned id, or nil.
    @inline(__always)
    subscript(id id: Int) -> QValue? {
        get {
            guard id < values.count else { return nil }
            let v = values[id]
            return v.isUnsetLocal ? nil : v
        }
        set {
            if id >= values.count {
                guard newValue != nil else { return }
                values.append(contentsOf: repeatElement(QValue.unsetLocal, count: id + 1 - values.count))
                unaryLambdas.append(contentsOf: repeatElement(0, count: id + 1 - unaryLambdas.count))
            }
            let had = !values[id].isUnsetLocal
            values[id] = newValue ?? .unsetLocal
            live += (newValue != nil ? 1 : 0) - (had ? 1 : 0)
            if case .function(.lambda(let l))? = newValue, l.rank == 1, l.body != nil {
                unaryLambdas[id] = UInt(bitPattern: Unmanaged.passUnretained(l).toOpaque())
            } else {
                unaryLambdas[id] = 0
            }
        }
    }

    /// The lambda stored under an id if it takes one argument, read without copying the value.
    @inline(__always)
    func unaryLambda(id: Int) -> Unmanaged<QLambda>? {
        guard id < unaryLambdas.count, let p = UnsafeMutableRawPointer(bitPattern: unaryLambdas[id]) else { return nil }
        return Unmanaged<QLambda>.fromOpaque(p)
    }

    /// Removes a global; returns its value.
    @discardableResult
    public mutating func removeValue(forKey name: String) -> QValue? {
        let old = self[name]
        self[name] = nil
        return old
    }

    /// Number of globals with a value.
    public var count: Int { live }
    /// True when no global has a value.
    public var isEmpty: Bool { live == 0 }

    /// The names of the globals with values.
    public var keys: [String] {
        let ids = values.indices.filter { !values[$0].isUnsetLocal }
        return GlobalNames.shared.names(ids)
    }

    /// Name and value of every global.
    public func makeIterator() -> IndexingIterator<[(key: String, value: QValue)]> {
        let ids = values.indices.filter { !values[$0].isUnsetLocal }
        let names = GlobalNames.shared.names(ids)
        return zip(names, ids.map { values[$0] }).map { (key: $0.0, value: $0.1) }.makeIterator()
    }

    /// The globals as a dictionary.
    public var dictionary: [String: QValue] {
        var d: [String: QValue] = [:]
        for (k, v) in self { d[k] = v }
        return d
    }
}
