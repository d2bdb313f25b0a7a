import QCore

enum Lists {
    static func register(_ r: inout Registry) {}
}
