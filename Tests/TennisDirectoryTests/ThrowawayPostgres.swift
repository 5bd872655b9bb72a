import Foundation

/// A PostgreSQL of the tests' own when `TENNIS_TEST_POSTGRES` names none but the machine has
/// PostgreSQL installed: `scripts/start-postgres.sh` in a temporary folder on a free port,
/// stopped (and the folder deleted) when the test process exits.
enum ThrowawayPostgres {
    private static let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("tennis-test-pg-\(getpid())")

    /// PostgreSQL's `initdb` is on this machine.
    static var installed: Bool {
        ["/usr/bin/initdb", "/usr/local/bin/initdb"].contains { FileManager.default.fileExists(atPath: $0) }
            || ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).contains {
                FileManager.default.fileExists(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
            }
    }

    /// The new server's URL, or nil when PostgreSQL is not installed or would not start.
    static func start() -> String? {
        guard installed, let port = freePort() else { return nil }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/start-postgres.sh")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        // popen, not Foundation's Process: this runs inside a global's lazy initializer, where
        // Process.waitUntilExit was seen to wait forever for a child that had already exited.
        let command = "/bin/bash '\(script.path)' '\(folder.appendingPathComponent("pg").path)' \(port) 2>/dev/null"
        guard let pipe = popen(command, "r") else { return nil }
        var output = ""
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), pipe) != nil { output += String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        guard pclose(pipe) == 0 else { return nil }
        atexit { ThrowawayPostgres.stop() }
        let url = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return url.isEmpty ? nil : url
    }

    /// Fast shutdown of the postmaster (SIGINT), then the folder goes.
    static func stop() {
        let pidFile = folder.appendingPathComponent("pg/data/postmaster.pid")
        if let text = try? String(contentsOf: pidFile, encoding: .utf8),
           let pid = Int32(text.split(separator: "\n").first ?? "") {
            kill(pid, SIGINT)
            for _ in 0..<50 where kill(pid, 0) == 0 { usleep(100_000) }
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
