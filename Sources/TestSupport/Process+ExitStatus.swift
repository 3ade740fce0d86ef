import Foundation

extension Process {
    /// The process's exit status (or, when a signal ended it, the signal's number), waiting at
    /// most `timeout` for it to end; `nil` when it has not ended by then.
    ///
    /// Foundation on Linux can miss a child that ends very quickly: `waitUntilExit` then spins
    /// forever (it hung a whole test run) and `isRunning` stays true. So besides asking
    /// Foundation this looks at the kernel: a child that has been a zombie for half a second is
    /// one Foundation missed, and is reaped here.
    public func exitStatus(waitingAtMost timeout: TimeInterval = 120) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var endedAt: Date?
        while Date() < deadline {
            if !isRunning { return terminationStatus }
            if Self.isZombie(processIdentifier) {
                let since = endedAt ?? Date()
                endedAt = since
                if Date().timeIntervalSince(since) > 0.5 {
                    var status: Int32 = 0
                    guard waitpid(processIdentifier, &status, WNOHANG) == processIdentifier else { return isRunning ? nil : terminationStatus }
                    return status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F
                }
            }
            usleep(5_000)
        }
        return nil
    }

    /// Whether the process has ended and waits to be reaped (state Z in /proc), or is gone.
    private static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let end = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: end)...].split(separator: " ").first == "Z"
    }
}
