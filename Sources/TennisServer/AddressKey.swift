import NIOCore

/// The key that per-address limits count a peer under: an IPv4 address as is, an IPv6 address
/// by its /64 network (one subscriber usually holds a whole /64, so counting single IPv6
/// addresses would give each attacker billions of fresh ones). IPv4-mapped IPv6 counts as IPv4.
/// The ssh front door counts its peers by the same key (`SSHServer.start(addressKey:)`).
public enum AddressKey {
    public static func of(_ address: SocketAddress?) -> String {
        guard let address else { return "unknown" }
        if case .v6(let v6) = address {
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return bytes[12..<16].map(String.init).joined(separator: ".")
            }
            let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            return groups.joined(separator: ":") + "::/64"
        }
        return address.ipAddress ?? "unknown"
    }
}
