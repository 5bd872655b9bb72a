/// Waits until `condition` holds, asking every 50 ms, for at most `seconds`: only for state a
/// test cannot be told about (another node's database rows, an HTTP answer); what a client or a
/// fake receives is awaited with `Watched.until`.
public func eventually(seconds: Double, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        do { try await Task.sleep(for: .milliseconds(50)) } catch { break }
    }
    return await condition()
}
