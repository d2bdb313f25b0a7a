// TEMPORARY: replaced by Display/ when it lands.
public struct QDisplayOptions: Sendable {
    public var width = 80
    public var height = 25
    public var precision = 7
    public init() {}
}

public enum QFormat {
    public static func console(_ v: QValue, _ o: QDisplayOptions = .init()) -> [String] {
        if v.isIdentity { return [] }
        return [k(v, o)]
    }
    public static func k(_ v: QValue, _ o: QDisplayOptions = .init()) -> String {
        switch v {
        case .atom(let t, let s): return atomText(t, s, o) + (t == .long || t == .float ? "" : String(t.letter))
        case .vector(let vec): return (0..<vec.count).map { atomText(vec.type, vec.storage[$0], o) }.joined(separator: " ")
        case .list(let l): return "(" + l.map { k($0, o) }.joined(separator: ";") + ")"
        case .dict(let d): return k(d.keys, o) + "!" + k(d.values, o)
        case .table(let t): return "+" + k(.symbols(t.names), o) + "!" + k(.list(t.columns), o)
        case .function(let f):
            if case .lambda(let l) = f { return l.source }
            if case .primitive(let p) = f { return p.name }
            return "func"
        }
    }
    public static func atomText(_ t: QType, _ s: QScalar, _ o: QDisplayOptions = .init()) -> String {
        switch s {
        case .b(let v): return v ? "1" : "0"
        case .j(let v): return v == Int64.min ? "0N" : String(v)
        case .i(let v): return String(v)
        case .h(let v): return String(v)
        case .f(let v): return String(v)
        case .e(let v): return String(v)
        case .s(let v): return "`" + v
        case .x(let v): return String(v)
        case .g(let g): return g.string
        }
    }
}
