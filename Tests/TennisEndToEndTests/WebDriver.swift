import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A headless Chromium driven over the W3C WebDriver protocol by Debian's `chromedriver`
/// (`apt-get install chromium chromium-driver`): JSON over HTTP, no client library needed.
struct WebDriver {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The browser and its driver, when both are installed (found on PATH).
    static let installed: (browser: String, driver: String)? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        func find(_ name: String) -> String? {
            path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        guard let browser = find("chromium") ?? find("chromium-browser"), let driver = find("chromedriver") else { return nil }
        return (browser, driver)
    }()

    private let process: Process
    private let base: String

    /// Starts chromedriver on a free port and opens a headless browser window of this size.
    static func start(width: Int = 1280, height: Int = 900) async throws -> WebDriver {
        guard let installed else { throw Failure(description: "chromium and chromedriver are not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: installed.driver)
        process.arguments = ["--port=0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.spawn()
        guard let line = try await readLine(containing: "started successfully on port", from: output, timeout: 10),
              let port = line.split(separator: " ").last.map({ $0.trimmingCharacters(in: .punctuationCharacters) })
        else {
            kill(process.processIdentifier, SIGKILL)
            throw Failure(description: "chromedriver did not start")
        }
        var driver = WebDriver(process: process, base: "http://127.0.0.1:\(port)/session")
        let arguments = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars",
                         "--force-device-scale-factor=1", "--window-size=\(width),\(height)"]
        // Insecure certificates: the TLS test's server has a self-signed one made for the run.
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "acceptInsecureCerts": true, "goog:chromeOptions": ["binary": installed.browser, "args": arguments]]]]
        do {
            let answer = try await driver.call("POST", "", capabilities) as? [String: Any]
            guard let session = answer?["sessionId"] as? String else { throw Failure(description: "no session: \(String(describing: answer))") }
            driver = WebDriver(process: process, base: driver.base + "/" + session)
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
        return driver
    }

    private init(process: Process, base: String) {
        self.process = process
        self.base = base
    }

    /// Closes the browser and stops the driver.
    func quit() async {
        _ = try? await call("DELETE", "", nil)
        // chromedriver does not stop on SIGTERM; its browser is closed by now.
        await process.stop(SIGKILL)
    }

    func open(_ url: String) async throws {
        _ = try await call("POST", "/url", ["url": url])
    }

    /// Runs `script` (a function body; `arguments[0]`… are `args`) in the page and returns its result.
    func run(_ script: String, _ args: [Any] = []) async throws -> Any? {
        try await call("POST", "/execute/sync", ["script": script, "args": args])
    }

    /// Runs `script`, which calls `arguments[arguments.length - 1]` with its result when done.
    func runAsync(_ script: String) async throws -> Any? {
        try await call("POST", "/execute/async", ["script": script, "args": []])
    }

    /// Runs `script` every 100 ms until it returns true; false after `seconds`.
    func wait(seconds: Double, until script: String) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await run(script) as? Bool == true { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await run(script) as? Bool == true
    }

    /// A PNG of the whole window.
    func screenshot() async throws -> Data {
        guard let text = try await call("GET", "/screenshot", nil) as? String, let png = Data(base64Encoded: text) else {
            throw Failure(description: "no screenshot")
        }
        return png
    }

    private func call(_ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any? {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data()
        let url = URL(string: base + path)!
        let (status, data) = try await Self.exchange(port: url.port ?? 80, method: method, path: url.path, body: payload)
        let value = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any])?["value"]
        guard status == 200 else {
            throw Failure(description: "WebDriver \(method) \(path): \(status) \(String(decoding: data, as: UTF8.self).prefix(500))")
        }
        return value is NSNull ? nil : value
    }

    /// One HTTP/1.1 request to the driver on 127.0.0.1 over a plain socket: URLSession on Linux cannot read chromedriver's answers (it writes `Content-Length:916`,
    /// without the space, and the request fails with "Failed writing header").
    private static func exchange(port: Int, method: String, path: String, body: Data) async throws -> (Int, Data) {
        let answer: Result<Data, Failure> = await offThePool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return .failure(Failure(description: "no socket")) }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { return .failure(Failure(description: "chromedriver is not listening on \(port)")) }
            var request = Data("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n".utf8)
            request.append(Data("Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8))
            request.append(body)
            let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard sent == request.count else { return .failure(Failure(description: "short write to chromedriver")) }
            // The driver keeps the connection open: read the head, then Content-Length bytes (30 s at most).
            var timeout = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var received = Data()
            var chunk = [UInt8](repeating: 0, count: 65536)
            while !isWhole(received) {
                let count = recv(fd, &chunk, chunk.count, 0)
                if count <= 0 { break }
                received.append(contentsOf: chunk[0..<count])
            }
            return .success(received)
        }
        let response = try answer.get()
        guard let split = response.range(of: Data("\r\n\r\n".utf8)),
              let statusLine = String(decoding: response[..<split.lowerBound], as: UTF8.self).split(separator: "\r\n").first,
              let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw Failure(description: "chromedriver sent no HTTP answer") }
        return (status, Data(response[split.upperBound...]))
    }

    /// True once `response` holds a whole head and as many body bytes as its Content-Length says.
    private static func isWhole(_ response: Data) -> Bool {
        guard let split = response.range(of: Data("\r\n\r\n".utf8)) else { return false }
        let head = String(decoding: response[..<split.lowerBound], as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return response.count - split.upperBound >= length
    }
}
