/// A table of per-key state whose memory stays bounded whatever keys clients invent: entries
/// live in two generations of at most `capacity` each; when the current one fills up it becomes
/// the previous one and the oldest generation is dropped. A key touched again moves to the
/// current generation, so what is in use survives; what was left alone longest goes first.
struct BoundedTable<Value> {
    private var current: [String: Value] = [:]
    private var previous: [String: Value] = [:]
    /// The most entries one generation holds (so at most twice this in all).
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The entries held now.
    var count: Int { current.count + previous.count }

    subscript(key: String) -> Value? {
        get { current[key] ?? previous[key] }
        set {
            previous[key] = nil
            current[key] = newValue
            if current.count >= capacity {
                previous = current
                current = [:]
            }
        }
    }
}
