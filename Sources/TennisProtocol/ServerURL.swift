/// Turns what a person types (`ws://host:port`, `host:port`, `wss://host/path`) into the
/// WebSocket endpoint URL, or explains what is wrong with it.
public enum ServerURL {
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func endpoint(_ text: String) throws -> String {
        var url = text.trimmingCharacters(in: " ")
        if !url.contains("://") { url = "ws://" + url }
        guard url.hasPrefix("ws://") || url.hasPrefix("wss://") else {
            throw Invalid(description: "server URL must start with ws:// or wss:// (got \(text))")
        }
        let schemeEnd = url.range(of: "://")!.upperBound
        let rest = url[schemeEnd...]
        let hostPart = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard !hostPart.isEmpty else { throw Invalid(description: "server URL has no host (got \(text))") }
        if rest.contains("/") { return url }
        return url + "/ws"
    }

    /// The http(s) base URL of the same server, for its HTTP API.
    public static func httpBase(_ text: String) throws -> String {
        let ws = try endpoint(text)
        let http = ws.hasPrefix("wss://") ? "https://" + ws.dropFirst(6) : "http://" + ws.dropFirst(5)
        guard let slash = http.dropFirst(http.hasPrefix("https") ? 8 : 7).firstIndex(of: "/") else { return String(http) }
        return String(http[..<slash])
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var result = Substring(self)
        while result.first == character { result.removeFirst() }
        while result.last == character { result.removeLast() }
        return String(result)
    }
}
