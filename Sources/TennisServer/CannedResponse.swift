import NIOCore

/// A whole HTTP/1.1 response, written as bytes by the connection gate when it refuses a
/// connection before (or instead of) the HTTP server reading a request from it. It always
/// closes the connection; the body is JSON like the routes' errors: `{"error":…,"message":…}`.
enum CannedResponse {
    static func bytes(status: Int, code: String, message: String, retryAfterSeconds: Int? = nil) -> ByteBuffer {
        let body = #"{"error":"\#(code)","message":"\#(message)"}"# + "\n"
        var head = "HTTP/1.1 \(status) \(reason(status))\r\n"
        head += "Connection: close\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        if let retryAfterSeconds { head += "Retry-After: \(retryAfterSeconds)\r\n" }
        return ByteBuffer(string: head + "\r\n" + body)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 408: "Request Timeout"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }
}
