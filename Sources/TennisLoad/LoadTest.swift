import Histogram
import NIOCore
import NIOPosix
import TennisProtocol

/// A load run: creates bot-vs-bot matches, opens spectator connections, measures a window of
/// `seconds`, and reports what arrived.
public enum LoadTest {
    /// Runs `options` to the end; `progress` hears a line at each stage.
    public static func run(_ options: LoadOptions, progress: @escaping @Sendable (String) -> Void = { _ in })
        async throws -> LoadReport
    {
        try ProcessStats.ensureDescriptors(options.descriptorsNeeded)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, options.threads))
        do {
            let report = try await measure(options, group: group, progress: progress)
            try? await group.shutdownGracefully()
            return report
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private static func measure(_ options: LoadOptions, group: MultiThreadedEventLoopGroup,
                                progress: @escaping @Sendable (String) -> Void) async throws -> LoadReport
    {
        var loops: [any EventLoop] = []
        for loop in group.makeIterator() { loops.append(loop) }
        var recorders: [NIOLoopBound<LoadRecorder>] = []
        for loop in loops { recorders.append(try await loop.submit { NIOLoopBound(LoadRecorder(), eventLoop: loop) }.get()) }

        var codes = options.codes
        if codes.isEmpty {
            for index in 0..<options.matches {
                codes.append(try await MatchMaker.create(host: options.host, port: options.port, seed: UInt64(index + 1)))
            }
            progress("created \(codes.count) matches")
        }
        var plan: [(hello: String, role: LoadRole)] = []
        for (index, code) in codes.enumerated() {
            for seat in 0..<2 {
                let player = ClientMessage.Hello(role: .player, code: code, name: "loadbot\(seat)")
                plan.append((ClientMessage.hello(player).encode(),
                             .bot(hello: player, level: 3, seed: UInt64(index * 2 + seat + 1))))
            }
        }
        let botFailures = try await open(plan, options: options, loops: loops, recorders: recorders, offset: 0)
        _ = await waitFor(seconds: 15) { await totals(recorders: recorders).0.openedBots + botFailures >= plan.count }
        progress("seated \(await totals(recorders: recorders).0.openedBots) bots")

        let rssBefore = options.serverPID.flatMap(ProcessStats.residentKiB)
        let spectatorPlan = (0..<options.spectators).map { index in
            let code = codes.isEmpty ? "" : codes[options.hot ? 0 : index % codes.count]
            return (hello(code: code, role: .spectator, name: "load\(index)", rate: options.rate == 60 ? nil : options.rate),
                    LoadRole.spectator(countGaps: options.rate >= 60))
        }
        let connectStart = MonotonicClock.micros()
        let spectatorFailures = try await open(spectatorPlan, options: options, loops: loops, recorders: recorders,
                                   offset: plan.count)
        let connectFailures = botFailures + spectatorFailures
        _ = await waitFor(seconds: 30) {
            let counted = await totals(recorders: recorders).0
            return counted.opened + counted.failed + connectFailures >= options.spectators + plan.count - counted.openedBots
        }
        let connectSeconds = Double(MonotonicClock.micros() - connectStart) / 1_000_000
        let rssAfter = options.serverPID.flatMap(ProcessStats.residentKiB)
        progress("opened \(await totals(recorders: recorders).0.opened) spectators; measuring \(options.seconds) s")

        let start = MonotonicClock.micros() + UInt64(options.warmupSeconds * 1_000_000)
        let end = start + UInt64(options.seconds * 1_000_000)
        for recorder in recorders {
            try await recorder.eventLoop.submit {
                recorder.value.windowStart = start
                recorder.value.windowEnd = end
            }.get()
        }
        try await Task.sleep(for: .microseconds(Int64(start &- MonotonicClock.micros())))
        let serverCPUStart = options.serverPID.flatMap(ProcessStats.cpuSeconds)
        let ownCPUStart = ProcessStats.ownCPUSeconds()
        let wallStart = MonotonicClock.micros()
        try await Task.sleep(for: .microseconds(Int64(end &- MonotonicClock.micros())))
        let wall = Double(MonotonicClock.micros() - wallStart) / 1_000_000
        let serverCPU = options.serverPID.flatMap(ProcessStats.cpuSeconds).flatMap { now in serverCPUStart.map { now - $0 } }
        let ownCPU = ProcessStats.ownCPUSeconds() - ownCPUStart
        try await Task.sleep(for: .milliseconds(50))
        var (counted, ages) = await totals(recorders: recorders)
        counted.failed += connectFailures
        return LoadReport(options: options, totals: counted, ages: ages, wallSeconds: wall, ownCPUSeconds: ownCPU,
                          serverCPUSeconds: serverCPU, serverRSSBefore: rssBefore, serverRSSAfter: rssAfter,
                          connectSeconds: connectSeconds)
    }

    /// Opens the planned connections, `connectConcurrency` at a time; how many failed to connect.
    /// Spectators go to `options.spectatorNode`, players to the server that made their match.
    private static func open(_ plan: [(hello: String, role: LoadRole)], options: LoadOptions, loops: [any EventLoop],
                             recorders: [NIOLoopBound<LoadRecorder>], offset: Int) async throws -> Int
    {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            var failed = 0
            var running = 0
            for (index, item) in plan.enumerated() {
                if running >= options.connectConcurrency, let ok = try await group.next() {
                    running -= 1
                    if !ok { failed += 1 }
                }
                let slot = (index + offset) % loops.count
                let (loop, recorder) = (loops[slot], recorders[slot])
                var node = LoadOptions.Node(host: options.host, port: options.port)
                if case .spectator = item.role { node = options.spectatorNode(index) }
                group.addTask {
                    do {
                        _ = try await LoadConnector.connect(host: node.host, port: node.port, path: "/ws", loop: loop,
                                                            recorder: recorder, hello: item.hello, role: item.role)
                        return true
                    } catch {
                        return false
                    }
                }
                running += 1
            }
            for try await ok in group where !ok { failed += 1 }
            return failed
        }
    }

    private static func hello(code: String, role: Role, name: String, rate: Int?) -> String {
        ClientMessage.hello(.init(role: role, code: code, name: name, rate: rate)).encode()
    }

    /// Every loop's counters and ages, merged.
    private static func totals(recorders: [NIOLoopBound<LoadRecorder>]) async -> (LoadTotals, Histogram<UInt64>) {
        var totals = LoadTotals()
        var ages = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000,
                                     numberOfSignificantValueDigits: .three)
        for recorder in recorders {
            guard let (part, histogram) = try? await recorder.eventLoop.submit({
                (recorder.value.totals, recorder.value.ages)
            }).get() else { continue }
            totals.add(part)
            ages.add(histogram)
        }
        return (totals, ages)
    }

    private static func waitFor(seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = MonotonicClock.micros() + UInt64(seconds * 1_000_000)
        while MonotonicClock.micros() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }
}
