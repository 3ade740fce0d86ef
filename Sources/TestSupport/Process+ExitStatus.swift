import Foundation

extension Process {
    /// The process's exit status (or, when a signal ended it, the signal's number), waiting at
    /// most `timeout` for it to end; `nil` when it has not ended by then. Blocks the calling
    /// thread: for children that end at once (after a kill, or a short tool).
    ///
    /// Foundation on Linux can miss a child that ends very quickly: `waitUntilExit` then spins
    /// forever (it hung a whole test run) and `isRunning` stays true. So besides asking
    /// Foundation this looks at the kernel: a child that has been a zombie for half a second is
    /// one Foundation missed, and is reaped here.
    public func exitStatus(waitingAtMost timeout: TimeInterval = 120) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var endedAt: Date?
        while Date() < deadline {
            if let status = endedStatus(endedAt: &endedAt) { return status }
            usleep(5_000)
        }
        return nil
    }

    /// `exitStatus(waitingAtMost:)` without blocking a thread: for children that run a while.
    public func exitStatus(waitingAtMost timeout: Duration = .seconds(120)) async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var endedAt: Date?
        while clock.now < deadline {
            if let status = endedStatus(endedAt: &endedAt) { return status }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// The status when the process has ended (as Foundation or, after half a second as a
    /// zombie, the kernel tells); `nil` while it runs.
    private func endedStatus(endedAt: inout Date?) -> Int32?? {
        if !isRunning { return .some(terminationStatus) }
        guard Self.isZombie(processIdentifier) else { return nil }
        let since = endedAt ?? Date()
        endedAt = since
        guard Date().timeIntervalSince(since) > 0.5 else { return nil }
        var status: Int32 = 0
        guard waitpid(processIdentifier, &status, WNOHANG) == processIdentifier else { return .some(isRunning ? nil : terminationStatus) }
        return .some(status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F)
    }

    /// Whether the process has ended and waits to be reaped (state Z in /proc), or is gone.
    private static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let end = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: end)...].split(separator: " ").first == "Z"
    }
}
