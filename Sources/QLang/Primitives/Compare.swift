import QCore

enum Compare {
    static func register(_ r: inout Registry) {}
}
